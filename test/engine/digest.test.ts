import { describe, expect, it } from 'vitest';
import { digest, digestInPieces, withoutSecrets } from '../../src/engine/load/digest.js';
import { fingerprint } from '../../src/engine/plan/planner.js';
import { inboxKind } from '../../src/kinds/inbox.js';
import { liveInbox } from '../support/declared.js';

describe('digests in plan files', () => {
  it('do not depend on secret values, in flat field maps or nested config values', () => {
    const classes = inboxKind.fieldClasses;
    const config = (password: string) => ({ name: 'Mail', channel: { type: 'email', email: 'a@b.c', imap_password: password } });
    expect(digest(withoutSecrets(config('hunter2'), classes))).toBe(digest(withoutSecrets(config('correct horse'), classes)));
    expect(digest(withoutSecrets(config('x'), classes))).not.toBe(digest(withoutSecrets({ ...config('x'), name: 'Other' }, classes)));
    const live = (password: string) => liveInbox({ id: 1, name: 'Mail', channel_type: 'Channel::Email', email: 'a@b.c', imap_password: password });
    expect(fingerprint(inboxKind, live('hunter2'), { lookups: undefined })).toBe(fingerprint(inboxKind, live('correct horse'), { lookups: undefined }));
  });

  it('are the same hashed in pieces as hashed whole, across the chunks the pieces are hashed in', () => {
    const objects = Array.from({ length: 3000 }, (_, i) => [`key-${i}`, { name: `Object ${i}`, note: 'é'.repeat(i % 40), tags: [i, null] }]);
    const config = { summary: [['portal', objects], ['inbox', []]], accounts: [['default', [['chatwoot', { url: 'https://x.test' }]]]], pruneMode: 'delete' };
    expect(digestInPieces(config, 4)).toBe(digest(config));
    expect(digestInPieces(config, 0)).toBe(digest(config));
    expect(digestInPieces(undefined, 4)).toBe(digest(undefined));
  });
});

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

  it('mask a set secret in a copy and leave the value, and everything off the way to a secret, shared', () => {
    const classes = inboxKind.fieldClasses;
    const settings = { greeting: 'Hi' };
    const withPassword = { name: 'Mail', settings, channel: { type: 'email', imap_password: 'hunter2', imap_port: 993 } };
    const masked = withoutSecrets(withPassword, classes) as typeof withPassword;
    expect(masked).toEqual({ name: 'Mail', settings, channel: { type: 'email', imap_password: 'secret', imap_port: 993 } });
    expect(masked.settings).toBe(settings);
    expect(withPassword.channel.imap_password).toBe('hunter2');
    expect(withoutSecrets({ 'channel.imap_password': 'hunter2', name: 'Mail' }, classes)).toEqual({ 'channel.imap_password': 'secret', name: 'Mail' });
    const unset = { name: 'Mail', channel: { type: 'email', imap_password: null } };
    expect(withoutSecrets(unset, classes)).toBe(unset);
  });

  it('are the same hashed in pieces as hashed whole, across the chunks the pieces are hashed in', () => {
    const objects = Array.from({ length: 3000 }, (_, i) => [`key-${i}`, { name: `Object ${i}`, note: 'é'.repeat(i % 40), tags: [i, null] }]);
    const config = { summary: [['portal', objects], ['inbox', []]], accounts: [['default', [['chatwoot', { url: 'https://x.test' }]]]], pruneMode: 'delete' };
    expect(digestInPieces(config, 4)).toBe(digest(config));
    expect(digestInPieces(config, 0)).toBe(digest(config));
    expect(digestInPieces(undefined, 4)).toBe(digest(undefined));
  });
});

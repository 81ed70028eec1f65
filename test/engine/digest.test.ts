import { describe, expect, it } from 'vitest';
import { digest, withoutSecrets } from '../../src/engine/load/digest.js';
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
});

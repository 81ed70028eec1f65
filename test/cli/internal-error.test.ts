/** A bug's stack trace is printed for the report, but never with a secret of the config in it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { deskform } from '../support/cli.js';

const TOKEN = 'CANARY-internal-token-3b9d';

afterEach(() => vi.restoreAllMocks());

describe('internal errors', () => {
  it('print the stack with the config secrets masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskform-internal-'));
    try {
      writeFileSync(
        path.join(dir, 'deskform.yaml'),
        `providers:\n  chatwoot: { url: "http://127.0.0.1:9", account_id: 1, api_token: "\${env:TOKEN}" }\ninboxes:\n  - { name: "Inbox \${env:TOKEN}", channel: { type: api } }\n`,
      );
      vi.spyOn(Session.prototype, 'plan').mockRejectedValue(new TypeError(`cannot read "Inbox ${TOKEN}"`));
      const run = await deskform(['plan'], { env: { TOKEN }, cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Internal error (a bug in deskform, please report it):\nTypeError: cannot read "Inbox (sensitive)"\n    at ');
      expect(run.stderr + run.stdout).not.toContain(TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

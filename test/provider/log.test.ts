/**
 * The provider writes the engine's messages to Terraform's log (its stderr,
 * shown with TF_LOG): every vendor request and every look of a delete wait,
 * with the credentials nowhere in it.
 */
import { describe, expect, it, vi } from 'vitest';
import { useConfiguredHarness } from './support/harness.js';

const h = useConfiguredHarness();
const widget = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test' } };

describe("the provider's log", () => {
  it('has a debug line for every vendor request, naming vendor, method, path, status and attempt', async () => {
    const inbox = await h().converge('deskform_inbox', null, widget);
    const requests = h().requests();
    const httpLines = h().logLines().filter((l) => l.startsWith('[DEBUG] deskform provider: chatwoot '));
    expect(httpLines).toHaveLength(requests.length);
    expect(httpLines).toContainEqual(expect.stringMatching(/^\[DEBUG\] deskform provider: chatwoot POST \/chatwoot\/api\/v1\/accounts\/1\/inboxes → 200 in \d+ ms \(attempt 1, ok\)$/));
    expect(inbox.id).toEqual(expect.any(String));
    expect(h().logLines().join('\n')).not.toContain('demo-chatwoot-admin-token');
  });

  it('has an info line for each look that finds a deleted inbox still listed', async () => {
    const inbox = await h().converge('deskform_inbox', null, widget);
    const destroy = h().apply('deskform_inbox', inbox, null, null);
    await vi.waitUntil(() => h().logLines().some((l) => l.includes('still listed')), { timeout: 10_000, interval: 20 });
    h().emulator.control.drainJobs();
    expect((await destroy).diagnostics).toEqual([]);
    expect(h().logLines().filter((l) => l.includes('still listed'))[0]).toMatch(/^\[INFO\] deskform provider: inbox "Website" still listed \d+ s after its delete$/);
  });
});


/**
 * Terraform refreshes each resource with its own ReadResource call; the
 * provider must serve them from one list request per kind. 200 resources
 * (50 of each kind) are seeded in the emulator and written into a state
 * file, then refreshed by the real terraform binary.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inboxKind } from '../../src/kinds/inbox.js';
import { portalKind } from '../../src/kinds/portal.js';
import type { ExecContext } from '../../src/kinds/types.js';
import { webchatKind } from '../../src/kinds/webchat.js';
import type { WebchatLookups } from '../../src/kinds/webchat-lookups.js';
import { PROVIDER_ADDRESS } from '../../src/terraform/schema.js';
import { createTerraformWorld, describeTerraform, REQUIRED_PROVIDERS, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

const EACH = 50;
const PROMPT = '65f0000000000000000000b2';
const indexes = [...Array(EACH).keys()];

describeTerraform('refreshing 200 resources', () => {
  let world: TerraformWorld;
  let ws: TfWorkspace;

  beforeAll(async () => {
    world = await createTerraformWorld({ seed: 9 });
    const { clients, emulator } = world;
    // Seeded through the kinds, as deskform would create them.
    const ctx: ExecContext<WebchatLookups> = { clients, lookups: { prompts: [], pipelines: [] }, idOf: () => undefined };
    const none = new Set<string>();
    const portals = await Promise.all(indexes.map((i) => portalKind.create!({ slug: `p${i}`, name: `Portal ${i}` }, ctx, none)));
    const inboxes = await Promise.all(indexes.map((i) => inboxKind.create!({ name: `Inbox ${i}`, channel: { type: 'api' } }, ctx, none)));
    const webchat = (i: number) => ({
      name: `Chat ${i}`,
      background_color: '#ffffff',
      primary_color: '#1f93ff',
      secondary_color: '#000000',
      allowed_domains: [],
      initial_stage: 'new',
      prompt_id: PROMPT,
    });
    const webchats = await Promise.all(indexes.map((i) => webchatKind.create!(webchat(i), ctx, none)));
    const channels = indexes.map((i) => emulator.control.seedHealthingChannel({ tenant_id: 1, name: `Channel ${i}`, channel_type: 'whatsapp' }) as { id: number });

    ws = await world.workspace({});
    ws.write(
      'main.tf',
      `${REQUIRED_PROVIDERS}
${world.providerBlock('chatwoot', 'tether', 'healthing')}
resource "deskform_portal" "p" {
  count = ${EACH}
  slug  = "p\${count.index}"
  name  = "Portal \${count.index}"
}

resource "deskform_inbox" "i" {
  count   = ${EACH}
  name    = "Inbox \${count.index}"
  channel = { type = "api" }
}

resource "deskform_webchat" "w" {
  count            = ${EACH}
  name             = "Chat \${count.index}"
  background_color = "#ffffff"
  primary_color    = "#1f93ff"
  secondary_color  = "#000000"
  allowed_domains  = []
  initial_stage    = "new"
  prompt_id        = "${PROMPT}"
}

resource "deskform_channel" "c" {
  count = ${EACH}
  name  = "Channel \${count.index}"
}
`,
    );
    // A state as an earlier apply would have left it (attributes the schema adds later are null-filled on upgrade).
    const resource = (type: string, name: string, attrs: Array<Record<string, unknown>>) => ({
      mode: 'managed',
      type,
      name,
      provider: `provider["${PROVIDER_ADDRESS}"]`,
      instances: attrs.map((attributes, index_key) => ({ index_key, schema_version: 0, attributes, sensitive_attributes: [] })),
    });
    ws.write(
      'terraform.tfstate',
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: randomUUID(),
        outputs: {},
        resources: [
          resource('deskform_portal', 'p', portals.map((l, i) => ({ id: l.id, slug: `p${i}`, name: `Portal ${i}` }))),
          resource('deskform_inbox', 'i', inboxes.map((l, i) => ({ id: l.id, name: `Inbox ${i}`, channel: { type: 'api' } }))),
          resource('deskform_webchat', 'w', webchats.map((l, i) => ({ id: l.id, ...webchat(i) }))),
          resource('deskform_channel', 'c', channels.map((c, i) => ({ id: String(c.id), name: `Channel ${i}` }))),
        ],
        check_results: null,
      }),
    );
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
  }, 120_000);

  afterAll(() => world?.close());

  it('costs one list request per kind', async () => {
    const { emulator } = world;
    emulator.control.resetRequests();
    const refresh = await ws.tf('plan', '-refresh-only');
    expect(refresh.code, said(refresh)).toBe(0);
    expect(refresh.stdout.match(/Refreshing state\.\.\./g)).toHaveLength(4 * EACH);
    const requests = emulator.control.requests().filter((r) => r.vendor !== 'control');
    const count = (method: string, path: RegExp) => requests.filter((r) => r.method === method && path.test(r.path)).length;
    expect(count('GET', /\/portals$/)).toBe(1);
    expect(count('GET', /\/inboxes$/)).toBe(1);
    expect(count('GET', /^\/api\/webchats$/)).toBe(1);
    expect(count('GET', /^\/api\/v1\/channels$/)).toBe(1);
    // Look-ups (prompts, the default pipeline) once each, one Healthing login, nothing written.
    expect(requests.length).toBeLessThanOrEqual(7);
    expect(requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual(['/api/v1/auth/login']);
    console.info(`refresh-only plan of ${4 * EACH} resources: ${refresh.ms.toFixed(0)} ms, ${requests.length} vendor requests`);
  });
});

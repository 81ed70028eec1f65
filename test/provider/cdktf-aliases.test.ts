/**
 * Several accounts in one CDKTF app: two aliased DeskformProvider
 * constructs, and resources choosing one through the `provider`
 * meta-argument every TerraformResource has. Terraform runs them (see
 * aliases.e2e.test.ts); `deskform plan` does not read aliases yet and says so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeskformProvider, Inbox } from 'deskform/cdktf';
import { ConfigError } from '../../src/errors.js';
import { KINDS } from '../../src/kinds/registry.js';
import { loadStack } from '../../src/terraform/cdktf-stack.js';

let dir: string;
let file: string;
let stack: { provider: { deskform: Array<Record<string, unknown>> }; resource: { deskform_inbox: Record<string, Record<string, unknown>> } };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-aliases-'));
  const app = new App({ outdir: dir });
  const brands = new TerraformStack(app, 'brands');
  const brandA = new DeskformProvider(brands, 'brand_a', { alias: 'brand_a', chatwoot: { accountId: 1 } });
  const brandB = new DeskformProvider(brands, 'brand_b', { alias: 'brand_b', chatwoot: { accountId: 2 } });
  const website = (provider: DeskformProvider) => ({ provider, name: 'Website', channel: { type: 'web_widget', websiteUrl: 'https://example.com' } });
  new Inbox(brands, 'brand_a_website', website(brandA));
  new Inbox(brands, 'brand_b_website', website(brandB));
  app.synth();
  file = path.join(dir, 'stacks/brands/cdk.tf.json');
  stack = JSON.parse(readFileSync(file, 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('synthesizes one provider block per alias and a provider meta-argument on each resource', () => {
  expect(stack.provider.deskform).toEqual([
    { alias: 'brand_a', chatwoot: { account_id: 1 } },
    { alias: 'brand_b', chatwoot: { account_id: 2 } },
  ]);
  const inboxes = stack.resource.deskform_inbox;
  expect(inboxes.brand_a_website).toMatchObject({ provider: 'deskform.brand_a', name: 'Website' });
  expect(inboxes.brand_b_website).toMatchObject({ provider: 'deskform.brand_b', name: 'Website' });
});

it('is refused by the stack reader at each alias, not read as one account', async () => {
  const err = await loadStack([path.relative(dir, file)], KINDS, { env: {}, cwd: dir }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  const lines = (err as ConfigError).message.split('\n');
  expect(lines).toHaveLength(2);
  for (const [i, alias] of ['brand_a', 'brand_b'].entries()) {
    expect(lines[i]).toMatch(new RegExp(`^stacks/brands/cdk\\.tf\\.json:\\d+:\\d+: provider\\.deskform\\.${alias}: aliased providers in cdk\\.tf\\.json are not read by deskform plan yet; use terraform/cdktf deploy$`));
  }
});

/**
 * Several accounts in one CDKTF app: two aliased DeskformProvider
 * constructs, and resources choosing one through the `provider`
 * meta-argument every TerraformResource has. Terraform runs them (see
 * aliases.e2e.test.ts); `deskform plan` reads each alias as a provider instance.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeskformProvider, Inbox } from 'deskform/cdktf';
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

it('is read by deskform plan as one provider instance per alias, the same name in each', async () => {
  const config = await loadStack([path.relative(dir, file)], KINDS, { env: { CHATWOOT_URL: 'http://127.0.0.1:9', CHATWOOT_API_TOKEN: 'tok-chatwoot-secret' }, cwd: dir });
  expect(config.objects.get('inbox')!.map((o) => `${o.instance}/${o.key}`)).toEqual(['brand_a/Website', 'brand_b/Website']);
  expect([...config.instances!].map(([name, blocks]) => [name, blocks.chatwoot?.account_id])).toEqual([['brand_a', 1], ['brand_b', 2]]);
});

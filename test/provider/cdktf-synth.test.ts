/** The example CDKTF app synthesizes in process with the generated bindings into a stack deskform accepts. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../examples/cdktf/main.js';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../../src/terraform/schema.js';
import { deskform } from '../support/cli.js';

let dir: string;
let stack: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const stackFile = () => path.join(dir, 'cdktf.out/stacks/helpdesk/cdk.tf.json');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-synth-'));
  synthesize(path.join(dir, 'cdktf.out'));
  stack = JSON.parse(readFileSync(stackFile(), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/cdktf synthesized with App.synth()', () => {
  it('pins the provider source and version the mirror serves', () => {
    expect(stack.terraform!.required_providers!.deskform).toEqual({ source: PROVIDER_SOURCE, version: PROVIDER_VERSION });
    expect(stack.provider!.deskform).toEqual([{ chatwoot: { account_id: 1 } }]);
  });

  it('declares every kind with snake_case attributes and a reference for the inbox → portal link', () => {
    const resources = stack.resource!;
    expect(Object.keys(resources).sort()).toEqual(['deskform_channel', 'deskform_inbox', 'deskform_portal', 'deskform_webchat']);
    expect(Object.keys(resources.deskform_inbox!).sort()).toEqual(['api_intake', 'website']);
    const website = resources.deskform_inbox!.website!;
    expect(website.portal).toBe('${deskform_portal.handbook.slug}');
    expect(website.channel).toMatchObject({ type: 'web_widget', website_url: 'https://www.example.com' });
    expect(website.working_hours).toContainEqual({ day_of_week: 6, closed_all_day: true });
    expect(resources.deskform_channel!.whatsapp!.business_hours).toMatchObject({ monday: { enabled: true, start: '09:00', end: '18:00' } });
  });

  it('copies the webchat icon into the stack directory and refers to it relatively', () => {
    const icon = String(stack.resource!.deskform_webchat!.marketing!.icon);
    expect(path.isAbsolute(icon)).toBe(false);
    expect(existsSync(path.join(path.dirname(stackFile()), icon))).toBe(true);
  });

  it('validates with `deskform validate`, references and icon resolved, without any vendor', async () => {
    const env = {
      CHATWOOT_URL: 'http://127.0.0.1:9/chatwoot',
      CHATWOOT_API_TOKEN: 'unused-token',
      TETHER_URL: 'http://127.0.0.1:9/tether',
      TETHER_TOKEN: 'unused-token',
      HEALTHING_URL: 'http://127.0.0.1:9/healthing',
      HEALTHING_EMAIL: 'admin@acme.test',
      HEALTHING_PASSWORD: 'unused-password',
    };
    const run = await deskform(['validate', path.relative(dir, stackFile())], { env, cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^The configuration is valid: 1 portal, 2 inbox\w*, 1 webchat, 1 channel\.\n$/);
    expect(run.code).toBe(0);
  });

  // What `cdktf synth` runs: the `app` command of each cdktf.json, in its directory, with no network.
  it.each(['cdktf.json', 'examples/cdktf/cdktf.json'])('runs offline as the app of %s', (config) => {
    const root = path.resolve(import.meta.dirname, '../..');
    const { app } = JSON.parse(readFileSync(path.join(root, config), 'utf8')) as { app: string };
    const outdir = path.join(dir, `app-${config.replace(/\W/g, '-')}`);
    const run = spawnSync('sh', ['-c', app], { cwd: path.dirname(path.join(root, config)), env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    // The local backend's state path is absolute, under the app's working directory.
    const withoutBackend = ({ terraform, ...rest }: typeof stack) => ({ ...rest, terraform: { ...terraform, backend: undefined } });
    const synthesized = JSON.parse(readFileSync(path.join(outdir, 'stacks/helpdesk/cdk.tf.json'), 'utf8')) as typeof stack;
    expect(withoutBackend(synthesized)).toEqual(withoutBackend(stack));
  }, 30_000);
});

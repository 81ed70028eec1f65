/** The example CDKTF app synthesizes in process with the generated bindings into a stack deskform accepts. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../examples/cdktf/main.js';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../../src/provider/schema.js';
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
    const run = await deskform(['validate', path.relative(dir, stackFile())], { env: {}, cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('The configuration is valid: 1 portal, 2 inboxs, 1 webchat, 1 channel.\n');
    expect(run.code).toBe(0);
  });
});

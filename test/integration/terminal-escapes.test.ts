/** An inbox name holding terminal escapes and a bidi override reaches the terminal only as visible escapes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorld, type World } from '../support/world.js';

/** Characters that drive a terminal (C0 but line breaks, DEL, C1) or reorder what it shows (bidi controls). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const NAME = 'Support \u001b[31mred\u202eevil';

const CONFIG = `providers:
  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
inboxes:
  - name: "Support \\e[31mred\\u202Eevil"
    channel: { type: api }
`;

let world: World;

beforeAll(async () => {
  world = await createWorld();
  world.write('deskform.yaml', CONFIG);
});

afterAll(async () => {
  await world.close();
});

describe('terminal escapes', () => {
  it('plan, apply, Markdown and errors show the name escaped; JSON keeps it as JSON', async () => {
    const plan = await world.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('inbox "Support \\x1b[31mred\\u202eevil" will be created');
    const markdown = await world.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain('Support \\x1b[31mred\\u202eevil');
    const json = await world.run('plan', '--format', 'json');
    expect(json.stdout).toContain('"key": "Support \\u001b[31mred\\u202eevil"');
    expect((JSON.parse(json.stdout) as { steps: Array<{ key: string }> }).steps[0]!.key).toBe(NAME);
    const apply = await world.run('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('+ inbox "Support \\x1b[31mred\\u202eevil": created');
    // A changed greeting gives the JSON apply a step to stream.
    world.write('deskform.yaml', CONFIG.replace('channel: { type: api }', 'channel: { type: api }\n    greeting_message: Hello'));
    const events = await world.run('apply', '--auto-approve', '--json');
    expect(events.code).toBe(0);
    expect(events.stdout).toContain('"key":"Support \\u001b[31mred\\u202eevil"');
    const steps = events.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; key?: string; status?: string });
    expect(steps.filter((e) => e.key === NAME).map((e) => `${e.type} ${e.status ?? ''}`)).toEqual(['step_start ', 'step_end ok']);
    // A name the config refers to but does not declare comes back in an error message.
    world.write('dangling.yaml', `${'providers:\n  chatwoot: { url: "${env:CHATWOOT_URL}", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\n'}portals:\n  - { slug: docs, name: Docs, live_chat_inbox: "\\e[2J\\u2066x" }\n`);
    const error = await world.run('validate', 'dangling.yaml');
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('references inbox "\\x1b[2J\\u2066x"');
    for (const run of [plan, markdown, json, apply, events, error]) expect(run.stdout + run.stderr).not.toMatch(RAW);
  });

  it('export writes a live name holding C1 and bidi controls as escapes that parse back to the same name', async () => {
    const live = 'Sales \u202eevil\u009b2J\u0085end';
    const created = await fetch(`${world.emulator.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
      method: 'POST',
      headers: { api_access_token: world.env.CHATWOOT_API_TOKEN!, 'content-type': 'application/json' },
      body: JSON.stringify({ name: live, channel: { type: 'api' } }),
    });
    expect(created.status).toBe(200);
    const exported = await world.run('export', 'deskform.yaml', '--kinds', 'inboxes');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toMatch(RAW);
    const names = (parse(exported.stdout) as { inboxes: Array<{ name: string }> }).inboxes.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining([NAME, live]));
  });

  it('a lock file planted beside the state file cannot drive the terminal through the wait message', async () => {
    mkdirSync(path.join(world.dir, '.deskform'), { recursive: true });
    const holder = { pid: 1, host: 'ci-\u001b]0;owned\u0007runner', since: '2026-01-01T00:00:00Z', command: 'deskform apply \u202e' };
    writeFileSync(path.join(world.dir, '.deskform', 'state.json.lock'), JSON.stringify(holder));
    const waited = await world.run('apply', '--auto-approve', '--lock-timeout', '300ms');
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain('Waiting for the state file lock, held by pid 1 on ci-\\x1b]0;owned\\x07runner');
    expect(waited.stdout + waited.stderr).not.toMatch(RAW);
  });
});

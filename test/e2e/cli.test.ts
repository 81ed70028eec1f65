/**
 * The built CLI (dist/, made by `npm run build`, which `npm test` runs first)
 * as a user runs it: real processes, real exit codes, the emulator command.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../support/world.js';

const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env ?? { PATH: process.env.PATH ?? '' }, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let world: World;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  world = await createWorld({ examples: true });
});
afterAll(async () => {
  await world.close();
});

describe('deskform (built)', () => {
  it('prints its version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('plans with exit code 2, refuses an unattended apply, applies, then plans clean with exit code 0', async () => {
    const opts = { env: world.env, cwd: world.dir };
    const plan = await run(['plan', '.', '--detailed-exitcode'], opts);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).not.toContain('\u001b['); // no colour when not on a terminal

    const refused = await run(['apply', '.'], opts);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('Error: refusing to apply without --auto-approve: not running on a terminal\n');

    expect((await run(['apply', '.', '--auto-approve'], opts)).code).toBe(0);
    const clean = await run(['plan', '.', '--detailed-exitcode', '--format', 'json'], opts);
    expect(clean.code).toBe(0);
    const parsed = JSON.parse(clean.stdout) as { format_version: number; summary: Record<string, number> };
    expect(parsed.format_version).toBe(1);
    expect(parsed.summary).toMatchObject({ create: 0, update: 0, delete: 0, adopt: 0 });
  });

  it('reports bad input with file:line:col, the line quoted under it, and no stack trace', async () => {
    world.write('broken.yaml', 'portals:\n  - slug: ok\n    name: Fine\n    colour: "#FFFFFF"\n');
    const r = await run(['validate', 'providers.yaml', 'broken.yaml'], { env: world.env, cwd: world.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: broken.yaml:4:5: portal "ok": unknown field "colour" (did you mean "color"?)\n' +
        '    4 |     colour: "#FFFFFF"\n' +
        '      |     ^\n',
    );
    // Output for programs quotes no lines, even on stderr.
    const json = await run(['plan', 'providers.yaml', 'broken.yaml', '--format', 'json'], { env: world.env, cwd: world.dir });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('Error: broken.yaml:4:5: portal "ok": unknown field "colour" (did you mean "color"?)\n');
  });

  it('in a directory without config, says where it looked and how to start, with no position', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'deskform-empty-'));
    try {
      for (const command of ['plan', 'validate', 'apply']) {
        const result = await run([command], { cwd: empty });
        expect(result.code, command).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain(`no config found: looked for deskform.yaml in ${empty} (`);
        expect(result.stderr).toContain('write deskform.yaml with a providers: block');
        expect(result.stderr).toContain('deskform export --out live.yaml');
        expect(result.stderr).not.toMatch(/deskform\.yaml:\d+:\d+|no such file|\n\s+at /);
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('runs the emulator until stopped, printing its URLs and demo credentials', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0'], { env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+)\/chatwoot/.exec(out);
        if (match && out.includes('demo-healthing-password')) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`emulator exited early:\n${out}`)));
    });
    expect(out).toContain('demo-chatwoot-admin-token');
    const version = (await (await fetch(`${url}/chatwoot/api`)).json()) as { version: string };
    expect(version.version).toBe('4.9.1');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

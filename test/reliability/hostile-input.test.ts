/**
 * Campaign 3, hostile input: the cases too big or too strange to commit to
 * the invalid-config corpus (test/fixtures/invalid, run by
 * test/integration/invalid-corpus.test.ts) are generated here at test time.
 * Each runs the built CLI inside a 256 MB heap and must exit 1 with a clear,
 * located message, in bounded time, sending no request.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORTED_PROBLEMS } from '../../src/config/problems.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { assertBuilt, spawnCli } from '../support/built-cli.js';
import { seededRandom } from './support/campaign.js';
import { CanaryScan, canaryEnv, canaryFixtures } from './support/canary.js';
import { PROVIDERS_YAML } from './support/estate.js';

const MB = 1024 * 1024;
const HEAP_MB = 256;

interface Case {
  name: string;
  /** Writes the case into `dir`; returns the paths to pass to `deskform plan`. */
  make(dir: string): string[];
  /** Every one must appear in stderr. */
  expect: Array<string | RegExp>;
  /** Where the files may not be made (no FIFOs on Windows). */
  skip?: boolean;
}

const webchat = (icon: string) => `${PROVIDERS_YAML}webchats:
  - name: Help
    background_color: "#FFFFFF"
    primary_color: "#000000"
    secondary_color: "#3B82F6"
    prompt: Sales assistant
    allowed_domains: []
    initial_stage: new
    icon: ${icon}
`;

function write(dir: string, name: string, content: string | Uint8Array): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}

/** `levels` of anchors, each a list of nine aliases of the one before: 9^levels values if expanded. */
function billionLaughs(levels: number): string {
  const lines = ['    allowed_locales:', '      - &l0 [lo, lo, lo, lo, lo, lo, lo, lo, lo]'];
  for (let i = 1; i < levels; i++) lines.push(`      - &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${PROVIDERS_YAML}portals:\n  - slug: lol\n    name: Lol\n${lines.join('\n')}\n`;
}

const CASES: Case[] = [
  {
    name: 'a 10 MB file is refused unread',
    make: (dir) => [write(dir, 'ten.yaml', `${PROVIDERS_YAML}# ${'x'.repeat(10 * MB)}\n`)],
    expect: ['Error: ten.yaml:1:1: is 10.0 MB; config files are limited to 5.0 MB'],
  },
  {
    name: 'many files each under the limit, together far over it',
    make: (dir) => {
      mkdirSync(path.join(dir, 'many'));
      write(dir, 'many/providers.yaml', PROVIDERS_YAML);
      for (let i = 0; i < 4; i++) write(dir, `many/part-${i}.yaml`, `# ${'y'.repeat(4 * MB)}\nportals: []\n`);
      return ['many'];
    },
    expect: [/many\/part-2\.yaml:1:1: brings the config files to more than 10\.0 MB in all/],
  },
  {
    name: 'billion laughs, 13 levels deep (2.5 trillion values if expanded)',
    make: (dir) => [write(dir, 'laughs.yaml', billionLaughs(13))],
    expect: ['laughs.yaml:10:14: portal "lol": YAML aliases are not supported (*l0)', /and \d+ more problems not shown/],
  },
  {
    name: 'a chain of 5,000 aliases',
    make: (dir) => {
      const lines = Array.from({ length: 5_000 }, (_, i) => `      - ${i === 0 ? '&a0 x' : `&a${i} *a${i - 1}`}`);
      return [write(dir, 'chain.yaml', `${PROVIDERS_YAML}portals:\n  - slug: chain\n    name: Chain\n    allowed_locales:\n${lines.join('\n')}\n`)];
    },
    expect: [`and ${5_000 - 1 - MAX_REPORTED_PROBLEMS} more problems not shown`],
  },
  {
    name: '5,000 invalid objects: problems are counted, not all listed',
    make: (dir) => {
      const items = Array.from({ length: 5_000 }, (_, i) => `  - { slug: "bad.${i}", name: x, colour: red }`);
      return [write(dir, 'crowd.yaml', `${PROVIDERS_YAML}portals:\n${items.join('\n')}\n`)];
    },
    expect: ['crowd.yaml:6:13: portal "bad.0": slug: may contain only', `and ${10_000 - MAX_REPORTED_PROBLEMS} more problems not shown: fix the ones above first`],
  },
  {
    name: 'a megabyte-long slug is quoted short',
    make: (dir) => [write(dir, 'slug.yaml', `${PROVIDERS_YAML}portals:\n  - slug: ${'s'.repeat(MB)}\n    name: Long\n`)],
    expect: [`slug.yaml:6:11: portal "${'s'.repeat(80)}…": slug: must be at most 255 characters long`],
  },
  {
    name: 'a megabyte-long environment variable name is quoted short',
    make: (dir) => [write(dir, 'env.yaml', `${PROVIDERS_YAML}portals:\n  - slug: a\n    name: "\${env:${'E'.repeat(MB)}}"\n`)],
    expect: [`env.yaml:7:11: portal "a": environment variable ${'E'.repeat(80)}… is not set`],
  },
  {
    name: 'a 100,000-character unknown key is quoted short',
    make: (dir) => [write(dir, 'key.yaml', `${PROVIDERS_YAML}portals:\n  - slug: a\n    name: A\n    ? "${'k'.repeat(100_000)}"\n    : 1\n`)],
    expect: [`key.yaml:8:7: portal "a": unknown field "${'k'.repeat(80)}…"`],
  },
  {
    name: 'a megabyte-long reference is quoted short',
    make: (dir) => [write(dir, 'ref.yaml', `${PROVIDERS_YAML}inboxes:\n  - name: A\n    channel: { type: api }\n    portal: ${'q'.repeat(MB)}\n`)],
    expect: [`ref.yaml:8:13: inbox "A": references portal "${'q'.repeat(80)}…", which is not declared in the config`],
  },
  {
    name: 'a 3 MB colour',
    make: (dir) => [write(dir, 'colour.yaml', `${PROVIDERS_YAML}portals:\n  - slug: a\n    name: A\n    color: "#${'f'.repeat(3 * MB)}"\n`)],
    expect: ['colour.yaml:8:12: portal "a": color: must be a hex colour like "#1F93FF"'],
  },
  {
    name: '64 KB of seeded binary garbage',
    make: (dir) => {
      const random = seededRandom(7);
      return [write(dir, 'garbage.yaml', Uint8Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256)))];
    },
    expect: [/^Error: garbage\.yaml:\d+:\d+: (contains a NUL byte|is not valid UTF-8)/],
  },
  {
    name: 'garbage without NUL bytes that is not UTF-8',
    make: (dir) => {
      const random = seededRandom(8);
      return [write(dir, 'latin.yaml', Uint8Array.from({ length: 4096 }, () => 0x80 + Math.floor(random() * 128)))];
    },
    expect: ['Error: latin.yaml:1:1: is not valid UTF-8'],
  },
  {
    name: 'an icon that is a directory',
    make: (dir) => {
      mkdirSync(path.join(dir, 'folder.png'));
      return [write(dir, 'icon-dir.yaml', webchat('./folder.png'))];
    },
    expect: ['icon-dir.yaml:13:11: webchat "Help": icon file "./folder.png" is not a regular file'],
  },
  {
    name: 'an icon that is a FIFO (reading it would wait forever)',
    make: (dir) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe.png')]);
      return [write(dir, 'icon-fifo.yaml', webchat('./pipe.png'))];
    },
    expect: ['icon-fifo.yaml:13:11: webchat "Help": icon file "./pipe.png" is not a regular file'],
    skip: process.platform === 'win32',
  },
  {
    name: 'a 3 GB (sparse) icon is refused unread',
    make: (dir) => {
      writeFileSync(path.join(dir, 'huge.png'), '');
      truncateSync(path.join(dir, 'huge.png'), 3 * 1024 * MB);
      return [write(dir, 'icon-huge.yaml', webchat('./huge.png'))];
    },
    expect: ['icon-huge.yaml:13:11: webchat "Help": icon file "./huge.png" is larger than 5 MB'],
  },
  {
    name: 'an icon symlink that escapes the config directory',
    make: (dir) => {
      mkdirSync(path.join(dir, 'outside'));
      writeFileSync(path.join(dir, 'outside', 'secret.png'), 'not yours');
      mkdirSync(path.join(dir, 'config'));
      symlinkSync(path.join(dir, 'outside', 'secret.png'), path.join(dir, 'config', 'logo.png'));
      return [write(dir, 'config/icon-link.yaml', webchat('./logo.png'))];
    },
    expect: ['config/icon-link.yaml:13:11: webchat "Help": icon file "./logo.png" is outside the config directory'],
    skip: process.platform === 'win32',
  },
];

let emulator: RunningEmulator;
let dir: string;
const scan = new CanaryScan();

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ port: 0, seed: 13, fixtures: canaryFixtures() });
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-hostile-input-'));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/invalid');

describe('hostile input (generated cases)', () => {
  it('the committed corpus, run by test/integration/invalid-corpus.test.ts, holds at least 60 cases', () => {
    const cases = readdirSync(CORPUS).filter((name) => name.endsWith('.expect.json'));
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.filter((c) => !c.skip).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const paths = c.make(dir);
    emulator.control.resetRequests();
    const started = Date.now();
    const run = await spawnCli(['plan', ...paths], { env: canaryEnv(emulator.urls), cwd: dir, node: [`--max-old-space-size=${HEAP_MB}`] }).finished;
    expect(Date.now() - started, 'hang guard').toBeLessThan(5_000);
    scan.add(c.name, run.stdout + run.stderr);
    expect(run.stderr).not.toContain('Internal error');
    expect(run.stderr).not.toContain('FATAL ERROR'); // V8 running out of the heap
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    for (const e of c.expect) {
      if (typeof e === 'string') expect(run.stderr).toContain(e);
      else expect(run.stderr).toMatch(e);
    }
    // The message stays readable however large the input: at most the capped problems, each with at most
    // its two lines of quoted source, each line short.
    const lines = run.stderr.trimEnd().split('\n');
    const quoted = lines.filter((line) => /^ *\d* \| /.test(line));
    expect(lines.length - quoted.length).toBeLessThanOrEqual(MAX_REPORTED_PROBLEMS + 1);
    expect(quoted.length).toBeLessThanOrEqual(2 * MAX_REPORTED_PROBLEMS);
    for (const line of lines) expect(line.length).toBeLessThan(400);
    expect(emulator.control.requests().filter((r) => r.vendor !== 'control')).toEqual([]);
  });

  it('leaked no secret', () => {
    scan.assertClean();
  });
});

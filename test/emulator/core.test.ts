import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmuRequest, RouteDef, VendorModule } from '../../src/emulator/contract.js';
import { defaultFixtures } from '../../src/emulator/fixtures-demo.js';
import { loadFixturesFile, resolveFixtures } from '../../src/emulator/fixtures.js';
import { Router } from '../../src/emulator/router.js';
import { launchEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { tetherModule } from '../../src/emulator/tether/index.js';
import { UserError } from '../../src/errors.js';

interface ProbeState {
  jobRuns: number;
  seen: number;
}

/** A stand-in vendor that exposes what the core hands to handlers. */
const probeModule: VendorModule<ProbeState> = {
  name: 'chatwoot',
  initialState: () => ({ jobRuns: 0, seen: 0 }),
  routes: [
    {
      method: 'POST',
      pattern: '/echo/:id',
      handle: (req: EmuRequest, state) => {
        state.seen++;
        return {
          status: 200,
          json: {
            params: req.params,
            query: Object.fromEntries(req.query),
            contentType: req.contentType,
            body: req.body ?? null,
            bodyInvalid: req.bodyInvalid,
            rawLength: req.rawBody.length,
            jobRuns: state.jobRuns,
          },
        };
      },
    },
    { method: 'GET', pattern: '/empty', handle: () => ({ status: 200 }) },
    { method: 'GET', pattern: '/text', handle: () => ({ status: 200, text: 'Retry later\n' }) },
    { method: 'GET', pattern: '/random', handle: (_r, _s, env) => ({ status: 200, json: [env.random(), env.random()] }) },
    { method: 'GET', pattern: '/env', handle: (_r, _s, env) => ({ status: 200, json: { baseUrl: env.baseUrl, now: env.now() } }) },
    {
      method: 'GET',
      pattern: '/boom',
      handle: () => {
        throw new Error('handler exploded');
      },
    },
  ],
  notFound: () => ({ status: 404, json: { probe: 'not found' } }),
  tooManyRequests: () => ({ status: 429, json: { probe: 'slow down' } }),
  serverError: (status) => ({ status, json: { probe: 'server error', status } }),
  runJobs: (state) => {
    state.jobRuns++;
  },
};

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function start(options: Parameters<typeof launchEmulator>[1] = {}): Promise<RunningEmulator> {
  const emu = await launchEmulator([probeModule as VendorModule<unknown>, tetherModule as VendorModule<unknown>], options);
  running.push(emu);
  return emu;
}

describe('router', () => {
  const handle = () => ({ status: 200 });
  const routes: RouteDef<null>[] = [
    { method: 'GET', pattern: '/api/items/:id', handle },
    { method: 'GET', pattern: '/api/items/special', handle },
    { method: 'GET', pattern: '/api/:kind/:id/parts', handle },
    { method: 'POST', pattern: '/api/items', handle },
  ];
  const router = new Router(routes);

  it('matches named segments and decodes them', () => {
    const m = router.match('GET', '/api/items/a%20b');
    expect(m?.route).toBe(routes[0]);
    expect(m?.params).toEqual({ id: 'a b' });
  });

  it('prefers static segments over parameters regardless of declaration order', () => {
    expect(router.match('GET', '/api/items/special')?.route).toBe(routes[1]);
    expect(router.match('GET', '/api/things/7/parts')?.params).toEqual({ kind: 'things', id: '7' });
  });

  it('ignores a trailing slash but not empty or extra segments', () => {
    expect(router.match('POST', '/api/items/')?.route).toBe(routes[3]);
    expect(router.match('GET', '/api/items//x')).toBeUndefined();
    expect(router.match('GET', '/api/items/1/2')).toBeUndefined();
  });

  it('does not match another method or malformed escapes', () => {
    expect(router.match('DELETE', '/api/items/1')).toBeUndefined();
    expect(router.match('GET', '/api/items/%E0%A4%A')).toBeUndefined();
    expect(router.match('get', '/api/items/1')?.route).toBe(routes[0]);
  });

  it('refuses ambiguous or malformed route tables', () => {
    expect(() => new Router([...routes, { method: 'GET', pattern: '/api/items/:other', handle }])).toThrow(/same requests/);
    expect(() => new Router([{ method: 'GET', pattern: '/a/:x/:x', handle }])).toThrow(/duplicate/);
    expect(() => new Router([{ method: 'GET', pattern: 'a', handle }])).toThrow(/start with/);
  });
});

describe('server', () => {
  it('parses JSON bodies, params, query and a lower-cased content type', async () => {
    const emu = await start();
    const res = await fetch(`${emu.urls.chatwoot}/echo/x%2Fy?a=1&b=two`, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      params: { id: 'x/y' },
      query: { a: '1', b: 'two' },
      contentType: 'application/json',
      body: { hello: 'world' },
      bodyInvalid: false,
    });
  });

  it('flags broken JSON and leaves non-JSON bodies unparsed', async () => {
    const emu = await start();
    const broken = await fetch(`${emu.urls.chatwoot}/echo/1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(await broken.json()).toMatchObject({ body: null, bodyInvalid: true, rawLength: 5 });
    const form = await fetch(`${emu.urls.chatwoot}/echo/1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(await form.json()).toMatchObject({ body: null, bodyInvalid: false, contentType: 'application/x-www-form-urlencoded' });
  });

  it('answers empty bodies as JSON and text bodies as text', async () => {
    const emu = await start();
    const empty = await fetch(`${emu.urls.chatwoot}/empty`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await empty.text()).toBe('');
    const text = await fetch(`${emu.urls.chatwoot}/text`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe('Retry later\n');
  });

  it("answers unknown routes and methods with the vendor's notFound", async () => {
    const emu = await start();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/empty'],
      ['PATCH', '/echo/1'],
    ] as const) {
      const res = await fetch(`${emu.urls.chatwoot}${path}`, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ probe: 'not found' });
    }
  });

  it("turns a handler exception into the vendor's 500 and logs the message", async () => {
    const emu = await start();
    const res = await fetch(`${emu.urls.chatwoot}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ probe: 'server error', status: 500 });
    const again = await fetch(`${emu.urls.chatwoot}/empty`);
    expect(again.status).toBe(200);
    const [entry] = emu.control.requests({ vendor: 'chatwoot' });
    expect(entry).toMatchObject({ method: 'GET', path: '/boom', status: 500, error: 'handler exploded' });
  });

  it('logs method, vendor-relative path with query, status and duration', async () => {
    const emu = await start();
    await fetch(`${emu.urls.chatwoot}/empty?x=1`);
    await fetch(`${emu.urls.tether}/api/webchats`);
    const entries = emu.control.requests();
    expect(entries.map(({ vendor, method, path, status }) => ({ vendor, method, path, status }))).toEqual([
      { vendor: 'chatwoot', method: 'GET', path: '/empty?x=1', status: 200 },
      { vendor: 'tether', method: 'GET', path: '/api/webchats', status: 401 },
    ]);
    expect(entries[1]!.seq).toBeGreaterThan(entries[0]!.seq);
    for (const e of entries) expect(e.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('runs due vendor jobs before every request', async () => {
    const emu = await start();
    const first = (await (await fetch(`${emu.urls.chatwoot}/echo/1`, { method: 'POST' })).json()) as { jobRuns: number };
    const second = (await (await fetch(`${emu.urls.chatwoot}/echo/1`, { method: 'POST' })).json()) as { jobRuns: number };
    expect(second.jobRuns).toBeGreaterThan(first.jobRuns);
    expect(first.jobRuns).toBeGreaterThan(0);
  });

  it('gives handlers the vendor base URL and the emulator clock', async () => {
    const emu = await start({ clockStart: Date.UTC(2030, 0, 1) });
    const env = (await (await fetch(`${emu.urls.chatwoot}/env`)).json()) as { baseUrl: string; now: number };
    expect(env.baseUrl).toBe(emu.urls.chatwoot);
    expect(env.now).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
    expect(env.now).toBeLessThan(Date.UTC(2030, 0, 1) + 60_000);
  });

  it('derives random values from the seed', async () => {
    const a = await start({ seed: 42 });
    const b = await start({ seed: 42 });
    const c = await start({ seed: 43 });
    const values = async (emu: RunningEmulator) => (await fetch(`${emu.urls.chatwoot}/random`)).json();
    const va = await values(a);
    expect(await values(b)).toEqual(va);
    expect(await values(c)).not.toEqual(va);
  });

  it('rejects bodies above the limit with 413', async () => {
    const emu = await start({ maxBodyBytes: 1024 });
    const res = await fetch(`${emu.urls.chatwoot}/echo/1`, { method: 'POST', body: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(emu.control.requests()[0]).toMatchObject({ status: 413, path: '/echo/1' });
  });

  it('serves an index at / and 404 outside the vendor prefixes', async () => {
    const emu = await start();
    const index = await fetch(`${emu.url}/`);
    expect(index.status).toBe(200);
    expect(await index.json()).toMatchObject({ vendors: emu.urls, control: `${emu.url}/_emulator` });
    expect((await fetch(`${emu.url}/tetherx/api`)).status).toBe(404);
    // Vendors without a module answer 404 too.
    expect((await fetch(`${emu.urls.healthing}/api/v1/channels`)).status).toBe(404);
  });

  it('binds to 127.0.0.1 by default', async () => {
    const emu = await start();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('fixtures', () => {
  it('keeps the documented demo values', () => {
    const f = defaultFixtures();
    expect(f.chatwoot.users.map((u) => u.access_token)).toEqual([
      'demo-chatwoot-admin-token',
      'demo-chatwoot-agent-token',
      'demo-chatwoot-other-token',
    ]);
    expect(f.tether.users[0]).toMatchObject({ api_key: 'demo-tether-token', access_role: 'ADMIN' });
    expect(f.tether.pipelines[0]).toMatchObject({ id: '65f0000000000000000000d1', is_default: true });
    expect(f.healthing.channels).toHaveLength(4);
    expect(f.healthing.access_token_lifetime_s).toBe(1800);
  });

  it('falls back to the defaults of a missing vendor section', () => {
    const f = resolveFixtures(
      { healthing: { tenants: [{ id: 9, name: 'Solo' }], users: [], channels: [] } },
      'inline',
    );
    expect(f.healthing.tenants).toEqual([{ id: 9, name: 'Solo' }]);
    expect(f.tether).toEqual(defaultFixtures().tether);
    expect(f.chatwoot).toEqual(defaultFixtures().chatwoot);
  });

  it('loads YAML and JSON files and names the file and field on errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-fixtures-'));
    const yamlFile = join(dir, 'fixtures.yaml');
    await writeFile(
      yamlFile,
      'tether:\n  organizations: [{id: "65f000000000000000000009", name: Solo}]\n  users: []\n  prompts: []\n  pipelines: []\n',
    );
    expect((await loadFixturesFile(yamlFile)).tether.organizations).toEqual([
      { id: '65f000000000000000000009', name: 'Solo' },
    ]);

    const badFile = join(dir, 'bad.json');
    const bad = defaultFixtures();
    bad.tether.users[1]!.organization_id = '65f0000000000000000000ff';
    await writeFile(badFile, JSON.stringify({ tether: bad.tether }));
    const err = await loadFixturesFile(badFile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(badFile);
    expect((err as Error).message).toContain('tether.users[1].organization_id');
    expect((err as Error).message).not.toContain('demo-tether-password');

    const typo = join(dir, 'typo.yaml');
    await writeFile(typo, 'healthing:\n  tenants: [{id: one, name: A}]\n  users: []\n  channels: []\n');
    await expect(loadFixturesFile(typo)).rejects.toThrow(/typo\.yaml.*healthing\.tenants\[0\]\.id/);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"tether": {"users": [{"password": "s3cret"}');
    const brokenErr = (await loadFixturesFile(broken).catch((e: unknown) => e)) as Error;
    expect(brokenErr.message).toMatch(/broken\.json is not valid JSON/);
    expect(brokenErr.message).not.toContain('s3cret');

    await expect(loadFixturesFile(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: ENOENT/);
    await expect(launchEmulator([], { fixturesFile: typo })).rejects.toThrow(/typo\.yaml/);
    await rm(dir, { recursive: true, force: true });
  });
});

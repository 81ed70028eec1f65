import { describe, expect, it } from 'vitest';
import type { Fixtures } from '../../src/emulator/contract.js';
import { defaultFixtures } from '../../src/emulator/fixtures-demo.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { parseMultipart } from '../../src/emulator/tether/multipart.js';
import { bearerCall, trackEmulators, webchatBody, type Reply } from './harness.js';

const ADMIN = 'demo-tether-token';
const REP = 'demo-tether-rep-token';
const OTHER = 'demo-tether-other-token';
const ORG1 = '65f000000000000000000001';

const launch = trackEmulators();
const start = (fixtures?: Partial<Fixtures>) => launch(fixtures ? { fixtures } : {});
const api = (emu: RunningEmulator, method: string, path: string, token?: string, body?: unknown): Promise<Reply> =>
  bearerCall(emu.urls.tether, method, path, token, body);
const webchat = webchatBody;

const INVALID_TOKEN = { error: 'Invalid or expired token' };

describe('tether auth', () => {
  it('refuses missing, unknown and non-bearer tokens with the exact 401', async () => {
    const emu = await start();
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${ADMIN}` }];
    for (const headers of attempts) {
      const res = await fetch(`${emu.urls.tether}/api/webchats`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(INVALID_TOKEN);
    }
    expect((await api(emu, 'GET', '/api/auth/verify-token', 'nope')).body).toEqual(INVALID_TOKEN);
  });

  it('logs in with email and password and accepts the token until it expires', async () => {
    const emu = await start();
    const login = await api(emu, 'POST', '/api/auth/login', undefined, {
      email: 'Admin@Acme.test',
      password: 'demo-tether-password',
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({
      id: '65f0000000000000000000a1',
      email: 'admin@acme.test',
      fullName: 'Ada Admin',
      organizationId: ORG1,
      accessRole: 'ADMIN',
    });
    const token = login.body.token as string;
    expect(token.split('.')).toHaveLength(3);
    expect((await api(emu, 'GET', '/api/auth/verify-token', token)).status).toBe(200);
    expect((await api(emu, 'GET', '/api/webchats', token)).status).toBe(200);

    emu.control.advanceClock(25 * 60 * 60 * 1000);
    expect(await api(emu, 'GET', '/api/webchats', token)).toMatchObject({ status: 401, body: INVALID_TOKEN });
    // API keys do not expire.
    expect((await api(emu, 'GET', '/api/webchats', ADMIN)).status).toBe(200);
  });

  it('refuses bad credentials and incomplete login bodies', async () => {
    const emu = await start();
    const wrong = await api(emu, 'POST', '/api/auth/login', undefined, { email: 'admin@acme.test', password: 'x' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toHaveProperty('error');
    expect((await api(emu, 'POST', '/api/auth/login', undefined, { email: 'nobody@acme.test', password: 'x' })).status).toBe(401);
    expect((await api(emu, 'POST', '/api/auth/login', undefined, { email: 'admin@acme.test' })).status).toBe(400);
  });

  it('lets only ADMIN and SUPERADMIN manage webchats', async () => {
    const fixtures = defaultFixtures();
    fixtures.tether.users.push(
      { ...fixtures.tether.users[1]!, id: '65f0000000000000000000a4', email: 'head@acme.test', access_role: 'DEPARTMENT_HEAD', api_key: 'head-key' },
      { ...fixtures.tether.users[1]!, id: '65f0000000000000000000a5', email: 'root@acme.test', access_role: 'SUPERADMIN', api_key: 'root-key' },
    );
    const emu = await start({ tether: fixtures.tether });
    const created = await api(emu, 'POST', '/api/webchats', ADMIN, webchat());
    const id = created.body.data._id as string;
    for (const token of [REP, 'head-key']) {
      expect(await api(emu, 'POST', '/api/webchats', token, webchat())).toMatchObject({ status: 403, body: { error: expect.any(String) } });
      expect((await api(emu, 'PUT', `/api/webchats/${id}`, token, { name: 'x' })).status).toBe(403);
      expect((await api(emu, 'DELETE', `/api/webchats/${id}`, token)).status).toBe(403);
      // Reading is allowed for every role.
      expect((await api(emu, 'GET', `/api/webchats/${id}`, token)).status).toBe(200);
    }
    expect((await api(emu, 'POST', '/api/webchats', 'root-key', webchat({ name: 'By root' }))).status).toBe(201);
  });
});

describe('tether webchats', () => {
  it('creates with server fields and defaults, ignoring unknown fields', async () => {
    const emu = await start();
    const res = await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ favouriteColour: 'teal', position: 'top-left' }));
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Webchat configuration created');
    const doc = res.body.data;
    expect(doc._id).toMatch(/^[0-9a-f]{24}$/);
    expect(doc).toMatchObject({
      organizationId: ORG1,
      userId: '65f0000000000000000000a1',
      createdBy: '65f0000000000000000000a1',
      name: 'Website chat',
      allowedDomains: ['https://acme.test'],
      position: 'bottom-right',
      offsetX: 24,
      offsetY: 24,
      zIndex: 9999,
      isEnabled: true,
      isAutopilot: false,
    });
    expect(doc.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(doc.updatedAt).toBe(doc.createdAt);
    expect(doc).not.toHaveProperty('favouriteColour');
    expect(doc).not.toHaveProperty('icon');
    expect((await api(emu, 'GET', `/api/webchats/${doc._id}`, ADMIN)).body).toEqual({ data: doc });
  });

  it('names the first missing required field', async () => {
    const emu = await start();
    const required = ['name', 'backgroundColor', 'primaryColor', 'secondaryColor', 'promptId', 'allowedDomains', 'initialStage'];
    for (let i = 0; i < required.length; i++) {
      const body = webchat();
      for (const field of required.slice(i)) delete body[field];
      const res = await api(emu, 'POST', '/api/webchats', ADMIN, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(required[i]);
    }
    expect((await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ name: '' }))).body.message).toContain('name');
    expect((await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ allowedDomains: [] }))).status).toBe(201);
    expect((await api(emu, 'GET', '/api/webchats', ADMIN)).body.data).toHaveLength(1);
  });

  it('answers broken bodies with 400 {message}', async () => {
    const emu = await start();
    const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const broken = await fetch(`${emu.urls.tether}/api/webchats`, { method: 'POST', headers, body: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toHaveProperty('message');
    const typed = await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ isEnabled: 'yes' }));
    expect(typed).toMatchObject({ status: 400, body: { message: 'isEnabled must be a boolean' } });
    const domains = await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ allowedDomains: 'acme.test' }));
    expect(domains.status).toBe(400);
    const array = await api(emu, 'POST', '/api/webchats', ADMIN, [webchat()]);
    expect(array.status).toBe(400);
    const form = await fetch(`${emu.urls.tether}/api/webchats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/plain' },
      body: JSON.stringify(webchat()),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toEqual({ message: 'name is required' });
    expect((await api(emu, 'GET', '/api/webchats', ADMIN)).body.data).toEqual([]);
  });

  it('merges updates, bumps updatedAt and replaces arrays', async () => {
    const emu = await start();
    const created = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ description: 'old', statusText: 'Online' }))).body.data;
    emu.control.advanceClock(5000);
    const res = await api(emu, 'PUT', `/api/webchats/${created._id}`, ADMIN, {
      starterMessage: 'Hi!',
      isEnabled: false,
      allowedDomains: ['https://b.test'],
      description: null,
      organizationId: '65f000000000000000000002',
      unknown: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Webchat configuration updated');
    const doc = res.body.data;
    expect(doc).toMatchObject({
      _id: created._id,
      name: 'Website chat',
      statusText: 'Online',
      starterMessage: 'Hi!',
      isEnabled: false,
      allowedDomains: ['https://b.test'],
      organizationId: ORG1,
      createdAt: created.createdAt,
    });
    expect(doc).not.toHaveProperty('description');
    expect(Date.parse(doc.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt) + 5000);

    const rejected = await api(emu, 'PUT', `/api/webchats/${created._id}`, ADMIN, { starterMessage: 'Changed', name: null });
    expect(rejected.status).toBe(400);
    expect((await api(emu, 'GET', `/api/webchats/${created._id}`, ADMIN)).body.data.starterMessage).toBe('Hi!');
  });

  it('deletes and then answers 404', async () => {
    const emu = await start();
    const id = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat())).body.data._id;
    expect(await api(emu, 'DELETE', `/api/webchats/${id}`, ADMIN)).toMatchObject({
      status: 200,
      body: { message: 'Webchat configuration deleted' },
    });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await api(emu, method, `/api/webchats/${id}`, ADMIN, method === 'PUT' ? { name: 'x' } : undefined);
      expect(res).toMatchObject({ status: 404, body: { message: 'Webchat configuration not found' } });
    }
    expect((await api(emu, 'GET', '/api/webchats/not-an-id', ADMIN)).status).toBe(404);
  });

  it('isolates organizations', async () => {
    const emu = await start();
    const mine = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ name: 'Acme chat' }))).body.data;
    const theirs = (await api(emu, 'POST', '/api/webchats', OTHER, webchat({ name: 'Other chat', promptId: '65f0000000000000000000b3' }))).body.data;
    expect(theirs.organizationId).toBe('65f000000000000000000002');
    expect((await api(emu, 'GET', '/api/webchats', ADMIN)).body.data.map((w: { name: string }) => w.name)).toEqual(['Acme chat']);
    expect((await api(emu, 'GET', '/api/webchats', OTHER)).body.data.map((w: { name: string }) => w.name)).toEqual(['Other chat']);
    expect((await api(emu, 'GET', `/api/webchats/${theirs._id}`, ADMIN)).status).toBe(404);
    expect((await api(emu, 'PUT', `/api/webchats/${theirs._id}`, ADMIN, { name: 'hijack' })).status).toBe(404);
    expect((await api(emu, 'DELETE', `/api/webchats/${mine._id}`, OTHER)).status).toBe(404);
    expect((await api(emu, 'GET', `/api/webchats/${mine._id}`, ADMIN)).body.data.name).toBe('Acme chat');
  });

  it('creates 50 webchats in parallel as 50 distinct objects', async () => {
    const emu = await start();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api(emu, 'POST', '/api/webchats', ADMIN, webchat({ name: `Chat ${i}` }))),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.data._id)).size).toBe(50);
    const list = (await api(emu, 'GET', '/api/webchats', ADMIN)).body.data as Array<{ name: string }>;
    expect(new Set(list.map((w) => w.name)).size).toBe(50);
  });

  it('checks references only in strict mode', async () => {
    const lenient = await start();
    expect((await api(lenient, 'POST', '/api/webchats', ADMIN, webchat({ promptId: '65f0000000000000000000ff' }))).status).toBe(201);

    const fixtures = defaultFixtures();
    fixtures.tether.strict_references = true;
    const strict = await start({ tether: fixtures.tether });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ promptId: '65f0000000000000000000ff' }, 'Prompt not found'],
      [{ promptId: '65f0000000000000000000b3' }, 'Prompt not found'],
      [{ pipelineId: '65f0000000000000000000ff' }, 'Pipeline not found'],
      [{ pipelineId: '65f0000000000000000000d1', pipelineStage: '65f0000000000000000000c4' }, 'Pipeline stage not found'],
    ];
    for (const [overrides, message] of cases) {
      expect(await api(strict, 'POST', '/api/webchats', ADMIN, webchat(overrides))).toMatchObject({ status: 400, body: { message } });
    }
    const ok = await api(strict, 'POST', '/api/webchats', ADMIN, webchat({ pipelineId: '65f0000000000000000000d2', pipelineStage: '65f0000000000000000000c4' }));
    expect(ok.status).toBe(201);
    expect((await api(strict, 'PUT', `/api/webchats/${ok.body.data._id}`, ADMIN, { pipelineStage: '65f0000000000000000000c1' })).status).toBe(400);
  });

  it('answers unknown routes with 404 {message}', async () => {
    const emu = await start();
    expect(await api(emu, 'GET', '/api/nothing', ADMIN)).toMatchObject({ status: 404, body: { message: expect.any(String) } });
    expect((await api(emu, 'PATCH', '/api/webchats', ADMIN)).status).toBe(404);
  });
});

describe('tether icons', () => {
  const ICON_URL = /^https:\/\/r2\.emulator\.local\/(.+)\?token=([0-9a-f]+)$/;

  it('stores the key and signs a fresh URL on every read', async () => {
    const emu = await start();
    const key = `orgs/${ORG1}/uploads/2024-05-01/logo.png`;
    const doc = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ icon: key }))).body.data;
    const first = ICON_URL.exec(doc.icon);
    expect(first?.[1]).toBe(key);
    const again = (await api(emu, 'GET', `/api/webchats/${doc._id}`, ADMIN)).body.data.icon as string;
    expect(ICON_URL.exec(again)?.[1]).toBe(key);
    expect(again).not.toBe(doc.icon);
    const state = emu.control.state() as { tether: { webchats: Array<{ icon?: string }> } };
    expect(state.tether.webchats[0]!.icon).toBe(key);
  });

  it('strips a written signed URL back to its key, and removes the icon on "" or null', async () => {
    const emu = await start();
    const key = `orgs/${ORG1}/uploads/2024-05-01/my logo.png`;
    const doc = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ icon: key }))).body.data;
    const rewritten = await api(emu, 'PUT', `/api/webchats/${doc._id}`, ADMIN, { icon: doc.icon });
    expect(ICON_URL.exec(rewritten.body.data.icon)?.[1]).toBe(encodeURI(key));
    const state = emu.control.state() as { tether: { webchats: Array<{ icon?: string }> } };
    expect(state.tether.webchats[0]!.icon).toBe(key);

    const cleared = await api(emu, 'PUT', `/api/webchats/${doc._id}`, ADMIN, { icon: '' });
    expect(cleared.body.data).not.toHaveProperty('icon');
    await api(emu, 'PUT', `/api/webchats/${doc._id}`, ADMIN, { icon: key });
    const nulled = await api(emu, 'PUT', `/api/webchats/${doc._id}`, ADMIN, { icon: null });
    expect(nulled.body.data).not.toHaveProperty('icon');
  });
});

describe('tether uploads', () => {
  const allBytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));

  async function upload(emu: RunningEmulator, form: FormData, token = ADMIN): Promise<Reply> {
    const res = await fetch(`${emu.urls.tether}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  }

  it('answers keys, types, sizes and signed URLs for each file', async () => {
    const emu = await start();
    const form = new FormData();
    form.append('files', new Blob([allBytes], { type: 'image/png' }), 'logo.png');
    form.append('files', new Blob(['hello\r\n--not-the-boundary\r\n']), 'notes.txt');
    form.append('comment', 'ignored text field');
    const res = await upload(emu, form);
    expect(res.status).toBe(200);
    const day = new Date(Date.now()).toISOString().slice(0, 10);
    expect(res.body.files).toEqual([
      {
        key: `orgs/${ORG1}/uploads/${day}/logo.png`,
        type: 'image/png',
        name: 'logo.png',
        size: 256,
        signedUrl: expect.stringMatching(new RegExp(`^https://r2\\.emulator\\.local/orgs/${ORG1}/uploads/${day}/logo\\.png\\?token=`)),
        bucket: expect.any(String),
      },
      expect.objectContaining({ name: 'notes.txt', size: 27, type: 'application/octet-stream' }),
    ]);
    // The uploaded key is what a webchat icon stores.
    const doc = (await api(emu, 'POST', '/api/webchats', ADMIN, webchat({ icon: res.body.files[0].key }))).body.data;
    expect(doc.icon).toContain(`/orgs/${ORG1}/uploads/${day}/logo.png?token=`);
  });

  it('enforces the field name, the file count and authentication', async () => {
    const emu = await start();
    const wrongField = new FormData();
    wrongField.append('file', new Blob(['x']), 'a.txt');
    expect(await upload(emu, wrongField)).toMatchObject({ status: 400, body: { message: 'Unexpected field' } });

    const tooMany = new FormData();
    for (let i = 0; i < 11; i++) tooMany.append('files', new Blob([`f${i}`]), `f${i}.txt`);
    expect((await upload(emu, tooMany)).status).toBe(400);
    const ten = new FormData();
    for (let i = 0; i < 10; i++) ten.append('files', new Blob([`f${i}`]), `f${i}.txt`);
    expect((await upload(emu, ten)).body.files).toHaveLength(10);

    const none = new FormData();
    none.append('comment', 'no files');
    expect(await upload(emu, none)).toMatchObject({ status: 400, body: { message: 'No files uploaded' } });
    const json = await api(emu, 'POST', '/api/upload', ADMIN, { files: [] });
    expect(json).toMatchObject({ status: 400, body: { message: 'No files uploaded' } });

    const anon = new FormData();
    anon.append('files', new Blob(['x']), 'a.txt');
    expect(await upload(emu, anon, 'nope')).toMatchObject({ status: 401, body: INVALID_TOKEN });
    // Any role may upload.
    expect((await upload(emu, anon, REP)).status).toBe(200);
  });

  it('rejects a malformed multipart body', async () => {
    const emu = await start();
    const res = await fetch(`${emu.urls.tether}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nno end',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toHaveProperty('message');
  });
});

describe('multipart parser', () => {
  it('slices binary contents exactly and decodes header parameters', () => {
    const binary = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10, 13, 10, 1]);
    const body = Buffer.concat([
      Buffer.from('preamble\r\n--b0undary\r\n'),
      Buffer.from('Content-Disposition: form-data; name="files"; filename="C:\\\\dir\\\\q\\"uote.bin"\r\nContent-Type: Application/Octet-Stream\r\n\r\n'),
      binary,
      Buffer.from('\r\n--b0undary  \r\n'),
      Buffer.from("Content-Disposition: form-data; name=files; filename=\"x\"; filename*=UTF-8''%E2%82%AC.txt\r\n\r\n"),
      Buffer.from('\r\n--b0undary\r\n'),
      Buffer.from('Content-Disposition: form-data; name="note"\r\n\r\nplain'),
      Buffer.from('\r\n--b0undary--\r\nepilogue'),
    ]);
    const parts = parseMultipart(body, 'b0undary');
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatchObject({ name: 'files', filename: 'C:\\dir\\q"uote.bin', contentType: 'application/octet-stream' });
    expect(Buffer.compare(parts[0]!.data, binary)).toBe(0);
    expect(parts[1]).toMatchObject({ name: 'files', filename: '€.txt' });
    expect(parts[1]!.data.length).toBe(0);
    expect(parts[2]).toMatchObject({ name: 'note', contentType: 'text/plain' });
    expect(parts[2]!.data.toString()).toBe('plain');
  });

  it('throws on missing boundaries or unterminated parts', () => {
    expect(() => parseMultipart(Buffer.from('nothing here'), 'b')).toThrow(/boundary/);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'), 'b')).toThrow(/terminated/);
    expect(() => parseMultipart(Buffer.from('--b\r\nno colon line\r\n\r\nx\r\n--b--'), 'b')).toThrow(/header/);
  });
});

describe('tether prompts and pipelines', () => {
  it("lists the caller organization's prompts as a bare array", async () => {
    const emu = await start();
    const mine = await api(emu, 'GET', '/api/prompts/user', REP);
    expect(mine.status).toBe(200);
    expect(Array.isArray(mine.body)).toBe(true);
    expect(mine.body.map((p: { _id: string; name: string }) => [p._id, p.name])).toEqual([
      ['65f0000000000000000000b1', 'Sales assistant'],
      ['65f0000000000000000000b2', 'Support assistant'],
    ]);
    expect(mine.body[0]).toMatchObject({ organizationId: ORG1, isHidden: false, tools: [] });
    const theirs = await api(emu, 'GET', '/api/prompts/user', OTHER);
    expect(theirs.body.map((p: { _id: string }) => p._id)).toEqual(['65f0000000000000000000b3']);
    expect((await api(emu, 'GET', '/api/prompts/user')).status).toBe(401);
  });

  it('returns the default pipeline, a pipeline by id, and 404 otherwise', async () => {
    const emu = await start();
    const byDefault = await api(emu, 'GET', '/api/pipelines?type=Contact', ADMIN);
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.pipeline).toMatchObject({
      _id: '65f0000000000000000000d1',
      name: 'Sales',
      type: 'Contact',
      isDefault: true,
      pipelineStageIds: ['65f0000000000000000000c1', '65f0000000000000000000c2', '65f0000000000000000000c3'],
      pipelineStages: [
        { _id: '65f0000000000000000000c1', name: 'new', color: expect.any(String), position: 0 },
        { _id: '65f0000000000000000000c2', name: 'qualified', color: expect.any(String), position: 1 },
        { _id: '65f0000000000000000000c3', name: 'won', color: expect.any(String), position: 2 },
      ],
    });
    expect((await api(emu, 'GET', '/api/pipelines', ADMIN)).body.pipeline._id).toBe('65f0000000000000000000d1');
    const partners = await api(emu, 'GET', '/api/pipelines?type=Contact&pipelineId=65f0000000000000000000d2', ADMIN);
    expect(partners.body.pipeline.pipelineStages.map((s: { name: string }) => s.name)).toEqual(['lead', 'signed']);
    expect((await api(emu, 'GET', '/api/pipelines?pipelineId=65f0000000000000000000ff', ADMIN)).status).toBe(404);
    expect((await api(emu, 'GET', '/api/pipelines?pipelineId=65f0000000000000000000d1', OTHER)).status).toBe(404);
    expect((await api(emu, 'GET', '/api/pipelines?type=Application', ADMIN)).status).toBe(404);
    expect((await api(emu, 'GET', '/api/pipelines?type=Bogus', ADMIN)).status).toBe(400);
  });
});

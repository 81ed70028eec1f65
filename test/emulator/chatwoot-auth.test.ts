import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, BOT, OTHER, PLATFORM, startChatwoot, type Chatwoot } from './chatwoot-helpers.js';

describe('chatwoot emulator: version probe, auth pipeline, generic errors', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot({
      accounts: [
        { id: 1, name: 'Acme Support' },
        { id: 2, name: 'Other Co' },
        { id: 3, name: 'Frozen', status: 'suspended' },
      ],
    });
  });
  afterAll(async () => cw.emu.close());

  it('answers GET /api without credentials', async () => {
    const r = await cw.call('GET', '/api');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: '4.9.1', queue_services: 'ok', data_services: 'ok' });
    expect(r.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('runs the checks in server order with the exact bodies', async () => {
    const noToken = await cw.acct('GET', 1, '/portals');
    expect([noToken.status, noToken.body]).toEqual([401, { errors: ['You need to sign in or sign up before continuing.'] }]);

    const unknown = await cw.acct('GET', 999, '/portals', { token: 'nope' });
    expect([unknown.status, unknown.body]).toEqual([401, { error: 'Invalid Access Token' }]);

    for (const token of [BOT, PLATFORM]) {
      const bot = await cw.acct('GET', 999, '/portals', { token });
      expect([bot.status, bot.body]).toEqual([401, { error: 'Access to this endpoint is not authorized for bots' }]);
    }

    const missingAccount = await cw.acct('GET', 999, '/portals', { token: ADMIN });
    expect([missingAccount.status, missingAccount.body]).toEqual([404, { error: 'Resource could not be found' }]);

    const suspended = await cw.acct('GET', 3, '/inboxes', { token: ADMIN });
    expect([suspended.status, suspended.body]).toEqual([401, { error: 'Account is suspended' }]);

    const notMember = await cw.acct('GET', 1, '/inboxes', { token: OTHER });
    expect([notMember.status, notMember.body]).toEqual([401, { error: 'You are not authorized to access this account' }]);
  });

  it('accepts the token under both header spellings', async () => {
    const dashed = await cw.acct('GET', 1, '/inboxes', { token: ADMIN, tokenHeader: 'Api-Access-Token' });
    const underscored = await cw.acct('GET', 1, '/inboxes', { token: ADMIN, tokenHeader: 'api_access_token' });
    expect(dashed.status).toBe(200);
    expect(underscored.status).toBe(200);
  });

  it('answers a Pundit denial with 401, never 403', async () => {
    const r = await cw.acct('POST', 1, '/portals', { token: AGENT, body: { name: 'x', slug: 'x', custom_domain: '' } });
    expect([r.status, r.body]).toEqual([401, { error: 'You are not authorized to do this action' }]);
    const inbox = await cw.acct('POST', 1, '/inboxes', { token: AGENT, body: { name: 'x', channel: { type: 'api' } } });
    expect([inbox.status, inbox.body]).toEqual([401, { error: 'You are not authorized to do this action' }]);
  });

  it('answers unknown routes with the Rails JSON 404', async () => {
    const r = await cw.call('GET', '/api/v1/accounts/1/nothing-here', { token: ADMIN });
    expect([r.status, r.body]).toEqual([404, { status: 404, error: 'Not Found' }]);
  });

  it('answers a JSON body that does not parse with 400', async () => {
    const r = await cw.acct('POST', 1, '/portals', { token: ADMIN, rawBody: '{"name":' });
    expect([r.status, r.body]).toEqual([400, { status: 400, error: 'Bad Request' }]);
  });

  it('uses Chatwoot shapes for injected 429s and 5xx', async () => {
    cw.emu.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', path: '/inboxes', rate_429_retry_after: 1, retry_after_s: 7, times: 1 }] });
    const limited = await cw.acct('GET', 1, '/inboxes', { token: ADMIN });
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('Retry later\n');
    expect(limited.contentType).toMatch(/^text\/plain/);
    expect(limited.headers.get('retry-after')).toBeNull();

    cw.emu.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', path: '/inboxes', error_rate: 1, error_status: 503, times: 1 }] });
    const unavailable = await cw.acct('GET', 1, '/inboxes', { token: ADMIN });
    expect([unavailable.status, unavailable.body]).toEqual([503, { status: 503, error: 'Service Unavailable' }]);
    cw.emu.control.clearFaults();
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status).toBe(200);
  });

  it('describes the demo credentials', () => {
    const creds = cw.emu.control.credentials().chatwoot ?? {};
    expect(Object.values(creds)).toEqual(expect.arrayContaining([ADMIN, AGENT, OTHER]));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, createInbox, startChatwoot, type Chatwoot } from './chatwoot-helpers.js';

describe('chatwoot emulator: inbox agent-bot assignment', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot({
      agent_bots: [
        { id: 1, name: 'Helper bot', access_token: 'demo-chatwoot-bot-token', account_id: 1 },
        { id: 2, name: 'Foreign bot', account_id: 2 },
        { id: 3, name: 'System bot', account_id: null },
      ],
    });
  });
  afterAll(async () => cw.emu.close());

  it('returns {} without a bot, assigns any installation bot, detaches on null or a missing key', async () => {
    const inbox = await createInbox(cw, { name: 'Bots', channel: { type: 'api' } });
    const path = `/inboxes/${inbox.id}`;
    expect((await cw.acct('GET', 1, `${path}/agent_bot`, { token: ADMIN })).body).toEqual({});

    const set = await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: { agent_bot: 1 } });
    expect([set.status, set.text]).toEqual([200, '']);
    const shown = (await cw.acct('GET', 1, `${path}/agent_bot`, { token: ADMIN })).body.agent_bot;
    expect(shown).toMatchObject({ id: 1, name: 'Helper bot', bot_type: 'webhook', account_id: 1, system_bot: false });
    expect(shown.access_token.token).toBe('demo-chatwoot-bot-token');

    await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: { agent_bot: 2 } });
    expect((await cw.acct('GET', 1, `${path}/agent_bot`, { token: ADMIN })).body.agent_bot.id).toBe(2);
    await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: { agent_bot: 3 } });
    const system = (await cw.acct('GET', 1, `${path}/agent_bot`, { token: ADMIN })).body.agent_bot;
    expect(system.system_bot).toBe(true);
    expect(system).not.toHaveProperty('outgoing_url');

    const missing = await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: { agent_bot: 99 } });
    expect([missing.status, missing.body]).toEqual([404, { error: 'Resource could not be found' }]);
    expect((await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: { agent_bot: '' } })).status).toBe(404);

    await cw.acct('POST', 1, '/inbox_members', { token: ADMIN, body: { inbox_id: inbox.id, user_ids: [2] } });
    // The bot lookup runs before the role check.
    expect((await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: AGENT, body: { agent_bot: 99 } })).status).toBe(404);
    expect((await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: AGENT, body: { agent_bot: 1 } })).status).toBe(401);

    await cw.acct('POST', 1, `${path}/set_agent_bot`, { token: ADMIN, body: {} });
    expect((await cw.acct('GET', 1, `${path}/agent_bot`, { token: AGENT })).body).toEqual({});
  });
});

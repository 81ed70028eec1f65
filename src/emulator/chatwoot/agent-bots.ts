/**
 * Inbox agent-bot assignment (§3.10): one bot per inbox, looked up across
 * the whole installation.
 */
import type { AgentBotRow, ChatwootState } from './state.js';
import { bodyParams, type AccountHandler } from './auth.js';
import { emptyOk, halt, json, RECORD_NOT_FOUND } from './responses.js';
import { rubyToI, rubyTruthy } from './cast.js';
import { fetchInbox, requireAdmin } from './inbox-access.js';

function renderBot(bot: AgentBotRow, state: ChatwootState): Record<string, unknown> {
  const systemBot = bot.account_id === null;
  const token = Object.entries(state.tokens).find(([, o]) => o.kind === 'agent_bot' && o.id === bot.id)?.[0];
  return {
    id: bot.id,
    name: bot.name,
    description: null,
    thumbnail: '',
    ...(systemBot ? {} : { outgoing_url: null }),
    bot_type: 'webhook',
    bot_config: {},
    account_id: bot.account_id,
    access_token: token === undefined ? null : { owner_type: 'AgentBot', owner_id: bot.id, token },
    system_bot: systemBot,
  };
}

/** With no bot the jbuilder block is empty and the key is dropped: `{}`. */
export const showInboxAgentBot: AccountHandler = (req, state, _env, caller) => {
  const inbox = fetchInbox(state, caller, req.params.id, false);
  const link = state.agentBotInboxes.find((l) => l.inbox_id === inbox.id);
  const bot = link && state.agentBots.find((b) => b.id === link.agent_bot_id);
  return json(200, bot ? { agent_bot: renderBot(bot, state) } : {});
};

/** `fetch_agent_bot` runs before the role check; null, false or a missing key detaches. */
export const setInboxAgentBot: AccountHandler = (req, state, _env, caller) => {
  const inbox = fetchInbox(state, caller, req.params.id, false);
  const value = bodyParams(req).agent_bot;
  let bot: AgentBotRow | undefined;
  if (rubyTruthy(value)) {
    bot = state.agentBots.find((b) => b.id === rubyToI(value));
    if (!bot) halt(404, RECORD_NOT_FOUND);
  }
  requireAdmin(caller);
  state.agentBotInboxes = state.agentBotInboxes.filter((l) => l.inbox_id !== inbox.id);
  if (bot) state.agentBotInboxes.push({ inbox_id: inbox.id, agent_bot_id: bot.id });
  return emptyOk();
};

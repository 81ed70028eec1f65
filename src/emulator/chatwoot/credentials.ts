/**
 * Demo credentials printed when the emulator starts.
 */
import type { ChatwootState } from './state.js';

export function describeChatwootCredentials(state: ChatwootState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [token, owner] of Object.entries(state.tokens)) {
    if (owner.kind === 'user') {
      const user = state.users.find((u) => u.id === owner.id);
      const roles = (user?.memberships ?? []).map((m) => `${m.role} of account ${m.account_id}`).join(', ');
      out[`${user?.name ?? `user ${owner.id}`} token (${roles || 'no account'})`] = token;
    } else if (owner.kind === 'agent_bot') {
      out[`agent bot ${owner.id} token (refused on these endpoints)`] = token;
    } else {
      out['platform app token (refused on these endpoints)'] = token;
    }
  }
  for (const a of state.accounts) out[`account ${a.id}`] = `${a.name}${a.status === 'active' ? '' : ` (${a.status})`}`;
  return out;
}

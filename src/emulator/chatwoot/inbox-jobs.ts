/**
 * The asynchronous `DeleteObjectJob` behind `DELETE /inboxes/:id` (§3.7).
 */
import type { EmuEnv } from '../contract.js';
import type { ChatwootState } from './state.js';

export function enqueueInboxDelete(state: ChatwootState, inboxId: number, now: number): void {
  state.pendingInboxDeletes.push({ inbox_id: inboxId, due_at: now + state.settings.inboxDeleteDelayMs });
}

/** Destroys the inbox with its channel, working hours, members and bot link; portals lose the widget link. */
function destroyInbox(state: ChatwootState, inboxId: number): void {
  const inbox = state.inboxes.find((i) => i.id === inboxId);
  // A repeated DELETE enqueues a second job, which finds nothing left to do.
  if (!inbox) return;
  state.inboxes = state.inboxes.filter((i) => i !== inbox);
  state.inboxMembers = state.inboxMembers.filter((m) => m.inbox_id !== inboxId);
  state.agentBotInboxes = state.agentBotInboxes.filter((l) => l.inbox_id !== inboxId);
  if (inbox.channel.kind === 'web_widget') {
    for (const p of state.portals) if (p.channel_web_widget_id === inbox.channel.id) p.channel_web_widget_id = null;
  }
}

export function runChatwootJobs(state: ChatwootState, env: EmuEnv, drain: boolean): void {
  const now = env.now();
  const due = state.pendingInboxDeletes.filter((j) => drain || j.due_at <= now);
  if (due.length === 0) return;
  state.pendingInboxDeletes = state.pendingInboxDeletes.filter((j) => !due.includes(j));
  for (const job of due) destroyInbox(state, job.inbox_id);
}

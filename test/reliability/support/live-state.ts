/** What the emulator holds, read straight from its state (not through deskform's clients). */
import type { RunningEmulator } from '../../../src/emulator/index.js';

const ACME_ORG = '65f000000000000000000001';

export interface LiveRecords {
  portals: Array<Record<string, unknown> & { id: number; slug: string }>;
  inboxes: Array<Record<string, unknown> & { id: number; name: string }>;
  webchats: Array<Record<string, unknown> & { _id: string; name: string }>;
  channels: Array<Record<string, unknown> & { id: number; name: string; business_hours: unknown }>;
}

/** Account 1, the Acme organization and tenant 1: where the canary credentials point. */
export function liveRecords(emulator: RunningEmulator): LiveRecords {
  const state = emulator.control.state() as {
    chatwoot: { portals: LiveRecords['portals']; inboxes: LiveRecords['inboxes']; pendingInboxDeletes: Array<{ inbox_id: number }> };
    tether: { webchats: LiveRecords['webchats'] };
    healthing: { channels: LiveRecords['channels'] };
  };
  const deleting = new Set(state.chatwoot.pendingInboxDeletes.map((d) => d.inbox_id));
  return {
    portals: state.chatwoot.portals.filter((p) => p.account_id === 1),
    inboxes: state.chatwoot.inboxes.filter((i) => i.account_id === 1 && !deleting.has(i.id)),
    webchats: state.tether.webchats.filter((w) => w.organizationId === ACME_ORG),
    channels: state.healthing.channels.filter((c) => c.tenant_id === 1),
  };
}

/** Natural keys held by more than one live object, per kind. */
export function duplicates(live: LiveRecords): string[] {
  const repeated = (kind: string, keys: string[]) => {
    const seen = new Set<string>();
    return keys.filter((k) => (seen.has(k) ? true : (seen.add(k), false))).map((k) => `${kind} "${k}"`);
  };
  return [
    ...repeated('portal', live.portals.map((p) => p.slug)),
    ...repeated('inbox', live.inboxes.map((i) => i.name)),
    ...repeated('webchat', live.webchats.map((w) => w.name)),
  ];
}

/** The live objects with these keys, for checking that undeclared objects survive untouched. */
export function pickUndeclared(live: LiveRecords, keys: { portals: readonly string[]; inboxes: readonly string[]; webchats: readonly string[] }) {
  return {
    portals: live.portals.filter((p) => keys.portals.includes(p.slug)),
    inboxes: live.inboxes.filter((i) => keys.inboxes.includes(i.name)),
    webchats: live.webchats.filter((w) => keys.webchats.includes(w.name)),
  };
}

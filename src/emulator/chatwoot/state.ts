/**
 * Chatwoot emulator state. Everything here is plain JSON (the core persists it).
 */
import type { Fixtures } from '../contract.js';

export type Role = 'agent' | 'administrator';

export interface AccountRow {
  id: number;
  name: string;
  status: 'active' | 'suspended';
  locale: string;
  /** `usage_limits[:inboxes]`; absent: a self-hosted install's 100,000. */
  inbox_limit?: number;
}

export interface UserRow {
  id: number;
  name: string;
  email: string;
  memberships: Array<{ account_id: number; role: Role; permissions: string[] }>;
}

export interface AgentBotRow {
  id: number;
  name: string;
  account_id: number | null;
}

export type TokenOwner = { kind: 'user'; id: number } | { kind: 'agent_bot'; id: number } | { kind: 'platform_app' };

export interface PortalRow {
  id: number;
  account_id: number;
  name: string | null;
  slug: string | null;
  custom_domain: string | null;
  color: string | null;
  homepage_link: string | null;
  page_title: string | null;
  header_text: string | null;
  /** Raw jsonb: may lack `allowed_locales` after a careless update (render then fails). */
  config: Record<string, unknown>;
  archived: boolean | null;
  /** Id in the web-widget channel sequence, not an inbox id. */
  channel_web_widget_id: number | null;
}

export type ChannelKind = 'web_widget' | 'api' | 'email';

export interface WorkingHourRow {
  day_of_week: number;
  closed_all_day: boolean | null;
  open_hour: number | null;
  open_minutes: number | null;
  close_hour: number | null;
  close_minutes: number | null;
  open_all_day: boolean | null;
}

/** The channel record; its attributes depend on `kind` (see channels.ts). */
export interface ChannelRow {
  kind: ChannelKind;
  id: number;
  attrs: Record<string, unknown>;
}

export interface InboxRow {
  id: number;
  account_id: number;
  name: string | null;
  greeting_enabled: boolean | null;
  greeting_message: string | null;
  working_hours_enabled: boolean | null;
  out_of_office_message: string | null;
  timezone: string | null;
  enable_email_collect: boolean | null;
  enable_auto_assignment: boolean | null;
  auto_assignment_config: Record<string, unknown>;
  csat_survey_enabled: boolean | null;
  csat_config: Record<string, unknown>;
  allow_messages_after_resolved: boolean | null;
  /** NOT NULL columns: a null never survives a save (the database refuses it). */
  lock_to_single_conversation: boolean | null;
  sender_name_type: 'friendly' | 'professional' | null;
  business_name: string | null;
  portal_id: number | null;
  channel: ChannelRow;
  working_hours: WorkingHourRow[];
}

export interface ChatwootSettings {
  version: string;
  bugCompatible: boolean;
  inboxDeleteDelayMs: number;
}

export interface ChatwootState {
  settings: ChatwootSettings;
  accounts: AccountRow[];
  users: UserRow[];
  agentBots: AgentBotRow[];
  tokens: Record<string, TokenOwner>;
  /** Next value of each global id sequence (Postgres sequences are never rolled back). */
  sequences: { portal: number; inbox: number; channel: Record<ChannelKind, number> };
  portals: PortalRow[];
  inboxes: InboxRow[];
  inboxMembers: Array<{ inbox_id: number; user_id: number }>;
  /** At most one bot per inbox (`agent_bot_inboxes`). */
  agentBotInboxes: Array<{ inbox_id: number; agent_bot_id: number }>;
  /** Enqueued DeleteObjectJob runs; an inbox stays fully present until its job runs. */
  pendingInboxDeletes: Array<{ inbox_id: number; due_at: number }>;
}

export function initialChatwootState(fixtures: Fixtures): ChatwootState {
  const f = fixtures.chatwoot;
  const tokens: Record<string, TokenOwner> = {};
  for (const u of f.users) tokens[u.access_token] = { kind: 'user', id: u.id };
  for (const b of f.agent_bots ?? []) if (b.access_token) tokens[b.access_token] = { kind: 'agent_bot', id: b.id };
  for (const t of f.platform_app_tokens ?? []) tokens[t] = { kind: 'platform_app' };
  return {
    settings: {
      version: f.version ?? '4.9.1',
      bugCompatible: f.bug_compatible ?? true,
      inboxDeleteDelayMs: f.inbox_delete_delay_ms ?? 2000,
    },
    accounts: f.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status ?? 'active',
      locale: a.locale ?? 'en',
      ...(a.inbox_limit !== undefined && { inbox_limit: a.inbox_limit }),
    })),
    users: f.users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      memberships: u.memberships.map((m) => ({ account_id: m.account_id, role: m.role, permissions: m.permissions ?? [] })),
    })),
    agentBots: (f.agent_bots ?? []).map((b) => ({ id: b.id, name: b.name, account_id: b.account_id ?? null })),
    tokens,
    sequences: { portal: 1, inbox: 1, channel: { web_widget: 1, api: 1, email: 1 } },
    portals: [],
    inboxes: [],
    inboxMembers: [],
    agentBotInboxes: [],
    pendingInboxDeletes: [],
  };
}

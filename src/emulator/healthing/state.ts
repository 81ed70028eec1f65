/** Healthing's emulated database: tenants, users, tokens and channels. */
import { UserError } from '../../errors.js';
import type { EmuEnv, Fixtures, HealthingFixtures } from '../contract.js';

export const ASSIGNMENT_MODES = ['manual', 'round_robin', 'load_balanced'] as const;
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export interface DaySchedule {
  enabled?: boolean;
  start?: string;
  end?: string;
}

export type BusinessHours = Record<(typeof WEEKDAYS)[number], DaySchedule | null>;

export interface HealthingChannel {
  id: number;
  tenant_id: number;
  name: string;
  channel_type: string;
  status: string;
  config: Record<string, unknown>;
  is_active: boolean;
  is_default: boolean;
  auto_reply_enabled: boolean;
  assignment_mode: string | null;
  sla_enabled: boolean;
  total_conversations: number;
  total_messages_sent: number;
  total_messages_received: number;
  /** Write-only through the API: stored here, never rendered. */
  business_hours: BusinessHours | null;
  created_at: string;
  updated_at: string;
}

export interface HealthingUser {
  id: number;
  email: string;
  password: string;
  full_name: string;
  tenant_id: number;
  role: string;
  is_active: boolean;
  created_at: string;
}

export interface IssuedToken {
  userId: number;
  expiresAt: number;
}

export interface HealthingState {
  accessTokenLifetimeS: number;
  refreshTokenLifetimeS: number;
  tenants: Array<{ id: number; name: string }>;
  users: HealthingUser[];
  channels: HealthingChannel[];
  nextChannelId: number;
  accessTokens: Record<string, IssuedToken>;
  refreshTokens: Record<string, IssuedToken>;
}

type ChannelFixture = HealthingFixtures['channels'][number];

const REFRESH_TOKEN_LIFETIME_S = 7 * 24 * 60 * 60;

function iso(env: EmuEnv): string {
  return new Date(env.now()).toISOString();
}

export function touch(channel: HealthingChannel, env: EmuEnv): void {
  channel.updated_at = iso(env);
}

/** Adds a channel from its fixture shape; returns it as the API renders it, plus tenant_id. */
export function seedChannel(state: HealthingState, input: ChannelFixture, env: EmuEnv): Record<string, unknown> {
  if (!state.tenants.some((t) => t.id === input.tenant_id)) {
    throw new UserError(`invalid channel: unknown tenant_id ${input.tenant_id}`);
  }
  if (input.id !== undefined && state.channels.some((c) => c.id === input.id)) {
    throw new UserError(`invalid channel: id ${input.id} is already used`);
  }
  const id = input.id ?? state.nextChannelId;
  const now = iso(env);
  const channel: HealthingChannel = {
    id,
    tenant_id: input.tenant_id,
    name: input.name,
    channel_type: input.channel_type,
    status: input.status ?? 'connected',
    config: {},
    is_active: input.is_active ?? true,
    is_default: input.is_default ?? false,
    auto_reply_enabled: false,
    assignment_mode: input.assignment_mode ?? null,
    sla_enabled: false,
    total_conversations: 0,
    total_messages_sent: 0,
    total_messages_received: 0,
    business_hours: null,
    created_at: now,
    updated_at: now,
  };
  state.channels.push(channel);
  state.channels.sort((a, b) => a.id - b.id);
  state.nextChannelId = Math.max(state.nextChannelId, id + 1);
  return { ...renderChannel(channel), tenant_id: channel.tenant_id };
}

/** ChannelResponse: everything except tenant_id and the write-only business_hours. */
export function renderChannel(c: HealthingChannel): Record<string, unknown> {
  const businessHoursEnabled = c.business_hours
    ? WEEKDAYS.some((day) => c.business_hours?.[day]?.enabled === true)
    : false;
  return {
    name: c.name,
    channel_type: c.channel_type,
    id: c.id,
    status: c.status,
    config: c.config,
    is_active: c.is_active,
    is_default: c.is_default,
    auto_reply_enabled: c.auto_reply_enabled,
    business_hours_enabled: businessHoursEnabled,
    assignment_mode: c.assignment_mode,
    sla_enabled: c.sla_enabled,
    total_conversations: c.total_conversations,
    total_messages_sent: c.total_messages_sent,
    total_messages_received: c.total_messages_received,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

export function initialHealthingState(fixtures: Fixtures, env: EmuEnv): HealthingState {
  const h = fixtures.healthing;
  const state: HealthingState = {
    accessTokenLifetimeS: h.access_token_lifetime_s ?? 1800,
    refreshTokenLifetimeS: REFRESH_TOKEN_LIFETIME_S,
    tenants: h.tenants.map((t) => ({ ...t })),
    users: h.users.map((u) => ({ ...u, is_active: true, created_at: iso(env) })),
    channels: [],
    nextChannelId: Math.max(0, ...h.channels.map((c) => c.id ?? 0)) + 1,
    accessTokens: {},
    refreshTokens: {},
  };
  for (const channel of h.channels) seedChannel(state, channel, env);
  return state;
}

export function describeHealthingCredentials(state: HealthingState): Record<string, string> {
  return Object.fromEntries(state.users.map((u) => [`${u.email} password`, u.password]));
}

/**
 * The shape of fixture sections, checked with zod so that a mistake names the
 * field: ids unique, references pointing at objects that exist, no token used
 * twice.
 */
import * as z from 'zod';
import { UserError } from '../errors.js';
import type { VendorName } from './contract.js';
import { OBJECT_ID } from './rng.js';

type Ctx = z.RefinementCtx;

function requireUnique<T>(ctx: Ctx, items: T[], key: (item: T) => unknown, field: string, list: string): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const value = key(item);
    if (value === undefined || value === null) return;
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [list, i, field], message: `duplicate ${field}` });
    seen.add(value);
  });
}

function requireKnown(ctx: Ctx, known: Set<unknown>, value: unknown, path: PropertyKey[], what: string): void {
  if (value !== undefined && value !== null && !known.has(value)) {
    ctx.addIssue({ code: 'custom', path, message: `unknown ${what} ${JSON.stringify(value)}` });
  }
}

const objectId = z.string().regex(OBJECT_ID, 'must be a 24-character lower-case hex ObjectId');
const nonEmpty = z.string().min(1);

// Loose on purpose: the Chatwoot module may read fixture keys added after this schema.
const chatwootSchema = z
  .looseObject({
    version: nonEmpty.optional(),
    bug_compatible: z.boolean().optional(),
    inbox_delete_delay_ms: z.int().min(0).optional(),
    accounts: z.array(
      z.strictObject({
        id: z.int().positive(),
        name: nonEmpty,
        status: z.enum(['active', 'suspended']).optional(),
        locale: nonEmpty.optional(),
        inbox_limit: z.int().min(0).optional(),
      }),
    ),
    users: z.array(
      z.strictObject({
        id: z.int().positive(),
        name: nonEmpty,
        email: nonEmpty,
        access_token: nonEmpty,
        memberships: z.array(
          z.strictObject({
            account_id: z.int().positive(),
            role: z.enum(['agent', 'administrator']),
            permissions: z.array(z.string()).optional(),
          }),
        ),
      }),
    ),
    agent_bots: z
      .array(
        z.strictObject({
          id: z.int().positive(),
          name: nonEmpty,
          access_token: nonEmpty.optional(),
          account_id: z.int().positive().nullable().optional(),
        }),
      )
      .optional(),
    platform_app_tokens: z.array(nonEmpty).optional(),
  })
  .superRefine((c, ctx) => {
    const accounts = new Set(c.accounts.map((a) => a.id));
    requireUnique(ctx, c.accounts, (a) => a.id, 'id', 'accounts');
    requireUnique(ctx, c.users, (u) => u.id, 'id', 'users');
    requireUnique(ctx, c.users, (u) => u.email, 'email', 'users');
    c.users.forEach((u, i) =>
      u.memberships.forEach((m, j) =>
        requireKnown(ctx, accounts, m.account_id, ['users', i, 'memberships', j, 'account_id'], 'account'),
      ),
    );
    const bots = c.agent_bots ?? [];
    requireUnique(ctx, bots, (b) => b.id, 'id', 'agent_bots');
    bots.forEach((b, i) => requireKnown(ctx, accounts, b.account_id, ['agent_bots', i, 'account_id'], 'account'));
    const tokens = [
      ...c.users.map((u, i) => ({ token: u.access_token, path: ['users', i, 'access_token'] })),
      ...bots.map((b, i) => ({ token: b.access_token, path: ['agent_bots', i, 'access_token'] })),
      ...(c.platform_app_tokens ?? []).map((t, i) => ({ token: t, path: ['platform_app_tokens', i] })),
    ];
    const seen = new Set<string>();
    for (const { token, path } of tokens) {
      if (token === undefined) continue;
      if (seen.has(token)) ctx.addIssue({ code: 'custom', path, message: 'access token is used twice' });
      seen.add(token);
    }
  });

const tetherSchema = z
  .strictObject({
    organizations: z.array(z.strictObject({ id: objectId, name: nonEmpty })),
    users: z.array(
      z.strictObject({
        id: objectId,
        email: nonEmpty,
        password: nonEmpty,
        full_name: nonEmpty,
        organization_id: objectId,
        access_role: z.enum(['SUPERADMIN', 'ADMIN', 'DEPARTMENT_HEAD', 'SALES_REP']),
        api_key: nonEmpty.optional(),
      }),
    ),
    prompts: z.array(
      z.strictObject({
        id: objectId,
        organization_id: objectId,
        user_id: objectId,
        name: nonEmpty,
        description: z.string().optional(),
      }),
    ),
    pipelines: z.array(
      z.strictObject({
        id: objectId,
        organization_id: objectId,
        name: nonEmpty,
        type: z.enum(['Contact', 'Application']),
        is_default: z.boolean(),
        stages: z.array(
          z.strictObject({ id: objectId, name: nonEmpty, color: nonEmpty, position: z.int().min(0) }),
        ),
      }),
    ),
    strict_references: z.boolean().optional(),
  })
  .superRefine((t, ctx) => {
    const orgs = new Set(t.organizations.map((o) => o.id));
    const users = new Set(t.users.map((u) => u.id));
    requireUnique(ctx, t.organizations, (o) => o.id, 'id', 'organizations');
    requireUnique(ctx, t.users, (u) => u.id, 'id', 'users');
    requireUnique(ctx, t.users, (u) => u.email.toLowerCase(), 'email', 'users');
    requireUnique(ctx, t.users, (u) => u.api_key, 'api_key', 'users');
    requireUnique(ctx, t.prompts, (p) => p.id, 'id', 'prompts');
    requireUnique(ctx, t.pipelines, (p) => p.id, 'id', 'pipelines');
    requireUnique(ctx, t.pipelines, (p) => `${p.organization_id}/${p.name.trim()}`, 'name', 'pipelines');
    requireUnique(
      ctx,
      t.pipelines,
      (p) => (p.is_default ? `${p.organization_id}/${p.type}` : undefined),
      'is_default',
      'pipelines',
    );
    t.users.forEach((u, i) => requireKnown(ctx, orgs, u.organization_id, ['users', i, 'organization_id'], 'organization'));
    t.prompts.forEach((p, i) => {
      requireKnown(ctx, orgs, p.organization_id, ['prompts', i, 'organization_id'], 'organization');
      requireKnown(ctx, users, p.user_id, ['prompts', i, 'user_id'], 'user');
    });
    t.pipelines.forEach((p, i) =>
      requireKnown(ctx, orgs, p.organization_id, ['pipelines', i, 'organization_id'], 'organization'),
    );
  });

const healthingChannelSchema = z.strictObject({
  id: z.int().positive().optional(),
  tenant_id: z.int(),
  name: nonEmpty,
  channel_type: nonEmpty,
  status: nonEmpty.optional(),
  is_active: z.boolean().optional(),
  is_default: z.boolean().optional(),
  assignment_mode: z.string().nullable().optional(),
});

export type HealthingChannelFixture = z.infer<typeof healthingChannelSchema>;

const healthingSchema = z
  .strictObject({
    access_token_lifetime_s: z.int().positive().optional(),
    tenants: z.array(z.strictObject({ id: z.int(), name: nonEmpty })),
    users: z.array(
      z.strictObject({
        id: z.int().positive(),
        email: nonEmpty,
        password: nonEmpty,
        full_name: nonEmpty,
        tenant_id: z.int(),
        role: nonEmpty,
      }),
    ),
    channels: z.array(healthingChannelSchema),
  })
  .superRefine((h, ctx) => {
    const tenants = new Set(h.tenants.map((t) => t.id));
    requireUnique(ctx, h.tenants, (t) => t.id, 'id', 'tenants');
    requireUnique(ctx, h.users, (u) => u.id, 'id', 'users');
    requireUnique(ctx, h.users, (u) => u.email.toLowerCase(), 'email', 'users');
    requireUnique(ctx, h.channels, (c) => c.id, 'id', 'channels');
    h.users.forEach((u, i) => requireKnown(ctx, tenants, u.tenant_id, ['users', i, 'tenant_id'], 'tenant'));
    h.channels.forEach((c, i) => requireKnown(ctx, tenants, c.tenant_id, ['channels', i, 'tenant_id'], 'tenant'));
  });

/** Checks one seeded Healthing channel against the fixture shape (control surface). */
export function parseHealthingChannel(input: unknown): HealthingChannelFixture {
  const parsed = healthingChannelSchema.safeParse(input);
  if (!parsed.success) throw new UserError(`invalid channel: ${formatIssues(parsed.error.issues, [])}`);
  return parsed.data;
}

export const SECTION_SCHEMAS: Record<VendorName, z.ZodType> = {
  chatwoot: chatwootSchema,
  tether: tetherSchema,
  healthing: healthingSchema,
};

export const topLevelSchema = z.strictObject({
  chatwoot: z.unknown().optional(),
  tether: z.unknown().optional(),
  healthing: z.unknown().optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): string {
  const shown = issues.slice(0, 10).map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

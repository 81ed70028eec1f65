/**
 * The emulator's seed data: the built-in demo set, and user fixture files
 * (YAML or JSON) validated so that a mistake names the file and the field.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Fixtures, VendorName } from './contract.js';
import { OBJECT_ID } from './rng.js';

const ORG_ACME = '65f000000000000000000001';
const ORG_OTHER = '65f000000000000000000002';
const TETHER_ADMIN = '65f0000000000000000000a1';

const DEFAULT_FIXTURES: Fixtures = {
  chatwoot: {
    version: '4.9.1',
    bug_compatible: true,
    inbox_delete_delay_ms: 2000,
    accounts: [
      { id: 1, name: 'Acme Support' },
      { id: 2, name: 'Other Co' },
    ],
    users: [
      {
        id: 1,
        name: 'Ada Admin',
        email: 'admin@acme.test',
        access_token: 'demo-chatwoot-admin-token',
        memberships: [{ account_id: 1, role: 'administrator' }],
      },
      {
        id: 2,
        name: 'Alan Agent',
        email: 'agent@acme.test',
        access_token: 'demo-chatwoot-agent-token',
        memberships: [{ account_id: 1, role: 'agent' }],
      },
      {
        id: 3,
        name: 'Olga Other',
        email: 'admin@other.test',
        access_token: 'demo-chatwoot-other-token',
        memberships: [{ account_id: 2, role: 'administrator' }],
      },
    ],
    agent_bots: [{ id: 1, name: 'Helper bot', access_token: 'demo-chatwoot-bot-token', account_id: 1 }],
    platform_app_tokens: ['demo-chatwoot-platform-token'],
  },
  tether: {
    organizations: [
      { id: ORG_ACME, name: 'Acme' },
      { id: ORG_OTHER, name: 'Other Co' },
    ],
    users: [
      {
        id: TETHER_ADMIN,
        email: 'admin@acme.test',
        password: 'demo-tether-password',
        full_name: 'Ada Admin',
        organization_id: ORG_ACME,
        access_role: 'ADMIN',
        api_key: 'demo-tether-token',
      },
      {
        id: '65f0000000000000000000a2',
        email: 'rep@acme.test',
        password: 'demo-tether-password',
        full_name: 'Sam Sales',
        organization_id: ORG_ACME,
        access_role: 'SALES_REP',
        api_key: 'demo-tether-rep-token',
      },
      {
        id: '65f0000000000000000000a3',
        email: 'admin@other.test',
        password: 'demo-tether-password',
        full_name: 'Olga Other',
        organization_id: ORG_OTHER,
        access_role: 'ADMIN',
        api_key: 'demo-tether-other-token',
      },
    ],
    prompts: [
      { id: '65f0000000000000000000b1', organization_id: ORG_ACME, user_id: TETHER_ADMIN, name: 'Sales assistant' },
      { id: '65f0000000000000000000b2', organization_id: ORG_ACME, user_id: TETHER_ADMIN, name: 'Support assistant' },
      {
        id: '65f0000000000000000000b3',
        organization_id: ORG_OTHER,
        user_id: '65f0000000000000000000a3',
        name: 'Sales assistant',
      },
    ],
    pipelines: [
      {
        id: '65f0000000000000000000d1',
        organization_id: ORG_ACME,
        name: 'Sales',
        type: 'Contact',
        is_default: true,
        stages: [
          { id: '65f0000000000000000000c1', name: 'new', color: '#3B82F6', position: 0 },
          { id: '65f0000000000000000000c2', name: 'qualified', color: '#F59E0B', position: 1 },
          { id: '65f0000000000000000000c3', name: 'won', color: '#10B981', position: 2 },
        ],
      },
      {
        id: '65f0000000000000000000d2',
        organization_id: ORG_ACME,
        name: 'Partners',
        type: 'Contact',
        is_default: false,
        stages: [
          { id: '65f0000000000000000000c4', name: 'lead', color: '#6366F1', position: 0 },
          { id: '65f0000000000000000000c5', name: 'signed', color: '#10B981', position: 1 },
        ],
      },
    ],
    strict_references: false,
  },
  healthing: {
    access_token_lifetime_s: 1800,
    tenants: [
      { id: 1, name: 'Acme' },
      { id: 2, name: 'Other' },
    ],
    users: [
      {
        id: 1,
        email: 'admin@acme.test',
        password: 'demo-healthing-password',
        full_name: 'Ada Admin',
        tenant_id: 1,
        role: 'admin',
      },
      {
        id: 2,
        email: 'admin@other.test',
        password: 'demo-healthing-password',
        full_name: 'Olga Other',
        tenant_id: 2,
        role: 'admin',
      },
    ],
    channels: [
      { id: 1, tenant_id: 1, name: 'WhatsApp main', channel_type: 'whatsapp' },
      { id: 2, tenant_id: 1, name: 'Site chat', channel_type: 'healthing_chat' },
      {
        id: 3,
        tenant_id: 1,
        name: 'WhatsApp backup',
        channel_type: 'whatsapp',
        status: 'disconnected',
        is_active: false,
      },
      { id: 4, tenant_id: 2, name: 'WhatsApp main', channel_type: 'whatsapp' },
    ],
  },
};

/** A fresh copy of the built-in demo fixtures (callers may mutate it). */
export function defaultFixtures(): Fixtures {
  return structuredClone(DEFAULT_FIXTURES);
}

// ---------------------------------------------------------------- schemas

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

const SECTION_SCHEMAS: Record<VendorName, z.ZodType> = {
  chatwoot: chatwootSchema,
  tether: tetherSchema,
  healthing: healthingSchema,
};

const topLevelSchema = z.strictObject({
  chatwoot: z.unknown().optional(),
  tether: z.unknown().optional(),
  healthing: z.unknown().optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): string {
  const shown = issues.slice(0, 10).map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

/**
 * Validates fixtures from `source` (a file name or description used in errors).
 * A missing vendor section falls back to that vendor's defaults.
 */
export function resolveFixtures(input: unknown, source: string): Fixtures {
  const top = topLevelSchema.safeParse(input ?? {});
  if (!top.success) {
    throw new UserError(`invalid emulator fixtures in ${source}: ${formatIssues(top.error.issues, [])}`);
  }
  const defaults = defaultFixtures();
  const out = { ...defaults } as Record<VendorName, unknown>;
  for (const vendor of Object.keys(SECTION_SCHEMAS) as VendorName[]) {
    const section = top.data[vendor];
    if (section === undefined || section === null) continue;
    const parsed = SECTION_SCHEMAS[vendor].safeParse(section);
    if (!parsed.success) {
      throw new UserError(`invalid emulator fixtures in ${source}: ${formatIssues(parsed.error.issues, [vendor])}`);
    }
    out[vendor] = parsed.data;
  }
  return out as unknown as Fixtures;
}

/** Reads a fixtures file; `.json` is parsed as JSON, anything else as YAML (a JSON superset). */
export async function loadFixturesFile(file: string): Promise<Fixtures> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new UserError(`cannot read emulator fixtures file ${file}: ${code}`);
  }
  let data: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UserError(`emulator fixtures file ${file} is not valid JSON (${describeJsonError(err, text)})`);
    }
  } else {
    try {
      data = parseYaml(text);
    } catch (err) {
      // Only the first line: the rest quotes the source, which may hold passwords.
      const first = (err as Error).message.split('\n')[0];
      throw new UserError(`emulator fixtures file ${file} is not valid YAML: ${first}`);
    }
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new UserError(`emulator fixtures file ${file} must hold a mapping with chatwoot/tether/healthing sections`);
  }
  return resolveFixtures(data, file);
}

/**
 * Where a JSON.parse failure happened, without the excerpt of the input that
 * newer Node versions put in the message (the input may hold secrets).
 */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) {
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    const col = Number(position) - before.lastIndexOf('\n');
    return `syntax error at line ${line}, column ${col}`;
  }
  return /unexpected end/i.test(message) ? 'unexpected end of input' : 'syntax error';
}

/**
 * The emulator's built-in demo data set: the accounts, users, tokens and
 * look-up objects the examples, the docs and the tests log in with.
 */
import type { Fixtures } from './contract.js';

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

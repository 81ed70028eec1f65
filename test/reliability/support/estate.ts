/**
 * A seeded help-desk estate: a config spread over portals, inboxes, webchats
 * and channels (with portal ↔ inbox cycles, write-only hours, an email
 * inbox's password and uploaded icons), the Healthing channels it adopts, and
 * a "before" config that leaves undeclared objects and stale versions of some
 * declared ones in the account.
 */
import type { HealthingFixtures } from '../../../src/emulator/contract.js';
import { intBetween, pick, seededRandom } from './campaign.js';

export const PROVIDERS_YAML = `providers:
  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
  tether: { url: "\${env:TETHER_URL}", token: "\${env:TETHER_TOKEN}" }
  healthing: { url: "\${env:HEALTHING_URL}", email: "\${env:HEALTHING_EMAIL}", password: "\${env:HEALTHING_PASSWORD}" }
`;

/** Objects the "before" config creates and the estate never declares: they must survive every run. */
export const UNDECLARED = {
  portals: ['legacy-portal'],
  inboxes: ['Legacy inbox'],
  webchats: ['Legacy widget'],
} as const;

export interface EstateShape {
  portals: number;
  inboxes: number;
  webchats: number;
  channels: number;
}

export interface Estate {
  /** The desired config (providers block included). */
  config: string;
  /** Applied before the campaign: undeclared objects plus stale versions of some declared ones. */
  before: string;
  /** Healthing channels to add to the fixtures (tenant 1): channels cannot be created through the API. */
  channels: HealthingFixtures['channels'];
  /** Icon files the config references, relative to the config directory. */
  icons: Record<string, Uint8Array>;
  /** Declared Healthing business hours per channel name, as the vendor must end up storing them. */
  businessHours: Map<string, Record<string, unknown>>;
  total: number;
}

const COLOURS = ['#1F93FF', '#FF5733', '#10B981', '#6366F1', '#F59E0B', '#111827', '#ffffff', '#abc'];
const ZONES = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Tokyo', 'America/Sao_Paulo'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MODES = ['manual', 'round_robin', 'load_balanced'];
const FIRST_CHANNEL_ID = 100;

const FLAKY_SHAPE: EstateShape = { portals: 12, inboxes: 20, webchats: 16, channels: 12 };

export function generateEstate(seed: number, shape: EstateShape = FLAKY_SHAPE): Estate {
  const random = seededRandom(seed);
  const portals: string[] = [];
  const inboxes: string[] = [];
  const beforePortals: string[] = [];
  const beforeInboxes: string[] = [];
  // Portal i and widget inbox i point at each other for the first third: create both, then link.
  const linked = Math.floor(Math.min(shape.portals, shape.inboxes) / 3);

  for (let i = 0; i < shape.portals; i++) {
    const colour = pick(random, COLOURS);
    const locales = random() < 0.5 ? '[en]' : '[en, fr, de]';
    const lines = [
      `  - slug: p-${seed}-${i}`,
      `    name: Portal ${i}`,
      `    color: "${colour}"`,
      `    header_text: Help ${i}`,
      `    allowed_locales: ${locales}`,
      `    default_locale: en`,
    ];
    if (i < linked) lines.push(`    live_chat_inbox: Widget ${i}`);
    portals.push(lines.join('\n'));
    // A stale version of every third portal exists already: it gets updated, not created.
    if (i % 3 === 2) beforePortals.push(`  - { slug: p-${seed}-${i}, name: Old portal ${i}, color: "#000000" }`);
  }

  for (let i = 0; i < shape.inboxes; i++) {
    const type = i < linked ? 'web_widget' : pick(random, ['web_widget', 'api', 'api', 'email']);
    const name = type === 'web_widget' ? `Widget ${i}` : type === 'api' ? `API ${i}` : `Mail ${i}`;
    const lines = [`  - name: ${name}`];
    if (type === 'web_widget') {
      lines.push(`    channel: { type: web_widget, website_url: https://site${i}.example.com, widget_color: "${pick(random, COLOURS)}", welcome_title: Hi ${i} }`);
    } else if (type === 'api') {
      lines.push(`    channel: { type: api, webhook_url: https://hooks.example.com/${seed}/${i} }`);
    } else {
      lines.push(`    channel: { type: email, email: mail${i}@example.com, imap_enabled: true, imap_address: imap.example.com, imap_port: 993, imap_login: mail${i}, imap_password: "\${env:IMAP_PASSWORD}" }`);
    }
    lines.push(`    greeting_enabled: ${random() < 0.5}`, `    timezone: ${pick(random, ZONES)}`);
    if (random() < 0.5) {
      const open = intBetween(random, 6, 10);
      const close = intBetween(random, 15, 20);
      lines.push(
        '    working_hours_enabled: true',
        '    working_hours:',
        `      - { day_of_week: 1, open_hour: ${open}, open_minutes: 0, close_hour: ${close}, close_minutes: 30 }`,
        `      - { day_of_week: 3, open_hour: ${open}, open_minutes: 15, close_hour: ${close}, close_minutes: 0 }`,
        '      - { day_of_week: 0, closed_all_day: true }',
      );
    }
    if (i < linked) lines.push(`    portal: p-${seed}-${i}`);
    inboxes.push(lines.join('\n'));
    if (type === 'api' && i % 4 === 1) {
      beforeInboxes.push(`  - { name: "${name}", channel: { type: api, webhook_url: https://old.example.com/${i} }, greeting_enabled: true }`);
    }
  }

  const icons: Record<string, Uint8Array> = {};
  const webchats: string[] = [];
  const beforeWebchats: string[] = [];
  for (let i = 0; i < shape.webchats; i++) {
    const lines = [
      `  - name: Webchat ${i}`,
      `    starter_message: Hello from ${seed}/${i}`,
      `    background_color: "${pick(random, COLOURS)}"`,
      `    primary_color: "${pick(random, COLOURS)}"`,
      `    secondary_color: "${pick(random, COLOURS)}"`,
      `    prompt: ${pick(random, ['Sales assistant', 'Support assistant'])}`,
      `    allowed_domains: [https://w${i}.example.com]`,
      `    initial_stage: ${pick(random, ['new', 'qualified'])}`,
      `    is_enabled: ${random() < 0.8}`,
    ];
    if (i % 5 === 0) {
      const file = `icons/webchat-${i}.png`;
      icons[file] = iconBytes(seed, i);
      lines.push(`    icon: ./${file}`);
    }
    webchats.push(lines.join('\n'));
    if (i % 4 === 3) {
      beforeWebchats.push(
        `  - { name: Webchat ${i}, background_color: "#000000", primary_color: "#000000", secondary_color: "#000000", prompt: Sales assistant, allowed_domains: [], initial_stage: new }`,
      );
    }
  }

  const channels: HealthingFixtures['channels'] = [];
  const channelYaml: string[] = [];
  const businessHours = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < shape.channels; i++) {
    const name = `Line ${seed}-${i}`;
    channels.push({ id: FIRST_CHANNEL_ID + i, tenant_id: 1, name, channel_type: pick(random, ['whatsapp', 'healthing_chat', 'instagram']) });
    const week: Record<string, unknown> = {};
    const declaredDays: string[] = [];
    for (const day of WEEKDAYS) {
      if (random() < 0.6) {
        const start = `${String(intBetween(random, 6, 11)).padStart(2, '0')}:00`;
        const end = `${intBetween(random, 12, 22)}:30`;
        week[day] = { enabled: true, start, end };
        declaredDays.push(`      ${day}: { enabled: true, start: "${start}", end: "${end}" }`);
      } else week[day] = { enabled: false };
    }
    businessHours.set(name, week);
    const lines = [`  - name: ${name}`, `    assignment_mode: ${pick(random, MODES)}`];
    lines.push(declaredDays.length > 0 ? `    business_hours:\n${declaredDays.join('\n')}` : '    business_hours: {}');
    channelYaml.push(lines.join('\n'));
  }

  const section = (key: string, items: string[]) => (items.length > 0 ? `${key}:\n${items.join('\n')}\n` : `${key}: []\n`);
  const config = [PROVIDERS_YAML, section('portals', portals), section('inboxes', inboxes), section('webchats', webchats), section('channels', channelYaml)].join('\n');
  const before = [
    PROVIDERS_YAML,
    section('portals', [...beforePortals, `  - { slug: ${UNDECLARED.portals[0]}, name: Legacy portal, color: "#123456" }`]),
    section('inboxes', [...beforeInboxes, `  - { name: ${UNDECLARED.inboxes[0]}, channel: { type: api, webhook_url: https://legacy.example.com } }`]),
    section('webchats', [
      ...beforeWebchats,
      `  - { name: ${UNDECLARED.webchats[0]}, background_color: "#123456", primary_color: "#123456", secondary_color: "#123456", prompt: Sales assistant, allowed_domains: [], initial_stage: new }`,
    ]),
  ].join('\n');
  return { config, before, channels, icons, businessHours, total: shape.portals + shape.inboxes + shape.webchats + shape.channels };
}

/** A tiny PNG-looking file whose content (and so its hash) differs per seed and index. */
function iconBytes(seed: number, index: number): Uint8Array {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return Uint8Array.from([...header, ...new TextEncoder().encode(`icon ${seed} ${index}`)]);
}

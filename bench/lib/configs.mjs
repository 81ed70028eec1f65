/**
 * Generated GitOps configs of N objects spread evenly over the four kinds,
 * one file per kind as a real repo would keep them. Object i is the same in
 * every N, so a larger config extends a smaller one.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ICON } from './paths.mjs';

export const KIND_COUNT = 4;

const PROVIDERS = `providers:
  chatwoot:
    url: \${env:CHATWOOT_URL}
    account_id: 1
    api_token: \${env:CHATWOOT_API_TOKEN}
  tether:
    url: \${env:TETHER_URL}
    token: \${env:TETHER_TOKEN}
  healthing:
    url: \${env:HEALTHING_URL}
    email: \${env:HEALTHING_EMAIL}
    password: \${env:HEALTHING_PASSWORD}
`;

const pad = (i) => String(i).padStart(5, '0');
export const portalSlug = (i) => `bench-portal-${pad(i)}`;
export const inboxName = (i) => `Bench inbox ${pad(i)}`;
export const webchatName = (i) => `Bench webchat ${pad(i)}`;
export const channelName = (i) => `Bench channel ${pad(i)}`;
/** Every tenth portal and web-widget inbox point at each other: the cycle deskform links after creating both. */
const linked = (i) => i % 10 === 0;

function portal(i) {
  return [
    `  - slug: ${portalSlug(i)}`,
    `    name: Help centre ${i}`,
    `    color: "#1F93FF"`,
    `    custom_domain: help-${pad(i)}.example.com`,
    `    header_text: Help centre ${i}`,
    `    page_title: Help ${i}`,
    `    homepage_link: https://www.example.com/${i}`,
    `    default_locale: en`,
    `    allowed_locales: [en, fr]`,
    ...(linked(i) ? [`    live_chat_inbox: ${inboxName(i)}`] : []),
  ].join('\n');
}

function inbox(i) {
  const widget = i % 2 === 0;
  const lines = [`  - name: ${inboxName(i)}`];
  if (widget) {
    lines.push(
      `    channel:`,
      `      type: web_widget`,
      `      website_url: https://site-${i}.example.com`,
      `      widget_color: "#FF5733"`,
      `      welcome_title: Hi there`,
      `      welcome_tagline: We reply fast`,
      `    greeting_enabled: true`,
      `    greeting_message: Hello! How can we help?`,
      `    timezone: America/New_York`,
    );
  } else {
    lines.push(`    channel:`, `      type: api`, `      webhook_url: https://hooks.example.com/${i}`, `    enable_auto_assignment: false`);
  }
  if (i % 4 === 0) {
    lines.push(
      `    working_hours_enabled: true`,
      `    working_hours:`,
      `      - { day_of_week: 1, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }`,
      `      - { day_of_week: 2, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }`,
      `      - { day_of_week: 6, closed_all_day: true }`,
    );
  }
  if (linked(i)) lines.push(`    portal: ${portalSlug(i)}`);
  return lines.join('\n');
}

function webchat(i, name = webchatName(i), withIcon = i % 10 === 0) {
  return [
    `  - name: ${name}`,
    `    starter_message: Hi! Looking for pricing?`,
    `    background_color: "#FFFFFF"`,
    `    primary_color: "#1F2937"`,
    `    secondary_color: "#3B82F6"`,
    `    prompt: Sales assistant`,
    `    allowed_domains: [https://site-${i}.example.com]`,
    `    pipeline: default`,
    `    initial_stage: new`,
    `    is_autopilot: true`,
    `    is_enabled: true`,
    ...(withIcon ? [`    icon: ./assets/widget.png`] : []),
  ].join('\n');
}

function channel(i) {
  const day = (name, end = '18:00') => `      ${name}: { enabled: true, start: "09:00", end: "${end}" }`;
  return [
    `  - name: ${channelName(i)}`,
    `    channel_type: whatsapp`,
    `    assignment_mode: round_robin`,
    `    business_hours:`,
    day('monday'),
    day('tuesday'),
    day('wednesday'),
    day('thursday'),
    day('friday', '17:00'),
  ].join('\n');
}

const section = (key, count, render) => `${key}:\n${Array.from({ length: count }, (_, i) => render(i + 1)).join('\n')}\n`;

/** Writes a config of `n` objects into `dir` (replacing one written before); returns the objects per kind. */
export function writeScaleConfig(dir, n) {
  const perKind = Math.floor(n / KIND_COUNT);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  copyFileSync(ICON, path.join(dir, 'assets/widget.png'));
  writeFileSync(path.join(dir, 'providers.yaml'), PROVIDERS);
  writeFileSync(path.join(dir, 'portals.yaml'), section('portals', perKind, portal));
  writeFileSync(path.join(dir, 'inboxes.yaml'), section('inboxes', perKind, inbox));
  writeFileSync(path.join(dir, 'webchats.yaml'), section('webchats', perKind, webchat));
  writeFileSync(path.join(dir, 'channels.yaml'), section('channels', perKind, channel));
  return perKind;
}

/** Healthing channels `from..to` (1-based) in the emulator's fixture shape, as yet unmanaged. */
export function channelSeeds(from, to) {
  return Array.from({ length: to - from + 1 }, (_, k) => ({ tenant_id: 1, name: channelName(from + k), channel_type: 'whatsapp' }));
}

/** A config with only webchats (the apply benchmarks: one create request each). */
export function writeWebchatConfig(dir, count, prefix) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'providers.yaml'), PROVIDERS);
  writeFileSync(path.join(dir, 'webchats.yaml'), section('webchats', count, (i) => webchat(i, `${prefix} ${pad(i)}`, false)));
}

/** A config of `count` objects for `deskform validate` (no vendor is contacted). */
export function writeValidateConfig(dir, count) {
  const perKind = Math.floor(count / KIND_COUNT);
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  copyFileSync(ICON, path.join(dir, 'assets/widget.png'));
  const text = [PROVIDERS, section('portals', perKind, portal), section('inboxes', perKind, inbox), section('webchats', perKind, webchat), section('channels', perKind, channel)].join('');
  const file = path.join(dir, 'deskform.yaml');
  writeFileSync(file, text);
  return file;
}

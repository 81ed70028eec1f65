/**
 * Canary credentials every campaign runs with, and the scan that proves none
 * of them ever reaches anything a run produced.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { defaultFixtures, type Fixtures } from '../../../src/emulator/index.js';

export const CANARY = {
  chatwootToken: 'CANARY-cw-token-4d1f0a9b',
  tetherToken: 'CANARY-tether-token-8e27c3',
  tetherPassword: 'CANARY-tether-pass-19fb62',
  healthingPassword: 'CANARY-hpass-c0ffee71',
  imapPassword: 'CANARY-imap-pass-5a5a11',
} as const;

/** Demo fixtures whose admin credentials are the canaries. */
export function canaryFixtures(): Fixtures {
  const fixtures = defaultFixtures();
  fixtures.chatwoot.users[0]!.access_token = CANARY.chatwootToken;
  fixtures.tether.users[0]!.api_key = CANARY.tetherToken;
  fixtures.tether.users[0]!.password = CANARY.tetherPassword;
  fixtures.healthing.users[0]!.password = CANARY.healthingPassword;
  return fixtures;
}

/** Environment pointing the standard providers block at an emulator, with the canary credentials. */
export function canaryEnv(urls: Record<'chatwoot' | 'tether' | 'healthing', string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    CHATWOOT_URL: urls.chatwoot,
    CHATWOOT_API_TOKEN: CANARY.chatwootToken,
    TETHER_URL: urls.tether,
    TETHER_TOKEN: CANARY.tetherToken,
    TETHER_EMAIL: 'admin@acme.test',
    TETHER_PASSWORD: CANARY.tetherPassword,
    HEALTHING_URL: urls.healthing,
    HEALTHING_EMAIL: 'admin@acme.test',
    HEALTHING_PASSWORD: CANARY.healthingPassword,
    IMAP_PASSWORD: CANARY.imapPassword,
  };
}

/** A leak is any 12 characters of a secret, raw or JSON-escaped: a secret cut short by truncation still leaks. */
const WINDOW = 12;

function fragments(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  return [...new Set(forms.flatMap((form) => (form.length <= WINDOW ? [form] : Array.from({ length: form.length - WINDOW + 1 }, (_, i) => form.slice(i, i + WINDOW)))))];
}

/** Collects everything a campaign produced, then asserts no canary is in any of it. */
export class CanaryScan {
  private readonly produced: Array<{ what: string; text: string }> = [];

  add(what: string, text: string | undefined): void {
    if (text) this.produced.push({ what, text });
  }

  /** Every regular file under `dir` except those `skip` names (the config files, which hold `${env:…}` references only). */
  addFiles(dir: string, skip: (file: string) => boolean = () => false): void {
    for (const file of filesUnder(dir)) if (!skip(file)) this.add(file, readFileSync(file, 'latin1'));
  }

  get size(): number {
    return this.produced.length;
  }

  /** `extra`: secrets only known after the run, such as tokens a vendor issued at login. */
  assertClean(extra: Record<string, string> = {}): void {
    const secrets = Object.entries({ ...CANARY, ...extra }).map(([name, secret]) => ({ name, fragments: fragments(secret) }));
    const leaks: string[] = [];
    for (const { what, text } of this.produced) {
      for (const { name, fragments } of secrets) {
        const leaked = fragments.find((f) => text.includes(f));
        if (leaked !== undefined) leaks.push(`${name} (${JSON.stringify(leaked)}) leaked into ${what}`);
      }
    }
    expect(leaks).toEqual([]);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const info = statSync(full);
    return info.isDirectory() ? filesUnder(full) : info.isFile() ? [full] : [];
  });
}

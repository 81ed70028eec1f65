import { describe, expect, it } from 'vitest';
import { credentialHints } from '../../src/config/credential-hints.js';

const URL = 'https://x.example.com';

describe('credential hints', () => {
  it('name the credential fields of each configured vendor and the variables they were set from', () => {
    const providers = {
      chatwoot: { url: URL, account_id: 1, api_token: 'value-1-secret' },
      tether: { url: URL, token: 'value-2-secret' },
      healthing: { url: URL, email: 'a@b.example', password: 'value-3-secret' },
    };
    const references = {
      chatwoot: { api_token: '${env:CHATWOOT_API_TOKEN}' },
      tether: { token: '${env:TETHER_TOKEN}' },
      healthing: { email: '${env:HEALTHING_EMAIL}', password: '${env:HEALTHING_PASSWORD}' },
    };
    expect(credentialHints(providers, references)).toEqual({
      chatwoot: 'check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})',
      tether: 'check providers.tether.token (set from ${env:TETHER_TOKEN})',
      healthing: 'check providers.healthing.email and password (set from ${env:HEALTHING_EMAIL} and ${env:HEALTHING_PASSWORD})',
    });
  });

  it('say which fields were written in the file, and name no text around a reference', () => {
    const providers = {
      chatwoot: { url: URL, account_id: 1, api_token: 'literal-secret' },
      tether: { url: URL, email: 'a@b.example', password: 'pre-fix-secret' },
    };
    const hints = credentialHints(providers, { tether: { password: 'pre-fix-${env:TETHER_PASSWORD_TAIL}' } });
    expect(hints).toEqual({
      chatwoot: 'check providers.chatwoot.api_token (written in the config file)',
      tether: 'check providers.tether.email and password (email written in the config file, password set from ${env:TETHER_PASSWORD_TAIL})',
    });
    expect(JSON.stringify(hints)).not.toMatch(/secret|pre-fix/);
  });

  it('name a named provider instance\'s block and its own variables', () => {
    const providers = { chatwoot: { url: URL, account_id: 2, api_token: 'value-4-secret' } };
    const references = { chatwoot: { api_token: '${env:DEFAULT_TOKEN}' }, 'chatwoot.brand_b': { api_token: '${env:BRAND_B_TOKEN}' } };
    expect(credentialHints(providers, references, 'brand_b')).toEqual({ chatwoot: 'check providers.chatwoot.brand_b.api_token (set from ${env:BRAND_B_TOKEN})' });
  });

  it('take an escaped $${env:…} for the literal text it is, not a variable', () => {
    const providers = { chatwoot: { url: URL, account_id: 1, api_token: 'abcdefgh${env:LITERAL}' } };
    const hints = credentialHints(providers, { chatwoot: { api_token: 'abcdefgh$${env:LITERAL}' } });
    expect(hints).toEqual({ chatwoot: 'check providers.chatwoot.api_token (written in the config file)' });
  });
});

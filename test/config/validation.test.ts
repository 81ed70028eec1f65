import { describe, expect, test } from 'vitest';
import { PROVIDER_SECRET_FIELDS, providersSchema } from '../../src/config/providers.js';
import { channelKind } from '../../src/kinds/channel.js';
import { inboxKind } from '../../src/kinds/inbox.js';
import { PROVIDERS, load, messages, tree } from './helpers.js';

describe('item validation', () => {
  test('unknown fields are reported one by one at the key, with suggestions from the schema', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: Website
    colour: "#FFFFFF"
    sise: 3
    zzzzzz: 1
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:5: widget "Website": unknown field "colour" (did you mean "color"?)',
      'a.yaml:7:5: widget "Website": unknown field "sise" (did you mean "size"?)',
      'a.yaml:8:5: widget "Website": unknown field "zzzzzz"',
    ]);
  });

  test('nested unknown fields name their path and suggest from the nested schema', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: W
    channel: { type: web, website_url: "https://x.example", websiteurl: 1 }
`,
    });
    expect(await messages(dir)).toEqual(['a.yaml:6:61: widget "W": unknown field "channel.websiteurl" (did you mean "website_url"?)']);
  });

  test('wrong types say what was expected and what was found, at the value', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: W
    size: 1.5
    enabled: yes
    tags: [a, 2]
    channel: web
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:11: widget "W": size: expected an integer, got a fractional number',
      'a.yaml:7:14: widget "W": enabled: expected true or false, got a string',
      'a.yaml:8:15: widget "W": tags[1]: expected a string, got a number',
      'a.yaml:9:14: widget "W": channel: expected a mapping, got a string',
    ]);
  });

  test('custom refinement messages pass through; bounds and formats read as sentences', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: W
    color: red
    size: 0
    channel: { type: web, website_url: not a url }
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:12: widget "W": color: must be a hex colour like #1F93FF',
      'a.yaml:7:11: widget "W": size: must be greater than 0',
      'a.yaml:8:40: widget "W": channel.website_url: expected a URL',
    ]);
  });

  test('missing fields are reported at the mapping that lacks them; the subject falls back to the item number', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: First
  - size: 2
  - name: Third
    channel: { website_url: "https://x.example" }
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:5: widget #2: missing required field "name"',
      'a.yaml:8:14: widget "Third": missing required field "channel.type" (one of "web", "api")',
    ]);
  });

  test('a bad discriminator lists the allowed values, and suggests the closest one', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: W\n    channel: { type: webb }\n  - name: V\n    channel: { type: sms }\n` });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:22: widget "W": channel.type: expected one of "web", "api" (did you mean "web"?)',
      'a.yaml:8:22: widget "V": channel.type: expected one of "web", "api"',
    ]);
  });

  test("an inbox's misspelt channel type gets the loader's wording and the closest type", async () => {
    const dir = tree({
      'a.yaml': `providers:
  chatwoot: { url: "https://cw.example.com", account_id: 1, api_token: tok-secret-1 }
inboxes:
  - name: Website
    channel:
      type: webwidget
`,
    });
    expect(await messages(dir, { kinds: [inboxKind] })).toEqual([
      'a.yaml:6:13: inbox "Website": channel.type: expected one of "web_widget", "api", "email" (did you mean "web_widget"?)',
    ]);
  });

  test('a misspelt enum value suggests the closest allowed value, and never quotes what was written', async () => {
    const dir = tree({
      'a.yaml': `providers:
  healthing: { url: "https://crm.example.com", email: a@b.example, password: pass-word-1 }
channels:
  - { name: A, assignment_mode: Round-Robin }
  - { name: B, assignment_mode: zzqx-secret-ish }
`,
    });
    expect(await messages(dir, { kinds: [channelKind] })).toEqual([
      'a.yaml:4:33: channel "A": assignment_mode: expected one of "manual", "round_robin", "load_balanced" (did you mean "round_robin"?)',
      'a.yaml:5:33: channel "B": assignment_mode: expected one of "manual", "round_robin", "load_balanced"',
    ]);
  });

  test('list items that are not mappings, and lists that are not lists', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - just a string\ngadgets: { slug: x }\n` });
    expect(await messages(dir)).toEqual([
      'a.yaml:5:5: widget #1: expected a mapping, got a string',
      'a.yaml:6:10: "gadgets" must be a list, got a mapping',
    ]);
  });

  test('every problem in every item is reported, sorted by file then line', async () => {
    const dir = tree({
      'b.yaml': `gadgets:\n  - slug: Bad Slug\n`,
      'a.yaml': `${PROVIDERS}widgets:\n  - name: 1\n  - name: ok\n    enabled: 3\n`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:5:11: widget #1: name: expected a string, got a number',
      'a.yaml:7:14: widget "ok": enabled: expected true or false, got a number',
      'b.yaml:2:11: gadget "Bad Slug": slug: must be lowercase letters, digits and dashes',
    ]);
  });

  test('messages never carry a zod dump', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: W\n    size: "7"\n` });
    const [line] = await messages(dir);
    expect(line).toBe('a.yaml:6:11: widget "W": size: expected an integer, got a string');
  });
});

describe('top level', () => {
  test('unknown top-level keys are reported at the key with a suggestion', async () => {
    const dir = tree({ 'a.yaml': `widgts: []\nprovider: {}\nfoo: 1\n` });
    expect(await messages(dir)).toEqual([
      'a.yaml:1:1: unknown top-level key "widgts" (did you mean "widgets"?)',
      'a.yaml:2:1: unknown top-level key "provider" (did you mean "providers"?)',
      'a.yaml:3:1: unknown top-level key "foo"',
    ]);
  });

  test('a top level that is not a mapping', async () => {
    const dir = tree({ 'a.yaml': `- name: W\n` });
    expect(await messages(dir)).toEqual(['a.yaml:1:1: the top level must be a mapping of sections (providers, widgets, gadgets), got a list']);
  });

  test('an empty file, or one with only comments, is an empty config', async () => {
    const dir = tree({ 'a.yaml': '', 'b.yaml': '# nothing yet\n' });
    const config = await load(dir);
    expect(config.files).toEqual(['a.yaml', 'b.yaml']);
    expect(config.presentKinds.size).toBe(0);
    expect(config.objects.get('widget')).toEqual([]);
  });
});

describe('providers', () => {
  test('providersSchema is strict and PROVIDER_SECRET_FIELDS names the credentials', () => {
    expect(providersSchema.safeParse({ chatwoot: { url: 'https://c.example', account_id: 1, api_token: 'tok-secret-1' } }).success).toBe(true);
    expect(providersSchema.safeParse({ zendesk: {} }).success).toBe(false);
    expect(providersSchema.safeParse({ tether: { url: 'https://t.example', email: 'e', password: 'password-1' } }).success).toBe(true);
    expect(providersSchema.safeParse({ tether: { url: 'https://t.example', email: 'e' } }).success).toBe(false);
    expect([...PROVIDER_SECRET_FIELDS].sort()).toEqual(['api_token', 'password', 'token']);
  });

  test('valid blocks are returned with values substituted and account ids coerced from the environment', async () => {
    const dir = tree({
      'a.yaml': `providers:
  chatwoot: { url: "https://cw.example.com", account_id: "\${env:CW_ACCOUNT}", api_token: "\${env:CW_TOKEN}" }
  tether: { url: "https://t.example.com", email: ops@example.com, password: "\${env:T_PASS}" }
  healthing: { url: "https://h.example.com", email: a@example.com, password: password-1 }
`,
    });
    const config = await load(dir, { env: { CW_ACCOUNT: '42', CW_TOKEN: 'cw-secret', T_PASS: 'tether-pass' } });
    expect(config.providers).toEqual({
      chatwoot: { url: 'https://cw.example.com', account_id: 42, api_token: 'cw-secret' },
      tether: { url: 'https://t.example.com', email: 'ops@example.com', password: 'tether-pass' },
      healthing: { url: 'https://h.example.com', email: 'a@example.com', password: 'password-1' },
    });
  });

  test('bad urls, ids, unknown vendors and mixed tether credentials are located', async () => {
    const dir = tree({
      'a.yaml': `providers:
  chatwoot:
    url: ftp://cw.example.com
    account_id: 0
    api_token: tok-secret-1
  tether: { url: "https://t.example.com", token: tok-secret-x, email: y }
  healthin: {}
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:3:10: providers.chatwoot: url: expected an http:// or https:// URL',
      'a.yaml:4:17: providers.chatwoot: account_id: must be greater than 0',
      'a.yaml:6:64: providers.tether: unknown field "email"',
      'a.yaml:7:3: providers: unknown provider "healthin" (did you mean "healthing"?)',
    ]);
  });

  test('a non-numeric account id from the environment is a type error that does not show the value', async () => {
    const dir = tree({ 'a.yaml': `providers:\n  chatwoot: { url: "https://c.example", account_id: "\${env:ACC}", api_token: tok-secret-1 }\n` });
    const lines = await messages(dir, { env: { ACC: 'forty-two' } });
    expect(lines).toEqual(['a.yaml:2:53: providers.chatwoot: account_id: expected an integer, got a string']);
    expect(lines.join('\n')).not.toContain('forty-two');
  });

  test('a secret shorter than 8 characters is refused where it is written, without showing it', async () => {
    // Masking a short secret in output would mangle ordinary words that happen to contain it.
    const dir = tree({
      'a.yaml': `providers:
  chatwoot: { url: "https://c.example", account_id: 1, api_token: "\${env:CW_TOKEN}" }
  healthing: { url: "https://h.example", email: a@b.c, password: pw1234 }
`,
    });
    const lines = await messages(dir, { env: { CW_TOKEN: 'abc1234' } });
    expect(lines).toEqual([
      'a.yaml:2:67: providers.chatwoot: api_token: is a secret and must be at least 8 characters long (a shorter one could not be masked in output)',
      'a.yaml:3:66: providers.healthing: password: is a secret and must be at least 8 characters long (a shorter one could not be masked in output)',
    ]);
    expect(lines.join('\n')).not.toMatch(/abc1234|pw1234/);
  });

  test('a secret holding a control or bidi character is refused where it is written, without showing it', async () => {
    // Output escapes such characters before masking, so the secret would no longer match and would leak.
    const dir = tree({
      'a.yaml': `providers:
  chatwoot: { url: "https://c.example", account_id: 1, api_token: "\${env:CW_TOKEN}" }
  healthing: { url: "https://h.example", email: a@b.c, password: "pass\\u202Eword-1" }
`,
    });
    const lines = await messages(dir, { env: { CW_TOKEN: 'tok\tsecret-1' } });
    expect(lines).toEqual([
      'a.yaml:2:67: providers.chatwoot: api_token: is a secret and must not hold control or bidi characters (output shows them escaped, where the secret could not be masked)',
      'a.yaml:3:66: providers.healthing: password: is a secret and must not hold control or bidi characters (output shows them escaped, where the secret could not be masked)',
    ]);
    expect(lines.join('\n')).not.toMatch(/secret-1|word-1/);
  });

  test('a field its kind classes as secret is masked where its value turns up elsewhere', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: A, hmac: hmac-canary-1234 }\n  - { name: "Support hmac-canary-1234", size: -1 }\n` });
    const lines = await messages(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('widget "Support (sensitive)": size:');
    expect(lines.join('\n')).not.toContain('hmac-canary-1234');
  });

  test('a secret reused in a name is masked in messages, even where a long name is cut short inside it', async () => {
    const token = 'canary-token-1234567';
    const dir = tree({
      'a.yaml': `providers:
  chatwoot: { url: "https://c.example", account_id: 1, api_token: "\${env:CW_TOKEN}" }
widgets:
  - { name: "Support \${env:CW_TOKEN}", size: -1 }
  - { name: "${'x'.repeat(70)}\${env:CW_TOKEN}", size: -1 }
`,
    });
    const lines = await messages(dir, { env: { CW_TOKEN: token } });
    expect(lines).toEqual([
      'a.yaml:4:46: widget "Support (sensitive)": size: must be greater than 0',
      `a.yaml:5:108: widget "${'x'.repeat(70)}(sensitive)…": size: must be greater than 0`,
    ]);
    expect(lines.join('\n')).not.toContain(token.slice(0, 4));
  });

  test('plain http:// to a host other than loopback is refused at its url, unless allow_insecure_http is set', async () => {
    const refusing = tree({
      'a.yaml': `providers:
  chatwoot: { url: "http://cw.example.com:8080/x", account_id: 1, api_token: tok-secret-1 }
  tether: { url: "http://10.0.0.7", token: tok-secret-2 }
  healthing: { url: "http://h.example.com", email: a@b.c, password: pw-secret-1, allow_insecure_http: true }
`,
    });
    const refused = (host: string) => `plain http:// would send the credentials unencrypted to ${host}: use https://, or set allow_insecure_http to true in this block`;
    expect(await messages(refusing)).toEqual([
      `a.yaml:2:20: providers.chatwoot: url: ${refused('cw.example.com:8080')}`,
      `a.yaml:3:18: providers.tether: url: ${refused('10.0.0.7:80')}`,
    ]);
    const loopback = tree({
      'a.yaml': `providers:
  chatwoot: { url: "http://localhost:3000", account_id: 1, api_token: tok-secret-1 }
  tether: { url: "http://127.8.9.10:4000", email: a@b.c, password: pw-secret-1 }
  healthing: { url: "http://[::1]:5000", email: a@b.c, password: pw-secret-1, allow_insecure_http: false }
`,
    });
    expect((await load(loopback)).providers.healthing?.url).toBe('http://[::1]:5000');
  });

  test('plain http:// to an IPv4-mapped loopback address is loopback; to another IPv4-mapped address it is refused', async () => {
    const mapped = tree({
      'a.yaml': `providers:
  chatwoot: { url: "http://[::ffff:127.0.0.1]:3000", account_id: 1, api_token: tok-secret-1 }
  tether: { url: "http://[0:0:0:0:0:ffff:127.1.2.3]:4000", token: tok-secret-2 }
`,
    });
    const loaded = await load(mapped);
    expect([loaded.providers.chatwoot?.url, loaded.providers.tether?.url]).toEqual(['http://[::ffff:127.0.0.1]:3000', 'http://[0:0:0:0:0:ffff:127.1.2.3]:4000']);
    const remote = tree({ 'a.yaml': `providers:\n  tether: { url: "http://[::ffff:10.0.0.7]", token: tok-secret-2 }\n` });
    expect(await messages(remote)).toEqual([
      'a.yaml:2:18: providers.tether: url: plain http:// would send the credentials unencrypted to [::ffff:a00:7]:80: use https://, or set allow_insecure_http to true in this block',
    ]);
  });

  test('a missing required provider field', async () => {
    const dir = tree({ 'a.yaml': `providers:\n  healthing: { url: "https://h.example", email: a@b.c }\n` });
    expect(await messages(dir)).toEqual(['a.yaml:2:14: providers.healthing: missing required field "password"']);
  });
});

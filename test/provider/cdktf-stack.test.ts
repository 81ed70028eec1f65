/** Loading a synthesized stack (`*.tf.json`): references, variables, providers and located errors. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStack } from '../../src/terraform/cdktf-stack.js';
import { ConfigError, UserError } from '../../src/errors.js';
import { KINDS } from '../../src/kinds/registry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-stack-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { CHATWOOT_URL: 'http://127.0.0.1:9', CHATWOOT_API_TOKEN: 'tok-chatwoot-secret' };
const PORTAL = { slug: 'handbook', name: 'Handbook' };
const INBOX = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://example.com' } };

function stack(doc: object, file = 'cdk.tf.json'): { file: string; text: string } {
  const text = JSON.stringify(doc, null, 2);
  writeFileSync(path.join(dir, file), text);
  return { file, text };
}

const load = (files: string[], env: Record<string, string> = ENV) => loadStack(files, KINDS, { env, cwd: dir });

/** `file:line:col` of the first occurrence of `needle` in `text`. */
function at(file: string, text: string, needle: string): string {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in the stack`);
  const before = text.slice(0, offset).split('\n');
  return `${file}:${before.length}:${before[before.length - 1]!.length + 1}`;
}

async function problems(files: string[], env?: Record<string, string>): Promise<string> {
  const err = await load(files, env).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
}

describe('loadStack', () => {
  it('resolves references to the referenced attribute and maps provider, meta-arguments and nested values', async () => {
    const { file } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: {
        deskform_portal: { hb: { '//': { metadata: {} }, ...PORTAL, live_chat_inbox: '${deskform_inbox.web.name}' } },
        deskform_inbox: {
          web: { ...INBOX, portal: '${deskform_portal.hb.slug}', greeting_message: 'Welcome to ${deskform_portal.hb.name}!', out_of_office_message: 'Back at $${hour}', depends_on: [] },
        },
        aws_s3_bucket: { unrelated: { bucket: 'x' } },
      },
    });
    const config = await load([file]);
    expect(config.providers).toEqual({ chatwoot: { url: 'http://127.0.0.1:9', account_id: 1, api_token: 'tok-chatwoot-secret' } });
    expect(config.objects.get('portal')!.map((o) => o.value)).toEqual([{ ...PORTAL, live_chat_inbox: 'Website' }]);
    const [inbox] = config.objects.get('inbox')!;
    expect(inbox!.key).toBe('Website');
    expect(inbox!.value).toEqual({ ...INBOX, portal: 'handbook', greeting_message: 'Welcome to Handbook!', out_of_office_message: 'Back at ${hour}' });
    expect(inbox!.dir).toBe(dir);
    expect([...config.presentKinds].sort()).toEqual(['inboxes', 'portals']);
    expect(config.files).toEqual([file]);
  });

  it('reports invalid values at their attribute, in kind terms', async () => {
    const { file, text } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: { deskform_portal: { hb: { ...PORTAL, color: 'blue' } }, deskform_inbox: { web: { ...INBOX, channel: { type: 'sms' } } } },
    });
    const message = await problems([file]);
    expect(message).toContain(`${at(file, text, '"blue"')}: deskform_portal.hb: color: must be a hex colour`);
    expect(message).toContain(`${at(file, text, '"sms"')}: deskform_inbox.web: channel.type: expected one of "web_widget", "api", "email"`);
  });

  it('refuses what only Terraform can evaluate, naming the expression and where it is', async () => {
    const { file, text } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: {
        deskform_portal: {
          a: { ...PORTAL, live_chat_inbox: '${deskform_inbox.web.id}' },
          b: { slug: 'b', name: '${deskform_portal.c.name}' },
          c: { slug: 'c', name: '${deskform_portal.b.name}' },
          d: { slug: 'd', name: '${upper("x")}' },
          e: { slug: 'e', name: '${aws_s3_bucket.x.bucket}' },
          f: { slug: 'f', name: 'x ${oops' },
        },
        deskform_inbox: { web: INBOX },
      },
    });
    const message = await problems([file]);
    expect(message).toContain(`${at(file, text, '"${deskform_inbox.web.id}"')}: deskform_portal.a: \${deskform_inbox.web.id} is not set in the stack, so only Terraform would know it (the id is only known after apply`);
    expect(message).toContain('is part of a reference cycle');
    expect(message).toContain(`${at(file, text, '"${upper')}: deskform_portal.d: \${upper("x")} needs Terraform to evaluate`);
    expect(message).toContain(`${at(file, text, '"x ${oops"')}: deskform_portal.f: unsupported template expression`);
    expect(message).not.toContain('which the stack does not declare');
    expect(message).toContain('${aws_s3_bucket.x.bucket} refers to a resource of another provider; only Terraform can resolve it');
  });

  it('takes variables from TF_VAR_ or their default, and never prints their values', async () => {
    const { file } = stack({
      variable: { token: { type: 'string', sensitive: true }, account: { type: 'number', default: 1 } },
      provider: { deskform: [{ chatwoot: { url: 'http://127.0.0.1:9', account_id: '${var.account}', api_token: '${var.token}' } }] },
      resource: { deskform_portal: { hb: PORTAL } },
    });
    const config = await load([file], { TF_VAR_token: 'tok-from-var', TF_VAR_account: '7' });
    expect(config.providers.chatwoot).toEqual({ url: 'http://127.0.0.1:9', account_id: 7, api_token: 'tok-from-var' });
    const missing = await problems([file], {});
    expect(missing).toContain('variable "token" has no value: set TF_VAR_token');
  });

  it('reports unknown resource types, expanding meta-arguments, duplicate keys and undeclared references', async () => {
    const { file, text } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: {
        deskform_portals: { x: PORTAL },
        deskform_portal: { one: PORTAL, two: { ...PORTAL, name: 'Again' }, many: { slug: 'm', name: 'M', count: 2 } },
        deskform_inbox: { web: { ...INBOX, portal: 'nowhere' }, other: { ...INBOX, name: 'Other', portal: 'handbok' } },
      },
    });
    const message = await problems([file]);
    expect(message).toContain(`${at(file, text, '"handbok"')}: inbox "Other": references portal "handbok", which the stack does not declare (did you mean "handbook"?)`);
    expect(message).toContain(`${at(file, text, '"deskform_portals"')}: unknown resource type "deskform_portals" (did you mean "deskform_portal"?)`);
    expect(message).toMatch(/deskform_portal\.two: declares portal "handbook" again \(first at cdk\.tf\.json:\d+:\d+\)/);
    expect(message).toContain(`${at(file, text, '"count"')}: deskform_portal.many: "count" needs Terraform to expand`);
    expect(message).toContain(`${at(file, text, '"nowhere"')}: inbox "Website": references portal "nowhere", which the stack does not declare`);
  });

  it('needs the providers its resources use, from the block or the environment, and hides secrets', async () => {
    const { file, text } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1, url: 'not a url' } }] },
      resource: { deskform_portal: { hb: PORTAL }, deskform_channel: { wa: { name: 'WhatsApp main' } } },
    });
    const message = await problems([file]);
    expect(message).toContain(`${at(file, text, '"not a url"')}: provider.deskform: chatwoot url: `);
    expect(message).toContain('the healthing provider settings are missing: set the healthing block or $HEALTHING_URL');
    expect(message).not.toContain('tok-chatwoot-secret');
  });

  it('masks a provider token or inbox password reused in a name, in messages and in the secrets it returns', async () => {
    const imap = 'imap-secret-pass-1';
    const mail = { name: `Mail ${imap}`, channel: { type: 'email', email: 'help@example.com', imap_password: imap } };
    const { file } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: { deskform_portal: { hb: { ...PORTAL, name: `Docs ${ENV.CHATWOOT_API_TOKEN}` } }, deskform_inbox: { mail } },
    });
    expect([...(await load([file])).secrets].sort()).toEqual([imap, ENV.CHATWOOT_API_TOKEN]);
    const bad = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }] },
      resource: { deskform_inbox: { mail: { ...mail, greeting_enabled: 'maybe' } }, deskform_portal: { hb: { ...PORTAL, live_chat_inbox: `Gone ${imap}` } } },
    }, 'bad.tf.json');
    const message = await problems([bad.file]);
    expect(message).toContain('deskform_inbox.mail: greeting_enabled: expected');
    expect(message).toContain('references inbox "Gone (sensitive)"');
    expect(message).not.toContain(imap);
  });

  it('refuses plain http:// to a host other than loopback at the provider url, unless allow_insecure_http is set', async () => {
    const resource = { deskform_portal: { hb: PORTAL } };
    const refused = stack({ provider: { deskform: [{ chatwoot: { account_id: 1, url: 'http://cw.example.com' } }] }, resource });
    expect(await problems([refused.file])).toContain(
      `${at(refused.file, refused.text, '"http://cw.example.com"')}: provider.deskform: chatwoot url: plain http:// would send the credentials unencrypted to cw.example.com:80`,
    );
    const allowed = stack({ provider: { deskform: [{ chatwoot: { account_id: 1, url: 'http://cw.example.com', allow_insecure_http: true } }] }, resource }, 'allowed.tf.json');
    expect((await load([allowed.file])).providers.chatwoot?.url).toBe('http://cw.example.com');
  });

  it('reads each aliased provider configuration as a provider instance of that name, chosen by the provider meta-argument', async () => {
    const { file } = stack({
      provider: {
        deskform: [
          { alias: 'brand_a', chatwoot: { account_id: 1 } },
          { alias: 'brand_b', chatwoot: { account_id: 2 } },
        ],
      },
      resource: {
        deskform_portal: { hb: { slug: 'b-help', name: 'Help', live_chat_inbox: '${deskform_inbox.b.name}', provider: 'deskform.brand_b' } },
        deskform_inbox: {
          a: { ...INBOX, provider: 'deskform.brand_a' },
          b: { ...INBOX, channel: { type: 'web_widget', website_url: 'https://b.example.com' }, provider: 'deskform.brand_b' },
        },
      },
    });
    const config = await load([file]);
    // The same name in two aliases is two objects; the environment fills what each block leaves out.
    expect(config.objects.get('inbox')!.map((o) => [o.instance, o.key])).toEqual([['brand_a', 'Website'], ['brand_b', 'Website']]);
    expect(config.objects.get('portal')![0]).toMatchObject({ instance: 'brand_b', key: 'b-help', value: { live_chat_inbox: 'Website' } });
    expect([...config.instances!.keys()]).toEqual(['brand_a', 'brand_b']);
    expect(config.instances!.get('brand_b')!.chatwoot).toEqual({ url: 'http://127.0.0.1:9', account_id: 2, api_token: 'tok-chatwoot-secret' });
  });

  it('gives resources that name no provider the unaliased configuration, from the environment when the stack has none', async () => {
    const { file } = stack({
      provider: { deskform: [{ alias: 'brand_a', chatwoot: { account_id: 2 } }] },
      resource: { deskform_inbox: { a: { ...INBOX, provider: 'deskform.brand_a' }, b: INBOX } },
    });
    expect(await problems([file])).toMatch(/^cdk\.tf\.json:1:1: provider\.deskform: missing chatwoot account_id \(set it in the chatwoot block or \$CHATWOOT_ACCOUNT_ID\)$/);
    const config = await load([file], { ...ENV, CHATWOOT_ACCOUNT_ID: '1' });
    expect([...config.instances!.keys()]).toEqual(['default', 'brand_a']);
    expect(config.providers.chatwoot).toMatchObject({ url: 'http://127.0.0.1:9', api_token: 'tok-chatwoot-secret' });
    expect(config.objects.get('inbox')!.map((o) => o.instance ?? 'default')).toEqual(['brand_a', 'default']);
  });

  it('refuses a provider meta-argument naming no alias of the stack, a reference across aliases, and a configuration given twice', async () => {
    const { file, text } = stack({
      provider: { deskform: [{ chatwoot: { account_id: 1 } }, { alias: 'brand_a', chatwoot: { account_id: 1 } }] },
      resource: {
        deskform_portal: { hb: { slug: 'help', name: 'Help', live_chat_inbox: 'Website', provider: 'deskform.brand_a' } },
        deskform_inbox: { a: INBOX, b: { ...INBOX, provider: 'deskform.brand_c' } },
      },
    });
    const lines = (await problems([file])).split('\n');
    expect(lines).toContain(`${at(file, text, '"provider": "deskform.brand_c"')}: deskform_inbox.b: provider "deskform.brand_c" is not a deskform provider of this stack (the stack's aliases are brand_a) (did you mean "brand_a"?)`);
    // Located at the value: the key's column plus `"live_chat_inbox": `.
    const value = at(file, text, '"live_chat_inbox"').replace(/:(\d+)$/, (_m, col: string) => `:${Number(col) + '"live_chat_inbox": '.length}`);
    expect(lines, lines.join('\n')).toContain(`${value}: portal "help": references inbox "Website", which the stack does not declare`);
    expect(lines, lines.join('\n')).toHaveLength(2);

    const twice = stack({ provider: { deskform: [{ chatwoot: { account_id: 1 } }, { chatwoot: { account_id: 2 } }] }, resource: { deskform_inbox: { a: INBOX } } }, 'twice.tf.json');
    expect(await problems([twice.file])).toMatch(/^twice\.tf\.json:\d+:\d+: provider\.deskform: is configured more than once without an alias/);
    const aliasTwice = stack({ provider: { deskform: [{ alias: 'x', chatwoot: { account_id: 1 } }, { alias: 'x', chatwoot: { account_id: 2 } }] }, resource: { deskform_inbox: { a: { ...INBOX, provider: 'deskform.x' } } } }, 'alias-twice.tf.json');
    expect(await problems([aliasTwice.file])).toMatch(/^alias-twice\.tf\.json:\d+:\d+: provider\.deskform: alias "x" is configured more than once$/);
  });

  it('maps the webchat icon attributes and rejects both at once at icon_key', async () => {
    const webchat = { name: 'W', background_color: '#fff', primary_color: '#fff', secondary_color: '#fff', prompt: 'P', allowed_domains: [], initial_stage: 'new' };
    const env = { TETHER_URL: 'http://127.0.0.1:9', TETHER_TOKEN: 'tok-tether-secret' };
    const ok = stack({ resource: { deskform_webchat: { w: { ...webchat, icon_key: 'orgs/1/a.png' } } } }, 'ok.tf.json');
    expect((await load([ok.file], env)).objects.get('webchat')![0]!.value).toMatchObject({ icon: { key: 'orgs/1/a.png' } });
    const both = stack({ resource: { deskform_webchat: { w: { ...webchat, icon: 'a.png', icon_key: 'k' } } } }, 'both.tf.json');
    expect(await problems([both.file], env)).toContain(`${at(both.file, both.text, '"k"')}: deskform_webchat.w: give icon (a local file) or icon_key (an uploaded key), not both`);
  });

  it.skipIf(process.platform === 'win32')('refuses a stack that is not a regular file without waiting on it', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.tf.json')]);
    symlinkSync('gone.tf.json', path.join(dir, 'link.tf.json'));
    expect((await problems(['pipe.tf.json', 'link.tf.json'])).split('\n')).toEqual([
      'pipe.tf.json:1:1: is not a regular file but a FIFO (named pipe)',
      'link.tf.json:1:1: is a dangling symlink to gone.tf.json',
    ]);
  }, 10_000);

  it('reports malformed JSON with its position, and refuses to mix a stack with YAML', async () => {
    writeFileSync(path.join(dir, 'bad.tf.json'), '{\n  "resource": {\n    "deskform_portal": [\n}\n');
    expect(await problems(['bad.tf.json'])).toMatch(/^bad\.tf\.json:\d+:\d+: invalid JSON/);
    await expect(load(['cdk.tf.json', 'deskform.yaml'])).rejects.toThrow(UserError);
  });
});

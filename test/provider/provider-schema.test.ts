/** The Terraform schema derived from the kinds' zod schemas, and the value mapping both front doors share. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { KINDS, kindNamed } from '../../src/kinds/registry.js';
import type { Kind } from '../../src/kinds/types.js';
import {
  attributePathOf,
  attributesFromConfig,
  configFromAttributes,
  followersOf,
  providerSchema,
  providerSchemaDocument,
  PROVIDER_ADDRESS,
  PROVIDER_VERSION,
  requiresReplacePaths,
  resolveProviders,
  resourceSchema,
  type SchemaAttribute,
} from '../../src/terraform/schema.js';

const kind = (name: string) => kindNamed(name)!;
const attrs = (type: string) => providerSchema().resource_schemas[type]!.block.attributes!;

/** Every attribute, nested ones included, with its dotted path. */
function* walk(attributes: Record<string, SchemaAttribute>, prefix = ''): Generator<[string, SchemaAttribute]> {
  for (const [name, a] of Object.entries(attributes)) {
    yield [prefix + name, a];
    if (a.nested_type) yield* walk(a.nested_type.attributes, `${prefix}${name}.`);
  }
}

describe('providerSchema', () => {
  it('has one resource per kind, the data sources and the terraform document envelope', () => {
    const doc = providerSchemaDocument();
    expect(doc.format_version).toBe('1.0');
    expect(doc.provider_versions).toEqual({ [PROVIDER_ADDRESS]: PROVIDER_VERSION });
    const schema = doc.provider_schemas[PROVIDER_ADDRESS]!;
    expect(Object.keys(schema.resource_schemas)).toEqual(KINDS.map((k) => `deskform_${k.kind}`).sort());
    expect(Object.keys(schema.data_source_schemas)).toEqual(['deskform_pipeline', 'deskform_prompt']);
    expect(schema.data_source_schemas.deskform_prompt!.block.attributes!.name!.required).toBe(true);
    expect(schema.data_source_schemas.deskform_pipeline!.block.attributes!.stages!.type).toEqual([
      'list',
      ['object', { color: 'string', id: 'string', name: 'string', position: 'number' }],
    ]);
  });

  it('gives every attribute exactly one type form and valid flags', () => {
    for (const [type, resource] of Object.entries(providerSchema().resource_schemas)) {
      for (const [name, a] of walk(resource.block.attributes!)) {
        const where = `${type}.${name}`;
        expect(Number(a.type !== undefined) + Number(a.nested_type !== undefined), where).toBe(1);
        expect(Boolean(a.required) !== Boolean(a.optional || a.computed), where).toBe(true);
        expect(a.description_kind, where).toBe('plain');
      }
    }
  });

  it('derives types, requiredness and computed ids from the zod schemas', () => {
    const portal = attrs('deskform_portal');
    expect(portal.slug).toMatchObject({ type: 'string', required: true });
    expect(portal.allowed_locales).toMatchObject({ type: ['list', 'string'], optional: true, computed: true });
    expect(portal.archived).toMatchObject({ type: 'bool', optional: true });
    expect(portal.id).toEqual({ type: 'string', description: 'Live id the vendor assigned.', description_kind: 'plain', computed: true });
    expect(portal.protected).toBeUndefined();
    // Where the kind pins by id, the id may be set.
    expect(attrs('deskform_inbox').id).toMatchObject({ type: 'string', optional: true, computed: true });
    // The field's own help (written once, beside its zod schema), then the allowed values.
    expect(attrs('deskform_inbox').sender_name_type!.description).toBe(
      'How the sender of agent replies is shown to contacts. Chatwoot default friendly. One of: "friendly", "professional".',
    );
  });

  it('flattens the inbox channel union into one nested object with a required type', () => {
    const channel = attrs('deskform_inbox').channel!;
    expect(channel.required).toBe(true);
    expect(channel.nested_type!.nesting_mode).toBe('single');
    const fields = channel.nested_type!.attributes;
    expect(fields.type).toMatchObject({ type: 'string', required: true, description: 'One of: "web_widget", "api", "email".' });
    expect(fields.website_url).toMatchObject({ type: 'string', optional: true, description: 'URL of the website the widget is for. Only for type "web_widget".' });
    // The vendor returns every channel field but the secrets: unset, Terraform records the live value.
    expect(fields.website_url!.computed).toBe(true);
    expect(fields.imap_port).toMatchObject({ type: 'number', optional: true, computed: true });
    expect(fields.hmac_mandatory!.description).toMatch(/ Only for type "web_widget", "api"\.$/);
    expect(fields.imap_password).toMatchObject({ sensitive: true, optional: true });
    expect(fields.imap_password!.computed).toBeUndefined();
  });

  it('makes nested lists and objects nested attributes, and leaves write-only hours uncomputed', () => {
    const hours = attrs('deskform_inbox').working_hours!;
    expect(hours.nested_type!.nesting_mode).toBe('list');
    expect(hours.nested_type!.attributes.day_of_week).toMatchObject({ type: 'number', required: true });
    // List items are matched by index, so an item's unset attribute has no live value to take.
    expect(hours.nested_type!.attributes.open_minutes!.computed).toBeUndefined();
    const business = attrs('deskform_channel').business_hours!;
    expect(business).toMatchObject({ optional: true });
    expect(business.computed).toBeUndefined();
    expect(business.nested_type!.attributes.monday!.nested_type!.attributes.enabled).toMatchObject({ type: 'bool', required: true });
    expect(business.nested_type!.attributes.monday!.computed).toBeUndefined();
  });

  it('splits the webchat icon into a file and a key attribute', () => {
    const webchat = attrs('deskform_webchat');
    expect(webchat.icon).toMatchObject({ type: 'string', optional: true });
    expect(webchat.icon!.computed).toBeUndefined();
    expect(webchat.icon_key).toMatchObject({ type: 'string', optional: true, computed: true });
    expect(followersOf(kind('webchat'), 'icon')).toEqual(['icon_key']);
  });

  it('describes the provider block with sensitive credentials and their environment fallbacks', () => {
    const blocks = providerSchema().provider.block.block_types!;
    expect(Object.keys(blocks)).toEqual(['chatwoot', 'healthing', 'tether']);
    expect(blocks.chatwoot!.nesting_mode).toBe('single');
    const chatwoot = blocks.chatwoot!.block.attributes!;
    expect(chatwoot.api_token).toEqual({
      type: 'string',
      description: expect.stringMatching(/^Access token of a Chatwoot administrator .* Defaults to \$CHATWOOT_API_TOKEN\.$/),
      description_kind: 'plain',
      optional: true,
      sensitive: true,
    });
    expect(chatwoot.account_id!.type).toBe('number');
    expect(Object.keys(blocks.tether!.block.attributes!)).toEqual(['allow_insecure_http', 'email', 'password', 'token', 'url']);
    expect(blocks.tether!.block.attributes!.allow_insecure_http).toMatchObject({ type: 'bool', optional: true });
    expect(blocks.tether!.block.attributes!.password!.sensitive).toBe(true);
  });

  it('lists the attributes whose change replaces the object', () => {
    expect(requiresReplacePaths(kind('inbox'))).toEqual([['channel', 'type'], ['id']]);
    expect(requiresReplacePaths(kind('portal'))).toEqual([['slug']]);
    expect(requiresReplacePaths(kind('channel'))).toEqual([['id'], ['name'], ['channel_type']]);
  });

  it('refuses a zod type it cannot map, naming the field', () => {
    const odd = { ...kind('portal'), kind: 'odd', schema: z.strictObject({ name: z.string(), when: z.date().optional() }) } as unknown as Kind;
    expect(() => resourceSchema(odd)).toThrow('cannot map zod type "date" at when to a Terraform type');
  });
});

describe('attribute values ↔ kind config', () => {
  const inbox = kind('inbox');
  const config = {
    name: 'Website',
    channel: { type: 'web_widget', website_url: 'https://example.com', allowed_domains: ['a.example'] },
    working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }],
    portal: 'handbook',
  };

  it('null-fills every attribute and maps back to the same config', () => {
    const values = attributesFromConfig(inbox, config);
    expect(values.greeting_message).toBeNull();
    expect(values.id).toBeNull();
    expect((values.channel as Record<string, unknown>).imap_port).toBeNull();
    expect((values.working_hours as Array<Record<string, unknown>>)[0]!.closed_all_day).toBeNull();
    const back = configFromAttributes(inbox, values);
    expect(back).toEqual({ config, problems: [] });
    expect(inbox.schema.safeParse(back.config).success).toBe(true);
  });

  it('turns a pinned numeric id into the string attribute and back', () => {
    expect(attributesFromConfig(inbox, { ...config, id: 42 }).id).toBe('42');
  });

  it('maps the icon both ways and its error paths to attributes', () => {
    const webchat = kind('webchat');
    expect(attributesFromConfig(webchat, { icon: { key: 'k.png' } })).toMatchObject({ icon: null, icon_key: 'k.png' });
    expect(attributesFromConfig(webchat, { icon: './a.png' })).toMatchObject({ icon: './a.png', icon_key: null });
    expect(configFromAttributes(webchat, { icon: null, icon_key: 'k.png' }).config).toEqual({ icon: { key: 'k.png' } });
    expect(configFromAttributes(webchat, { icon: 'a.png', icon_key: 'k.png' }).problems).toEqual([
      { path: ['icon_key'], message: 'give icon (a local file) or icon_key (an uploaded key), not both' },
    ]);
    expect(attributePathOf(webchat, ['icon', 'key'])).toEqual(['icon_key']);
    expect(attributePathOf(webchat, ['icon', 'file'])).toEqual(['icon']);
    expect(attributePathOf(inbox, ['channel', 'type'])).toEqual(['channel', 'type']);
  });
});

describe('resolveProviders', () => {
  it('fills unset attributes from the environment; explicit values win', () => {
    const { providers, problems } = resolveProviders(
      { chatwoot: { url: 'https://cw.example', account_id: null, api_token: null }, tether: null, healthing: null },
      { CHATWOOT_URL: 'https://ignored.example', CHATWOOT_ACCOUNT_ID: '3', CHATWOOT_API_TOKEN: 'tok-secret-1' },
    );
    expect(problems).toEqual([]);
    expect(providers).toEqual({ chatwoot: { url: 'https://cw.example', account_id: 3, api_token: 'tok-secret-1' } });
  });

  it('keeps to the way of logging in the block chose, and completes the one the environment offers otherwise', () => {
    const env = { TETHER_URL: 'https://t.example', TETHER_TOKEN: 'tok-secret-2', TETHER_EMAIL: 'a@b.c', TETHER_PASSWORD: 'pw-secret-3' };
    expect(resolveProviders({ tether: { email: 'me@b.c' } }, env).providers.tether).toEqual({ url: 'https://t.example', email: 'me@b.c', password: 'pw-secret-3' });
    expect(resolveProviders({}, env).providers.tether).toEqual({ url: 'https://t.example', token: 'tok-secret-2' });
  });

  it('leaves out a vendor only partly set by stray variables, unless it is needed', () => {
    const env = { HEALTHING_URL: 'https://h.example' };
    expect(resolveProviders({}, env)).toEqual({ providers: {}, problems: [] });
    expect(resolveProviders({}, env, new Set(['healthing'] as const)).problems.map((p) => p.path)).toEqual([
      ['healthing', 'email'],
      ['healthing', 'password'],
    ]);
  });

  it('refuses plain http:// to a host other than loopback, from the block or the environment, unless allow_insecure_http is set', () => {
    const message = (host: string) => `plain http:// would send the credentials unencrypted to ${host}: use https://, or set allow_insecure_http to true in this block`;
    const env = { TETHER_URL: 'http://t.example:81', TETHER_TOKEN: 'tok-secret-5' };
    const { problems } = resolveProviders({ chatwoot: { url: 'http://cw.example', account_id: 1, api_token: 'tok-secret-4' } }, env, new Set(['tether'] as const));
    expect(problems).toEqual([
      { path: ['chatwoot', 'url'], message: `chatwoot url: ${message('cw.example:80')}` },
      { path: ['tether', 'url'], message: `tether url: ${message('t.example:81')}` },
    ]);
    const allowed = resolveProviders({ chatwoot: { url: 'http://cw.example', account_id: 1, api_token: 'tok-secret-4', allow_insecure_http: true } }, { TETHER_URL: 'http://127.0.0.1:9', TETHER_TOKEN: 'tok-secret-5' }, new Set(['tether'] as const));
    expect(allowed.problems).toEqual([]);
    expect(allowed.providers.chatwoot?.allow_insecure_http).toBe(true);
  });

  it('requires the vendors in use and names what is missing, never the values', () => {
    const { problems } = resolveProviders({ chatwoot: { url: 'not a url', api_token: 'tok-secret-4' } }, {}, new Set(['chatwoot', 'healthing'] as const));
    const text = JSON.stringify(problems);
    expect(problems).toContainEqual({ path: ['healthing'], message: expect.stringContaining('the healthing provider settings are missing') });
    expect(problems).toContainEqual({ path: ['chatwoot', 'account_id'], message: 'missing chatwoot account_id (set it in the chatwoot block or $CHATWOOT_ACCOUNT_ID)' });
    expect(problems.find((p) => p.path[1] === 'url')?.message).toMatch(/^chatwoot url: /);
    expect(text).not.toContain('tok-secret-4');
    expect(text).not.toContain('not a url');
  });
});

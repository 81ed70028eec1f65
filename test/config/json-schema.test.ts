import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { TEST_KINDS } from './test-kinds.js';

type Schema = Record<string, any>;

describe('configJsonSchema', () => {
  const schema = configJsonSchema(TEST_KINDS, { protect: z.array(z.string()) }) as Schema;

  test('describes the whole file: providers, one list per kind (or empty), extras; nothing else', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['providers', 'widgets', 'gadgets', 'protect']);
    expect(schema.properties.widgets.anyOf.map((s: Schema) => s.type)).toEqual(['array', 'null']);
    const widget = schema.properties.widgets.anyOf[0].items;
    expect(widget.additionalProperties).toBe(false);
    expect(widget.required).toEqual(['name']);
  });

  test('numbers and booleans also accept a whole ${env:X} reference', () => {
    const chatwoot = schema.properties.providers.properties.chatwoot;
    const accountId = chatwoot.properties.account_id;
    expect(accountId.anyOf[0].type).toBe('integer');
    expect(accountId.anyOf[1]).toEqual({ type: 'string', pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$' });
    const pattern = new RegExp(accountId.anyOf[1].pattern);
    expect(pattern.test('${env:CW_ACCOUNT}')).toBe(true);
    expect(pattern.test('12')).toBe(false);
    const enabled = schema.properties.widgets.anyOf[0].items.properties.enabled;
    expect(enabled.anyOf[0].type).toBe('boolean');
  });

  test('constrained strings accept text containing a reference; plain strings and discriminators are left alone', () => {
    const color = schema.properties.widgets.anyOf[0].items.properties.color;
    expect(color.anyOf[0].pattern).toBeDefined();
    expect(new RegExp(color.anyOf[1].pattern).test('#${env:BRAND}')).toBe(true);
    const name = schema.properties.widgets.anyOf[0].items.properties.name;
    expect(name.anyOf).toBeUndefined();
    const web = schema.properties.widgets.anyOf[0].items.properties.channel.oneOf[0];
    expect(web.properties.type).toEqual({ type: 'string', const: 'web' });
  });

  test('tether takes a token or an email and password', () => {
    const tether = schema.properties.providers.properties.tether;
    expect(tether.anyOf.map((s: Schema) => Object.keys(s.properties))).toEqual([
      ['url', 'token', 'allow_insecure_http'],
      ['url', 'email', 'password', 'allow_insecure_http'],
    ]);
  });
});

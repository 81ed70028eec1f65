import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { documentedEnum } from '../../src/config/field-docs.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { TEST_KINDS } from './test-kinds.js';

type Schema = Record<string, any>;

describe('configJsonSchema', () => {
  const schema = configJsonSchema(TEST_KINDS, { protect: z.array(z.string()) }) as Schema;

  test('describes the whole file: providers, one list per kind (or empty), extras; nothing else', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['providers', 'widgets', 'gadgets', 'protect']);
    expect(schema.properties.widgets.type).toEqual(['array', 'null']);
    const widget = schema.properties.widgets.items;
    expect(widget.additionalProperties).toBe(false);
    expect(widget.required).toEqual(['name']);
  });

  test('numbers and booleans also accept a whole ${env:X} reference', () => {
    const chatwoot = schema.properties.providers.properties.chatwoot.anyOf[0];
    const accountId = chatwoot.properties.account_id;
    expect(accountId.anyOf[0].type).toBe('integer');
    expect(accountId.anyOf[1]).toMatchObject({ type: 'string', pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$', title: 'Environment variable' });
    const pattern = new RegExp(accountId.anyOf[1].pattern);
    expect(pattern.test('${env:CW_ACCOUNT}')).toBe(true);
    expect(pattern.test('12')).toBe(false);
    const enabled = schema.properties.widgets.items.properties.enabled;
    expect(enabled.anyOf[0].type).toBe('boolean');
  });

  test('constrained strings accept text containing a reference; plain strings and discriminators are left alone', () => {
    const color = schema.properties.widgets.items.properties.color;
    expect(color.anyOf[0].pattern).toBeDefined();
    expect(new RegExp(color.anyOf[1].pattern).test('#${env:BRAND}')).toBe(true);
    const name = schema.properties.widgets.items.properties.name;
    expect(name.anyOf).toBeUndefined();
    const web = schema.properties.widgets.items.properties.channel.oneOf[0];
    expect(web.properties.type).toEqual({ type: 'string', const: 'web' });
  });

  test('tether takes a token or an email and password', () => {
    const tether = schema.properties.providers.properties.tether.anyOf[0];
    expect(tether.anyOf.map((s: Schema) => Object.keys(s.properties))).toEqual([
      ['url', 'token', 'allow_insecure_http'],
      ['url', 'email', 'password', 'allow_insecure_http'],
    ]);
  });

  test('a vendor takes one block, or named instances of it whose names are plain (keys are never substituted)', () => {
    const chatwoot = schema.properties.providers.properties.chatwoot;
    expect(chatwoot.title).toBe('Chatwoot provider');
    const named = chatwoot.anyOf[1];
    expect(named.propertyNames).toEqual({ type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' });
    expect(named.additionalProperties).toEqual(chatwoot.anyOf[0]);
  });

  test('a nullable value is one node whose type admits null, so hovers do not repeat its title', () => {
    const mode = documentedEnum({ fast: 'Quick.', slow: 'Careful.' }).nullable().optional().meta({ title: 'Mode', description: 'How.' });
    const withMode = configJsonSchema(TEST_KINDS, { mode }) as Schema;
    const node = withMode.properties.mode;
    expect(node.title).toBe('Mode');
    expect(node.anyOf[0]).toMatchObject({ type: ['string', 'null'], enum: ['fast', 'slow', null] });
    expect(node.anyOf[0].enumDescriptions).toEqual(['Quick.', 'Careful.', 'null clears the value.']);
    expect(node.anyOf[1].title).toBe('Text with environment variables');
  });
});

/**
 * Every kind and field in the generated config schema carries editor help:
 * a title, a plain and a markdown description, per-value descriptions for
 * enums, and snippets that are valid config.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDER_SCHEMAS } from '../../src/config/providers.js';
import { configSchema } from '../../src/engine/load/config-sections.js';
import { KINDS } from '../../src/kinds/registry.js';

type Node = Record<string, any>;

/** Every schema node with the JSON path that leads to it. */
function* nodes(node: unknown, path = '#'): Generator<[string, Node]> {
  if (node === null || typeof node !== 'object') return;
  const n = node as Node;
  yield [path, n];
  for (const [name, sub] of Object.entries(n.properties ?? {})) yield* nodes(sub, `${path}/properties/${name}`);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const [i, sub] of (n[key] ?? []).entries()) yield* nodes(sub, `${path}/${key}/${i}`);
  if (n.items) yield* nodes(n.items, `${path}/items`);
}

const HELP = ['title', 'description', 'markdownDescription'];
const missingHelp = (n: Node) => HELP.filter((key) => typeof n[key] !== 'string' || n[key].trim() === '');

describe('editor help in the config schema', () => {
  const schema = configSchema();
  const all = [...nodes(schema)];

  it('every property has a title, a description and a markdown description', () => {
    const properties = all.filter(([path]) => /\/properties\/[^/]+$/.test(path));
    expect(properties.length).toBeGreaterThan(150);
    expect(properties.flatMap(([path, n]) => missingHelp(n).map((key) => `${path}: no ${key}`))).toEqual([]);
  });

  it('every object (each kind, each channel type, each provider variant) is described', () => {
    const objects = all.filter(([, n]) => [n.type].flat().includes('object') && n.properties);
    expect(objects.flatMap(([path, n]) => missingHelp(n).map((key) => `${path}: no ${key}`))).toEqual([]);
  });

  it('every enum value is described, plain and markdown', () => {
    const enums = all.filter(([, n]) => Array.isArray(n.enum));
    expect(enums.length).toBeGreaterThan(4);
    for (const [path, n] of enums) {
      expect(n.enumDescriptions?.length, path).toBe(n.enum.length);
      expect(n.markdownEnumDescriptions?.length, path).toBe(n.enum.length);
      expect([...n.enumDescriptions, ...n.markdownEnumDescriptions].every((d: string) => d.trim() !== ''), path).toBe(true);
    }
  });

  it('plain descriptions carry no markdown', () => {
    const marked = all.filter(([, n]) => /`|\*\*/.test(n.description ?? '')).map(([path]) => path);
    expect(marked).toEqual([]);
  });
});

/** A snippet body as the config it inserts: tab stops replaced by their placeholders, `\$` by `$`. */
function inserted(body: unknown): unknown {
  if (typeof body === 'string') return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$/g, '$');
  if (Array.isArray(body)) return body.map(inserted);
  if (body && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, inserted(v)]));
  return body;
}

const snippetsOf = (schema: unknown): Array<{ label: string; body: unknown }> =>
  ((schema as { meta(): Node | undefined }).meta()?.defaultSnippets ?? []) as Array<{ label: string; body: unknown }>;

describe('snippets are valid config', () => {
  it.each(KINDS.map((k) => [k.kind, k]))('%s offers a snippet its schema accepts', (_name, kind) => {
    const snippets = snippetsOf(kind.schema);
    expect(snippets.length).toBeGreaterThan(0);
    for (const { label, body } of snippets) expect(kind.schema.safeParse(inserted(body)).error, label).toBeUndefined();
  });

  it.each(Object.entries(PROVIDER_SCHEMAS))('the %s provider block offers a snippet its schema accepts, secrets from the environment', (_vendor, schema) => {
    const snippets = snippetsOf(schema);
    expect(snippets.length).toBeGreaterThan(0);
    for (const { label, body } of snippets) {
      const config = inserted(body) as Record<string, string>;
      const secrets = Object.entries(config).filter(([field]) => ['api_token', 'token', 'password'].includes(field));
      expect(secrets.every(([, value]) => /^\$\{env:[A-Z_]+\}$/.test(value)), label).toBe(true);
      // The loader validates after substitution: stand in a value long enough to be a secret.
      const substituted = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/^\$\{env:\w+\}$/, 's3cret-value') : v]));
      expect(schema.safeParse(substituted).error, label).toBeUndefined();
    }
  });
});

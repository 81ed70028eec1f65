/**
 * The JSON Schema (draft 2020-12) of a whole config file, generated from the
 * same zod schemas the loader validates with, for editors such as
 * yaml-language-server.
 *
 * `${env:X}` is substituted in the YAML text before validation, so the schema
 * accepts it wherever a constrained value is expected: a string that is
 * exactly one reference where a number or boolean goes (the loader coerces
 * the substituted text), and a string containing a reference where a string
 * has a format, pattern or enum.
 *
 * yaml-language-server's hover joins the titles of an anyOf's branches when
 * it cannot tell them apart ("Account id || Account id"), so the reference
 * branch carries its own title and a nullable value is one node whose
 * `type` admits null rather than an anyOf with `{type: 'null'}`.
 */
import * as z from 'zod';
import { doc, plainText, type Doc } from './field-docs.js';
import { INSTANCE_NAME, providersSchema } from './providers.js';
import { PROVIDER_FIELD } from './instances.js';
import { ENV_NAME } from './interpolate.js';
import type { ConfigKind } from './types.js';

type JsonSchema = Record<string, unknown>;

const WHOLE_ENV_REF: JsonSchema = {
  type: 'string',
  pattern: `^\\$\\{env:${ENV_NAME}\\}$`,
  ...doc('Environment variable', '`${env:NAME}`: the value of the environment variable NAME, substituted before validation.'),
};
const SOME_ENV_REF: JsonSchema = {
  type: 'string',
  pattern: `\\$\\{env:${ENV_NAME}\\}`,
  ...doc('Text with environment variables', 'Text holding `${env:NAME}` references, each replaced by the environment variable NAME before validation.'),
};

export function configJsonSchema(kinds: readonly ConfigKind[], extraTopLevel: Record<string, z.ZodType> = {}): JsonSchema {
  const shape: Record<string, z.ZodType> = { providers: providersSchema.optional() };
  for (const kind of kinds) shape[kind.configKey] = z.array(withProviderChoice(kind)).nullable().optional().meta(listDoc(kind));
  for (const [name, schema] of Object.entries(extraTopLevel)) shape[name] = schema.optional();
  const generated = z.toJSONSchema(z.strictObject(shape), { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return { ...(acceptEnvRefs(generated) as JsonSchema), ...FILE_DOC };
}

/** The item schema with the `provider:` field the loader reads before the kind sees the item (config/instances.ts). */
function withProviderChoice(kind: ConfigKind): z.ZodType {
  if (!(kind.schema instanceof z.ZodObject)) return kind.schema;
  const choice = z
    .string()
    .regex(new RegExp(`^${kind.vendor}(\\.${INSTANCE_NAME.source.slice(1, -1)})?$`))
    .meta(
      doc(
        'Provider instance',
        `Which \`providers.${kind.vendor}\` instance this object belongs to: \`${kind.vendor}.<name>\` for a named instance. Without it, the instance named \`default\`, or the only one.`,
      ),
    );
  // Extending makes a new schema: the kind's help is carried over to it.
  return kind.schema.safeExtend({ [PROVIDER_FIELD]: choice.optional() }).meta(z.globalRegistry.get(kind.schema) ?? {});
}

const FILE_DOC = doc(
  'deskform configuration',
  'Help-desk configuration as code: the `providers` block and the lists of objects deskform plans and applies. ' +
    'Several files merge; `${env:NAME}` is replaced by an environment variable before validation.',
);

/** A kind's list takes its help from the kind's own (`.meta()` on its item schema), so it is written once. */
function listDoc(kind: ConfigKind): Doc {
  const item = z.globalRegistry.get(kind.schema) as Partial<Doc> | undefined;
  const title = item?.title ?? kind.kind;
  const snippets = item?.defaultSnippets?.map((s) => ({ ...s, body: [s.body] }));
  return doc(`${title} list`, `Each item is one ${title}. ${item?.markdownDescription ?? ''}`.trim(), snippets);
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
// Not propertyNames: keys are never substituted, so a key written as `${env:…}` is no reference.
const SCHEMA_VALUES = ['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'contains', 'if', 'then', 'else'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

function acceptEnvRefs(node: unknown): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: JsonSchema = nullableAsType(node as JsonSchema);
  for (const key of SCHEMA_MAPS) {
    const map = out[key];
    if (map && typeof map === 'object') out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, acceptEnvRefs(v)]));
  }
  for (const key of SCHEMA_VALUES) if (key in out) out[key] = acceptEnvRefs(out[key]);
  for (const key of SCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(acceptEnvRefs);
  const alternative = envAlternative(out);
  return alternative ? { ...hoistedHelp(out), anyOf: [out, alternative] } : out;
}

const HELP_KEYS = ['title', 'description', 'markdownDescription', 'defaultSnippets'];

/** A field's help moves to the anyOf that now stands for it, where editors look for it (enum descriptions stay beside the enum). */
function hoistedHelp(node: JsonSchema): JsonSchema {
  const help: JsonSchema = {};
  for (const key of HELP_KEYS) {
    if (key in node) {
      help[key] = node[key];
      delete node[key];
    }
  }
  return help;
}

/** `{anyOf: [X, {type: 'null'}]}` as X with `type: [X.type, 'null']` (and null among its enum values), when X is one plain type. */
function nullableAsType(node: JsonSchema): JsonSchema {
  const [value, nothing, ...more] = (node.anyOf as JsonSchema[] | undefined) ?? [];
  if (!value || nothing?.type !== 'null' || Object.keys(nothing).length !== 1 || more.length > 0) return { ...node };
  if (typeof value.type !== 'string' || value.anyOf || value.oneOf || value.const !== undefined) return { ...node };
  const { anyOf: _, ...help } = node;
  const merged: JsonSchema = { ...value, ...help, type: [value.type, 'null'] };
  if (Array.isArray(value.enum)) merged.enum = [...value.enum, null];
  const clears = '`null` clears the value.';
  if (Array.isArray(value.enumDescriptions)) merged.enumDescriptions = [...value.enumDescriptions, plainText(clears)];
  if (Array.isArray(value.markdownEnumDescriptions)) merged.markdownEnumDescriptions = [...value.markdownEnumDescriptions, clears];
  return merged;
}

function envAlternative(node: JsonSchema): JsonSchema | undefined {
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'integer' || type === 'number' || type === 'boolean') return WHOLE_ENV_REF;
  if (type === 'string' && node.const === undefined && (node.format !== undefined || node.pattern !== undefined || Array.isArray(node.enum))) {
    return SOME_ENV_REF;
  }
  return undefined;
}

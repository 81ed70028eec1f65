/**
 * cty types (Terraform's type system) as the provider needs them: parsed from
 * their JSON form (`"string"`, `["list","string"]`, `["object",{…}]`) and
 * written back for the schema.
 */

export type CtyType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: CtyType }
  | { kind: 'object'; attributes: Record<string, CtyType>; optional?: string[] }
  | { kind: 'tuple'; elements: CtyType[] };

export const STRING: CtyType = { kind: 'string' };
export const NUMBER: CtyType = { kind: 'number' };
export const BOOL: CtyType = { kind: 'bool' };
export const listOf = (element: CtyType): CtyType => ({ kind: 'list', element });
export const setOf = (element: CtyType): CtyType => ({ kind: 'set', element });
export const mapOf = (element: CtyType): CtyType => ({ kind: 'map', element });
export const objectOf = (attributes: Record<string, CtyType>): CtyType => ({ kind: 'object', attributes });

export function parseType(json: unknown): CtyType {
  if (json === 'string' || json === 'number' || json === 'bool') return { kind: json };
  if (json === 'dynamic') throw new Error('cty type "dynamic" is not used by deskform schemas');
  if (Array.isArray(json)) {
    const [kind, arg, optional] = json as [unknown, unknown, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, element: parseType(arg) };
    if (kind === 'tuple' && Array.isArray(arg)) return { kind, elements: arg.map(parseType) };
    if (kind === 'object' && arg && typeof arg === 'object') {
      const attributes = Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, parseType(v)]));
      return Array.isArray(optional) ? { kind, attributes, optional: optional.map(String) } : { kind, attributes };
    }
  }
  throw new Error(`not a cty type: ${JSON.stringify(json)}`);
}

export function typeJson(type: CtyType): unknown {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return type.kind;
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, typeJson(type.element)];
    case 'tuple':
      return ['tuple', type.elements.map(typeJson)];
    case 'object': {
      const attrs = Object.fromEntries(Object.entries(type.attributes).map(([k, v]) => [k, typeJson(v)]));
      return type.optional ? ['object', attrs, type.optional] : ['object', attrs];
    }
  }
}

/**
 * cty types (Terraform's type system) as the provider needs them, parsed
 * from their JSON form (`"string"`, `["list","string"]`, `["object",{…}]`).
 */

export type CtyType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: CtyType }
  | { kind: 'object'; attributes: Record<string, CtyType> };

export const listOf = (element: CtyType): CtyType => ({ kind: 'list', element });
export const setOf = (element: CtyType): CtyType => ({ kind: 'set', element });
export const mapOf = (element: CtyType): CtyType => ({ kind: 'map', element });
export const objectOf = (attributes: Record<string, CtyType>): CtyType => ({ kind: 'object', attributes });

export function parseType(json: unknown): CtyType {
  if (json === 'string' || json === 'number' || json === 'bool') return { kind: json };
  // Provider schemas never use these for deskform's attributes.
  if (json === 'dynamic' || (Array.isArray(json) && json[0] === 'tuple')) throw new Error(`cty type ${JSON.stringify(json)} is not used by deskform schemas`);
  if (Array.isArray(json)) {
    // An object's optional third element (optional attributes) only matters in type constraints, not values.
    const [kind, arg] = json as [unknown, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, element: parseType(arg) };
    if (kind === 'object' && arg && typeof arg === 'object') {
      return { kind, attributes: Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, parseType(v)])) };
    }
  }
  throw new Error(`not a cty type: ${JSON.stringify(json)}`);
}

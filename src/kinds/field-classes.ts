/** Field classes are declared by path prefix: a class on `business_hours` covers `business_hours.monday`; the engine reads them through this. */
import type { FieldClass, Kind } from './types.js';

/** The field class of `path` or of its nearest classified ancestor. */
export function fieldClassOf(kind: Pick<Kind, 'fieldClasses'>, path: readonly (string | number)[]): FieldClass | undefined {
  for (let n = path.length; n > 0; n--) {
    const cls = kind.fieldClasses[path.slice(0, n).join('.')];
    if (cls) return cls;
  }
  return undefined;
}

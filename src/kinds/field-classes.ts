/** Field classes are declared by path prefix: a class on `business_hours` covers `business_hours.monday`; the engine reads them through this. */
import type { FieldClass, Kind } from './types.js';

/** The field class of `path` or of its nearest classified ancestor. */
export function fieldClassOf(kind: Pick<Kind, 'fieldClasses'>, path: readonly (string | number)[]): FieldClass | undefined {
  return fieldClassAt(kind, path.join('.'));
}

/** `fieldClassOf` for a dotted path (`channel.imap_password`), the way field maps name fields: no array per call, as the planner asks per field of every object. */
export function fieldClassAt(kind: Pick<Kind, 'fieldClasses'>, dotted: string): FieldClass | undefined {
  for (let end = dotted.length; end > 0; end = dotted.lastIndexOf('.', end - 1)) {
    const cls = kind.fieldClasses[end === dotted.length ? dotted : dotted.slice(0, end)];
    if (cls) return cls;
  }
  return undefined;
}

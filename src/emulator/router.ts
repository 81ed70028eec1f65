/**
 * Route matching for vendor modules and the control surface. Patterns are
 * compiled once into segment lists; a request is matched segment by segment
 * against the routes of its method, most specific first.
 */
import type { RouteDef } from './contract.js';

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute<S> {
  def: RouteDef<S>;
  segments: Segment[];
}

export interface RouteMatch<S> {
  route: RouteDef<S>;
  params: Record<string, string>;
}

/** Splits a path into segments; a trailing slash is not significant. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
}

function compilePattern(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
  const names = new Set<string>();
  return splitPath(pattern).map((part) => {
    if (!part.startsWith(':')) return { kind: 'static', value: part };
    const name = part.slice(1);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad parameter name in route pattern ${pattern}`);
    if (names.has(name)) throw new Error(`duplicate parameter :${name} in route pattern ${pattern}`);
    names.add(name);
    return { kind: 'param', name };
  });
}

/** Static segments beat parameters at the first position where two patterns differ. */
function bySpecificity<S>(a: CompiledRoute<S>, b: CompiledRoute<S>): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const ka = a.segments[i]!.kind;
    const kb = b.segments[i]!.kind;
    if (ka !== kb) return ka === 'static' ? -1 : 1;
  }
  return a.segments.length - b.segments.length;
}

function shapeKey(segments: Segment[]): string {
  return segments.map((s) => (s.kind === 'static' ? `/${s.value}` : '/:')).join('');
}

export class Router<S> {
  private readonly byMethod = new Map<string, CompiledRoute<S>[]>();

  constructor(routes: readonly RouteDef<S>[]) {
    const seen = new Set<string>();
    for (const def of routes) {
      const segments = compilePattern(def.pattern);
      const key = `${def.method} ${shapeKey(segments)}`;
      if (seen.has(key)) throw new Error(`two routes match the same requests: ${def.method} ${def.pattern}`);
      seen.add(key);
      const list = this.byMethod.get(def.method) ?? [];
      list.push({ def, segments });
      this.byMethod.set(def.method, list);
    }
    for (const list of this.byMethod.values()) list.sort(bySpecificity);
  }

  /** `path` is the raw (percent-encoded) path without query string. */
  match(method: string, path: string): RouteMatch<S> | undefined {
    const candidates = this.byMethod.get(method.toUpperCase());
    if (!candidates) return undefined;
    const parts = splitPath(path);
    for (const candidate of candidates) {
      const params = matchSegments(candidate.segments, parts);
      if (params) return { route: candidate.def, params };
    }
    return undefined;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.kind === 'static') {
      if (segment.value !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[segment.name] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

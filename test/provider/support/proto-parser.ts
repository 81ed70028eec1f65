/**
 * Reads the subset of proto3 our hand-written .proto files use (messages,
 * nested messages and enums, oneofs, repeated and map fields, services), to
 * check the runtime message table against them.
 */
import type { FieldSpec, MessageTable } from '../../../src/provider/protobuf.js';

export interface ParsedProto {
  messages: MessageTable;
  services: Record<string, Record<string, [string, string]>>;
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int64']);

export function parseProto(text: string): ParsedProto {
  const tokens = text
    .replace(/\/\/[^\n]*/g, '')
    .match(/[A-Za-z_][\w.]*|\d+|"[^"]*"|[{}();=<>,]/g) ?? [];
  let pos = 0;
  const next = () => tokens[pos++] ?? '';
  const expect = (t: string) => {
    const got = next();
    if (got !== t) throw new Error(`expected ${t}, got ${got} at token ${pos}`);
  };
  let pkg = '';
  const enums = new Set<string>();
  const raw: Array<{ scope: string; name: string; fields: Array<{ name: string; no: number; type: string; repeated: boolean; map: boolean }> }> = [];
  const services: ParsedProto['services'] = {};

  function parseEnum(scope: string): void {
    enums.add(`${scope}.${next()}`);
    expect('{');
    while (next() !== '}');
  }

  function parseMessage(scope: string): void {
    const full = `${scope}.${next()}`;
    const entry = { scope: full, name: full, fields: [] as (typeof raw)[number]['fields'] };
    raw.push(entry);
    expect('{');
    const fieldsUntilClose = (): void => {
      for (let t = next(); t !== '}'; t = next()) {
        if (t === 'message') parseMessage(full);
        else if (t === 'enum') parseEnum(full);
        else if (t === 'oneof') {
          next();
          expect('{');
          fieldsUntilClose();
        } else {
          let repeated = false;
          let isMap = false;
          let type = t;
          if (t === 'repeated') {
            repeated = true;
            type = next();
          } else if (t === 'map') {
            expect('<');
            expect('string');
            expect(',');
            type = next();
            expect('>');
            isMap = true;
          }
          const name = next();
          expect('=');
          const no = Number(next());
          expect(';');
          entry.fields.push({ name, no, type, repeated, map: isMap });
        }
      }
    };
    fieldsUntilClose();
  }

  for (let t = next(); t !== ''; t = next()) {
    if (t === 'syntax') {
      expect('=');
      next();
      expect(';');
    } else if (t === 'package') {
      pkg = next();
      expect(';');
    } else if (t === 'message') parseMessage(pkg);
    else if (t === 'enum') parseEnum(pkg);
    else if (t === 'service') {
      const svc: Record<string, [string, string]> = {};
      services[`${pkg}.${next()}`] = svc;
      expect('{');
      for (let r = next(); r !== '}'; r = next()) {
        if (r !== 'rpc') throw new Error(`unexpected ${r} in service`);
        const name = next();
        expect('(');
        const req = next();
        expect(')');
        expect('returns');
        expect('(');
        const res = next();
        expect(')');
        expect(';');
        svc[name] = [`${pkg}.${req}`, `${pkg}.${res}`];
      }
    } else throw new Error(`unexpected top-level token ${t}`);
  }

  const messageNames = new Set(raw.map((m) => m.name));
  const resolve = (scope: string, type: string): string => {
    if (SCALARS.has(type)) return type;
    for (let s = scope; ; s = s.slice(0, s.lastIndexOf('.'))) {
      const candidate = `${s}.${type}`;
      if (enums.has(candidate)) return 'enum';
      if (messageNames.has(candidate)) return candidate;
      if (!s.includes('.')) throw new Error(`cannot resolve ${type} from ${scope}`);
    }
  };
  const messages: MessageTable = {};
  for (const m of raw) {
    const fields: Record<string, FieldSpec> = {};
    for (const field of m.fields) {
      const spec: FieldSpec = { no: field.no, type: resolve(m.scope, field.type) };
      if (field.repeated) spec.repeated = true;
      if (field.map) spec.map = true;
      fields[field.name] = spec;
    }
    messages[m.name] = fields;
  }
  return { messages, services };
}

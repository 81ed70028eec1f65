/**
 * A small protobuf wire codec driven by the message table in messages.ts.
 * protobufjs + proto-loader would add ~40 ms to every provider launch, and
 * Terraform launches the provider 3–5 times per command.
 *
 * Decoded messages are plain objects holding only the fields present on the
 * wire; unknown fields are skipped, so newer Terraform versions may send more.
 */

export type ScalarType = 'string' | 'bytes' | 'bool' | 'int64' | 'enum';

export interface FieldSpec {
  no: number;
  /** A scalar, or the full name of a message in the table. */
  type: ScalarType | string;
  repeated?: boolean;
  /** `map<string, type>`: on the wire, repeated entries {1: key, 2: value}. */
  map?: boolean;
}

export type MessageTable = Record<string, Record<string, FieldSpec>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- messages are open records keyed by field name
export type Message = Record<string, any>;

const SCALARS = new Set<string>(['string', 'bytes', 'bool', 'int64', 'enum']);
const isVarint = (type: string) => type === 'bool' || type === 'int64' || type === 'enum';

class Writer {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  push(buf: Buffer): void {
    this.chunks.push(buf);
    this.size += buf.length;
  }

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.push(Buffer.from(bytes));
  }

  tag(no: number, wireType: number): void {
    this.varint(no * 8 + wireType);
  }

  lengthDelimited(no: number, bytes: Buffer): void {
    this.tag(no, 2);
    this.varint(bytes.length);
    this.push(bytes);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new Error('protobuf: truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  }

  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('protobuf: truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
}

export class ProtoCodec {
  constructor(private readonly table: MessageTable) {
    for (const [name, fields] of Object.entries(table)) {
      for (const [field, spec] of Object.entries(fields)) {
        if (!SCALARS.has(spec.type) && !table[spec.type]) throw new Error(`${name}.${field}: unknown message type ${spec.type}`);
      }
    }
  }

  encode(type: string, message: Message): Buffer {
    const w = new Writer();
    for (const [field, spec] of Object.entries(this.fields(type))) {
      const value: unknown = message[field];
      if (value === undefined || value === null) continue;
      if (spec.map) {
        for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
          const e = new Writer();
          e.lengthDelimited(1, Buffer.from(key, 'utf8'));
          this.writeValue(e, 2, spec.type, entry);
          w.lengthDelimited(spec.no, e.finish());
        }
      } else if (spec.repeated) {
        for (const item of value as unknown[]) this.writeValue(w, spec.no, spec.type, item);
      } else {
        this.writeValue(w, spec.no, spec.type, value);
      }
    }
    return w.finish();
  }

  decode(type: string, buf: Buffer): Message {
    const fields = this.fields(type);
    const byNumber = new Map(Object.entries(fields).map(([name, spec]) => [spec.no, { name, spec }]));
    const out: Message = {};
    const r = new Reader(buf);
    while (!r.done) {
      const key = Number(r.varint());
      const no = Math.floor(key / 8);
      const wireType = key % 8;
      const field = byNumber.get(no);
      if (!field) {
        r.skip(wireType);
        continue;
      }
      const { name, spec } = field;
      if (spec.map) {
        const entry = this.decodeMapEntry(spec.type, r.bytes());
        (out[name] ??= {})[entry.key] = entry.value;
      } else if (spec.repeated) {
        const list: unknown[] = (out[name] ??= []);
        // Packed encoding (proto3's default for repeated numeric scalars).
        if (wireType === 2 && isVarint(spec.type)) {
          const packed = new Reader(r.bytes());
          while (!packed.done) list.push(scalarOf(spec.type, packed.varint()));
        } else {
          list.push(this.readValue(r, spec.type, wireType));
        }
      } else {
        out[name] = this.readValue(r, spec.type, wireType);
      }
    }
    return out;
  }

  private fields(type: string): Record<string, FieldSpec> {
    const fields = this.table[type];
    if (!fields) throw new Error(`protobuf: unknown message type ${type}`);
    return fields;
  }

  private writeValue(w: Writer, no: number, type: string, value: unknown): void {
    switch (type) {
      case 'string':
        w.lengthDelimited(no, Buffer.from(String(value), 'utf8'));
        return;
      case 'bytes':
        w.lengthDelimited(no, Buffer.from(value as Uint8Array));
        return;
      case 'bool':
        w.tag(no, 0);
        w.varint(value ? 1 : 0);
        return;
      case 'int64':
      case 'enum':
        w.tag(no, 0);
        w.varint(value as number | bigint);
        return;
      default:
        w.lengthDelimited(no, this.encode(type, value as Message));
    }
  }

  private readValue(r: Reader, type: string, wireType: number): unknown {
    if (isVarint(type)) {
      if (wireType !== 0) throw new Error(`protobuf: ${type} field with wire type ${wireType}`);
      return scalarOf(type, r.varint());
    }
    if (wireType !== 2) throw new Error(`protobuf: ${type} field with wire type ${wireType}`);
    const bytes = r.bytes();
    if (type === 'string') return bytes.toString('utf8');
    if (type === 'bytes') return Buffer.from(bytes);
    return this.decode(type, bytes);
  }

  private decodeMapEntry(valueType: string, buf: Buffer): { key: string; value: unknown } {
    const r = new Reader(buf);
    let key = '';
    let value: unknown = SCALARS.has(valueType) ? undefined : {};
    while (!r.done) {
      const tag = Number(r.varint());
      if (tag === (1 << 3) + 2) key = r.bytes().toString('utf8');
      else if (tag >> 3 === 2) value = this.readValue(r, valueType, tag & 7);
      else r.skip(tag & 7);
    }
    return { key, value };
  }
}

function scalarOf(type: string, raw: bigint): unknown {
  if (type === 'bool') return raw !== 0n;
  return Number(BigInt.asIntN(64, raw));
}

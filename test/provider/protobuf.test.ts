import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGES, SERVICES } from '../../src/provider/messages.js';
import { ProtoCodec } from '../../src/provider/protobuf.js';
import { parseProto } from './support/proto-parser.js';

const codec = new ProtoCodec(MESSAGES);
const protoFile = (name: string) => readFileSync(new URL(`../../src/provider/proto/${name}`, import.meta.url), 'utf8');

describe('message table', () => {
  it('says exactly what the .proto files say', () => {
    const parsed = [parseProto(protoFile('tfplugin6.proto')), parseProto(protoFile('grpc_controller.proto'))];
    const all: Record<string, object> = Object.assign({}, ...parsed.map((p) => p.messages));
    // Messages that only namespace others (`message ReadResource { message Request … }`) have no runtime form.
    const names = Object.keys(all);
    const messages = Object.fromEntries(
      Object.entries(all).filter(([name, fields]) => Object.keys(fields).length > 0 || !names.some((n) => n.startsWith(`${name}.`))),
    );
    const services = Object.assign({}, ...parsed.map((p) => p.services));
    expect(MESSAGES).toEqual(messages);
    expect(SERVICES).toEqual(services);
  });

  it('uses tfplugin6 field numbers (spot checks against the published protocol)', () => {
    expect(MESSAGES['tfplugin6.Schema.Attribute']!.nested_type!.no).toBe(10);
    expect(MESSAGES['tfplugin6.Schema.Attribute']!.write_only!.no).toBe(11);
    expect(MESSAGES['tfplugin6.GetProviderSchema.Response']!.server_capabilities!.no).toBe(6);
    expect(MESSAGES['tfplugin6.ValidateProviderConfig.Response']!.diagnostics!.no).toBe(2);
    expect(MESSAGES['tfplugin6.ApplyResourceChange.Response']!.diagnostics!.no).toBe(3);
  });
});

describe('ProtoCodec', () => {
  it('encodes nested repeated messages and oneof members byte for byte', () => {
    const path = { steps: [{ attribute_name: 'channel' }, { element_key_int: 0 }] };
    // steps#1 {attribute_name "channel"}, steps#1 {element_key_int 0}: a zero oneof member is still sent.
    expect(codec.encode('tfplugin6.AttributePath', path).toString('hex')).toBe('0a090a076368616e6e656c0a021800');
    expect(codec.decode('tfplugin6.AttributePath', Buffer.from('0a090a076368616e6e656c0a021800', 'hex'))).toEqual(path);
  });

  it('round-trips maps of messages, bytes, bools, enums and int64', () => {
    const response = {
      provider: { version: 0, block: { attributes: [{ name: 'url', type: Buffer.from('"string"'), optional: true }] } },
      resource_schemas: {
        deskform_portal: {
          version: 3,
          block: {
            attributes: [{ name: 'id', type: Buffer.from('"string"'), computed: true, description_kind: 0 }],
            block_types: [{ type_name: 'x', nesting: 2, min_items: 1, max_items: 2, block: {} }],
          },
        },
      },
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
      diagnostics: [{ severity: 2, summary: 'careful', detail: 'ünïcode' }],
    };
    const bytes = codec.encode('tfplugin6.GetProviderSchema.Response', response);
    expect(codec.decode('tfplugin6.GetProviderSchema.Response', bytes)).toEqual(response);
  });

  it('skips fields it does not know, as newer Terraform versions send more', () => {
    // type_name "a" (1), client_capabilities {deferral_allowed: true} (5), a fixed64 (9) and a fixed32 (10).
    const bytes = Buffer.from('0a0161' + '2a020801' + '490102030405060708' + '5501020304' + '1a0178', 'hex');
    expect(codec.decode('tfplugin6.ReadResource.Request', bytes)).toEqual({ type_name: 'a', private: Buffer.from('x') });
  });

  it('reads packed repeated varints and negative int64', () => {
    const table = { 'x.M': { v: { no: 1, type: 'int64', repeated: true }, n: { no: 2, type: 'int64' } } };
    const c = new ProtoCodec(table);
    const encodedNegative = c.encode('x.M', { n: -1 });
    expect(encodedNegative.toString('hex')).toBe('10ffffffffffffffffff01');
    expect(c.decode('x.M', Buffer.concat([Buffer.from('0a03010203', 'hex'), encodedNegative]))).toEqual({ v: [1, 2, 3], n: -1 });
  });

  it('decodes string-valued maps (legacy flatmap state)', () => {
    const bytes = codec.encode('tfplugin6.RawState', { flatmap: { id: '1', 'tags.%': '0' } });
    expect(codec.decode('tfplugin6.RawState', bytes)).toEqual({ flatmap: { id: '1', 'tags.%': '0' } });
  });

  it('rejects truncated input and unknown types', () => {
    expect(() => codec.decode('tfplugin6.AttributePath', Buffer.from('0a09', 'hex'))).toThrow(/truncated/);
    expect(() => codec.encode('nope', {})).toThrow(/unknown message type/);
    expect(() => new ProtoCodec({ 'x.A': { b: { no: 1, type: 'x.B' } } })).toThrow(/unknown message type x.B/);
  });
});

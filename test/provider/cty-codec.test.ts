import { describe, expect, it } from 'vitest';
import {
  decodeDynamic,
  decodeJson,
  decodeMsgpack,
  encodeMsgpack,
  isWhollyKnown,
  unknown,
  Unknown,
  type CtyValue,
} from '../../src/provider/cty-codec.js';
import { listOf, mapOf, objectOf, parseType, setOf, type CtyType } from '../../src/provider/cty-types.js';

const STRING: CtyType = { kind: 'string' };
const NUMBER: CtyType = { kind: 'number' };
const BOOL: CtyType = { kind: 'bool' };

const portal = objectOf({ color: STRING, id: STRING, name: STRING, slug: STRING });
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('cty types', () => {
  it('parses the JSON type forms', () => {
    const json = ['object', { a: 'string', b: ['list', ['map', 'number']], c: ['set', 'bool'] }];
    expect(parseType(json)).toEqual(objectOf({ a: STRING, b: listOf(mapOf(NUMBER)), c: setOf(BOOL) }));
    expect(parseType(['object', { a: 'string' }, ['a']])).toEqual(objectOf({ a: STRING }));
    expect(() => parseType('dynamic')).toThrow(/not used/);
    expect(() => parseType(['tuple', ['string']])).toThrow(/not used/);
    expect(() => parseType(['list'])).toThrow(/not a cty type/);
  });
});

describe('msgpack values', () => {
  it('decodes what Terraform 1.11 sent for a name refined by a string prefix', () => {
    // Observed for name = "child of ${deskform_portal.a.id}" (terraform-provider-notes §3.6).
    const bytes = Buffer.concat([
      hex('84 a5'), Buffer.from('color'), hex('c0 a2'), Buffer.from('id'), hex('c0 a4'), Buffer.from('name'),
      hex('c7 0e 0c 82 01 c2 02 a9'), Buffer.from('child of '), hex('a4'), Buffer.from('slug'), hex('a1'), Buffer.from('b'),
    ]);
    const value = decodeMsgpack(portal, bytes) as Record<string, CtyValue>;
    expect(value).toMatchObject({ color: null, id: null, slug: 'b' });
    expect(value.name).toBeInstanceOf(Unknown);
    expect((value.name as Unknown).refinement).toEqual({ notNull: true, stringPrefix: 'child of ' });
    expect(isWhollyKnown(value)).toBe(false);
    // Written back with the same refinement, byte for byte.
    expect(encodeMsgpack(portal, value).equals(bytes)).toBe(true);
  });

  it('writes a plain unknown as fixext1 type 0 and never an empty refinement', () => {
    expect(encodeMsgpack(STRING, unknown()).toString('hex')).toBe('d40000');
    expect(encodeMsgpack(STRING, unknown({ stringPrefix: '' })).toString('hex')).toBe('d40000');
    expect(decodeMsgpack(STRING, hex('d40000'))).toBeInstanceOf(Unknown);
    // Any extension type means unknown.
    expect(decodeMsgpack(STRING, hex('d40700'))).toBeInstanceOf(Unknown);
  });

  it('round-trips every refinement', () => {
    const r = { notNull: true, numberLower: [1, true] as [number, boolean], numberUpper: [9.5, false] as [number, boolean], lengthLower: 2, lengthUpper: 4 };
    const back = decodeMsgpack(NUMBER, encodeMsgpack(NUMBER, unknown(r)));
    expect((back as Unknown).refinement).toEqual(r);
  });

  it('round-trips nested objects, lists, sets, maps and nulls', () => {
    const type: CtyType = objectOf({
      id: STRING,
      channel: objectOf({ type: STRING, port: NUMBER, ssl: BOOL, domains: setOf(STRING) }),
      working_hours: listOf(objectOf({ day_of_week: NUMBER, open_hour: NUMBER })),
      labels: mapOf(STRING),
      ratio: NUMBER,
      missing: objectOf({ a: STRING }),
    });
    const value: CtyValue = {
      id: unknown(),
      channel: { type: 'email', port: 993, ssl: true, domains: ['a.test', 'b.test'] },
      working_hours: [{ day_of_week: 1, open_hour: 9 }, { day_of_week: 2, open_hour: unknown() }],
      labels: { team: 'support', empty: null },
      ratio: 0.25,
      missing: null,
    };
    const back = decodeMsgpack(type, encodeMsgpack(type, value));
    expect(back).toEqual(value);
  });

  it('fills absent object attributes with null and drops extra ones', () => {
    const type = objectOf({ a: STRING, b: NUMBER });
    const bytes = encodeMsgpack(type, { a: 'x', extra: 'dropped' } as unknown as CtyValue);
    expect(decodeMsgpack(objectOf({ a: STRING, b: NUMBER, extra: STRING }), bytes)).toEqual({ a: 'x', b: null, extra: null });
  });

  it('accepts numbers as msgpack ints, floats and decimal strings', () => {
    expect(decodeMsgpack(NUMBER, hex('cd 01 00'))).toBe(256);
    expect(decodeMsgpack(NUMBER, hex('cb 3f d0 00 00 00 00 00 00'))).toBe(0.25);
    expect(decodeMsgpack(NUMBER, Buffer.concat([hex('a4'), Buffer.from('1e21')]))).toBe(1e21);
  });

  it('rejects values that do not fit the type, naming the path', () => {
    expect(() => encodeMsgpack(objectOf({ a: listOf(NUMBER) }), { a: [1, 'x'] })).toThrow('a.1: expected a finite number');
    expect(() => decodeMsgpack(objectOf({ a: BOOL }), Buffer.from([0x81, 0xa1, 0x61, 0xa1, 0x78]))).toThrow('a: expected a bool');
  });
});

describe('JSON values', () => {
  it('decodes stored state, upgrading it to the current type', () => {
    const state = '{"id":"prt_1","slug":"help","name":"Help","gone_attribute":true}';
    expect(decodeJson(portal, state)).toEqual({ id: 'prt_1', slug: 'help', name: 'Help', color: null });
  });

  it('prefers msgpack in a DynamicValue and reads JSON when that is what came', () => {
    const viaMsgpack = { msgpack: encodeMsgpack(STRING, 'a'), json: Buffer.from('"b"') };
    expect(decodeDynamic(STRING, viaMsgpack)).toBe('a');
    expect(decodeDynamic(STRING, { json: Buffer.from('"b"') })).toBe('b');
    expect(decodeDynamic(STRING, undefined)).toBeNull();
  });
});

/**
 * Vendor text quoted in refusals is bounded: a hostile vendor's megabyte-long id or name must not become a megabyte-long error.
 * A checked answer is the vendor's own value, not a copy of the fields the check names.
 */
import { describe, expect, it } from 'vitest';
import { MAX_QUOTED_CHARS } from '../../src/config/excerpt.js';
import { expectCreated, expectShape, expectUniqueIds } from '../../src/vendors/http/wire.js';
import * as z from 'zod';
import * as shapes from '../../src/vendors/wire-shapes.js';

const { chatwootInboxShape } = shapes;

const res = { status: 200, body: undefined, method: 'POST', path: '/api/v1/accounts/1/inboxes' };
const LONG_ID = 'x'.repeat(10_000);
const quoted = `${'x'.repeat(MAX_QUOTED_CHARS)}…`;

function messageOf(run: () => void): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('wire refusals', () => {
  it('quote a repeated 10,000-character id only up to the excerpt bound', () => {
    const message = messageOf(() => expectUniqueIds('tether', { ...res, method: 'GET' }, [LONG_ID, LONG_ID], 'webchats'));
    expect(message).toContain(`2 webchats share id ${quoted}`);
    expect(message).not.toContain('x'.repeat(MAX_QUOTED_CHARS + 1));
  });

  it('quote the id and name of a create answer naming another object only up to the excerpt bound', () => {
    const other = messageOf(() => expectCreated('tether', res, { id: LONG_ID, key: 'y'.repeat(10_000) }, { key: 'Support', knownIds: new Set() }));
    expect(other).toContain(`expected a new object "Support", got id ${quoted} "${'y'.repeat(MAX_QUOTED_CHARS)}…"; refused, nothing is written to or recorded under id ${quoted}`);
    const known = messageOf(() => expectCreated('tether', res, { id: LONG_ID, key: 'Support' }, { key: 'Support', knownIds: new Set([LONG_ID]) }));
    expect(known).toContain(`got id ${quoted}, which existed before the create`);
    for (const message of [other, known]) expect(message).not.toContain('x'.repeat(MAX_QUOTED_CHARS + 1));
  });
});

describe('wire shape checks', () => {
  it('answer the checked list itself, with the fields the shape does not name', () => {
    const list = [{ id: 1, name: 'Website', channel_type: 'Channel::WebWidget', greeting_enabled: true, working_hours: [{ day_of_week: 1, open_hour: 9, extra: 'kept' }] }];
    const checked = expectShape('chatwoot', { ...res, method: 'GET' }, list, chatwootInboxShape.array(), { at: 'payload' });
    expect(checked).toBe(list);
    expect(checked[0]).toMatchObject({ greeting_enabled: true, working_hours: [{ extra: 'kept' }] });
  });

  it('come from shapes that only check: a transform or default would be dropped, since the checked value is answered', () => {
    const changing: string[] = [];
    const walk = (schema: z.core.$ZodType, where: string): void => {
      const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
      const inner = (key: string) => walk(def[key] as z.core.$ZodType, where);
      if (def.type === 'object') for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) walk(value, `${where}.${key}`);
      else if (def.type === 'array') inner('element');
      else if (def.type === 'optional' || def.type === 'nullable') inner('innerType');
      else if (def.type === 'union') for (const option of def.options as z.core.$ZodType[]) walk(option, where);
      else if (!['string', 'number', 'boolean'].includes(def.type)) changing.push(`${where}: ${def.type}`);
    };
    const exported = Object.entries(shapes);
    for (const [name, schema] of exported) walk(schema, name);
    expect(exported.length).toBeGreaterThanOrEqual(6);
    expect(changing).toEqual([]);
  });

  it('still refuse an answer a named field does not fit, naming where', () => {
    const message = messageOf(() => expectShape('chatwoot', { ...res, method: 'GET' }, [{ id: 'one', name: 'Website', channel_type: 'x' }], chatwootInboxShape.array(), { at: 'payload' }));
    expect(message).toContain('unexpected response: payload[0].id: expected a number, got a string');
  });
});

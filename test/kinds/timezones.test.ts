/**
 * Inbox time zones: the loader and the JSON Schema accept the same IANA
 * names, those TZInfo (and so Chatwoot) accepts, whatever Node's own list.
 */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/engine/load/config-sections.js';
import { isIanaTimezone } from '../../src/kinds/fields.js';
import { IANA_LINKS, IANA_ZONES } from '../../src/kinds/iana-zones.js';
import { inboxKind } from '../../src/kinds/inbox.js';

const inbox = (timezone: string) => ({ name: 'Support', channel: { type: 'api' }, timezone });
const schemaZones = (): string[] => {
  const items = (configSchema() as any).properties.inboxes.items;
  return items.properties.timezone.anyOf[0].enum;
};

describe('inbox timezone', () => {
  it.each(['America/New_York', 'UTC', 'Etc/UTC', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'Asia/Calcutta', 'US/Eastern', 'Etc/GMT+5'])(
    'accepts %s (current and backward-compatible IANA names)',
    (name) => {
      expect(inboxKind.schema.safeParse(inbox(name)).success).toBe(true);
    },
  );

  it.each(['Eastern Time (US & Canada)', 'america/new_york', 'Mars/Olympus', 'Factory', ''])('refuses %j', (name) => {
    const result = inboxKind.schema.safeParse(inbox(name));
    expect(result.error?.issues[0]?.message).toMatch(/not a known IANA timezone/);
  });

  it("accepts every zone this Node knows (the list is a superset of Intl's)", () => {
    expect(Intl.supportedValuesOf('timeZone').filter((name) => !isIanaTimezone(name))).toEqual([]);
  });

  it('the JSON Schema lists exactly the names the loader accepts, each described', () => {
    const zones = schemaZones();
    expect(zones.length).toBe(IANA_ZONES.length + IANA_LINKS.length);
    expect(zones.filter((name) => !isIanaTimezone(name))).toEqual([]);
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones).toEqual(expect.arrayContaining(['Asia/Kolkata', 'UTC', 'US/Eastern']));
    const items = (configSchema() as any).properties.inboxes.items.properties.timezone.anyOf[0];
    expect(items.markdownEnumDescriptions[zones.indexOf('Asia/Calcutta')]).toBe('Another name for `Asia/Kolkata`');
  });
});

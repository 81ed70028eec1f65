/**
 * Timezone validation. The server accepts TZInfo identifiers only; the
 * emulator approximates that set with the runtime's IANA zone list.
 */
let zones: Set<string> | undefined;

export function isKnownTimezone(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  return zones.has(name);
}

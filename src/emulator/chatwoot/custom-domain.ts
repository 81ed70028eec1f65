/**
 * `parsed_custom_domain` from the portals controller: `URI.parse` the value
 * and keep only the host of an http(s) URL. Ruby raises on nil and on strings
 * its RFC 3986 parser refuses, which the server does not rescue (500).
 */
import { crash } from './responses.js';

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

export function parsedCustomDomain(value: string | null): string | null {
  if (value === null || !URI_CHARS.test(value) || BAD_PERCENT.test(value)) crash();
  if (!/^https?:/i.test(value)) return value;
  // `http:foo` parses as an HTTP URI without a host.
  const m = /^https?:\/\/([^/?#]*)/i.exec(value);
  if (!m) return null;
  const authority = m[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) return hostPort.slice(0, hostPort.indexOf(']') + 1);
  const colon = hostPort.indexOf(':');
  return colon === -1 ? hostPort : hostPort.slice(0, colon);
}

/**
 * The live IMAP/SMTP connection check `PATCH /inboxes/:id` runs on an email
 * inbox when the request enables either (§3.6). It connects with the values
 * in that request only, never the saved ones, and its failure is a 422 that
 * does not stop the channel being saved. The emulator connects nowhere: its
 * check fails unless the request carries address, port, login and password.
 */
import { isBlank, rubyTruthy, type Params } from './cast.js';

const PROTOCOLS = [
  { prefix: 'imap', name: 'IMAP' },
  { prefix: 'smtp', name: 'SMTP' },
];

/** The error text the server renders (`{ message }`), or undefined when the check passes or does not run. */
export function emailConnectionError(channel: Params): string | undefined {
  for (const { prefix, name } of PROTOCOLS) {
    if (!rubyTruthy(channel[`${prefix}_enabled`])) continue;
    const sent = (field: string) => !isBlank(channel[`${prefix}_${field}`]);
    if (!sent('address') || !sent('port')) return `Please check the network connection, ${name} address and try again.`;
    if (!sent('login') || !sent('password')) return `Please check the ${name} credentials and try again.`;
  }
  return undefined;
}

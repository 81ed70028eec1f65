/**
 * Names, keys and vendor messages are text from outside: a control character
 * in one (ESC starting a colour or cursor sequence, a C1 CSI, a bidi override
 * that reorders the rest of the line) would drive the terminal or the page
 * that shows it. Text output shows them as visible escapes instead.
 */

/** DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates: what JSON.stringify leaves raw. */
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL = `[\\u0000-\\u001f${BEYOND_C0}]`;
const CONTROLS = new RegExp(CONTROL, 'g');
const ANY_CONTROL = new RegExp(CONTROL);
const JSON_LEFT_RAW = new RegExp(`[${BEYOND_C0}]`, 'g');
const ANY_BEYOND_C0 = new RegExp(`[${BEYOND_C0}]`);

/** `text` with every control character but those in `keep` written as `\x1b` / `\u202e`. */
export function visible(text: string, keep = ''): string {
  return text.replace(CONTROLS, (c) => (keep.includes(c) ? c : escapeOf(c)));
}

/** Whether visible() would change `text`. */
export function hasControl(text: string): boolean {
  return ANY_CONTROL.test(text);
}

function escapeOf(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * JSON text of `value` in which DEL, C1 and bidi controls are escaped too
 * (JSON.stringify escapes only C0): it parses to the same value, and a
 * terminal or log viewer showing it is not driven by it. Outside strings
 * JSON text never holds them, so escaping them anywhere in it is safe.
 */
export function safeJson(value: unknown, space?: number): string {
  return escapeBeyondC0(JSON.stringify(value, null, space));
}

/** Whether `text` holds a DEL, C1 or bidi control (C0 ones are left to the caller's format). */
export function hasBeyondC0(text: string): boolean {
  return ANY_BEYOND_C0.test(text);
}

/** `text` with every DEL, C1 and bidi control written `\uXXXX`: valid inside JSON strings and YAML double quotes. */
export function escapeBeyondC0(text: string): string {
  return text.replace(JSON_LEFT_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

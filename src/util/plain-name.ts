/**
 * Names a user gives to something deskform turns into a path and prints:
 * one path segment (never `..` or a separator) that reads the same in a
 * terminal, Markdown and JSON.
 */

/** Letters, digits, `.`, `_` and `-`, starting with a letter, digit or `_`; at most 100 characters. */
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

export const PLAIN_NAME_RULE = 'letters, digits, ".", "_" and "-", not starting with "." or "-", at most 100 characters';

export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

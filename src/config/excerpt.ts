/** Bounds user text quoted in messages: a hostile megabyte-long name must not become a megabyte-long error. */

export const MAX_QUOTED_CHARS = 80;

/** The text itself, or its start and an ellipsis when it is longer than `max` characters. */
export function excerpt(text: string, max = MAX_QUOTED_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

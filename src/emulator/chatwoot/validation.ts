/**
 * ActiveModel errors collected during validation, rendered the way
 * `render_record_invalid` does: 422 `{message, attributes}`.
 */
import { halt } from './responses.js';
import { humanize } from './cast.js';

export class RecordErrors {
  private readonly entries: Array<{ attr: string; message: string }> = [];

  add(attr: string, message: string): void {
    this.entries.push({ attr, message });
  }

  blank(attr: string, value: unknown): void {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      this.add(attr, "can't be blank");
    }
  }

  maxLength(attr: string, value: unknown, max: number): void {
    if (typeof value === 'string' && [...value].length > max) {
      this.add(attr, `is too long (maximum is ${max} characters)`);
    }
  }

  taken(attr: string, isTaken: boolean): void {
    if (isTaken) this.add(attr, 'has already been taken');
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Answers 422 when any error was recorded. */
  raiseIfAny(): void {
    if (this.empty) return;
    const attributes: string[] = [];
    for (const e of this.entries) if (!attributes.includes(e.attr)) attributes.push(e.attr);
    halt(422, {
      message: this.entries.map((e) => `${humanize(e.attr)} ${e.message}`).join(', '),
      attributes,
    });
  }
}

/** ApplicationRecord's generic length limits for string (255) and text (20,000) columns. */
export const STRING_MAX = 255;
export const TEXT_MAX = 20_000;

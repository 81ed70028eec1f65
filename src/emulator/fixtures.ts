/**
 * User fixture files (YAML or JSON) read and validated so that a mistake names
 * the file and the field; a vendor section left out keeps the demo defaults.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import type { Fixtures, VendorName } from './contract.js';
import { defaultFixtures } from './fixtures-demo.js';
import { formatIssues, SECTION_SCHEMAS, topLevelSchema } from './fixtures-schema.js';

/**
 * Validates fixtures from `source` (a file name or description used in errors).
 * A missing vendor section falls back to that vendor's defaults.
 */
export function resolveFixtures(input: unknown, source: string): Fixtures {
  const top = topLevelSchema.safeParse(input ?? {});
  if (!top.success) {
    throw new UserError(`invalid emulator fixtures in ${source}: ${formatIssues(top.error.issues, [])}`);
  }
  const defaults = defaultFixtures();
  const out = { ...defaults } as Record<VendorName, unknown>;
  for (const vendor of Object.keys(SECTION_SCHEMAS) as VendorName[]) {
    const section = top.data[vendor];
    if (section === undefined || section === null) continue;
    const parsed = SECTION_SCHEMAS[vendor].safeParse(section);
    if (!parsed.success) {
      throw new UserError(`invalid emulator fixtures in ${source}: ${formatIssues(parsed.error.issues, [vendor])}`);
    }
    out[vendor] = parsed.data;
  }
  return out as unknown as Fixtures;
}

/** Reads a fixtures file; `.json` is parsed as JSON, anything else as YAML (a JSON superset). */
export async function loadFixturesFile(file: string): Promise<Fixtures> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new UserError(`cannot read emulator fixtures file ${file}: ${code}`);
  }
  let data: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UserError(`emulator fixtures file ${file} is not valid JSON (${describeJsonError(err, text)})`);
    }
  } else {
    try {
      data = parseYaml(text);
    } catch (err) {
      // Only the first line: the rest quotes the source, which may hold passwords.
      const first = (err as Error).message.split('\n')[0];
      throw new UserError(`emulator fixtures file ${file} is not valid YAML: ${first}`);
    }
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new UserError(`emulator fixtures file ${file} must hold a mapping with chatwoot/tether/healthing sections`);
  }
  return resolveFixtures(data, file);
}

/**
 * Where a JSON.parse failure happened, without the excerpt of the input that
 * newer Node versions put in the message (the input may hold secrets).
 */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) {
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    const col = Number(position) - before.lastIndexOf('\n');
    return `syntax error at line ${line}, column ${col}`;
  }
  return /unexpected end/i.test(message) ? 'unexpected end of input' : 'syntax error';
}

/**
 * The committed provider schema JSON and CDKTF bindings must be what
 * `npm run gen` makes from the kinds today: regenerate into a temp dir and compare.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBindings, listFiles } from '../../src/cdktf/generate.js';
import { providerSchemaDocument } from '../../src/terraform/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMMITTED = path.join(ROOT, 'src/cdktf/generated');
const HINT = 'run `npm run gen` after changing a kind or the provider schema';
const temp = mkdtempSync(path.join(tmpdir(), 'deskform-bindings-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('generated provider artefacts', () => {
  it(`schema/provider-schema.json matches providerSchemaDocument() (${HINT})`, () => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema/provider-schema.json'), 'utf8'));
    expect(committed).toEqual(providerSchemaDocument());
  });

  it(`src/cdktf/generated matches the bindings generated from the schema (${HINT})`, async () => {
    const fresh = path.join(temp, 'generated');
    const written = await generateBindings(providerSchemaDocument(), fresh);
    expect(await listFiles(COMMITTED)).toEqual(written);
    for (const file of written) {
      expect(readFileSync(path.join(COMMITTED, file), 'utf8'), file).toBe(readFileSync(path.join(fresh, file), 'utf8'));
    }
  }, 60_000);

  // CDKTF is one front door (and archived upstream): the engine must not depend on it.
  it('keeps cdktf and constructs out of everything in src/ but src/cdktf', async () => {
    const offenders: string[] = [];
    for (const file of await listFiles(path.join(ROOT, 'src'))) {
      if (file.startsWith('cdktf/') || !file.endsWith('.ts')) continue;
      const text = readFileSync(path.join(ROOT, 'src', file), 'utf8');
      if (/from\s+['"](cdktf|constructs|@cdktf\/[^'"]*)['"]|import\(\s*['"](cdktf|constructs)['"]/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

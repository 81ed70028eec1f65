import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/engine/load/config-sections.js';

describe('committed config JSON Schema', () => {
  it('matches the schema generated from the kinds (run `npm run gen:schema` after changing a kind)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../schema/deskform.schema.json'), 'utf8'));
    expect(committed).toEqual(configSchema());
  });
});

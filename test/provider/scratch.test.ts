import { test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { providerSchemaDocument } from '../../src/provider/schema.js';
test('poke', () => { writeFileSync('/tmp/schema.json', JSON.stringify(providerSchemaDocument(), null, 2)); });

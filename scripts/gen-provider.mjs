// Writes the provider schema JSON and regenerates the CDKTF bindings from the built package (`npm run gen`).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateBindings } from '../dist/cdktf/generate.js';
import { providerSchemaDocument } from '../dist/terraform/schema.js';

const root = new URL('..', import.meta.url);
const document = providerSchemaDocument();
await writeFile(new URL('schema/provider-schema.json', root), `${JSON.stringify(document, null, 2)}\n`);
const files = await generateBindings(document, fileURLToPath(new URL('src/cdktf/generated', root)));
console.log(`wrote schema/provider-schema.json and ${files.length} files under src/cdktf/generated`);

/** One JSON Schema (draft 2020-12) validator for the contract tests, with formats (uri, email, …) checked. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: under Node's ESM interop its plugin is the `default` of the module object.
const addFormats = ajvFormats.default;

export const REPO = path.resolve(import.meta.dirname, '../..');

/** Annotations yaml-language-server and VS Code read (hover, completion); they never affect validation. */
const EDITOR_KEYWORDS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets'];

/**
 * Compiles a schema file of the repo in strict mode, so a typo'd keyword fails
 * instead of being ignored. strictRequired is off: it flags a valid idiom,
 * `required` in an if/then branch naming a property the parent declares.
 */
export function compileSchema(relativePath: string): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv.compile(JSON.parse(readFileSync(path.join(REPO, relativePath), 'utf8')) as object);
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}

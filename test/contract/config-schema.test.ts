/**
 * The committed config JSON Schema (schema/deskform.schema.json, what
 * `deskform schema` prints and editors load through the yaml-language-server
 * modeline) accepts every example config and rejects the invalid-config
 * corpus cases that are a matter of shape.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileSchema, describeErrors, REPO } from './json-schema-validator.js';

const SCHEMA_FILE = path.join(REPO, 'schema/deskform.schema.json');
const EXAMPLES = path.join(REPO, 'examples');
const CORPUS = path.join(REPO, 'test/fixtures/invalid');

const validate = compileSchema('schema/deskform.schema.json');

/** Parses as the schema sees a file: duplicate keys (a parser matter) kept, warnings quiet. */
const parseYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'), { uniqueKeys: false, logLevel: 'error' });

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFilesUnder(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** A file of an environment's overlay (`…/environments/NAME/*.yaml`): partial objects, whole only once merged with the base. */
const isOverlay = (file: string) => file.split(path.sep).at(-3) === 'environments';

// examples/ci holds GitHub Actions files (a workflow, not a deskform config); overlays are checked merged (test/integration/environments.test.ts).
const exampleConfigs = yamlFilesUnder(EXAMPLES).filter((f) => !f.startsWith(path.join(EXAMPLES, 'ci') + path.sep) && !isOverlay(f));

describe('the config schema accepts every example', () => {
  it('finds the examples', () => {
    expect(exampleConfigs.map((f) => path.relative(EXAMPLES, f))).toEqual(
      expect.arrayContaining(['gitops/providers.yaml', 'gitops/help-center.yaml', 'gitops/webchats.yaml', 'gitops/channels.yaml', 'environments/providers.yaml', 'environments/help-center.yaml']),
    );
  });

  it.each(exampleConfigs.map((f) => [path.relative(REPO, f), f]))('%s', (_name, file) => {
    expect(validate(parseYaml(file)), describeErrors(validate.errors)).toBe(true);
  });

  it.each(exampleConfigs.map((f) => [path.relative(REPO, f), f]))('%s names the schema in its yaml-language-server modeline', (_name, file) => {
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'));
    expect(modeline, 'no modeline').not.toBeNull();
    expect(path.resolve(path.dirname(file), modeline![1]!)).toBe(SCHEMA_FILE);
  });
});

/**
 * Corpus cases by number. Shape problems (unknown fields, wrong types, bad
 * enum values, patterns such as hex colours and HH:MM, missing required
 * fields, ranges, formats, lists nested where a scalar goes) are the schema's
 * to catch, so an editor underlines them while typing.
 */
const SCHEMA_REJECTS = [
  '03', '04', '05', '12', '15', '16', '17', '18', '21', '24', '25', '26', '27', '28', '50', '55', '56', '57', '59', '61', '64', '65', '66', '67', '68',
  '70', '73', '74', '75', '76', '80', '81', '82', '83', '84', '85', '86', '91', '92', '93', '94', '97', '98',
  // Time zones: the schema lists the IANA names the loader accepts.
  '51', '99',
  // Encoding cases the schema rejects only because the bytes decode into junk keys or values.
  '88', '95', '96',
];

/** Not YAML a schema ever sees: the parser refuses the text. */
const PARSER_REJECTS = {
  '01': 'a YAML syntax error',
  '11': 'alias expansion (the parser caps aliases)',
  '19': 'several YAML documents in one file',
  '71': 'nested anchors and aliases (the parser caps aliases)',
  '87': 'binary garbage',
};

/** Well-formed documents whose problem no JSON Schema can express; only `deskform validate` finds them. */
const BEYOND_THE_SCHEMA = {
  '02': 'a duplicate key (the parser, not the schema, sees both; editors flag it on their own)',
  '06': 'a missing environment variable (${env:X} is only text to the schema)',
  '22': 'a malformed ${env:…} reference in a free-text field',
  '07': 'an identity declared twice across files',
  '08': 'a reference to an object that is not declared',
  '09': 'channels without providers.healthing (files merge: the block may live in another file)',
  '10': 'a non-http(s) URL (format "uri" accepts any scheme)',
  '13': 'a NUL byte (a byte-level check of the file)',
  '14': 'invalid UTF-8 (a byte-level check of the file)',
  '20': 'a provider defined in two files',
  '23': 'an unknown YAML tag (dropped; the value is a valid string)',
  '52': 'closing before opening (compares two fields)',
  '53': 'a weekday listed twice (compares list items)',
  '54': 'business hours ending before they start (compares two fields)',
  '58': 'both prompt and prompt_id (exactly one of two fields)',
  '60': 'an inbox named "null" (a refinement)',
  '62': 'an icon path outside the config directory (the file system)',
  '63': 'an icon file that does not exist (the file system)',
  '69': 'an open day without hours (compares fields)',
  '72': 'an alias reusing a value (deskform refuses every alias; the schema sees the expanded value)',
  '77': 'an icon path leaving the config directory, object form (the file system)',
  '78': 'an icon path leaving the config directory mid-path (the file system)',
  '79': 'an icon file of an unsupported type (the file system)',
  '89': 'overlong UTF-8 (a byte-level check of the file)',
  '90': 'an encoded UTF-16 surrogate (a byte-level check of the file)',
};

const corpus = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.expect.json'))
  .map((name) => name.slice(0, -'.expect.json'.length))
  .sort();
const caseFor = (id: string) => corpus.find((base) => base.startsWith(`${id}-`))!;
const filesOf = (base: string) => {
  const target = path.join(CORPUS, base);
  return existsSync(target) ? yamlFilesUnder(target) : [`${target}.yaml`];
};

describe('the config schema and the invalid-config corpus', () => {
  it('classifies every corpus case exactly once', () => {
    const classified = [...SCHEMA_REJECTS, ...Object.keys(PARSER_REJECTS), ...Object.keys(BEYOND_THE_SCHEMA)];
    expect(new Set(classified).size).toBe(classified.length);
    expect(classified.map(caseFor).sort()).toEqual(corpus);
  });

  it.each(SCHEMA_REJECTS.map(caseFor))('rejects %s', (base) => {
    const [file] = filesOf(base);
    expect(validate(parseYaml(file!)), `the schema accepts ${base}`).toBe(false);
  });

  it.each(Object.keys(PARSER_REJECTS).map(caseFor))('%s never reaches the schema: the YAML parser refuses it', (base) => {
    expect(() => parseYaml(filesOf(base)[0]!)).toThrow();
  });

  it.each(Object.entries(BEYOND_THE_SCHEMA).map(([id, why]) => [caseFor(id), why]))('%s passes the schema: %s', (base) => {
    for (const file of filesOf(base)) {
      expect(validate(parseYaml(file)), `the schema now rejects ${base}: move it to SCHEMA_REJECTS`).toBe(true);
    }
  });
});

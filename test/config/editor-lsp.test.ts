/**
 * The committed config schema as an editor sees it: the real
 * yaml-language-server, over LSP, with the schema associated to a file,
 * hovers with the field's help, completes a kind's and a provider block's snippets and flags a wrong
 * enum value. In its own file: starting the server takes a few seconds.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../support/lsp.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(REPO, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SCHEMA = pathToFileURL(path.join(REPO, 'schema/deskform.schema.json')).href;
// Never read from disk: the editor sends the text.
const DOC = pathToFileURL(path.join(REPO, 'test/fixtures/editor/deskform.yaml')).href;
const WRONG = pathToFileURL(path.join(REPO, 'test/fixtures/editor/wrong-enum.yaml')).href;
const PROVIDER = pathToFileURL(path.join(REPO, 'test/fixtures/editor/providers.yaml')).href;

const TEXT = [
  'providers:',
  '  chatwoot:',
  '    url: https://app.chatwoot.com',
  '    account_id: 1',
  '    api_token: ${env:CHATWOOT_API_TOKEN}',
  'inboxes:',
  '  - name: Website',
  '    sender_name_type: friendly',
  '    timezone: Asia/Kolkata',
  '    channel:',
  '      type: web_widget',
  '      website_url: https://example.com',
  '  - ',
  '',
].join('\n');

const WRONG_TEXT = TEXT.replace('sender_name_type: friendly', 'sender_name_type: casual').replace('\n  - \n', '\n');

const SETTINGS = { yaml: { validate: true, hover: true, completion: true, schemas: { [SCHEMA]: [DOC, WRONG, PROVIDER] } } };

let lsp: LspClient;
let diagnostics: { diagnostics: Array<{ message: string; range: { start: { line: number } } }> };

beforeAll(async () => {
  lsp = new LspClient(process.execPath, [SERVER, '--stdio'], (method, params) =>
    method === 'workspace/configuration' ? params.items.map((item: { section?: string }) => (item.section === 'yaml' ? SETTINGS.yaml : null)) : null,
  );
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(REPO).href,
    capabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } } },
  });
  lsp.notify('initialized', {});
  lsp.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
  const diagnosed = lsp.notification('textDocument/publishDiagnostics', (p) => p.uri === WRONG && p.diagnostics.length > 0);
  lsp.notify('textDocument/didOpen', { textDocument: { uri: DOC, languageId: 'yaml', version: 1, text: TEXT } });
  lsp.notify('textDocument/didOpen', { textDocument: { uri: WRONG, languageId: 'yaml', version: 1, text: WRONG_TEXT } });
  lsp.notify('textDocument/didOpen', { textDocument: { uri: PROVIDER, languageId: 'yaml', version: 1, text: 'providers:\n  chatwoot:\n    \n' } });
  // Diagnostics come once the server has loaded the schema: hovers before then find none.
  diagnostics = await diagnosed;
}, 30_000);

afterAll(async () => {
  await lsp?.close();
});

const at = (line: number, character: number, uri = DOC) => ({ textDocument: { uri }, position: { line, character } });

describe('yaml-language-server with the deskform schema', () => {
  it('hovers a field with its title and markdown description', async () => {
    const hover = await lsp.request('textDocument/hover', at(7, 8));
    const text: string = hover.contents.value ?? hover.contents;
    expect(text).toMatch(/^#### Sender name\n/);
    expect(text).toContain('How the sender of agent replies is shown to contacts. Chatwoot default `friendly`.');
    expect(text).toContain('`professional`: Replies show only the business name.');
  });

  it('hovers a provider field, a value that may be ${env:…}, with its markdown once', async () => {
    const hover = await lsp.request('textDocument/hover', at(3, 6));
    expect(hover.contents.value).toMatch(/^#### Account id\n\nId of the Chatwoot account .*\(the number after `\/app\/accounts\/`/);
  });

  it('completes a new inbox with the kind snippet', async () => {
    const completion = await lsp.request('textDocument/completion', at(12, 4));
    const items: Array<{ label: string; insertText?: string; textEdit?: { newText: string } }> = completion.items ?? completion;
    const snippet = items.find((i) => i.label === 'Website inbox');
    expect(snippet, items.map((i) => i.label).join(', ')).toBeDefined();
    const inserted = snippet!.insertText ?? snippet!.textEdit!.newText;
    expect(inserted).toContain('name: ${1:Website}');
    expect(inserted).toContain('type: web_widget');
  });

  it('completes a provider block with its snippet, the token from the environment', async () => {
    const completion = await lsp.request('textDocument/completion', at(2, 4, PROVIDER));
    const items: Array<{ label: string; insertText?: string }> = completion.items ?? completion;
    const snippet = items.find((i) => i.label === 'Chatwoot provider' && i.insertText?.includes('env:'));
    expect(snippet, items.map((i) => i.label).join(', ')).toBeDefined();
    // `\$` is a literal dollar in snippet syntax: the editor inserts `${env:CHATWOOT_API_TOKEN}`.
    expect(snippet!.insertText).toContain('api_token: \\${env:CHATWOOT_API_TOKEN}');
  });

  it('completes the values of an enum with their descriptions', async () => {
    const completion = await lsp.request('textDocument/completion', at(7, 24));
    const items: Array<{ label: string; documentation?: { value: string } | string }> = completion.items ?? completion;
    const professional = items.find((i) => i.label === 'professional');
    expect(professional, items.map((i) => i.label).join(', ')).toBeDefined();
    expect(JSON.stringify(professional!.documentation)).toContain('Replies show only the business name.');
  });

  it('flags a wrong enum value, and only that (the IANA time zone and the ${env:…} token pass)', async () => {
    const found = diagnostics.diagnostics;
    expect(found.map((d) => d.range.start.line)).toEqual([7]);
    expect(found[0]!.message).toMatch(/friendly.*professional/);
  });
});

import { describe, expect, test } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';
import { PROVIDERS, load, messages, tree } from './helpers.js';

describe('interpolate', () => {
  test('substitutes variables anywhere in a string', () => {
    expect(interpolate('Bearer ${env:A}-${env:B}', { A: 'x', B: 'y' })).toEqual({ value: 'Bearer x-y', substituted: true, missing: [], malformed: [] });
  });

  test('$${env:X} is the literal text and substitutes nothing', () => {
    expect(interpolate('cost: $${env:A}', { A: 'x' })).toEqual({ value: 'cost: ${env:A}', substituted: false, missing: [], malformed: [] });
  });

  test('reports missing and malformed references by name only', () => {
    const r = interpolate('${env:GONE} ${env:bad-name} ${env:OPEN', {});
    expect(r.missing).toEqual(['GONE']);
    expect(r.malformed).toEqual(['${env:bad-name}', '${env:OPEN']);
  });

  test('an empty variable is set', () => {
    expect(interpolate('${env:E}', { E: '' }).value).toBe('');
  });

  test('text without references is untouched', () => {
    expect(interpolate('plain ${other} text', {})).toEqual({ value: 'plain ${other} text', substituted: false, missing: [], malformed: [] });
  });
});

describe('interpolation in configs', () => {
  test('every string scalar is interpolated, nested ones included', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: "\${env:NAME}"
    tags: ["\${env:TAG}", "$\${env:TAG}"]
    channel: { type: web, website_url: "https://\${env:HOST}/chat" }
`,
    });
    const config = await load(dir, { env: { NAME: 'Site', TAG: 't', HOST: 'example.com' } });
    const [widget] = config.objects.get('widget') ?? [];
    expect(widget?.key).toBe('Site');
    expect(widget?.value).toEqual({ name: 'Site', tags: ['t', '${env:TAG}'], channel: { type: 'web', website_url: 'https://example.com/chat' } });
  });

  test('a missing variable is named and located at its scalar, once', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS.replace('api_token: tok-secret-1', 'api_token: "${env:CW_TOKEN}"')}widgets:
  - name: W
    channel: { type: web, website_url: "\${env:SITE_URL}" }
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:2:70: providers.chatwoot: environment variable CW_TOKEN is not set',
      'a.yaml:6:40: widget "W": environment variable SITE_URL is not set',
    ]);
  });

  test('numbers and booleans can come from the environment; other strings there stay type errors', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: A, size: "\${env:SIZE}", enabled: "\${env:ON}" }\n  - { name: B, size: "\${env:WORD}" }\n` });
    const env = { SIZE: '12', ON: 'false', WORD: 'twelve' };
    expect(await messages(dir, { env })).toEqual(['a.yaml:6:22: widget "B": size: expected an integer, got a string']);
    const ok = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: A, size: "\${env:SIZE}", enabled: "\${env:ON}" }\n` });
    const config = await load(ok, { env });
    expect(config.objects.get('widget')?.[0]?.value).toEqual({ name: 'A', size: 12, enabled: false });
  });

  test('a quoted literal number is not coerced: only substituted text is', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: A, size: "12" }\n` });
    expect(await messages(dir)).toEqual(['a.yaml:5:22: widget "A": size: expected an integer, got a string']);
  });

  test('substituted values never appear in messages, even when a schema echoes its input', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: A, hmac: "\${env:HMAC}" }\n` });
    const lines = await messages(dir, { env: { HMAC: 'shh42' } });
    expect(lines).toEqual(['a.yaml:5:22: widget "A": hmac: hmac "(sensitive)" is too short']);
  });

  test('malformed references are problems at the scalar', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - { name: "\${env:my-name}" }\n` });
    expect(await messages(dir)).toEqual([
      'a.yaml:5:13: widget "${env:my-name}": malformed reference "${env:my-name}": write ${env:NAME} with NAME made of letters, digits and _ (or $${env:...} for the literal text)',
    ]);
  });
});

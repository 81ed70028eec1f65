import { describe, expect, test } from 'vitest';
import { MAX_CONFIG_FILE_BYTES } from '../../src/config/read-files.js';
import { PROVIDERS, load, messages, tree } from './helpers.js';

describe('reading files', () => {
  test('a file over the size cap is refused unparsed', async () => {
    // 10 MB of broken YAML: had it been parsed, there would be syntax errors too.
    const dir = tree({ 'big.yaml': 'widgets: [\n'.repeat(1 + (10 * 1024 * 1024) / 11) });
    expect(await messages(dir)).toEqual([`big.yaml:1:1: is 10.0 MB; config files are limited to ${(MAX_CONFIG_FILE_BYTES / 1048576).toFixed(1)} MB`]);
  });

  test('NUL bytes mean binary (or UTF-16) content, located at the first one', async () => {
    const bytes = Buffer.concat([Buffer.from('widgets:\n  - name: é'), Buffer.from([0]), Buffer.from('x\n')]);
    expect(await messages(tree({ 'a.yaml': bytes }))).toEqual([
      'a.yaml:2:12: contains a NUL byte; config files must be UTF-8 text (is it binary or UTF-16?)',
    ]);
  });

  test('invalid UTF-8 is refused, located at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('providers:\n  # ünïcode is fine\n  x: ab'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(await messages(tree({ 'a.yaml': bytes }))).toEqual(['a.yaml:3:8: is not valid UTF-8']);
  });

  test('a UTF-8 byte order mark is accepted and does not shift columns', async () => {
    const dir = tree({ 'a.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('widgts: []\n')]) });
    expect(await messages(dir)).toEqual(['a.yaml:1:1: unknown top-level key "widgts" (did you mean "widgets"?)']);
  });

  test('a path that cannot be read is a problem, not a crash', async () => {
    const dir = tree({ 'a.yaml': 'widgets: []\n' });
    expect(await messages(dir, { paths: ['a.yaml/inner.yaml'] })).toEqual(['a.yaml/inner.yaml:1:1: cannot be read (ENOTDIR)']);
  });

  test('a file named explicitly is read whatever its extension', async () => {
    const dir = tree({ 'deskform.conf': `${PROVIDERS}widgets:\n  - name: W\n` });
    const config = await load(dir, { paths: ['deskform.conf'] });
    expect(config.files).toEqual(['deskform.conf']);
  });
});

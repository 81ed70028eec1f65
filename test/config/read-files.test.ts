import { execFileSync } from 'node:child_process';
import { realpathSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
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

/**
 * Every *.yaml entry of a directory that is not a readable regular file is a
 * located problem: skipped silently, it would make `--prune` delete what it declared.
 */
describe.skipIf(process.platform === 'win32')('config entries that are not regular files', () => {
  const valid = `${PROVIDERS}widgets:\n  - name: W\n`;

  test('a dangling symlink names its missing target', async () => {
    const dir = tree({ 'a.yaml': valid });
    symlinkSync('gone.yaml', path.join(dir, 'b.yaml'));
    expect(await messages(dir)).toEqual(['b.yaml:1:1: is a dangling symlink to gone.yaml']);
  });

  test('a symlink loop', async () => {
    const dir = tree({ 'a.yaml': valid });
    symlinkSync('c.yaml', path.join(dir, 'b.yaml'));
    symlinkSync('b.yaml', path.join(dir, 'c.yaml'));
    expect(await messages(dir)).toEqual(['b.yaml:1:1: is a symlink loop', 'c.yaml:1:1: is a symlink loop']);
  });

  test('a FIFO is refused without waiting for a writer', async () => {
    const dir = tree({ 'a.yaml': valid });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    expect(await messages(dir)).toEqual(['pipe.yaml:1:1: is not a regular file but a FIFO (named pipe)']);
  }, 10_000);

  test('a FIFO named on the command line does not hang either', async () => {
    const dir = tree({});
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    expect(await messages(dir, { paths: ['pipe.yaml'] })).toEqual(['pipe.yaml:1:1: is not a regular file but a FIFO (named pipe)']);
  }, 10_000);

  test('a socket', async () => {
    const dir = tree({ 'a.yaml': valid });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock.yaml'), resolve));
    try {
      expect(await messages(dir)).toEqual(['sock.yaml:1:1: is not a regular file but a socket']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a device (here through a symlink, which is reported as what it reaches)', async () => {
    const dir = tree({ 'a.yaml': valid });
    symlinkSync('/dev/null', path.join(dir, 'null.yaml'));
    expect(await messages(dir)).toEqual(['null.yaml:1:1: is not a regular file but a character device']);
  });

  test('a directory named like a config file', async () => {
    const dir = tree({ 'a.yaml': valid, 'sub.yaml/inner.txt': 'x' });
    expect(await messages(dir)).toEqual(['sub.yaml:1:1: is not a regular file but a directory']);
  });

  test('a dangling symlink or a loop named on the command line', async () => {
    const dir = tree({});
    symlinkSync('gone.yaml', path.join(dir, 'a.yaml'));
    symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
    expect(await messages(dir, { paths: ['a.yaml', 'loop.yaml'] })).toEqual(['a.yaml:1:1: is a dangling symlink to gone.yaml', 'loop.yaml:1:1: is a symlink loop']);
  });

  test('a symlink leaving the config directory is refused unless allowed; one inside it is fine', async () => {
    const root = tree({ 'shared/base.yaml': PROVIDERS, 'config/widgets/w.yml': 'widgets:\n  - name: W\n' });
    const dir = path.join(root, 'config');
    symlinkSync('../shared/base.yaml', path.join(dir, 'base.yaml'));
    symlinkSync('widgets/w.yml', path.join(dir, 'w.yaml'));
    const outside = path.join(realpathSync(root), 'shared', 'base.yaml');
    const refused = `base.yaml:1:1: is a symlink to ${outside}, outside its directory: pass --allow-external-symlinks to read it`;
    expect(await messages(dir)).toEqual([refused]);
    expect(await messages(dir, { paths: ['base.yaml', 'w.yaml'] })).toEqual([refused]);
    const config = await load(dir, { allowExternalSymlinks: true });
    expect(config.files).toEqual(['base.yaml', 'w.yaml']);
  });
});

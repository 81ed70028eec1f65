/** Icon files are read like config files: never blocking, and saying what a path that is not a file is. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, UserError } from '../../src/errors.js';
import { prepareIcon, readPreparedIcon } from '../../src/kinds/webchat-icon.js';
import { declared } from '../support/declared.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const webchat = () => ({
  ...declared('webchat', {
    name: 'Help',
    background_color: '#FFFFFF',
    primary_color: '#000000',
    secondary_color: '#3B82F6',
    prompt: 'Sales assistant',
    allowed_domains: [],
    initial_stage: 'new',
  }),
  dir,
});

describe.skipIf(process.platform === 'win32')('webchat icon files', () => {
  it('a dangling symlink says where it points', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
    symlinkSync('gone.png', path.join(dir, 'logo.png'));
    const err = await prepareIcon('./logo.png', webchat()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.message)).toEqual(['icon file "./logo.png" is a dangling symlink to gone.png']);
  });

  it('a file replaced by a FIFO between plan and upload is refused, not waited on', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
    const file = path.join(dir, 'logo.png');
    writeFileSync(file, 'png');
    const prepared = await prepareIcon('./logo.png', webchat());
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const err = await readPreparedIcon(prepared as { file: string; sha256: string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`icon file ${file} is not a regular file but a FIFO (named pipe); plan again`);
  }, 10_000);
});

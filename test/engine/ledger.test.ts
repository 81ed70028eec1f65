/** The ledger on real files: concurrent writers, size cap, unwritable paths. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Ledger } from '../../src/engine/apply/ledger.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-ledger-'));
  file = path.join(dir, '.deskform', 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (at = file, maxBytes?: number) => Ledger.open(at, (kind) => `scope of ${kind}`, maxBytes === undefined ? {} : { maxBytes });
const onDisk = () => (JSON.parse(readFileSync(file, 'utf8')) as { scopes: Record<string, Record<string, { key: string }>> }).scopes;

describe('ledger', () => {
  it('views of one file in other scopes (provider instances) keep their entries apart and write them all', async () => {
    const a = await open();
    const b = a.withScopes((kind) => `other scope of ${kind}`);
    await Promise.all([a.record('inbox', '1', 'Website', {}, false), b.record('inbox', '1', 'Website', { token: 'd2' }, false)]);
    expect(a.fieldsOf('inbox', '1')).toEqual({});
    expect(b.fieldsOf('inbox', '1')).toEqual({ token: 'd2' });
    expect(Object.keys(onDisk()).sort()).toEqual(['other scope of inbox', 'scope of inbox']);
    expect(b.file).toBe(a.file);
  });

  it('merges two writers on one file: neither loses the entries the other wrote', async () => {
    const a = await open();
    const b = await open();
    await Promise.all([a.record('inbox', '1', 'Website', {}, false), b.record('inbox', '2', 'Support', {}, false)]);
    await a.record('portal', '7', 'handbook', {}, true);
    await b.forget('inbox', '2');
    await b.record('inbox', '3', 'Sales', { 'business_hours.monday': 'd1' }, false);
    expect(Object.keys(onDisk()['scope of inbox']!).sort()).toEqual(['inbox/1', 'inbox/3']);
    expect(Object.keys(onDisk()['scope of portal']!)).toEqual(['portal/7']);
    const reread = await open();
    expect(reread.fieldsOf('inbox', '3')).toEqual({ 'business_hours.monday': 'd1' });
    expect(reread.isProtected('portal', '7')).toBe(true);
  });

  it('a forget by one writer survives a later write by another that still remembers the entry', async () => {
    await (await open()).record('inbox', '1', 'Website', {}, false);
    const a = await open();
    const b = await open();
    await a.forget('inbox', '1');
    await b.record('inbox', '2', 'Support', {}, false);
    expect(Object.keys(onDisk()['scope of inbox']!)).toEqual(['inbox/2']);
  });

  it('refuses to read a state file over the size cap, naming it', async () => {
    await (await open()).record('inbox', '1', 'Website', {}, false);
    truncateSync(file, 64 * 1024 * 1024 + 1);
    await expect(open()).rejects.toThrow(new UserError(`the state file ${file} is over 64 MiB (67108864 bytes), more than any ledger should; check what wrote it`));
  });

  it('refuses to write a state file over the size cap, naming it', async () => {
    const ledger = await open(file, 200);
    await ledger.record('inbox', '1', 'Website', {}, false);
    await expect(ledger.record('inbox', '2', 'x'.repeat(200), {}, false)).rejects.toThrow(`the state file ${file} would grow over`);
    expect(Object.keys(onDisk()['scope of inbox']!)).toEqual(['inbox/1']);
  });

  it('reports a state path under /proc as not writable instead of spinning', { timeout: 10_000 }, async () => {
    const ledger = await open('/proc/1/deskform/state.json');
    await expect(ledger.checkWritable()).rejects.toThrow(/^the state file \/proc\/1\/deskform\/state\.json cannot be written \(/);
  });

  it('names a state path whose parent is a file', async () => {
    writeFileSync(path.join(dir, 'plain'), 'x');
    await expect(open(path.join(dir, 'plain', 'state.json'))).rejects.toThrow(/^cannot read the state file .*plain\/state\.json: ENOTDIR/);
  });

  it('refuses a FIFO where the state file belongs instead of waiting for a writer', async () => {
    mkdirSync(path.dirname(file));
    execFileSync('mkfifo', [file]);
    await expect(open()).rejects.toThrow(`cannot read the state file ${file}: not a regular file`);
  });
});

/**
 * `--data FILE`: the emulator's state survives restarts. Writes are atomic
 * (temp file in the same directory, fsync, rename) so a crash leaves either the
 * old or the new state, never half of one; a file that cannot be understood is
 * an error, never a silent reset.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { VENDOR_NAMES, type VendorName } from './contract.js';
import { describeJsonError } from './fixtures.js';

export class EmulatorDataError extends UserError {
  override name = 'EmulatorDataError';
}

const FORMAT = 'deskform-emulator-data';
const VERSION = 1;

export interface PersistedData {
  /** State of the id/token generator, so ids made after a restart never repeat. */
  rngState: number;
  /** Vendor states; a vendor missing here starts from its fixtures. */
  vendors: Partial<Record<VendorName, unknown>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the data file; undefined when it does not exist yet. */
export async function loadDataFile(file: string): Promise<PersistedData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new EmulatorDataError(`cannot read emulator data file ${file}: ${code ?? (err as Error).message}`);
  }
  const broken = (why: string) =>
    new EmulatorDataError(`emulator data file ${file} is unusable: ${why}; fix it or remove it to start from fixtures`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw broken(`not valid JSON (${describeJsonError(err, text)})`);
  }
  if (!isPlainObject(raw) || raw.format !== FORMAT) throw broken(`not a deskform emulator data file`);
  if (raw.version !== VERSION) throw broken(`unsupported version ${JSON.stringify(raw.version)}`);
  if (typeof raw.rng_state !== 'number' || !Number.isInteger(raw.rng_state)) throw broken('"rng_state" is missing');
  if (!isPlainObject(raw.vendors)) throw broken('"vendors" is missing');
  const vendors: Partial<Record<VendorName, unknown>> = {};
  for (const vendor of VENDOR_NAMES) {
    const state = raw.vendors[vendor];
    if (state === undefined) continue;
    if (!isPlainObject(state)) throw broken(`"vendors.${vendor}" is not an object`);
    vendors[vendor] = state;
  }
  return { rngState: raw.rng_state, vendors };
}

function serialise(data: PersistedData): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, rng_state: data.rngState, vendors: data.vendors });
}

/** Writes `text` to `file` atomically; 0600 because the state holds demo credentials. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // Persist the rename itself; some platforms cannot open a directory, which is fine.
  const dirHandle = await open(dir, 'r').catch(() => undefined);
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
}

/**
 * Saves the state shortly after it may have changed (debounced), skipping
 * writes when nothing changed; `flush` always writes the final state.
 */
export class DataFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastWritten: string | undefined;
  private failure: Error | undefined;

  constructor(
    readonly file: string,
    private readonly snapshot: () => PersistedData,
    private readonly debounceMs = 20,
  ) {}

  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save().catch((err: Error) => {
        this.failure = err;
      });
    }, this.debounceMs);
  }

  /** Writes pending changes now; rejects if this or an earlier background save failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.save();
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  private async save(): Promise<void> {
    // An earlier write's failure is reported by its own caller, not by this one.
    while (this.running) await this.running.catch(() => undefined);
    const text = serialise(this.snapshot());
    if (text === this.lastWritten) return;
    this.running = writeAtomically(this.file, text)
      .then(() => {
        this.lastWritten = text;
      })
      .catch((err: NodeJS.ErrnoException) => {
        throw new EmulatorDataError(`cannot save emulator data file ${this.file}: ${err.code ?? err.message}`);
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}

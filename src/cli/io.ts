/** The one I/O layer: every byte the CLI prints goes through an Io. */
import { appendFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { writeFileAtomic } from '../util/atomic-file.js';
import { Redactor } from '../util/redactor.js';
import type { LogLevel } from './environment.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal (progress, prompts, colour). */
  isTTY: boolean;
  /** Whether to colour output: a terminal's Io starts true, and the run turns it off for --no-color or NO_COLOR (environment.ts). */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Asks on the terminal; true only for an exact "yes". */
  confirm(question: string): Promise<boolean>;
}

/** What commands print and write through: the run's secrets are masked in all of it, whatever field they turn up in. */
export interface RunIo extends Io {
  /** Which engine messages to log on stderr (--debug, DESKFORM_LOG); none when undefined. */
  logLevel: LogLevel | undefined;
  /** Masks these values (the loaded config's secrets) in everything printed or written from now on. */
  hideSecrets(values: Iterable<string>): void;
  /** Writes, or appends to, a file the run produces (saved plan, export, step summary), masked like the output. */
  writeFile(file: string, text: string, how?: 'replace' | 'append'): Promise<void>;
}

export function maskingIo(io: Io): RunIo {
  const redactor = new Redactor();
  const mask = (text: string) => redactor.redact(text);
  return {
    ...io,
    logLevel: undefined,
    out: (text) => io.out(mask(text)),
    err: (text) => io.err(mask(text)),
    confirm: (question) => io.confirm(mask(question)),
    hideSecrets: (values) => {
      for (const value of values) redactor.add(value);
    },
    writeFile: (file, text, how = 'replace') => (how === 'append' ? appendFile(file, mask(text)) : writeFileAtomic(file, mask(text)).then(() => undefined)),
  };
}

export function processIo(): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  const stdout = batchedWriter((text) => process.stdout.write(text));
  return {
    out: stdout.write,
    err: (text) => {
      stdout.flush();
      process.stderr.write(text);
    },
    isTTY,
    color: isTTY,
    env: process.env,
    cwd: process.cwd(),
    async confirm(question) {
      stdout.flush();
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question(question)).trim() === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}

/**
 * Joins what is printed within one turn of the event loop into one write. A
 * pipe write is a system call (and blocks while the reader lags), so an apply
 * printing a line per step would otherwise stall its own requests; a terminal
 * sees no difference. Flushed before stderr, before a prompt and at exit.
 */
export function batchedWriter(write: (text: string) => void, limit = 64 * 1024): { write(text: string): void; flush(): void } {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  process.on('exit', flush);
  return {
    write(text) {
      pending += text;
      if (pending.length >= limit) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    },
    flush,
  };
}

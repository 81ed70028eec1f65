/** The one I/O layer: every byte the CLI prints goes through an Io. */
import { createInterface } from 'node:readline/promises';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal (progress, prompts, colour). */
  isTTY: boolean;
  /** Colour only on a terminal, never with NO_COLOR. */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Asks on the terminal; true only for an exact "yes". */
  confirm(question: string): Promise<boolean>;
}

export function processIo(): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY,
    color: isTTY && process.env.NO_COLOR === undefined,
    env: process.env,
    cwd: process.cwd(),
    async confirm(question) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question(question)).trim() === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}

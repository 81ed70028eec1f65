import type { Command } from 'commander';
import { completionScript, type Shell } from '../completion.js';
import { EXIT_OK } from '../exit-codes.js';
import type { RunIo } from '../io.js';

/** The program is handed in by the runner, which this module must not import (no cycles). */
export async function completion(program: Command, shell: Shell, io: RunIo): Promise<number> {
  io.out(completionScript(program, shell));
  return EXIT_OK;
}

/**
 * The CLI is a thin adapter over the engine: it parses flags, loads each
 * command lazily (so `--version` never pays for the engine, grpc or the
 * emulator) and maps errors to exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { visible } from '../util/visible.js';
import { UserError } from '../errors.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';
import { maskingIo, type Io } from './io.js';
import { VERSION } from '../version.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const percent = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UserError(`expected a percentage from 0 to 100, got "${value}"`);
  return n;
};
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`expected a positive whole number, got "${value}"`);
  return n;
};
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `0`, `500ms`, `30s`, `2m`, `1h` → milliseconds. */
const duration = (value: string) => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match || (match[2] === undefined && Number(match[1]) !== 0)) throw new UserError(`expected a duration such as 30s or 2m, got "${value}"`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
};

export async function runCli(argv: readonly string[], terminal: Io): Promise<number> {
  // Every command, and the error report (internal stack traces included), prints through the mask.
  const io = maskingIo(terminal);
  let code = EXIT_OK;
  const program = new Command('deskform')
    .description('Help-desk configuration as code for Chatwoot, Tether and Healthing.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: (text) => io.err(visible(text, '\n')) })
    .showHelpAfterError();
  const stateOption = () => new Option('--state <file>', 'ledger of write-only fields').default('.deskform/state.json');
  /** Options of every command that reads config files. */
  const readsConfig = (command: Command) =>
    command.option('--allow-external-symlinks', 'read config files that are symlinks to outside their directory');
  /** Options plan and apply share: what a plan covers and how far pruning may go. */
  const planScope = (command: Command) =>
    readsConfig(command)
      .option('--prune', 'also delete undeclared objects, within kinds present in the config')
      .option('--force', 'let --prune delete more than --max-delete-percent of a kind')
      .option('--max-delete-percent <n>', 'refuse a prune deleting more of a kind than this', percent, 30)
      .option('--target <kind/key>', 'only this object (glob on key; repeatable)', collect)
      .option('--exclude <kind/key>', 'leave this object alone (glob on key; repeatable)', collect)
      .addOption(stateOption());

  readsConfig(
    program
      .command('validate')
      .description('check config files without contacting any vendor')
      .argument('[paths...]', 'config files or directories', ['deskform.yaml']),
  ).action(async (paths: string[], opts) => {
    code = await (await import('./commands/validate.js')).validate(paths, opts, io);
  });

  planScope(
    program
      .command('plan')
      .description('show what apply would change')
      .argument('[paths...]', 'config files or directories', ['deskform.yaml'])
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
      .option('--summary', 'also append the Markdown plan to $GITHUB_STEP_SUMMARY, when set')
      .option('--detailed-exitcode', 'exit 2 when there are changes (0 none, 1 error)')
      .option('--out <file>', 'save the plan for `deskform apply <file>`'),
  ).action(async (paths: string[], opts) => {
    code = await (await import('./commands/plan.js')).plan(paths, opts, io);
  });

  planScope(
    program
      .command('apply')
      .description('make the live state match the config (or apply a saved plan)')
      .argument('[paths...]', 'config files or directories, or one saved plan', ['deskform.yaml'])
      .option('--auto-approve', 'apply without asking (not needed for a saved plan: saving it was the approval)')
      .option('--concurrency <n>', 'steps in flight at once', positiveInt, 8)
      .option('--quiet', 'print only failures and the summary')
      .option('--json', 'print one JSON event per line: plan, start, step_start, step_wait, step_end, summary')
      .option('--summary', 'also append the results as Markdown to $GITHUB_STEP_SUMMARY, when set')
      .option('--lock-timeout <duration>', 'wait this long (e.g. 30s, 2m) for another apply holding the state lock', duration, 0)
      .addHelpText(
        'after',
        '\nA saved plan (deskform plan --out plan.json) is applied without asking, as in Terraform:\n' +
          'saving and reviewing it was the approval. It is refused if the live state moved since.',
      ),
  ).action(async (paths: string[], opts) => {
    code = await (await import('./commands/apply.js')).apply(paths, opts, io);
  });

  readsConfig(
    program
      .command('export')
      .description('write the live state as deskform YAML')
      .argument('[paths...]', 'config files naming the providers', ['deskform.yaml'])
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--kinds <kinds>', 'comma-separated config keys, e.g. portals,inboxes'),
  ).action(async (paths: string[], opts) => {
    code = await (await import('./commands/export.js')).exportLive(paths, opts, io);
  });

  program
    .command('schema')
    .description('print the JSON Schema of config files (for editors)')
    .action(async () => {
      code = await (await import('./commands/schema.js')).schema(io);
    });

  program
    .command('emulator')
    .description('run a local emulator of the Chatwoot, Tether and Healthing APIs')
    .option('--port <n>', 'port to listen on', (v) => Number(v), 4010)
    .option('--host <host>', 'address to bind (the control surface has no auth)', '127.0.0.1')
    .option('--fixtures <file>', 'fixtures file (YAML or JSON)')
    .option('--data <file>', 'persist state in this file across restarts')
    .action(async (opts) => {
      code = await (await import('./commands/emulator.js')).emulator(opts, io);
    });

  program
    .command('provider')
    .description('the deskform Terraform provider')
    .command('install')
    .description('lay the provider out as a Terraform filesystem mirror (works offline)')
    .option('--dir <dir>', 'mirror directory (default: ~/.terraform.d/plugins, which Terraform searches by itself)')
    .action(async (opts) => {
      code = await (await import('./commands/provider-install.js')).providerInstall(opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
  // Messages quote names and vendor answers: their control characters are shown, not obeyed.
  if (err instanceof UserError) {
    io.err(`Error: ${visible(err.message, '\n')}\n`);
    return EXIT_ERROR;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.err(`Internal error (a bug in deskform, please report it):\n${visible(detail, '\n')}\n`);
  return EXIT_ERROR;
}

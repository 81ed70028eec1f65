/**
 * The CLI is a thin adapter over the engine: it parses flags, loads each
 * command lazily (so `--version` never pays for the engine, grpc or the
 * emulator) and maps errors to exit codes.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isPlainName, PLAIN_NAME_RULE } from '../util/plain-name.js';
import { visible } from '../util/visible.js';
import { ConfigError, UserError } from '../errors.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';
import { colourWanted, configPaths, LOG_LEVELS, logLevelOf } from './environment.js';
import { maskingIo, type Io } from './io.js';
import { VERSION } from '../version.js';
import { parseShard } from './shard.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
// Parsers throw InvalidArgumentError so that commander names the flag, or the variable the value came from.
const percent = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('Expected a percentage from 0 to 100.');
  return n;
};
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Expected a positive whole number.');
  return n;
};
const shard = (value: string) => {
  const parsed = parseShard(value);
  if (!parsed) throw new InvalidArgumentError('Expected k/n with 1 ≤ k ≤ n, such as 2/8.');
  return parsed;
};
const ENVIRONMENT_RULE = `Expected the name of a directory under environments/: ${PLAIN_NAME_RULE}.`;
// An empty value passes here: whether it came from DESKFORM_ENV (unset) or --env (a mistake) is known only in preAction.
const environmentName = (value: string) => {
  if (value !== '' && !isPlainName(value)) throw new InvalidArgumentError(ENVIRONMENT_RULE);
  return value;
};
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `0`, `500ms`, `30s`, `2m`, `1h` → milliseconds. */
const duration = (value: string) => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match || (match[2] === undefined && Number(match[1]) !== 0)) throw new InvalidArgumentError('Expected a duration such as 30s or 2m.');
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
};

export async function runCli(argv: readonly string[], terminal: Io): Promise<number> {
  // Every command, and the error report (internal stack traces included), prints through the mask.
  const io = maskingIo(terminal);
  let code = EXIT_OK;
  /** The command prints for programs (`--format json`, `--json`): its errors quote no source lines. */
  let forPrograms = false;
  const program = new Command('deskform')
    .description('Help-desk configuration as code for Chatwoot, Tether and Healthing.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: (text) => io.err(visible(text, '\n')) })
    .option('--debug', 'log each HTTP call, retry and wait on stderr (secrets masked); same as DESKFORM_LOG=debug')
    .option('--no-color', 'plain output (also NO_COLOR or DESKFORM_NO_COLOR set, or stdout not a terminal)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', ENVIRONMENT_HELP)
    .hook('preAction', (_program, command) => {
      const own = command.opts<{ format?: string; json?: boolean; env?: string }>();
      if (own.env === '') {
        // Empty is unset, as for NO_COLOR; an empty --env (`--env "$UNSET"`) must not quietly plan the base.
        if (command.getOptionValueSource('env') !== 'env') command.error(`error: option '--env <environment>' argument '' is invalid. ${ENVIRONMENT_RULE}`, { code: 'commander.invalidArgument' });
        command.setOptionValueWithSource('env', undefined, 'env');
      }
      forPrograms = own.format === 'json' || own.json === true;
      const global = program.opts<{ debug?: boolean; color?: boolean }>();
      io.color = colourWanted(terminal.color, global.color, io.env);
      io.logLevel = logLevelOf(global.debug, io.env);
    });
  const paths = (given: string[]) => configPaths(given, io.env);
  const pathsArgument = (what: string) => [`[paths...]`, `${what} (default: $DESKFORM_CONFIG, comma-separated, else deskform.yaml)`] as const;
  const stateOption = () => new Option('--state <file>', 'ledger of write-only fields').env('DESKFORM_STATE').default('.deskform/state.json');
  /** Options of every command that reads config files. */
  const readsConfig = (command: Command) =>
    command
      .option('--allow-external-symlinks', 'read config files that are symlinks to outside their directory')
      .addOption(
        new Option('--env <environment>', 'patch the config with the overlay environments/<environment>/ beside it').env('DESKFORM_ENV').argParser(environmentName),
      );
  /** Options plan and apply share: what a plan covers and how far pruning may go. */
  const planScope = (command: Command) =>
    readsConfig(command)
      .option('--prune', 'also delete undeclared objects, within kinds present in the config')
      .option('--force', 'let --prune delete more than --max-delete-percent of a kind')
      .option('--max-delete-percent <n>', 'refuse a prune deleting more of a kind than this', percent, 30)
      .option('--target <kind/key>', 'only this object (glob on key; repeatable)', collect)
      .option('--exclude <kind/key>', 'leave this object alone (glob on key; repeatable)', collect)
      .option('--instance <name>', 'only this provider instance (repeatable)', collect)
      .addOption(new Option('--shard <k/n>', 'only the provider instances of shard k of n (for CI matrices)').env('DESKFORM_SHARD').argParser(shard))
      .addOption(stateOption());

  readsConfig(
    program
      .command('validate')
      .description('check config files without contacting any vendor')
      .argument(...pathsArgument('config files or directories'))
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action(async (given: string[], opts) => {
    code = await (await import('./commands/validate.js')).validate(paths(given), opts, io);
  });

  planScope(
    program
      .command('plan')
      .description('show what apply would change')
      .argument(...pathsArgument('config files or directories'))
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
      .option('--summary', 'also append the Markdown plan to $GITHUB_STEP_SUMMARY, when set')
      .option('--detailed-exitcode', 'exit 2 when there are changes (0 none, 1 error)')
      .option('--out <file>', 'save the plan for `deskform apply <file>`'),
  ).action(async (given: string[], opts) => {
    code = await (await import('./commands/plan.js')).plan(paths(given), opts, io);
  });

  planScope(
    program
      .command('apply')
      .description('make the live state match the config (or apply a saved plan)')
      .argument(...pathsArgument('config files or directories, or one saved plan'))
      .option('--auto-approve', 'apply without asking (not needed for a saved plan: saving it was the approval)')
      .addOption(new Option('--concurrency <n>', 'steps in flight at once').env('DESKFORM_CONCURRENCY').argParser(positiveInt).default(8))
      .option('--quiet', 'print only failures and the summary')
      .option('--json', 'print one JSON event per line: plan, start, step_start, step_wait, step_end, summary')
      .option('--summary', 'also append the results as Markdown to $GITHUB_STEP_SUMMARY, when set')
      .option('--lock-timeout <duration>', 'wait this long (e.g. 30s, 2m) for another apply holding the state lock', duration, 0)
      .addHelpText(
        'after',
        '\nA saved plan (deskform plan --out plan.json) is applied without asking, as in Terraform:\n' +
          'saving and reviewing it was the approval. It is refused if the live state moved since.',
      ),
  ).action(async (given: string[], opts) => {
    code = await (await import('./commands/apply.js')).apply(paths(given), opts, io);
  });

  program
    .command('show')
    .description('print saved or JSON plans; several (the shards of a CI matrix) are combined into one')
    .argument('<plans...>', 'plan files (plan --out FILE, or plan --format json output)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--detailed-exitcode', 'exit 2 when there are changes (0 none, 1 error)')
    .action(async (files: string[], opts) => {
      code = await (await import('./commands/show.js')).show(files, opts, io);
    });

  readsConfig(
    program
      .command('export')
      .description('write the live state as deskform YAML')
      .argument(...pathsArgument('config files naming the providers'))
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--kinds <kinds>', 'comma-separated config keys, e.g. portals,inboxes'),
  ).action(async (given: string[], opts) => {
    code = await (await import('./commands/export.js')).exportLive(paths(given), opts, io);
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

  program
    .command('completion')
    .description('print a shell completion script built from these commands and flags')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      code = await (await import('./commands/completion.js')).completion(program, shell, io);
    });

  shortUsageErrors(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io, forPrograms);
  }
}

const ENVIRONMENT_HELP = `
Environment (a flag wins over its variable):
  DESKFORM_CONFIG       config paths when none are given, comma-separated
  DESKFORM_ENV          --env
  DESKFORM_STATE        --state
  DESKFORM_CONCURRENCY  --concurrency
  DESKFORM_SHARD        --shard
  DESKFORM_LOG          ${LOG_LEVELS.join('|')}: log engine messages on stderr (--debug is debug)
  NO_COLOR, DESKFORM_NO_COLOR  any non-empty value: --no-color`;

/** A usage mistake prints commander's one line (with its did-you-mean) and where the help is, not the whole help. */
function shortUsageErrors(command: Command, name = 'deskform'): void {
  command.showHelpAfterError(`see \`${name} --help\``);
  for (const sub of command.commands) shortUsageErrors(sub, `${name} ${sub.name()}`);
}

async function reportError(err: unknown, io: Io, forPrograms: boolean): Promise<number> {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
  // Messages quote names and vendor answers: their control characters are shown, not obeyed.
  if (err instanceof UserError) {
    const text = err instanceof ConfigError && !forPrograms ? (await import('../config/quoted-problems.js')).quotedProblems(err) : err.message;
    io.err(`Error: ${visible(text, '\n')}\n`);
    return EXIT_ERROR;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.err(`Internal error (a bug in deskform, please report it):\n${visible(detail, '\n')}\n`);
  return EXIT_ERROR;
}

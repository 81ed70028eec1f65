/**
 * What the environment decides for a run when no flag does: config paths,
 * colour and the log level. Flags win; a bad value names its variable.
 */
import { UserError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CONFIG_PATHS = ['deskform.yaml'];

/** Paths given on the command line, else `DESKFORM_CONFIG` (comma-separated, so it reads the same on every OS), else deskform.yaml. */
export function configPaths(given: readonly string[], env: Env): string[] {
  if (given.length > 0) return [...given];
  const value = env.DESKFORM_CONFIG;
  if (value === undefined) return [...DEFAULT_CONFIG_PATHS];
  const paths = value.split(',').map((p) => p.trim());
  if (paths.some((p) => p === '')) {
    throw new UserError(`DESKFORM_CONFIG: expected config files or directories separated by commas, got "${value}"`);
  }
  return paths;
}

/** Colour needs a terminal, and neither --no-color nor NO_COLOR (no-color.org: any non-empty value) nor DESKFORM_NO_COLOR. */
export function colourWanted(terminalColour: boolean, flag: boolean | undefined, env: Env): boolean {
  const set = (name: string) => (env[name] ?? '') !== '';
  return terminalColour && flag !== false && !set('NO_COLOR') && !set('DESKFORM_NO_COLOR');
}

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `--debug`, else `DESKFORM_LOG`; undefined (nothing logged) when neither is set. */
export function logLevelOf(debugFlag: boolean | undefined, env: Env): LogLevel | undefined {
  if (debugFlag) return 'debug';
  const value = (env.DESKFORM_LOG ?? '').trim().toLowerCase();
  if (value === '') return undefined;
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) throw new UserError(`DESKFORM_LOG: expected one of ${LOG_LEVELS.join(', ')}, got "${env.DESKFORM_LOG}"`);
  return level;
}

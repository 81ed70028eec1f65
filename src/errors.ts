/**
 * The error hierarchy. Every failure deskform reports is one of these; the CLI
 * prints UserError subclasses as plain messages (no stack) and anything else
 * as an internal bug.
 */

/** A problem the user can fix: bad config, bad flags, refused plan. */
export class UserError extends Error {
  override name = 'UserError';
}

/** One located problem in a config file. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** e.g. `inbox "Website"`; empty for file-level problems. */
  subject: string;
  message: string;
  /**
   * Set when the problem is a key no schema knows, whose value may be a
   * credential written under a wrong name (quoted lines hide it): `section`
   * for a top-level key, a provider or a provider attribute, `field` for a
   * field of an object.
   */
  unknownKey?: 'section' | 'field';
}

export function formatProblem(p: ConfigProblem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.subject ? `${where}: ${p.subject}: ${p.message}` : `${where}: ${p.message}`;
}

/**
 * What lets the lines of config files be quoted under their problems: only a
 * loader, which knows both, can say which texts it read as config and where
 * secrets sit in them.
 */
export interface SourceQuoting {
  /** Line `line` (1-based) of `file` as the loader read it, with the `[start, end)` spans that hold a secret (never shown); undefined for a file not read as config, or past its end. */
  line(file: string, line: number): QuotableLine | undefined;
}

export interface QuotableLine {
  text: string;
  /** Sorted by start, never overlapping. */
  hidden: Array<readonly [number, number]>;
}

/** The config is invalid; carries every problem found, not just the first. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  // Private, so that printing or serialising the error shows nothing of what it knows about secrets.
  readonly #quoting: SourceQuoting | undefined;

  constructor(
    readonly problems: ConfigProblem[],
    quoting?: SourceQuoting,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.#quoting = quoting;
  }

  /** How the problems' lines may be quoted; undefined when they must not be. */
  get quoting(): SourceQuoting | undefined {
    return this.#quoting;
  }
}

/**
 * The desired state cannot be planned against the live state (ambiguity,
 * immutable change, unknown prompt, ...). Carries every problem found.
 */
export class PlanError extends UserError {
  override name = 'PlanError';
  constructor(readonly problems: Array<ConfigProblem | string>) {
    super(problems.map((p) => (typeof p === 'string' ? p : formatProblem(p))).join('\n'));
  }
}

/** A vendor answered with an error, or could not be reached. Never carries secrets. */
export class VendorError extends UserError {
  override name = 'VendorError';
  constructor(
    readonly vendor: string,
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly vendorMessage: string,
    /** What the user should check (the credential fields, when the vendor refuses them), after the vendor's message. */
    readonly hint?: string,
  ) {
    super(`${vendor}: ${method} ${path} ${status === undefined ? 'failed' : `returned ${status}`}: ${vendorMessage}${hint ? `; ${hint}` : ''}`);
  }
}

/**
 * A vendor answered a create with another object than the one it was sent.
 * Its other answers cannot be trusted either: the run starts no further write.
 */
export class WrongObjectError extends VendorError {
  override name = 'WrongObjectError';
}

/**
 * A create may or may not have been committed by the vendor (timeout, reset or
 * 5xx after the request was sent). Callers must re-read before deciding.
 */
export class AmbiguousWriteError extends VendorError {
  override name = 'AmbiguousWriteError';
  /**
   * Waits as the vendor's retry policy waits before another attempt of a
   * request that failed this way after `attempts` tries, and resolves true; or
   * resolves false at once when the failure is not a transient one (502, 503,
   * 504, a network error) or the policy's attempts are spent.
   */
  waitBeforeAgain: (attempts: number) => Promise<boolean> = () => Promise.resolve(false);
}

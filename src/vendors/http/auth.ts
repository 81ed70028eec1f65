/**
 * Pluggable authentication for the HTTP core.
 *
 * A provider hands out the headers for the next request and, when the server
 * answers 401, decides whether fresh credentials make a single replay worth it.
 */
import { VendorError } from '../../errors.js';
import type { Redactor } from '../../util/redactor.js';

export interface AuthProvider {
  /** Headers for the next request; may log in first. */
  headers(): Promise<Record<string, string>>;
  /**
   * The server refused the credentials in `sent` with 401. Resolves true when
   * new credentials are in place and one replay is worthwhile; false when
   * there is nothing to renew (a static token).
   */
  renew(sent: Record<string, string>): Promise<boolean>;
}

/** A fixed header, e.g. Chatwoot's `Api-Access-Token` or a static bearer. */
export class StaticHeaderAuth implements AuthProvider {
  private readonly value: Record<string, string>;

  constructor(name: string, value: string) {
    this.value = { [name]: value };
  }

  async headers(): Promise<Record<string, string>> {
    return this.value;
  }

  async renew(): Promise<boolean> {
    return false;
  }
}

export interface Session {
  accessToken: string;
  refreshToken?: string | undefined;
}

export interface SessionHooks {
  login(): Promise<Session>;
  /** Exchange a refresh token for a new session; a failure falls back to `login`. */
  refresh?(session: Session): Promise<Session>;
}

/**
 * A bearer token obtained by logging in, lazily on first use. On 401 it
 * refreshes (or logs in again) once; concurrent requests that hit the 401
 * together share that one renewal.
 */
export class SessionAuth implements AuthProvider {
  private session: Session | undefined;
  private pending: Promise<Session> | undefined;

  constructor(
    private readonly hooks: SessionHooks,
    private readonly redactor: Redactor,
  ) {}

  async headers(): Promise<Record<string, string>> {
    const session = this.session ?? (await this.singleFlight(() => this.hooks.login()));
    return { authorization: bearer(session) };
  }

  async renew(sent: Record<string, string>): Promise<boolean> {
    // Another request already renewed after this one was sent: just replay.
    if (this.session && bearer(this.session) !== sent['authorization']) return true;
    const stale = this.session;
    this.session = undefined;
    // While a renewal is in flight, later callers join it instead of starting their own.
    await this.singleFlight(() => this.renewFrom(stale));
    return true;
  }

  private async renewFrom(stale: Session | undefined): Promise<Session> {
    if (stale?.refreshToken && this.hooks.refresh) {
      try {
        return await this.hooks.refresh(stale);
      } catch (err) {
        if (!(err instanceof VendorError)) throw err;
      }
    }
    return this.hooks.login();
  }

  private singleFlight(run: () => Promise<Session>): Promise<Session> {
    this.pending ??= run()
      .then((session) => {
        this.redactor.add(session.accessToken);
        this.redactor.add(session.refreshToken);
        this.session = session;
        return session;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

function bearer(session: Session): string {
  return `Bearer ${session.accessToken}`;
}

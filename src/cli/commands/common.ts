/** What several commands share: loading the config and opening an engine session for it. */
import { loadDesired, type DesiredState } from '../../engine/desired.js';
import { Session } from '../../engine/session.js';
import type { Io } from '../io.js';

export function loadFor(paths: readonly string[], io: Io): Promise<DesiredState> {
  return loadDesired(paths, { env: io.env, cwd: io.cwd });
}

export function sessionFor(desired: DesiredState, io: Io, stateFile?: string): Promise<Session> {
  return Session.open(desired.config.providers, { cwd: io.cwd, stateFile });
}

/** Runs `body` with a session and always closes its connection pools. */
export async function withSession<T>(desired: DesiredState, io: Io, stateFile: string | undefined, body: (s: Session) => Promise<T>): Promise<T> {
  const session = await sessionFor(desired, io, stateFile);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

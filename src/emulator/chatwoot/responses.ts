/**
 * Response shapes shared by every Chatwoot handler, and the `Halt` used to
 * leave a handler early the way a Rails exception would.
 */
import { STATUS_CODES } from 'node:http';
import type { EmuResponse } from '../contract.js';

export function json(status: number, body: unknown): EmuResponse {
  return { status, json: body };
}

/** Rails `head :ok`: 200, empty body, JSON content type. */
export function emptyOk(): EmuResponse {
  return { status: 200 };
}

/** Rails public exceptions app, as rendered for a JSON request. */
export function serverErrorResponse(status: number): EmuResponse {
  return json(status, { status, error: STATUS_CODES[status] ?? 'Internal Server Error' });
}

export function notFoundResponse(): EmuResponse {
  return json(404, { status: 404, error: 'Not Found' });
}

/** rack-attack's default throttled response: it never sends Retry-After. */
export function tooManyRequestsResponse(_retryAfterSeconds: number | undefined): EmuResponse {
  return { status: 429, text: 'Retry later\n', contentType: 'text/plain' };
}

export const RECORD_NOT_FOUND = { error: 'Resource could not be found' };
export const NOT_AUTHORIZED_ACTION = { error: 'You are not authorized to do this action' };

/** Thrown inside a handler to answer immediately (state changes made so far stay made). */
class Halt extends Error {
  constructor(readonly response: EmuResponse) {
    super(`halt ${response.status}`);
  }
}

/** An uncaught Ruby exception in the real server. */
export function crash(): never {
  throw new Halt(serverErrorResponse(500));
}

export function halt(status: number, body: unknown): never {
  throw new Halt(json(status, body));
}

export function rescueHalt(run: () => EmuResponse): EmuResponse {
  try {
    return run();
  } catch (err) {
    if (err instanceof Halt) return err.response;
    throw err;
  }
}

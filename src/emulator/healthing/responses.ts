/** Healthing's (FastAPI/Starlette) error answers. */
import { STATUS_CODES } from 'node:http';
import type { EmuResponse } from '../contract.js';

export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export function unprocessable(issues: ValidationIssue[]): EmuResponse {
  return { status: 422, json: { detail: issues } };
}

export function invalidCredentials(): EmuResponse {
  return {
    status: 401,
    json: { detail: 'Could not validate credentials', code: 'INVALID_CREDENTIALS' },
    headers: { 'www-authenticate': 'Bearer' },
  };
}

export function detail(status: number, message: string, headers?: Record<string, string>): EmuResponse {
  return { status, json: { detail: message }, ...(headers ? { headers } : {}) };
}

export function tooManyRequests(retryAfterSeconds: number | undefined): EmuResponse {
  return detail(
    429,
    'Too Many Requests',
    retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : undefined,
  );
}

/** Starlette's ServerErrorMiddleware (and a proxy for 502–504) answers in plain text. */
export function serverError(status: number): EmuResponse {
  return { status, text: STATUS_CODES[status] ?? 'Server Error', contentType: 'text/plain; charset=utf-8' };
}

/** Tether's (Express-style) error answers. */
import { STATUS_CODES } from 'node:http';
import type { EmuResponse } from '../contract.js';

export function unauthorized(): EmuResponse {
  return { status: 401, json: { error: 'Invalid or expired token' } };
}

export function forbidden(): EmuResponse {
  return { status: 403, json: { error: 'Insufficient permissions' } };
}

export function badRequest(message: string): EmuResponse {
  return { status: 400, json: { message } };
}

export function notFound(message: string): EmuResponse {
  return { status: 404, json: { message } };
}

export function tooManyRequests(retryAfterSeconds: number | undefined): EmuResponse {
  return {
    status: 429,
    json: { message: 'Too many requests, please try again later.' },
    ...(retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  };
}

export function serverError(status: number): EmuResponse {
  return { status, json: { message: STATUS_CODES[status] ?? 'Server error' } };
}

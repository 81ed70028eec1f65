/**
 * `GET /api`: unauthenticated version probe (`app/controllers/api_controller.rb`).
 */
import type { Handler } from '../contract.js';
import type { ChatwootState } from './state.js';
import { json } from './responses.js';

/** Ruby `Time#to_fs(:db)` in UTC: `2025-12-30 12:34:56`. */
function dbTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export const apiInfo: Handler<ChatwootState> = (_req, state, env) =>
  json(200, {
    version: state.settings.version,
    timestamp: dbTimestamp(env.now()),
    queue_services: 'ok',
    data_services: 'ok',
  });

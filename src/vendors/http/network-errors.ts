/**
 * Classifies transport failures from undici: was the request possibly
 * received by the server? That decides whether a POST may be retried.
 */

export interface NetworkFailure {
  /** False only when the request certainly never reached the server. */
  maybeSent: boolean;
  /** Human message without secrets: "connection reset", "timed out after 30000 ms ...". */
  message: string;
}

export interface TimeoutSettings {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** The attempt ran out of its whole-request time (the server may have acted on it). */
export function requestTimedOut(requestTimeoutMs: number): NetworkFailure {
  return { maybeSent: true, message: `timed out after ${requestTimeoutMs} ms before the response was complete` };
}

/** Codes raised while connecting: nothing was written to the socket. */
const NOT_SENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && code !== 'UND_ERR') return code;
  return cause === undefined ? undefined : codeOf(cause);
}

export function classifyNetworkError(err: unknown, t: TimeoutSettings): NetworkFailure {
  const code = codeOf(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { maybeSent: false, message: `timed out after ${t.connectTimeoutMs} ms while connecting` };
  }
  if (code !== undefined && code in NOT_SENT) return { maybeSent: false, message: NOT_SENT[code] ?? code };
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { maybeSent: true, message: `timed out after ${t.headersTimeoutMs} ms waiting for the response` };
    case 'UND_ERR_BODY_TIMEOUT':
      return { maybeSent: true, message: `timed out after ${t.bodyTimeoutMs} ms reading the response body` };
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return { maybeSent: true, message: 'connection reset' };
    default:
      // Unknown transport failure: assume the worst for writes.
      return { maybeSent: true, message: `network error${code ? ` (${code})` : ''}` };
  }
}

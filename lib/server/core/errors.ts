import 'server-only';
import type { ApiErrorBody } from '@/lib/api-error';
import { ConfigError } from './env';
import { log } from './log';

export type ErrorCode =
  | 'unauthorized'
  | 'redis_refused'
  | 'unavailable'
  | 'not_found'
  | 'bad_request'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  | 'rate_limited'
  | 'config_invalid'
  | 'storage'
  | 'outcome_unknown'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  // Redis answered and said no: a bad gateway from the browser's point of view; the text is Redis's own.
  redis_refused: 502,
  unavailable: 503,
  not_found: 404,
  bad_request: 400,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  too_large: 413,
  rate_limited: 429,
  config_invalid: 500,
  // The data dir refused a write (disk full): nothing was recorded, and nothing was changed.
  storage: 507,
  // The connection broke after the change was sent: it may have landed. The audit entry says `unknown`.
  outcome_unknown: 502,
  internal: 500,
};

/** Extra fields of an error body: one message per invalid parameter, the audit entry it produced. */
export interface ErrorDetails {
  fields?: Record<string, string>;
  auditId?: string;
  /** `unknown`: the write was sent and may have landed; re-read before assuming either way. */
  outcome?: 'unknown';
}

/** An error with a message that is safe to send to the browser. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    /** Response headers this refusal needs (Retry-After of a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toResponse(): Response {
    const headers: Record<string, string> = { ...this.headers, ...(this.code === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="fragscope"' } : {}) };
    const body = { error: { code: this.code, message: this.message, ...this.details } } satisfies ApiErrorBody;
    return Response.json(body, { status: this.status, headers });
  }
}

/**
 * ioredis's own failures when a server cannot be reached (closed, retries used up, timed out,
 * refused): an outage, so 503 and "try again", not a 500 that reads like a bug. Matched by name
 * and message because ioredis throws plain Errors for most of them.
 */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return true;
  return /^(Connection is closed|Command timed out|Stream isn't writeable|Reached the max retries per request limit)/.test(error.message);
}

/** Maps anything thrown by lib/server to a JSON response; unknown errors are logged, not leaked. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (error instanceof ConfigError) return new AppError('config_invalid', error.message).toResponse();
  if (isRedisUnreachable(error)) {
    log.error('a Redis server the request needed is unreachable:', (error as Error).message);
    return new AppError(
      'unavailable',
      'a Redis server this request needs (the state store or the target) is unreachable; try again shortly',
      {},
      {
        'retry-after': '5',
      },
    ).toResponse();
  }
  log.error('unexpected error:', error instanceof Error ? error.message : error);
  return new AppError('internal', 'internal error (see the server log)').toResponse();
}

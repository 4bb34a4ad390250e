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
  internal: 500,
};

/** Extra fields of an error body: one message per invalid parameter, the audit entry it produced. */
export interface ErrorDetails {
  fields?: Record<string, string>;
  auditId?: string;
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

/** Maps anything thrown by lib/server to a JSON response; unknown errors are logged, not leaked. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (error instanceof ConfigError) return new AppError('config_invalid', error.message).toResponse();
  log.error('unexpected error:', error instanceof Error ? error.message : error);
  return new AppError('internal', 'internal error (see the server log)').toResponse();
}

import 'server-only';
import { ConfigError } from './config';

export type ErrorCode =
  | 'not_found'
  | 'bad_request'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  | 'config_invalid'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  bad_request: 400,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  too_large: 413,
  config_invalid: 500,
  internal: 500,
};

/** An error with a message that is safe to send to the browser. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toResponse(): Response {
    return Response.json({ error: { code: this.code, message: this.message } }, { status: STATUS[this.code] });
  }
}

/** Maps anything thrown by lib/server to a JSON response; unknown errors are logged, not leaked. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (error instanceof ConfigError) return new AppError('config_invalid', error.message).toResponse();
  console.error('[fragscope] unexpected error:', error instanceof Error ? error.message : error);
  return new AppError('internal', 'internal error (see the server log)').toResponse();
}

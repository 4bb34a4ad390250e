import 'server-only';
import { errorResponse } from './errors';

/**
 * Runs one controller and answers whatever it throws with the JSON error body (errorResponse),
 * so a controller is only its work and every route fails the same way. A synchronous controller
 * stays synchronous.
 */
export function handle(work: () => Response): Response;
export function handle(work: () => Promise<Response>): Promise<Response>;
export function handle(work: () => Response | Promise<Response>): Response | Promise<Response> {
  try {
    const result = work();
    return result instanceof Promise ? result.catch(errorResponse) : result;
  } catch (error) {
    return errorResponse(error);
  }
}

import 'server-only';

/**
 * The TCP peer of this request. scripts/serve.mjs sets this header from the socket and drops any
 * copy the client sent, so it cannot be forged; without serve.mjs (unit tests, `next dev`) every
 * request counts as one client.
 */
export const CLIENT_ADDRESS_HEADER = 'x-fragscope-client-address';

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}

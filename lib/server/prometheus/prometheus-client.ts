import 'server-only';
import { z } from 'zod';
import { AppError } from '../core/errors';

/** What a query_range answers (https://prometheus.io/docs/prometheus/latest/querying/api/). */
const rangeResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
    }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
]);

export type RangeSeries = { metric: Record<string, string>; values: [number, string][] };

const TIMEOUT_MS = 10_000;

/**
 * Reads from the Prometheus at FRAGSCOPE_PROMETHEUS_URL. Credentials in the URL are sent as a
 * basic-auth header (fetch refuses them in the URL) and never appear in an error or log line:
 * every failure reads "Prometheus unavailable: <why>" with the address stripped of them.
 */
export class PrometheusClient {
  private readonly base: URL;
  private readonly authorization: string | null;

  constructor(
    url: string,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {
    const parsed = new URL(url);
    this.authorization =
      parsed.username || parsed.password
        ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
        : null;
    parsed.username = '';
    parsed.password = '';
    if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
    this.base = parsed;
  }

  /** The address without credentials, for messages. */
  get address(): string {
    return this.base.origin + this.base.pathname.replace(/\/$/, '');
  }

  /** `query_range` from..to (ms) every stepMs; rejects with AppError('unavailable') on any failure. */
  async queryRange(query: string, fromMs: number, toMs: number, stepMs: number): Promise<RangeSeries[]> {
    const url = new URL('api/v1/query_range', this.base);
    url.search = new URLSearchParams({ query, start: String(fromMs / 1000), end: String(toMs / 1000), step: `${stepMs / 1000}s` }).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', ...(this.authorization ? { authorization: this.authorization } : {}) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unavailable(describeFetchError(error as Error, this.timeoutMs));
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw this.unavailable(`HTTP ${response.status} with a body that is not JSON`);
    }
    const parsed = rangeResponseSchema.safeParse(body);
    if (!parsed.success) throw this.unavailable(`HTTP ${response.status} with an answer that is not a query_range matrix`);
    if (parsed.data.status === 'error') throw this.unavailable(`${parsed.data.errorType ?? 'error'}: ${parsed.data.error}`.slice(0, 300));
    return parsed.data.data.result;
  }

  private unavailable(why: string): AppError {
    return new AppError('unavailable', `Prometheus unavailable: ${why} (${this.address})`);
  }
}

function describeFetchError(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

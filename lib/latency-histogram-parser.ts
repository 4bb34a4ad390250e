/**
 * `LATENCY HISTOGRAM [command ...]` (Redis 7.0+, Valkey) and `INFO commandstats`: like
 * lib/info-parser.ts for INFO, the one place where those replies become typed data.
 *
 * What the server sends (src/latency.c `fillCommandCDF`, the same in Redis 7.0-8.x and Valkey):
 * RESP2 nested arrays, per command `name, [calls, N, histogram_usec, [bound, count, ...]]`. The
 * counts are CUMULATIVE (hdr_histogram's `cumulative_count`: calls at or below the bound), the
 * bounds power-of-two buckets iterated from 1024 ns (`hdr_iter_log_init(iter, h, 1024, 2)`) and
 * printed as `highest_equivalent_value / 1000` in whole microseconds: 1, 2, 4, 8, 16, 33, 66, 132,
 * 264, 528, 1056, ... Buckets whose count did not grow are not printed. Commands never called
 * since start or `CONFIG RESETSTAT` are left out; unknown names are skipped without an error.
 * Subcommands are `config|get`. See lib/fixtures/*-latency-histogram.json (captured with ioredis).
 */

export interface CommandHistogram {
  /** Lower-case, as the server prints it (`get`, `config|get`). */
  command: string;
  /** `calls`: hdr_histogram's total_count. */
  calls: number;
  /** Bucket upper bounds in µs, ascending. */
  bounds: number[];
  /** Calls at or below each bound (cumulative, non-decreasing). */
  cumulative: number[];
}

export type LatencyHistogramParse = { ok: true; commands: CommandHistogram[] } | { ok: false; error: string };

/** A real reply names a few dozen commands with at most ~31 buckets; anything beyond is hostile. */
const MAX_COMMANDS = 512;
const MAX_BUCKETS = 64;
const COMMAND_NAME = /^[a-z0-9_|.:-]{1,64}$/;

const whole = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : null);

export function parseLatencyHistogram(reply: unknown): LatencyHistogramParse {
  if (!Array.isArray(reply)) return { ok: false, error: 'LATENCY HISTOGRAM did not answer an array' };
  if (reply.length % 2 !== 0 || reply.length > MAX_COMMANDS * 2) return { ok: false, error: `LATENCY HISTOGRAM answered ${reply.length} items` };
  const commands: CommandHistogram[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const name = text(reply[i])?.toLowerCase() ?? null;
    if (name === null || !COMMAND_NAME.test(name)) return { ok: false, error: `unreadable command name in LATENCY HISTOGRAM` };
    const parsed = readCommand(name, reply[i + 1]);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    commands.push(parsed);
  }
  return { ok: true, commands };
}

function readCommand(command: string, body: unknown): CommandHistogram | string {
  if (!Array.isArray(body) || body.length !== 4 || text(body[0]) !== 'calls' || text(body[2]) !== 'histogram_usec') {
    return `unexpected LATENCY HISTOGRAM entry for ${command}`;
  }
  const calls = whole(body[1]);
  const pairs: unknown = body[3];
  if (calls === null || !Array.isArray(pairs) || pairs.length % 2 !== 0 || pairs.length > MAX_BUCKETS * 2) {
    return `unexpected LATENCY HISTOGRAM buckets for ${command}`;
  }
  const bounds: number[] = [];
  const cumulative: number[] = [];
  for (let j = 0; j < pairs.length; j += 2) {
    const bound = whole(pairs[j]);
    const count = whole(pairs[j + 1]);
    if (bound === null || count === null) return `unreadable LATENCY HISTOGRAM bucket for ${command}`;
    if (bounds.length > 0 && (bound <= bounds.at(-1)! || count < cumulative.at(-1)!)) return `LATENCY HISTOGRAM buckets of ${command} are not cumulative`;
    bounds.push(bound);
    cumulative.push(count);
  }
  return { command, calls, bounds, cumulative };
}

/** How the server turned the call down, in a word the UI and API can branch on (text kept for display). */
export type LatencyRefusal = 'unsupported' | 'forbidden';

/**
 * `ERR Unknown subcommand ... 'HISTOGRAM'` (pre-7.0 LATENCY) means the server cannot; NOPERM (ACL)
 * and `ERR unknown command 'LATENCY'` (rename-command, as managed services do) mean we may not.
 */
export function classifyLatencyError(message: string): LatencyRefusal {
  return /unknown subcommand/i.test(message) ? 'unsupported' : 'forbidden';
}

export interface CommandStat {
  /** Lower-case `get`, `config|get`: the same names LATENCY HISTOGRAM prints. */
  command: string;
  calls: number;
  usec: number;
}

/** `INFO commandstats` lines `cmdstat_get:calls=10,usec=20,usec_per_call=2.00,...`. Unreadable lines are skipped. */
export function parseCommandStats(infoText: string): CommandStat[] {
  const out: CommandStat[] = [];
  for (const line of infoText.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]{1,64}):(.*)$/.exec(line.trim());
    if (!match) continue;
    const fields = new Map(match[2]!.split(',').map((kv) => kv.split('=') as [string, string]));
    const calls = whole(fields.get('calls'));
    const usec = whole(fields.get('usec'));
    const command = match[1]!.toLowerCase();
    if (calls === null || usec === null || !COMMAND_NAME.test(command)) continue;
    out.push({ command, calls, usec });
  }
  return out;
}

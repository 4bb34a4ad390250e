import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyLatencyError, parseCommandStats, parseLatencyHistogram } from './latency-histogram-parser';

// Replies captured with ioredis after `redis-benchmark -t get,set -n 20000` on each engine (RESP2): Debian's
// redis-server and the lab builds. Valkey answers exactly as Redis does (same src/latency.c fillCommandCDF).
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}-latency-histogram.json`), 'utf8')) as Record<string, unknown>;
const ENGINES = ['debian-redis-7.0.15', 'redis-7.0.15', 'redis-8.0.2', 'redis-8.6.3', 'valkey-8.1.1', 'valkey-9.1.2'];

describe('parseLatencyHistogram', () => {
  it.each(ENGINES)('reads %s: cumulative counts ending at calls, power-of-two bounds', (engine) => {
    const parsed = parseLatencyHistogram(fixture(engine).histogram);
    if (!parsed.ok) throw new Error(parsed.error);
    // `nosuch` was asked for too: an unknown command is skipped, not an error.
    expect(parsed.commands.map((c) => c.command)).toEqual(['get', 'set']);
    for (const c of parsed.commands) {
      expect(c.calls).toBe(20000);
      expect(c.cumulative.at(-1)).toBe(c.calls);
      // Every bound is one of the server's power-of-two labels (1024 ns * 2^k, printed in whole µs).
      for (const b of c.bounds) expect([1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454, 16908, 33816]).toContain(b);
    }
  });

  it('keeps the exact figures of the Debian 7.0.15 reply', () => {
    const parsed = parseLatencyHistogram(fixture('debian-redis-7.0.15').histogram);
    expect(parsed.ok && parsed.commands[0]).toEqual({
      command: 'get',
      calls: 20000,
      bounds: [1, 2, 4, 8, 16, 33, 66],
      cumulative: [19974, 19983, 19991, 19997, 19998, 19999, 20000],
    });
  });

  it('reads the all-commands form and the empty reply after CONFIG RESETSTAT', () => {
    const all = parseLatencyHistogram(fixture('redis-8.0.2').histogramAll);
    expect(all.ok && all.commands.map((c) => c.command)).toEqual(expect.arrayContaining(['get', 'set', 'info']));
    expect(parseLatencyHistogram(fixture('redis-8.0.2').afterResetstat)).toEqual({ ok: true, commands: [] });
  });

  it('refuses replies that are not the server shape, without throwing', () => {
    expect(parseLatencyHistogram('OK').ok).toBe(false);
    expect(parseLatencyHistogram(['get']).ok).toBe(false);
    expect(parseLatencyHistogram(['get', ['calls', 2, 'histogram_usec', [8]]]).ok).toBe(false);
    expect(parseLatencyHistogram(['get', ['calls', 2, 'histogram_usec', [8, 2, 4, 2]]]).ok).toBe(false); // bounds not ascending
    expect(parseLatencyHistogram(['get', ['calls', 2, 'histogram_usec', [4, 2, 8, 1]]]).ok).toBe(false); // counts going down
    expect(parseLatencyHistogram(['get', ['calls', -1, 'histogram_usec', []]]).ok).toBe(false);
    expect(parseLatencyHistogram(Array.from({ length: 2000 }, () => 'x')).ok).toBe(false);
  });
});

describe('classifyLatencyError', () => {
  it('tells "cannot" (pre-7.0) from "may not" (ACL, rename-command)', () => {
    expect(classifyLatencyError(String(fixture('redis-7.0.15').noperm))).toBe('forbidden');
    // Redis 8.6 and Valkey word it "NOPERM User lim has no permissions to run the 'latency|histogram' command".
    for (const engine of ['redis-8.6.3', 'valkey-8.1.1', 'valkey-9.1.2']) expect(classifyLatencyError(String(fixture(engine).noperm))).toBe('forbidden');
    // redis 6.2 src/networking.c addReplySubcommandSyntaxError:
    expect(classifyLatencyError("ERR Unknown subcommand or wrong number of arguments for 'HISTOGRAM'. Try LATENCY HELP.")).toBe('unsupported');
    // redis-server --rename-command LATENCY "" (as captured on 7.0.15):
    expect(classifyLatencyError("ERR unknown command 'LATENCY', with args beginning with: 'HISTOGRAM' 'get' ")).toBe('forbidden');
  });
});

describe('parseCommandStats', () => {
  it('reads calls and usec per command, subcommands as LATENCY HISTOGRAM names them', () => {
    const stats = parseCommandStats(String(fixture('redis-8.0.2').commandstats));
    const get = stats.find((s) => s.command === 'get');
    expect(get?.calls).toBe(20000);
    expect(stats.some((s) => s.command.includes('|'))).toBe(true);
    expect(parseCommandStats('cmdstat_get:calls=x,usec=1\r\ngarbage')).toEqual([]);
  });
});

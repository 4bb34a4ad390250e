import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the launcher, without types
import { createStreamGate, limitFrom, STREAM_PATH } from './stream-gate.mjs';

interface Admission {
  refused?: string;
  release?: () => void;
}
const gate = (perClient: number, total: number) =>
  createStreamGate({ perClient, total }) as { admit(address: string): Admission; open: { total: number; clients: number } };

describe('stream gate', () => {
  it('caps streams per client and in total, and gives slots back on release (twice is harmless)', () => {
    const g = gate(3, 5);
    const a = [0, 1, 2].map(() => g.admit('10.0.0.1'));
    expect(a.every((x) => x.release)).toBe(true);
    expect(g.admit('10.0.0.1').refused).toContain('FRAGSCOPE_MAX_STREAMS_PER_CLIENT');
    const b = [0, 1].map(() => g.admit('10.0.0.2'));
    expect(g.admit('10.0.0.3').refused).toContain('(FRAGSCOPE_MAX_STREAMS)');
    expect(g.open).toEqual({ total: 5, clients: 2 });
    a[0]!.release!();
    a[0]!.release!();
    expect(g.open.total).toBe(4);
    const again = g.admit('10.0.0.1');
    for (const x of [...a.slice(1), ...b, again]) x.release!();
    expect(g.open).toEqual({ total: 0, clients: 0 });
  });
  it('matches only the stream route, and reads limits with a default', () => {
    expect(STREAM_PATH.test('/api/targets/default/stream')).toBe(true);
    expect(STREAM_PATH.test('/api/targets/default/stream?x=1')).toBe(true);
    expect(STREAM_PATH.test('/api/targets/default/snapshot')).toBe(false);
    expect(STREAM_PATH.test('/api/targets/default/stream/x')).toBe(false);
    expect(limitFrom(undefined, 32)).toBe(32);
    expect(limitFrom('8', 32)).toBe(8);
    expect(limitFrom('0', 32)).toBe(32);
    expect(limitFrom('x', 32)).toBe(32);
  });
});

import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '@/lib/alerts/history';
import { AlertHistoryLog } from './alert-history-log';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function file(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-alert-history-'));
  dirs.push(dir);
  return path.join(dir, 'alert-history.jsonl');
}

const event = (i: number, status: 'fired' | 'resolved' = 'fired'): AlertEvent => ({
  status,
  targetId: `t-${i}`,
  rule: 'rss-ratio-high',
  title: 'RSS fragmentation ratio high',
  severity: 'warning',
  since: 1000 + i,
  at: 2000 + i,
  value: 2.5,
  message: `event ${i}`,
  threshold: 2,
  ruleText: 'mem_fragmentation_ratio above 2 for 15 minutes',
  figures: status === 'fired' ? { rssRatio: 2.5, allocatorRatio: 1.3, allocatorFragBytes: 1024, usedBytes: 8e6, rssBytes: 2e7 } : null,
});

describe('AlertHistoryLog', () => {
  it('survives a restart: a new log on the same file reads every event, in order', async () => {
    const f = file();
    const log = new AlertHistoryLog(f);
    for (let i = 0; i < 5; i++) await log.append(event(i));
    const again = new AlertHistoryLog(f);
    const { events, unreadableLines } = await again.read();
    expect(events.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2', 'event 3', 'event 4']);
    expect(unreadableLines).toBe(0);
    await again.append(event(5, 'resolved'));
    expect((await new AlertHistoryLog(f).read()).events).toHaveLength(6);
  });

  it('is bounded: past cap + cap/4 lines the file is rewritten with the newest cap events', async () => {
    const f = file();
    const log = new AlertHistoryLog(f, 8);
    for (let i = 0; i < 9; i++) await log.append(event(i));
    expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(9);
    await log.append(event(9)); // 10 = 8 + 2: compacted
    const lines = readFileSync(f, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8);
    expect((JSON.parse(lines[0]!) as AlertEvent).message).toBe('event 2');
    const reread = await new AlertHistoryLog(f, 8).read();
    expect(reread.events.map((e) => e.message)).toEqual(Array.from({ length: 8 }, (_, i) => `event ${i + 2}`));
    // Appends go on after a rewrite, and memory never holds more than the cap.
    for (let i = 10; i < 40; i++) await log.append(event(i));
    expect((await log.read()).events.length).toBeLessThanOrEqual(8);
    expect(readFileSync(f, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(10);
    expect((await log.read()).events.at(-1)!.message).toBe('event 39');
  });

  it('a corrupt line (torn by a crash, or garbage) is counted and skipped; the rest are kept', async () => {
    const f = file();
    const log = new AlertHistoryLog(f);
    await log.append(event(0));
    appendFileSync(f, '{"status":"fired","targetId":\n');
    appendFileSync(f, 'not json at all\n');
    await new AlertHistoryLog(f).append(event(1));
    appendFileSync(f, '{"status":"resolved","tar'); // torn last line, no newline
    const after = new AlertHistoryLog(f);
    await after.append(event(2));
    const { events, unreadableLines } = await new AlertHistoryLog(f).read();
    expect(events.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2']);
    expect(unreadableLines).toBe(3);
  });

  it('refuses an event that does not match the schema, and writes nothing', async () => {
    const f = file();
    const log = new AlertHistoryLog(f);
    await expect(log.append({ ...event(0), severity: 'loud' } as unknown as AlertEvent)).rejects.toThrow();
    expect((await log.read()).events).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../decision/snapshot.test-support';
import { historyEntries, pageHistory, ruleThreshold, toAlertEvent, type AlertEvent } from './history';
import { parseAlertRules } from './rules-config';
import type { AlertTransition } from './state';

const NOW = 1_800_000_000_000;
const parsed = parseAlertRules(JSON.stringify({ 'rss-ratio-high': { threshold: 1.8, forMinutes: 5 } }));
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const RULES = parsed.rules;

const transition = (status: 'fired' | 'resolved', targetId: string, since: number, at: number): AlertTransition => ({
  status,
  targetId,
  rule: 'rss-ratio-high',
  severity: 'warning',
  since,
  at,
  value: 2.4,
  message: status === 'fired' ? 'mem_fragmentation_ratio is 2.4, above 1.8' : 'mem_fragmentation_ratio is 1.2',
});
const event = (status: 'fired' | 'resolved', targetId: string, since: number, at: number): AlertEvent =>
  toAlertEvent(transition(status, targetId, since, at), 'RSS fragmentation ratio high', RULES, null);

describe('toAlertEvent', () => {
  it('keeps the firing sample figures, the threshold and the rule in words', () => {
    const snapshot = makeSnapshot({ info: { mem_fragmentation_ratio: 2.4, allocator_frag_ratio: 1.31, allocator_frag_bytes: 7_340_032 } });
    const e = toAlertEvent(transition('fired', 'a', NOW, NOW + 300_000), 'RSS fragmentation ratio high', RULES, snapshot);
    expect(e.threshold).toBe(1.8);
    expect(e.ruleText).toBe('mem_fragmentation_ratio above 1.8 for 5 minutes (ignored under 5 MiB used_memory)');
    expect(e.figures).toMatchObject({ rssRatio: 2.4, allocatorRatio: 1.31, allocatorFragBytes: 7_340_032 });
    // A resolve carries no firing figures.
    expect(toAlertEvent(transition('resolved', 'a', NOW, NOW + 1), 'x', RULES, snapshot).figures).toBeNull();
  });
  it('a rule without a threshold figure has none', () => {
    expect(ruleThreshold(RULES, 'target-down')).toBeNull();
    expect(ruleThreshold(RULES, 'ratio-climbing')).toBe(0.2);
  });
});

describe('historyEntries', () => {
  it('pairs each fire with its resolve, newest first, with the duration from firing to resolve', () => {
    const events = [event('fired', 'a', NOW, NOW + 60_000), event('fired', 'b', NOW + 10_000, NOW + 70_000), event('resolved', 'a', NOW, NOW + 190_000)];
    const entries = historyEntries(events, [{ targetId: 'b', rule: 'rss-ratio-high', since: NOW + 10_000 }], NOW + 100_000 + 70_000);
    expect(entries.map((e) => [e.targetId, e.state, e.durationMs])).toEqual([
      ['b', 'firing', 100_000],
      ['a', 'resolved', 130_000],
    ]);
    expect(entries[1]!.fired?.threshold).toBe(1.8);
    expect(entries[1]!.resolved?.message).toBe('mem_fragmentation_ratio is 1.2');
  });
  it('an open fire that no longer fires is said to have ended unrecorded, with no made-up duration', () => {
    const [entry] = historyEntries([event('fired', 'a', NOW, NOW + 1000)], [], NOW + 5000);
    expect(entry).toMatchObject({ state: 'ended-unrecorded', durationMs: null, resolvedAt: null });
  });
  it('a resolve whose fire was dropped by the cap still shows, timed from the condition start', () => {
    const [entry] = historyEntries([event('resolved', 'a', NOW, NOW + 9000)], [], NOW + 10_000);
    expect(entry).toMatchObject({ state: 'resolved', firedAt: null, durationMs: 9000, fired: null });
  });
  it('the same alert again later (a new since) is a new entry; a repeated line is not', () => {
    const events = [
      event('fired', 'a', NOW, NOW + 1),
      event('fired', 'a', NOW, NOW + 1),
      event('resolved', 'a', NOW, NOW + 2),
      event('fired', 'a', NOW + 5, NOW + 6),
    ];
    expect(historyEntries(events, [], NOW + 10)).toHaveLength(2);
  });
});

describe('pageHistory', () => {
  const events = Array.from({ length: 130 }, (_, i) => event('fired', i % 2 ? 'odd' : 'even', NOW + i * 1000, NOW + i * 1000));
  const entries = historyEntries(events, [], NOW + 1e6);
  it('filters by target and rule, then pages', () => {
    const p = pageHistory(entries, { target: 'odd', page: 2, pageSize: 50 });
    expect(p).toMatchObject({ matched: 65, page: 2, pageCount: 2 });
    expect(p.entries).toHaveLength(15);
    expect(p.entries.every((e) => e.targetId === 'odd')).toBe(true);
    expect(pageHistory(entries, { rule: 'target-down', page: 1, pageSize: 50 }).matched).toBe(0);
  });
  it('a page past the end answers the last one', () => {
    expect(pageHistory(entries, { page: 40, pageSize: 50 }).page).toBe(3);
  });
});

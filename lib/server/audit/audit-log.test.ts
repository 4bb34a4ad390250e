import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type NewAuditEntry } from './audit-log';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'fragscope-audit-'));

function entry(targetId: string, n: number): NewAuditEntry {
  return {
    targetId,
    actor: 'admin',
    action: 'config-set',
    requested: { 'active-defrag-cycle-max': String(n) },
    before: { 'active-defrag-cycle-max': '25' },
    after: { 'active-defrag-cycle-max': String(n) },
    result: 'applied',
    error: null,
  };
}

describe('AuditLog', () => {
  it('appends one JSON line per entry and lists newest first, per target', async () => {
    const log = new AuditLog(dir());
    await log.append(entry('a', 1));
    await log.append(entry('b', 2));
    await log.append(entry('a', 3));
    expect(readFileSync(log.file, 'utf8').trim().split('\n')).toHaveLength(3);
    const all = await log.list();
    expect(all.entries.map((e) => e.requested['active-defrag-cycle-max'])).toEqual(['3', '2', '1']);
    expect((await log.list({ targetId: 'a' })).entries.map((e) => e.targetId)).toEqual(['a', 'a']);
    expect((await log.list({ limit: 1 })).entries).toHaveLength(1);
  });

  it('keeps concurrent appends whole and in order', async () => {
    const log = new AuditLog(dir());
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry('a', i))));
    const lines = readFileSync(log.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).requested['active-defrag-cycle-max'])).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });

  it('survives a torn last line: earlier entries intact, the next append starts a fresh line', async () => {
    const data = dir();
    const first = new AuditLog(data);
    const kept = await first.append(entry('a', 1));
    // A crash in the middle of a write leaves half a line and no newline.
    appendFileSync(first.file, '{"id":"torn","at":"2026-');
    const restarted = new AuditLog(data);
    expect((await restarted.list()).entries.map((e) => e.id)).toEqual([kept.id]);
    expect((await restarted.list()).unreadableLines).toBe(1);
    const next = await restarted.append(entry('a', 2));
    const list = await new AuditLog(data).list();
    expect(list.entries.map((e) => e.id)).toEqual([next.id, kept.id]);
    expect(list.unreadableLines).toBe(1);
  });

  it('skips garbage lines anywhere without losing the valid ones around them', async () => {
    const data = dir();
    const log = new AuditLog(data);
    const a = await log.append(entry('a', 1));
    appendFileSync(log.file, 'not json\n{"id":"x"}\n');
    const b = await log.append(entry('a', 2));
    const list = await new AuditLog(data).list();
    expect(list.entries.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(list.unreadableLines).toBe(2);
  });

  it('reads only what was appended since the last read, and re-reads a file replaced by a shorter one', async () => {
    const data = dir();
    const writer = new AuditLog(data);
    const reader = new AuditLog(data);
    await writer.append(entry('a', 1));
    expect((await reader.list()).entries).toHaveLength(1);
    await writer.append(entry('a', 2));
    expect((await reader.list()).entries).toHaveLength(2);
    writeFileSync(writer.file, `${readFileSync(writer.file, 'utf8').split('\n')[0]}\n`);
    expect((await reader.list()).entries).toHaveLength(1);
  });

  it('finds an entry by id', async () => {
    const log = new AuditLog(dir());
    const stored = await log.append(entry('a', 7));
    expect((await log.get(stored.id))?.requested).toEqual({ 'active-defrag-cycle-max': '7' });
    expect(await log.get('nope')).toBeNull();
  });
});

describe('AuditLog under concurrent reads', () => {
  it('lists every entry once when reads overlap appends', async () => {
    const data = dir();
    const writer = new AuditLog(data);
    const reader = new AuditLog(data);
    for (let i = 0; i < 5; i++) {
      await writer.append(entry('a', i));
      await Promise.all([reader.list(), reader.list(), reader.list()]);
    }
    const ids = (await reader.list()).entries.map((e) => e.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });
});

describe('AuditLog filters, paging and reverts', () => {
  it('filters by actor and result, and pages with nextBefore without losing or repeating an entry', async () => {
    const log = new AuditLog(dir());
    for (let i = 0; i < 7; i++) {
      await log.append({ ...entry('a', i), actor: i % 2 ? 'alice' : 'admin', result: i === 3 ? 'refused' : 'applied' }, new Date(1_700_000_000_000));
    }
    expect((await log.list({ actor: 'alice' })).entries.map((e) => e.requested['active-defrag-cycle-max'])).toEqual(['5', '3', '1']);
    expect((await log.list({ result: 'refused' })).entries.map((e) => e.requested['active-defrag-cycle-max'])).toEqual(['3']);
    // All seven in one millisecond: the cursor is a place in the log, not an id comparison.
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const list = await log.list({ limit: 3, before });
      seen.push(...list.entries.map((e) => e.requested['active-defrag-cycle-max']!));
      if (list.nextBefore === null) break;
      before = list.nextBefore;
    }
    expect(seen).toEqual(['6', '5', '4', '3', '2', '1', '0']);
  });

  it('marks an entry reverted by the applied revert of it, not by a refused one', async () => {
    const log = new AuditLog(dir());
    const change = await log.append(entry('a', 40));
    await log.append({ ...entry('a', 25), action: 'revert', revertOf: change.id, result: 'refused' });
    expect(await log.revertOf(change.id)).toBeNull();
    const revert = await log.append({ ...entry('a', 25), action: 'revert', revertOf: change.id });
    expect(await log.revertOf(change.id)).toBe(revert.id);
    const listed = (await log.list()).entries.find((e) => e.id === change.id);
    expect(listed?.revertedBy).toBe(revert.id);
    // Only in the answer: the stored line is unchanged.
    expect(readFileSync(log.file, 'utf8')).not.toContain('revertedBy');
  });
});

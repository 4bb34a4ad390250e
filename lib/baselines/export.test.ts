import { describe, expect, it } from 'vitest';
import { compareMoments } from './compare';
import { CSV_HEADER, csvField, escapeMarkdown, toCsv, toJson, toMarkdown, type ExportMeta } from './export';
import { FIGURES, momentFromFigures } from './moment';
import { afterMoment, beforeMoment, MB, T0 } from './moments.test-support';

const meta: ExportMeta = {
  targetName: 'cache-eu-1',
  address: '10.0.0.5:6379',
  engine: 'redis',
  version: '7.4.1',
  permalink: 'https://fragscope.example/compare?target=lab&baseline=b-1&to=now',
};

describe('toMarkdown', () => {
  const before = beforeMoment();
  const after = afterMoment();
  const md = toMarkdown(compareMoments(before, after), before, after, meta);
  const lines = md.split('\n');

  it('opens with a title and the verdict line', () => {
    expect(lines[0]).toBe('### Defrag comparison: cache-eu-1, before maintenance → now');
    expect(lines[2]).toBe('**Verdict: success.** Defrag reclaimed 60 MiB of RSS (31.3%); used memory did not change.');
    expect(lines).toContain('- active\\_defrag\\_hits rose by 1,500,000');
  });

  it('has a table row per figure with before, after, change and change %', () => {
    expect(lines).toContain('| Figure | Before | After | Change | Change % |');
    expect(lines).toContain('| RSS (`used_memory_rss`) | 192 MiB | 132 MiB | -60 MiB | -31.3% |');
    expect(lines).toContain('| Used memory (`used_memory`) | 62 MiB | 62 MiB | 0 B | 0% |');
    expect(lines).toContain('| Allocator fragmentation ratio (`allocator_frag_ratio`) | 2.74 | 1.06 | -1.68 | -61.3% |');
    expect(lines).toContain('| Defrag hits (`active_defrag_hits`) | 0 | 1,500,000 | +1,500,000 | — |');
    expect(lines).toContain('| Total defrag time (7.0+) (`total_active_defrag_time`) | 0 ms | 38 s | +38 s | — |');
    expect(lines.filter((l) => l.startsWith('| ') && l.includes('(`'))).toHaveLength(FIGURES.length);
  });

  it('gives elapsed time, server identity, both timestamps in ISO UTC and the permalink', () => {
    expect(lines).toContain('- Before: before maintenance, 2026-03-14T02:00:00.000Z');
    expect(lines).toContain('- After: now, 2026-03-14T02:00:42.000Z');
    expect(lines).toContain('- Elapsed: 42 s');
    expect(lines).toContain('- Server: redis 7.4.1 at 10.0.0.5:6379, run\\_id r1');
    expect(lines).toContain('- Permalink: <https://fragscope.example/compare?target=lab&baseline=b-1&to=now>');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('leaves the permalink out when none is given, and copes with an unknown server', () => {
    const text = toMarkdown(compareMoments(before, after), before, after, { targetName: 't', address: 'h:1', engine: null, version: null });
    expect(text).not.toContain('Permalink');
    expect(text).toContain('- Server: unknown server at h:1, run\\_id r1');
  });

  it('shows both run ids after a restart', () => {
    const restarted = afterMoment({ server: { runId: 'r2' } });
    const text = toMarkdown(compareMoments(before, restarted), before, restarted, meta);
    expect(text).toContain('**Verdict: server restarted.**');
    expect(text).toContain('run\\_id r1 → r2');
    expect(text).toContain('| RSS (`used_memory_rss`) | 192 MiB | 132 MiB | -60 MiB | -31.3% |');
  });

  it('escapes operator text that would break the table or the emphasis', () => {
    const odd = afterMoment({}, 'after | *big* delete\nsecond line');
    const text = toMarkdown(compareMoments(before, odd), before, odd, { ...meta, targetName: 'a_b' });
    expect(text.split('\n')[0]).toBe('### Defrag comparison: a\\_b, before maintenance → after \\| \\*big\\* delete second line');
    expect(escapeMarkdown('[x](y) <b> `c` \\')).toBe('\\[x\\](y) \\<b\\> \\`c\\` \\\\');
  });

  it('says no figures were compared when the comparison was refused', () => {
    const other = afterMoment({ targetId: 'other' });
    const text = toMarkdown(compareMoments(before, other), before, other, meta);
    expect(text).toContain('**Verdict: different targets (not compared).**');
    expect(text).toContain('_No figures compared._');
    expect(text).not.toContain('| Figure |');
  });
});

describe('toCsv', () => {
  it('writes the header and one line per figure with raw numbers', () => {
    const before = beforeMoment();
    const after = afterMoment();
    const csv = toCsv(compareMoments(before, after), before, after);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[0]).toBe('figure,label,before,after,delta,relative');
    expect(lines).toHaveLength(FIGURES.length + 2); // header, rows, and the empty string after the last CRLF
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toBe(`used_memory_rss,RSS,${192 * MB},${132 * MB},${-60 * MB},-0.3125`);
    expect(lines[7]).toBe('active_defrag_hits,Defrag hits,0,1500000,1500000,');
  });

  it('quotes a label with a comma and leaves nulls empty', () => {
    const before = momentFromFigures(T0, 'a', 'lab', 'r1', { used_memory_rss: 100 * MB });
    const after = momentFromFigures(T0 + 1, 'b', 'lab', 'r1', { used_memory_rss: 90 * MB, total_active_defrag_time: 12 });
    const lines = toCsv(compareMoments(before, after), before, after).split('\r\n');
    expect(lines[2]).toBe('used_memory,Used memory,,,,');
    expect(lines[11]).toBe('total_active_defrag_time,Total defrag time (7.0+),,12,,');
    expect(csvField('Total defrag time (ms, 7.0+)')).toBe('"Total defrag time (ms, 7.0+)"');
  });

  it('writes only the header for a refused comparison', () => {
    const before = beforeMoment();
    const after = afterMoment({ targetId: 'other' });
    expect(toCsv(compareMoments(before, after), before, after)).toBe(`${CSV_HEADER}\r\n`);
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
});

describe('toJson', () => {
  const before = beforeMoment();
  const after = afterMoment();
  const comparison = compareMoments(before, after);

  it('holds both moments, the rows, the verdict and the elapsed time, and survives JSON', () => {
    const json = toJson(comparison, before, after);
    expect(Object.keys(json).sort()).toEqual(['after', 'before', 'elapsedMs', 'rows', 'verdict']);
    expect(json.before).toEqual(before);
    expect(json.after).toEqual(after);
    expect(json.rows).toEqual(comparison.rows);
    expect(json.verdict.status).toBe('success');
    expect(json.elapsedMs).toBe(42_000);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('is a copy: changing it leaves the comparison and moments alone', () => {
    const json = toJson(comparison, before, after);
    json.verdict.reasons.push('extra');
    json.before.figures.used_memory_rss = 0;
    const first = json.rows[0];
    if (first) first.after = 0;
    expect(comparison.verdict.reasons).not.toContain('extra');
    expect(before.figures.used_memory_rss).toBe(192 * MB);
    expect(comparison.rows[0]?.after).toBe(132 * MB);
  });
});

describe('exports carry no floating-point noise', () => {
  it('a ratio of 2.49 -> 1.02 changes by -1.47 in CSV and JSON, not -1.4700000000000002', () => {
    expect(1.02 - 2.49).toBe(-1.4700000000000002); // the noise this guards against
    const before = beforeMoment({ info: { mem_fragmentation_ratio: 2.49 } });
    const after = afterMoment({ info: { mem_fragmentation_ratio: 1.02 } });
    const comparison = compareMoments(before, after);
    const csv = toCsv(comparison, before, after);
    expect(csv).toContain(',2.49,1.02,-1.47,-0.590361445783\r\n');
    expect(csv).not.toMatch(/\.\d*0000000\d/);
    const row = toJson(comparison, before, after).rows.find((r) => r.name === 'mem_fragmentation_ratio')!;
    expect(row.delta).toBe(-1.47);
  });
});

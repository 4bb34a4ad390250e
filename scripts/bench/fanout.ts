/**
 * 3. Fan-out with 500 viewers at 1 Hz, from the windows of viewers.ts (1, 50 and 500 for comparison):
 * - dashboard CPU over that window (utime+stime of the next-server process tree, % of one core);
 * - delay from sample to receipt, per viewer and sample: received − `at` (the poll's start)
 *   − `derived.pollRttMs` (the Redis round trip), i.e. parsing, publishing, encoding, the socket,
 *   and the bench's own event loop getting to the event (it shares the 2 cores).
 */
import type { Report } from './report';
import { fmt, max, median, percentile } from './stats';
import type { ViewerPhase } from './viewers';

/** Receipts of the window's samples, and each one's delay (received − at − pollRttMs). */
export function windowDelays(phase: ViewerPhase) {
  const receipts = phase.receipts;
  // Recording starts right after viewer 0 got a sample (others may still be getting that one) and
  // stops one poll past the window: keep the samples viewer 0 got inside it, which all viewers did.
  const leaderSeqs = receipts.filter((r) => r.viewer === 0).map((r) => r.seq);
  const firstSeq = Math.min(...leaderSeqs);
  const lastSeq = Math.max(...leaderSeqs);
  const inWindow = receipts.filter((r) => r.seq >= firstSeq && r.seq < lastSeq);
  const good = inWindow.filter((r) => r.ok && r.pollRttMs !== null);
  if (good.length === 0) throw new Error('no snapshot received in the window');
  const delays = good.map((r) => r.receivedAt - r.at - r.pollRttMs!);
  return { inWindow, good, delays, firstSeq, lastSeq };
}

export function reportFanout(report: Report, phases: ViewerPhase[]): void {
  for (const p of phases) {
    const viewers = `${p.viewers} viewer${p.viewers === 1 ? '' : 's'}`;
    report.add(
      `viewers_${p.viewers}_app_cpu_percent`,
      `dashboard CPU with ${viewers} at 1 Hz`,
      p.cpuPercentOfCore,
      '% of one core',
      `${fmt(p.cpuPercentOfCore, 1)} % of one core (next-server utime+stime over ${p.seconds.toFixed(1)} s); RSS ${(p.rssBytes / 1024 / 1024).toFixed(0)} MiB`,
    );
  }
  for (const p of phases.slice(0, -1)) {
    const { delays } = windowDelays(p);
    report.add(
      `fanout_delay_ms_median_${p.viewers}`,
      `sample -> receipt, ${p.viewers} viewer${p.viewers === 1 ? '' : 's'}, median`,
      median(delays),
      'ms',
      `${fmt(median(delays), 1)} ms (p99 ${fmt(percentile(delays, 99), 1)} ms)`,
    );
  }
  const phase = phases.at(-1)!;
  const { inWindow, good, delays, firstSeq, lastSeq } = windowDelays(phase);
  const bySeq = new Map<number, number[]>();
  for (const r of good) {
    const times = bySeq.get(r.seq) ?? [];
    times.push(r.receivedAt);
    bySeq.set(r.seq, times);
  }
  // Samples whose every viewer's receipt fell inside the window.
  const whole = [...bySeq.values()].filter((times) => times.length === phase.viewers);
  const spreads = whole.map((times) => max(times) - Math.min(...times));
  // The first viewer of each sample: the app's own part (parse, publish, first write) plus one socket hop.
  const firstDelays = [...bySeq.entries()].map(([seq, times]) => {
    const sample = good.find((r) => r.seq === seq)!;
    return Math.min(...times) - sample.at - sample.pollRttMs!;
  });
  // seq is consecutive per target: the window's samples are firstSeq .. lastSeq - 1.
  const expected = (lastSeq - firstSeq) * phase.viewers;
  const v = phase.viewers;
  report.add(
    'fanout_delay_ms_median',
    `sample -> receipt, ${v} viewers, median`,
    median(delays),
    'ms',
    `${fmt(median(delays), 1)} ms (received − at − pollRttMs; ${delays.length} receipts, ${bySeq.size} samples)`,
  );
  report.add(
    'fanout_delay_ms_p99',
    `sample -> receipt, ${v} viewers, p99`,
    percentile(delays, 99),
    'ms',
    `${fmt(percentile(delays, 99), 1)} ms (max ${fmt(max(delays), 1)} ms)`,
  );
  report.add('fanout_first_viewer_ms_median', `sample -> first of ${v} viewers, median`, median(firstDelays), 'ms', `${fmt(median(firstDelays), 1)} ms`);
  if (spreads.length > 0) {
    report.add(
      'fanout_spread_ms_median',
      `first -> last of ${v} viewers per sample, median`,
      median(spreads),
      'ms',
      `${fmt(median(spreads), 1)} ms (the bench reading the ${v} streams used ${fmt(phase.benchCpuPercentOfCore, 1)} % of a core meanwhile)`,
    );
  }
  report.add(
    'fanout_receipts_complete',
    `snapshots received / expected, ${v} viewers`,
    good.length / expected,
    'ratio',
    `${good.length} / ${expected} (${inWindow.filter((r) => !r.ok).length} not-ok snapshots)`,
  );
}

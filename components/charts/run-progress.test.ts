import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { detectRuns, runProgress } from '@/lib/history/defrag-runs';
import { MB, runningSequence } from '@/lib/history/samples.test-support';
import type { DefragRunView } from '@/lib/history/api-schema';
import { RunProgressPanel } from './run-progress';

const view = (samples: ReturnType<typeof runningSequence>, keyCount?: number): DefragRunView => {
  const run = detectRuns(samples).at(-1)!;
  return { ...run, progress: runProgress(run, samples, samples.at(-1)!.at, { keyCount }) };
};

describe('RunProgressPanel', () => {
  it('renders running, settling and finished runs, saying "settling" while RSS may still fall', () => {
    const withKeys = runningSequence([0, 25, 25, 25, 25, 25]).map((s, i) => ({ ...s, active_defrag_key_hits: i * 1000, active_defrag_key_misses: 0 }));
    const running = renderToStaticMarkup(createElement(RunProgressPanel, { run: view(withKeys, 10_000) }));
    expect(running).toContain('data-state="running"');
    expect(running).toContain('pass <b data-testid="run-pass">1: 50%</b>');
    const ended = runningSequence([0, 25, 25, 0, 0, 0, 0, 0]).map((s, i) => ({ ...s, used_memory_rss: (i < 6 ? 200 : 120) * MB }));
    const settling = renderToStaticMarkup(createElement(RunProgressPanel, { run: view(ended) }));
    expect(settling).toContain('data-state="settling"');
    expect(settling).toContain('data-testid="run-settling"');
    expect(settling).toContain('<b data-testid="run-reclaimed-rss">80 MiB</b>');
    const long = runningSequence([0, 25, 25, ...Array<number>(30).fill(0)]).map((s, i) => ({ ...s, used_memory_rss: (i < 6 ? 200 : 120) * MB }));
    const finished = renderToStaticMarkup(createElement(RunProgressPanel, { run: view(long) }));
    expect(finished).toContain('data-state="finished"');
    expect(finished).not.toContain('settling');
    expect(finished).not.toContain('data-testid="run-eta"');
  });

  it("states the run's latency cost, or why it is not measured yet", () => {
    const run = view(runningSequence([0, 25, 25, 0, 0, 0]));
    const row = { command: 'get', beforeP99Usec: 4, duringP99Usec: 8, beforeCalls: 30807, duringCalls: 2439, ratio: 2 };
    const cost = {
      status: 'ok' as const,
      reason: null,
      beforeFrom: 0,
      runFrom: 1,
      runTo: 2,
      meanEffort: 75,
      peakEffort: 75,
      rows: [row],
      all: row,
      eventLoop: null,
    };
    const measured = renderToStaticMarkup(
      createElement(RunProgressPanel, { run: { ...run, latencyCost: { ...cost, text: 'GET p99 4 µs -> 8 µs while defrag ran at 75 % CPU' } } }),
    );
    expect(measured).toContain('latency cost <b data-testid="run-latency-cost">GET p99 4 µs -&gt; 8 µs while defrag ran at 75 % CPU</b>');
    const waiting = renderToStaticMarkup(createElement(RunProgressPanel, { run: { ...run, latencyCost: { ...cost, rows: [], all: null, text: null } } }));
    expect(waiting).toContain('not measured yet');
    expect(renderToStaticMarkup(createElement(RunProgressPanel, { run }))).not.toContain('run-latency-cost');
  });
});

'use client';

import { useState } from 'react';
import { useHydrated } from '@/lib/client/use-hydrated';
import { requestJson, type ApiFailure } from '@/lib/client/request-json';
import { replayResponseSchema, type ReplayResponse } from '@/lib/decision/api-schema';
import { replayQuery } from '@/lib/decision/replay-query';
import type { ConfigOverrides } from '@/lib/decision/types';
import { formatDuration } from '@/lib/format';
import { RANGE_PRESETS, type RangePresetId } from '@/lib/range-presets';
import { ReplayChart } from './replay-chart';

const BUTTON = 'rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

const time = (at: number) => new Date(at).toLocaleTimeString();
const spanText = (start: number, end: number | null) =>
  `${time(start)} → ${end === null ? 'still at the end of the range' : `${time(end)} (${formatDuration(end - start)})`}`;

/**
 * "What if these thresholds had been set": the what-if values run over the recorded history
 * (server side, from the dashboard's own samples: no Redis call), drawn next to what happened.
 */
export function ReplayPanel({ targetId, overrides }: { targetId: string; overrides: ConfigOverrides }) {
  const [range, setRange] = useState<RangePresetId>('1h');
  const [replay, setReplay] = useState<ReplayResponse | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);
  // Like the what-if form: a range picked or a click made before React runs the panel would be lost.
  const hydrated = useHydrated();

  const run = async () => {
    const to = Date.now();
    const span = RANGE_PRESETS.find((p) => p.id === range)!.ms;
    setPending(true);
    const answer = await requestJson(
      `/api/targets/${encodeURIComponent(targetId)}/replay?${replayQuery(overrides, { from: to - span, to })}`,
      replayResponseSchema,
    );
    setPending(false);
    if (!answer.ok) return setFailure(answer);
    setFailure(null);
    setReplay(answer.data);
  };

  const given = Object.keys(overrides).length;
  return (
    <section className="grid gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-labelledby="replay-heading" data-testid="replay-panel">
      <h3 id="replay-heading" className="text-sm font-semibold">
        Replay on the history
      </h3>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {given > 0 ? `Runs the what-if values above (${given} changed)` : 'Runs the values the server had at each moment'} over the recorded samples and shows
        when defrag would have started and at what effort, next to what actually happened.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="text-sm">
          Range{' '}
          <select
            className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-700"
            value={range}
            disabled={!hydrated}
            onChange={(e) => setRange(e.target.value as RangePresetId)}
            data-testid="replay-range"
          >
            {RANGE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                last {p.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={BUTTON} onClick={() => void run()} disabled={pending || !hydrated} data-testid="replay-run">
          {pending ? 'Replaying…' : 'Replay'}
        </button>
      </div>
      {failure && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400" data-testid="replay-error">
          {failure.message}
        </p>
      )}
      {replay && (
        <div className="grid gap-2" data-testid="replay-result">
          <ReplayChart replay={replay} />
          <div className="grid gap-1 text-sm sm:grid-cols-2">
            <div>
              <div className="font-medium">Would have run ({replay.spans.length})</div>
              {replay.spans.length === 0 ? <p data-testid="replay-none">Never, with these values, in this range.</p> : null}
              <ul className="grid gap-0.5 tabular-nums">
                {replay.spans.map((s) => (
                  <li key={s.start} data-testid="replay-span">
                    {spanText(s.start, s.end)}, starting at {s.startEffort === null ? 'an undefined effort' : `${s.startEffort}% CPU`}
                    {s.peakEffort !== null && s.peakEffort !== s.startEffort ? ` (up to ${s.peakEffort}%)` : ''}
                    {s.endReason === 'disabled' ? ', until activedefrag was off' : s.endReason === 'gap' ? ', until a gap in the samples' : ''}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <div className="font-medium">Actually ran ({replay.actualSpans.length})</div>
              <ul className="grid gap-0.5 tabular-nums">
                {replay.actualSpans.map((s) => (
                  <li key={s.start} data-testid="replay-actual-span">
                    {spanText(s.start, s.end)}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="replay-caveat">
            {replay.samples.toLocaleString('en-US')} samples{replay.unknownSamples > 0 ? ` (${replay.unknownSamples} unknown: gaps)` : ''}
            {replay.exact ? '' : '; the fragmentation percent is approximate on this version (the Lua arena is not recorded)'}. {replay.caveat}
          </p>
        </div>
      )}
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import type { BaselineSummary } from '@/lib/baselines/api-schema';
import { comparePageUrl } from '@/lib/client/baselines-requests';
import type { DefragRunView } from '@/lib/history/api-schema';
import { formatMomentTime } from './baseline-text';

export interface ToChooserProps {
  targetId: string;
  baselineId: string;
  /** The current `to` parameter. */
  to: string;
  /** When the compared baseline was taken (null while unknown): earlier choices are marked. */
  baselineAt: number | null;
  baselines: BaselineSummary[];
  runs: DefragRunView[];
}

/** Compare with now, another baseline, or the end of a detected defrag run: a choice is a new URL. */
export function ToChooser({ targetId, baselineId, to, baselineAt, baselines, runs }: ToChooserProps) {
  const router = useRouter();
  const others = baselines.filter((b) => b.id !== baselineId);
  // Only finished runs have an end; one that ended before the baseline would be refused as reversed.
  // A run whose RSS is still settling has no end figure yet (the server refuses it for a minute).
  const ended = runs.filter(
    (r): r is DefragRunView & { end: { at: number } } =>
      r.end !== null && (r.endReason !== 'idle' || r.settled !== null) && (baselineAt === null || r.end.at > baselineAt),
  );
  const values = new Set(['now', ...others.map((b) => b.id), ...ended.map((r) => `run:${r.start.at}`)]);
  const earlier = (at: number) => (baselineAt !== null && at < baselineAt ? ' — earlier than this baseline' : '');
  return (
    <label className="flex flex-wrap items-center gap-2 text-sm" data-testid="comparison-to-chooser">
      <span className="text-zinc-500">compare with</span>
      <select
        value={to}
        onChange={(e) => router.push(comparePageUrl(targetId, baselineId, e.target.value))}
        className="max-w-full rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        data-testid="comparison-to"
      >
        <option value="now">now (the newest sample)</option>
        {values.has(to) ? null : <option value={to}>{to}</option>}
        {others.length > 0 ? (
          <optgroup label="another baseline">
            {others.map((b) => (
              <option key={b.id} value={b.id}>
                baseline “{b.name}” ({formatMomentTime(b.at)}){earlier(b.at)}
              </option>
            ))}
          </optgroup>
        ) : null}
        {ended.length > 0 ? (
          <optgroup label="the end of a detected defrag run">
            {ended.map((r) => (
              <option key={r.start.at} value={`run:${r.start.at}`}>
                end of the run started {formatMomentTime(r.start.at)} (ended {formatMomentTime(r.end.at)})
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {ended.length === 0 ? <span className="text-xs text-zinc-500">no finished defrag run after this baseline in the kept 1 s history</span> : null}
    </label>
  );
}

'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { BaselineSummary } from '@/lib/baselines/api-schema';
import { compareApiUrl, comparePageUrl } from '@/lib/client/baselines-requests';
import { formatMomentTime, headlineFigures, TRIGGER_TEXT } from './baseline-text';

const LINK = 'rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';

export interface BaselineRowProps {
  baseline: BaselineSummary;
  /** "RSS -180 MiB (-52%), success" against now; only the newest row gets one. */
  vsNow: string | null;
  canDelete: boolean;
  deleting: boolean;
  onDelete: () => void;
}

/** One baseline: when, what, who, its headline figures, and what can be done with it. */
export function BaselineRow({ baseline, vsNow, canDelete, deleting, onDelete }: BaselineRowProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li
      className="grid gap-1 border-t border-zinc-200 py-2 first:border-t-0 dark:border-zinc-800"
      data-testid="baseline-row"
      data-baseline-id={baseline.id}
      data-trigger={baseline.trigger}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-medium" data-testid="baseline-row-name">
          {baseline.name}
        </span>
        <time className="text-zinc-600 dark:text-zinc-300" dateTime={new Date(baseline.at).toISOString()} title={new Date(baseline.at).toISOString()}>
          ({formatMomentTime(baseline.at)})
        </time>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200" data-testid="baseline-trigger">
          {TRIGGER_TEXT[baseline.trigger]}
        </span>
        <span className="text-xs text-zinc-500">by {baseline.takenBy}</span>
        {vsNow ? (
          <span className="text-zinc-700 dark:text-zinc-200" data-testid="baseline-vs-now">
            → now: {vsNow}
          </span>
        ) : null}
        <span className="ml-auto flex items-center gap-2">
          <Link href={comparePageUrl(baseline.targetId, baseline.id, 'now')} className={LINK} data-testid="baseline-compare">
            compare with now
          </Link>
          <a
            href={compareApiUrl(baseline.targetId, baseline.id, 'now', 'md')}
            download
            className={LINK}
            data-testid="baseline-md"
            title="This baseline against now, as Markdown for a ticket"
          >
            md
          </a>
          {canDelete && !confirming ? (
            <button type="button" className={LINK} disabled={deleting} onClick={() => setConfirming(true)} data-testid="baseline-delete">
              {deleting ? 'Deleting…' : 'Delete'}
            </button>
          ) : null}
          {canDelete && confirming ? (
            <>
              <button
                type="button"
                className="rounded border border-red-600 px-2 py-0.5 text-xs font-semibold text-red-700 hover:bg-red-50 dark:border-red-500 dark:text-red-300 dark:hover:bg-red-950/40"
                onClick={() => {
                  setConfirming(false);
                  onDelete();
                }}
                data-testid="baseline-delete-confirm"
              >
                ✗ Delete “{baseline.name}”
              </button>
              <button type="button" className={LINK} onClick={() => setConfirming(false)} data-testid="baseline-delete-cancel">
                Keep
              </button>
            </>
          ) : null}
        </span>
      </div>
      <div className="flex flex-wrap gap-x-4 font-mono text-xs text-zinc-600 dark:text-zinc-400" data-testid="baseline-figures">
        {headlineFigures(baseline.figures).map((f) => (
          <span key={f.key} title={f.title}>
            {f.label} <b className="font-semibold text-zinc-800 dark:text-zinc-200">{f.text}</b>
          </span>
        ))}
      </div>
      {baseline.note ? <p className="text-xs text-zinc-600 dark:text-zinc-300">{baseline.note}</p> : null}
    </li>
  );
}

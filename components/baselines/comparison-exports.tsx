'use client';

import { useState, useSyncExternalStore } from 'react';
import { compareApiUrl, comparePageUrl } from '@/lib/client/baselines-requests';

// The address this browser reached the page at never changes while the page is open: nothing to subscribe to.
const noSubscription = () => () => {};
const browserOrigin = () => window.location.origin;
const serverOrigin = () => null;

const LINK = 'rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';

export interface ComparisonExportsProps {
  targetId: string;
  baselineId: string;
  to: string;
  /** The server's permalink, shown until the page knows its own origin. */
  serverPermalink: string;
}

/** Downloads in the three formats (straight from the API), and the permalink to paste into a ticket. */
export function ComparisonExports({ targetId, baselineId, to, serverPermalink }: ComparisonExportsProps) {
  const origin = useSyncExternalStore(noSubscription, browserOrigin, serverOrigin);
  const [copied, setCopied] = useState<boolean | null>(null);
  // The address this browser reached the page at: behind a proxy the server's own origin may differ.
  const permalink = origin === null ? serverPermalink : `${origin}${comparePageUrl(targetId, baselineId, to)}`;
  const jsonName = `fragscope-${targetId}-${baselineId}-vs-${to.replace(/[^a-z0-9-]/gi, '-')}.json`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(permalink);
      setCopied(true);
    } catch {
      setCopied(false); // not a secure context, or permission refused: the field is selected instead
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm" data-testid="comparison-exports">
      <span className="flex flex-wrap items-center gap-2">
        <span className="text-zinc-500">download</span>
        <a href={compareApiUrl(targetId, baselineId, to, 'md')} download className={LINK} data-testid="comparison-md">
          Markdown
        </a>
        <a href={compareApiUrl(targetId, baselineId, to, 'csv')} download className={LINK} data-testid="comparison-csv">
          CSV
        </a>
        <a href={compareApiUrl(targetId, baselineId, to, 'json')} download={jsonName} className={LINK} data-testid="comparison-json">
          JSON
        </a>
      </span>
      <span className="flex min-w-0 flex-1 items-center gap-2">
        <span className="text-zinc-500">permalink</span>
        <input
          readOnly
          value={permalink}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-48 flex-1 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="comparison-permalink"
          aria-label="permalink of this comparison"
        />
        <button type="button" className={LINK} onClick={() => void copy()} data-testid="comparison-permalink-copy">
          Copy
        </button>
        {copied === true ? <span className="text-xs text-emerald-700 dark:text-emerald-300">✓ copied</span> : null}
        {copied === false ? <span className="text-xs text-amber-800 dark:text-amber-300">⚠ copy it from the field</span> : null}
      </span>
    </div>
  );
}

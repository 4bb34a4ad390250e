'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AllocatorBin } from '@/lib/allocator/api-schema';
import { formatBytes } from '@/lib/format';

/** Wasted bytes per size class, one bar per bin; a pure function of its props. */
export function WasteChart({ bins }: { bins: readonly AllocatorBin[] }) {
  const data = bins.filter((b) => b.curslabs > 0).map((b) => ({ size: formatBytes(b.size), wasted: b.wastedBytes, util: b.util }));
  const worst = [...bins].sort((a, b) => b.wastedBytes - a.wastedBytes).slice(0, 3);
  return (
    <figure className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="allocator-waste-chart">
      <figcaption className="mb-2 text-sm font-medium">Wasted bytes by size class</figcaption>
      <div aria-hidden="true" className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ left: 8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
            <XAxis dataKey="size" fontSize={11} interval="preserveStartEnd" />
            <YAxis fontSize={11} width={70} tickFormatter={(v: number) => formatBytes(v)} />
            <Tooltip formatter={(v) => formatBytes(Number(v))} />
            <Bar dataKey="wasted" name="wasted" fill="#e11d48" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="allocator-waste-summary">
        {worst.length === 0 || worst[0]!.wastedBytes === 0
          ? 'No size class holds free regions.'
          : `Most waste: ${worst.map((b) => `${formatBytes(b.size)} regions ${formatBytes(b.wastedBytes)} (${Math.round(b.util * 100)} % used)`).join(', ')}.`}
      </p>
    </figure>
  );
}

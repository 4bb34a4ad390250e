import type { ConfigDiffRow } from '@/lib/config-params';

/** What the apply would change: one row per parameter, the server's value → the new one. */
export function ConfigDiffTable({ rows }: { rows: ConfigDiffRow[] }) {
  return (
    <table className="w-full text-sm" data-testid="config-diff">
      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500">Changes to send ({rows.length})</caption>
      <thead>
        <tr className="text-left text-xs text-zinc-500">
          <th className="py-1 pr-4 font-medium">parameter</th>
          <th className="py-1 pr-4 font-medium">now</th>
          <th className="py-1 pr-4 font-medium" aria-hidden />
          <th className="py-1 font-medium">after</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {rows.map((r) => (
          <tr key={r.param} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`config-diff-${r.param}`}>
            <td className="py-1 pr-4">{r.param}</td>
            <td className="py-1 pr-4 text-zinc-500 line-through decoration-zinc-400" data-testid="config-diff-before">
              {r.beforeText}
            </td>
            <td className="py-1 pr-4 text-zinc-500">→</td>
            <td className="py-1 font-semibold text-violet-800 dark:text-violet-300" data-testid="config-diff-after">
              {r.afterText}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

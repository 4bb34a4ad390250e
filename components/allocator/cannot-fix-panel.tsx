import type { AllocatorAnatomy } from '@/lib/allocator/api-schema';
import { cannotFix, remedySummary, type Remedy } from '@/lib/allocator/cannot-fix';
import { formatBytes } from '@/lib/format';

const REMEDY_TEXT: Record<Remedy, string> = {
  purge: 'MEMORY PURGE',
  wait: 'wait',
  restart: 'restart / failover',
  config: 'config',
  none: '—',
};

/** What active defrag cannot fix, item by item from the read's figures, and what can. */
export function CannotFixPanel({ anatomy }: { anatomy: AllocatorAnatomy }) {
  const items = cannotFix(anatomy, anatomy.facts);
  return (
    <section className="grid gap-2" aria-labelledby="cannot-fix-heading" data-testid="cannot-fix">
      <h3 id="cannot-fix-heading" className="text-sm font-medium">
        What defrag cannot fix
      </h3>
      <p className="text-sm" data-testid="cannot-fix-summary">
        {remedySummary(items, anatomy)}
      </p>
      <table className="text-sm">
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid={`cannot-fix-${item.id}`}>
              <th scope="row" className="py-1 pr-3 text-left font-normal">
                {item.label}
              </th>
              <td className="py-1 pr-3 text-right tabular-nums">
                {item.bytes === null ? (item.detail.includes('unknown') ? 'unknown' : '') : formatBytes(item.bytes)}
              </td>
              <td className="py-1 pr-3 text-xs text-zinc-700 dark:text-zinc-300">{item.detail}</td>
              <td className="py-1 text-xs text-zinc-600 dark:text-zinc-400" title={item.remedyText}>
                {/* The remedy's name, then its explanation, unless that already starts with the name. */}
                {item.remedy === 'none'
                  ? REMEDY_TEXT.none
                  : item.remedyText.startsWith(REMEDY_TEXT[item.remedy])
                    ? item.remedyText
                    : `${REMEDY_TEXT[item.remedy]}: ${item.remedyText}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

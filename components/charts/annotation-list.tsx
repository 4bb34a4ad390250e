import Link from 'next/link';
import { formatMomentTime } from '@/lib/format';
import type { Annotation } from './annotations';

// The date too when the annotation is not from today: a 24 h range crosses midnight.
const time = (at: number) => formatMomentTime(at);

/** The charts' annotations as links to their entries (the lines on the charts are drawn, not clickable). */
export function AnnotationList({ annotations }: { annotations: Annotation[] }) {
  if (annotations.length === 0) return null;
  return (
    <div className="text-xs" data-testid="chart-annotations" data-count={annotations.length}>
      <h3 className="sr-only">Marked on the charts</h3>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {annotations.map((a) => (
          <li key={`${a.kind}-${a.at}-${a.href}`} data-testid="chart-annotation" data-kind={a.kind}>
            <Link href={a.href} className="underline-offset-2 hover:underline">
              <time dateTime={new Date(a.at).toISOString()} className="font-mono">
                {time(a.at)}
              </time>{' '}
              {a.label.slice(0, 1)} {a.text}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

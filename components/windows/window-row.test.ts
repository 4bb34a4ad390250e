import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WindowRow } from './window-row';

const window = {
  kind: 'daily' as const,
  time: '02:00',
  durationMinutes: 120,
  timeZone: 'Europe/Berlin',
  preset: 'low-latency',
  id: 'w-0123456789ab',
  targetId: 'default',
  createdAt: '2026-11-24T00:00:00Z',
  createdBy: 'admin',
  description: 'Daily 02:00–04:00 Europe/Berlin',
  next: [{ start: Date.UTC(2026, 10, 24, 1), end: Date.UTC(2026, 10, 24, 3) }],
  running: true,
};

describe('WindowRow', () => {
  it('running badge in a word, preset label, next runs; delete only when allowed', () => {
    const html = renderToStaticMarkup(createElement(WindowRow, { window, canDelete: true, deleting: false, onDelete: () => {} }));
    expect(html).toContain('data-running="true"');
    expect(html).toContain('▶ running');
    expect(html).toContain('Low latency');
    expect(html).toContain('data-testid="window-next"');
    expect(html).toContain('Stop and delete');
    const readOnly = renderToStaticMarkup(
      createElement(WindowRow, { window: { ...window, running: false }, canDelete: false, deleting: false, onDelete: () => {} }),
    );
    expect(readOnly).not.toContain('window-delete');
    expect(readOnly).not.toContain('running</span>');
  });
});

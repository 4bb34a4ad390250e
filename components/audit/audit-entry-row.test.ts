import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuditEntryRow } from './audit-entry-row';

describe('AuditEntryRow', () => {
  it('a refused entry: the result in a word, before → after, the requested value and Redis text', () => {
    const html = renderToStaticMarkup(
      createElement(AuditEntryRow, {
        targetId: 'default',
        signedIn: false,
        canRevert: false,
        entry: {
          id: 'a3-0000abcd',
          at: '2026-11-24T02:00:00.000Z',
          targetId: 'default',
          actor: 'admin',
          action: 'config-set',
          requested: { activedefrag: 'yes' },
          before: { activedefrag: 'no' },
          after: { activedefrag: 'no' },
          result: 'refused',
          error: 'ERR CONFIG SET failed - Active defragmentation cannot be enabled',
        },
      }),
    );
    expect(html).toMatch(/data-testid="audit-entry" data-audit-id="a3-0000abcd" data-action="config-set" data-result="refused"/);
    expect(html).toContain('✗ refused');
    expect(html).toContain('(requested yes)');
    expect(html).toContain('Active defragmentation cannot be enabled');
    expect(html).not.toContain('audit-revert');
  });

  it('an unknown outcome: the result in a word and why it is unknown', () => {
    const html = renderToStaticMarkup(
      createElement(AuditEntryRow, {
        targetId: 'default',
        signedIn: false,
        canRevert: false,
        entry: {
          id: 'a4-0000abcd',
          at: '2026-11-24T02:00:00.000Z',
          targetId: 'default',
          actor: 'alice',
          action: 'config-set',
          requested: { 'active-defrag-cycle-max': '12' },
          before: { 'active-defrag-cycle-max': '25' },
          after: null,
          result: 'unknown',
          error: 'the connection broke after the change was sent: Connection is closed.',
        },
      }),
    );
    expect(html).toContain('data-result="unknown"');
    expect(html).toContain('? unknown');
    expect(html).toContain('data-testid="audit-unknown"');
    expect(html).toContain('may have been applied');
    expect(html).toContain('not read');
  });
});

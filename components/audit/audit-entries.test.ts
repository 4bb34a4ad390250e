import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/api-schema';
import { entryChanges, entryParams, isRevertable, revertValues } from './audit-entries';

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1-0000abcd',
  at: '2026-11-24T02:00:00.000Z',
  targetId: 'default',
  actor: 'admin',
  action: 'config-set',
  requested: { 'active-defrag-cycle-max': '10' },
  before: { 'active-defrag-cycle-max': '25' },
  after: { 'active-defrag-cycle-max': '10' },
  result: 'applied',
  error: null,
  ...patch,
});

describe('audit entries', () => {
  it('an applied change can be reverted to its before values', () => {
    expect(isRevertable(entry({}))).toBe(true);
    expect(revertValues(entry({ before: { 'active-defrag-cycle-max': '25', activedefrag: null } }))).toEqual({ 'active-defrag-cycle-max': '25' });
  });

  it('an unknown outcome (connection lost after sending) can be reverted to its exact before values', () => {
    const unknown = entry({ result: 'unknown', after: null, error: 'the connection broke after the change was sent: Connection is closed.' });
    expect(isRevertable(unknown)).toBe(true);
    expect(revertValues(unknown)).toEqual({ 'active-defrag-cycle-max': '25' });
    expect(isRevertable(entry({ result: 'unknown', after: null, before: {} }))).toBe(false);
  });

  it('refused, invalid, window bookkeeping and no-op entries cannot', () => {
    expect(isRevertable(entry({ result: 'refused', after: { 'active-defrag-cycle-max': '25' } }))).toBe(false);
    expect(isRevertable(entry({ result: 'invalid', after: null }))).toBe(false);
    expect(isRevertable(entry({ action: 'window-created', requested: {}, before: {}, after: null }))).toBe(false);
    expect(isRevertable(entry({ after: { 'active-defrag-cycle-max': '25' } }))).toBe(false);
  });

  it('lists before → after, and the requested value only when it did not land', () => {
    expect(entryChanges(entry({}))).toEqual([{ param: 'active-defrag-cycle-max', before: '25 %', after: '10 %', requested: null }]);
    const refused = entryChanges(
      entry({ requested: { activedefrag: 'yes' }, before: { activedefrag: 'no' }, after: { activedefrag: 'no' }, result: 'refused' }),
    );
    expect(refused).toEqual([{ param: 'activedefrag', before: 'no', after: 'no', requested: 'yes' }]);
    expect(entryChanges(entry({ after: null, result: 'invalid', requested: { 'active-defrag-cycle-max': 'abc' } }))[0]).toMatchObject({
      after: 'not read',
      requested: 'abc',
    });
  });

  it('orders parameters as the catalogue does', () => {
    expect(entryParams(entry({ requested: { 'active-defrag-cycle-max': '1', activedefrag: 'yes' }, before: {}, after: {} }))).toEqual([
      'activedefrag',
      'active-defrag-cycle-max',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { baselineCreateSchema, baselineSchema, type Baseline } from './schema';
import { LAB_BEFORE, labSnapshot, T0 } from './moments.test-support';

function baseline(patch: Partial<Baseline> = {}): Baseline {
  const snapshot = labSnapshot(LAB_BEFORE, { at: T0 });
  return {
    id: 'b-abc-0123abcd',
    targetId: 'lab',
    name: 'before maintenance',
    note: null,
    at: snapshot.at,
    takenBy: 'alice',
    trigger: 'manual',
    snapshot,
    ...patch,
  };
}

const messages = (input: unknown) => {
  const result = baselineCreateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('baselineSchema', () => {
  it('accepts a stored baseline and keeps its snapshot whole', () => {
    const b = baseline({ note: 'before the 02:00 window', trigger: 'window-start', takenBy: 'scheduler' });
    expect(baselineSchema.parse(b)).toEqual(b);
  });

  it('reads a baseline saved before a field was read (e.g. eventloop_cycles): the field is null, nothing is lost', () => {
    const b = baseline();
    const stored = JSON.parse(JSON.stringify(b)) as { snapshot: { info: Record<string, unknown>; config: Record<string, unknown> } };
    delete stored.snapshot.info.eventloop_cycles;
    delete stored.snapshot.info.eventloop_duration_sum;
    delete stored.snapshot.config['active-defrag-cycle-us'];
    const read = baselineSchema.parse(stored);
    expect(read.snapshot.info.eventloop_cycles).toBeNull();
    expect(read.snapshot.config['active-defrag-cycle-us']).toBeNull();
    expect(read.snapshot.info.used_memory).toBe(b.snapshot.info.used_memory);
    // A field that is there but not a number is still refused.
    stored.snapshot.info.used_memory = 'lots';
    expect(baselineSchema.safeParse(stored).success).toBe(false);
  });

  it('refuses names outside 1..80 characters, notes over 500, and unknown triggers', () => {
    expect(baselineSchema.safeParse(baseline({ name: '' })).success).toBe(false);
    expect(baselineSchema.safeParse(baseline({ name: 'x'.repeat(80) })).success).toBe(true);
    expect(baselineSchema.safeParse(baseline({ name: 'x'.repeat(81) })).success).toBe(false);
    expect(baselineSchema.safeParse(baseline({ note: 'x'.repeat(500) })).success).toBe(true);
    expect(baselineSchema.safeParse(baseline({ note: 'x'.repeat(501) })).success).toBe(false);
    expect(baselineSchema.safeParse({ ...baseline(), trigger: 'cron' }).success).toBe(false);
  });

  it('refuses a baseline whose time or target disagrees with its own snapshot', () => {
    const late = baselineSchema.safeParse(baseline({ at: T0 + 1 }));
    expect(late.success).toBe(false);
    expect(late.error?.issues.map((i) => i.message)).toEqual(['at must equal snapshot.at']);
    expect(baselineSchema.safeParse(baseline({ targetId: 'other' })).success).toBe(false);
  });

  it('refuses an invalid snapshot', () => {
    const b = baseline();
    expect(baselineSchema.safeParse({ ...b, snapshot: { ...b.snapshot, info: { ...b.snapshot.info, used_memory: -Infinity } } }).success).toBe(false);
    expect(baselineSchema.safeParse({ ...b, snapshot: { ...b.snapshot, info: undefined } }).success).toBe(false);
    expect(baselineSchema.safeParse({ ...b, snapshot: { ...b.snapshot, server: undefined } }).success).toBe(false);
  });
});

describe('baselineCreateSchema', () => {
  it('trims the name and note', () => {
    expect(baselineCreateSchema.parse({ name: '  before window ', note: ' ticket OPS-12 ' })).toEqual({ name: 'before window', note: 'ticket OPS-12' });
    expect(baselineCreateSchema.parse({ name: 'x' })).toEqual({ name: 'x' });
  });

  it('says a name is needed, in words an operator reads', () => {
    expect(messages({})).toEqual(['A baseline needs a name']);
    expect(messages({ name: '   ' })).toEqual(['A baseline needs a name']);
  });

  it('measures the limits after trimming', () => {
    expect(messages({ name: ` ${'x'.repeat(80)} ` })).toEqual([]);
    expect(messages({ name: 'x'.repeat(81) })).toEqual(['Name can be at most 80 characters']);
    expect(messages({ name: 'a', note: 'x'.repeat(501) })).toEqual(['Note can be at most 500 characters']);
    expect(messages({ name: 'a', note: 5 })).toEqual(['Note must be text']);
  });

  it('refuses unknown fields and non-objects', () => {
    expect(messages({ name: 'a', at: 5 })).toEqual(['Unknown field(s): at (a baseline takes only name and note)']);
    expect(messages('before')).toEqual(['Send an object with a name and an optional note']);
    expect(messages(null)).toEqual(['Send an object with a name and an optional note']);
  });
});

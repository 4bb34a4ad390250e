import { describe, expect, it } from 'vitest';
import { MAX_CHANGES, configChangesSchema } from './schema';

describe('configChangesSchema', () => {
  it('accepts names with string, number and boolean values', () => {
    const body = { activedefrag: true, 'active-defrag-cycle-max': 50, 'active-defrag-ignore-bytes': '200mb', maxmemory: '1gb' };
    expect(configChangesSchema.parse(body)).toEqual(body);
  });

  it('refuses other shapes', () => {
    expect(configChangesSchema.safeParse({ activedefrag: null }).success).toBe(false);
    expect(configChangesSchema.safeParse({ activedefrag: ['yes'] }).success).toBe(false);
    expect(configChangesSchema.safeParse([]).success).toBe(false);
    expect(configChangesSchema.safeParse('activedefrag yes').success).toBe(false);
  });

  it('bounds the size of a request', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_CHANGES + 1 }, (_, i) => [`p${i}`, 1]));
    expect(configChangesSchema.safeParse(many).success).toBe(false);
    expect(configChangesSchema.safeParse({ activedefrag: 'y'.repeat(65) }).success).toBe(false);
    expect(configChangesSchema.safeParse({ ['n'.repeat(129)]: 1 }).success).toBe(false);
  });
});

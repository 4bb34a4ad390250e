import { describe, expect, it } from 'vitest';
import { BitWriter } from './bit-writer';
import { decodeValues, encodeValues, type Order } from './value-codec';

function roundTrip(values: readonly number[], order: Order): { out: number[]; bits: number } {
  const w = new BitWriter(8);
  encodeValues(w, values, 0, values.length, order);
  const bits = w.bitLength;
  w.write(0, 16);
  w.write(0, 16); // the padding chunks end with
  const bytes = w.bytes();
  const out = new Float64Array(values.length).fill(12345);
  decodeValues(bytes, 0, values.length, order, out, 0);
  return { out: Array.from(out), bits };
}

/** Same doubles bit for bit (Object.is: -0 is not 0, NaN is NaN). */
function expectSame(out: readonly number[], values: readonly number[]): void {
  expect(out.length).toBe(values.length);
  values.forEach((v, i) => {
    if (!Object.is(out[i], v)) throw new Error(`value ${i}: expected ${v} (${Object.is(v, -0) ? '-0' : ''}) got ${out[i]}`);
  });
}

/** Deterministic PRNG (mulberry32): a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADVERSARIAL = [
  0,
  -0,
  Number.NaN,
  1,
  -1,
  0.1,
  -0.1,
  1.04,
  Math.fround(1.04),
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  -(2 ** 60),
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.EPSILON,
  2 ** -1022, // the smallest normal double, and its neighbours on both sides
  2 ** -1022 * (1 + Number.EPSILON),
  2 ** -1022 - Number.MIN_VALUE,
  Infinity,
  -Infinity,
  2 ** 52,
  2 ** 52 - 1,
  -(2 ** 52),
  4503599627370495.5,
  1e-300,
  123456789.123,
];

describe('value codec', () => {
  it.each([1, 2] as const)('round-trips adversarial doubles bit for bit, in every order of pairs (order %i)', (order) => {
    const values: number[] = [];
    for (const a of ADVERSARIAL) for (const b of ADVERSARIAL) values.push(a, b, b, a);
    expectSame(roundTrip(values, order).out, values);
  });

  it.each([1, 2] as const)('round-trips random mixes of integers, fractions, NaN runs and resets (order %i)', (order) => {
    const rand = rng(18 + order);
    for (let trial = 0; trial < 200; trial++) {
      const values: number[] = [];
      let counter = Math.floor(rand() * 2 ** 40);
      const n = 1 + Math.floor(rand() * 600);
      for (let i = 0; i < n; i++) {
        const kind = rand();
        if (kind < 0.05) values.push(Number.NaN);
        else if (kind < 0.08)
          counter = 0; // a reset (CONFIG RESETSTAT, restart)
        else if (kind < 0.1) values.push(rand() * 1e6 - 5e5);
        else if (kind < 0.12) values.push(ADVERSARIAL[Math.floor(rand() * ADVERSARIAL.length)]!);
        else {
          counter += Math.floor(rand() * (kind < 0.5 ? 10 : 2 ** (rand() * 50)));
          if (counter > Number.MAX_SAFE_INTEGER) counter = 0;
          values.push(rand() < 0.3 ? (values.at(-1) ?? counter) : counter);
        }
      }
      expectSame(roundTrip(values, order).out, values);
    }
  });

  it('spends one bit on a repeated value, a NaN run and a steady counter (order 2)', () => {
    expect(roundTrip(new Array(100).fill(7e9), 1).bits).toBeLessThan(100 + 70);
    expect(roundTrip(new Array(100).fill(Number.NaN), 1).bits).toBe(3 + 99);
    const steady = Array.from({ length: 100 }, (_, i) => 1_700_000_000_000 + i * 1000);
    expect(roundTrip(steady, 2).bits).toBeLessThan(2 * 70 + 98);
  });

  it('decodes only the kept range, at an offset', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? Number.NaN : i * i));
    const w = new BitWriter();
    encodeValues(w, values, 0, values.length, 1);
    const out = new Float64Array(20).fill(-1);
    decodeValues(w.bytes(), 0, values.length, 1, out, 5, 10, 25);
    expectSame(Array.from(out), [-1, -1, -1, -1, -1, ...values.slice(10, 25)]);
  });
});

import type { Redis } from 'ioredis';
import { connectLab, redactUrl } from './connect';
import { requireLabServer } from './guard';
import { readMemoryFigures, readSettledMemoryFigures, type MemoryFigures } from './memory-figures';

export const FRAGMENT_SHAPES = ['strings', 'hashes', 'lists', 'mixed'] as const;
export type FragmentShape = (typeof FRAGMENT_SHAPES)[number];

/**
 * Default key count, measured on 2 cores with the lab's Redis 7.0.15 build: strings (DEBUG
 * POPULATE) take ~3 s and leave allocator_frag_ratio ~2.7 with ~117 MB of allocator_frag_bytes
 * (~190 MB RSS); hashes/lists/mixed use pipelined writes and take ~11-14 s (~400 MB peak RSS,
 * ratio ~2.9-3.3). Half of the facts' 2M-key recipe: same ratio, half the memory and time.
 */
export const DEFAULT_FRAGMENT_KEYS = 1_000_000;

/** Keys per pipeline / per DEL; the facts' recipe uses batches of ~1000. */
const BATCH = 1000;
/** Pipelines in flight: enough to keep the server busy without piling up replies in Node. */
const IN_FLIGHT = 4;

export interface FragmentOptions {
  keys: number;
  shape?: FragmentShape;
  /** Modify a server that is not a lab server (see guard.ts). */
  force?: boolean;
  /** Step messages for the CLI; the in-process API stays silent by default. */
  onProgress?: (message: string) => void;
}

export interface FragmentResult {
  before: MemoryFigures;
  /** After the fill, before the deletes: shows that fragmentation comes from the holes. */
  filled: MemoryFigures;
  after: MemoryFigures;
  prefix: string;
  written: number;
  deleted: number;
  /** DEBUG POPULATE (fast, the verified recipe) or pipelined client writes. */
  method: 'debug-populate' | 'pipelined-writes';
  fillSeconds: number;
  deleteSeconds: number;
  seconds: number;
}

/**
 * Creates real allocator fragmentation: fill with many small values, then delete two keys in
 * every three. The survivors pin most jemalloc pages (each page keeps one live allocation in
 * three), so "active" stays high while "allocated" drops: allocator_frag_ratio rises to ~2-2.7,
 * which is exactly the waste active defrag moves allocations to reclaim.
 */
export async function fragment(url: string, options: FragmentOptions): Promise<FragmentResult> {
  const shape = options.shape ?? 'strings';
  if (!Number.isInteger(options.keys) || options.keys < 3) throw new Error('fragment: keys must be an integer >= 3');
  const progress = options.onProgress ?? (() => undefined);
  const client = await connectLab(url);
  try {
    await requireLabServer(client, redactUrl(url), options.force ?? false);
    const started = performance.now();
    const before = await readMemoryFigures(client);
    // A fresh prefix per run: DEBUG POPULATE skips existing keys, and a second run should add
    // its own fragmentation rather than collide with the first.
    const prefix = `fragscope:frag:${Date.now().toString(36)}`;

    progress(`writing ${options.keys.toLocaleString('en')} ${shape} keys (prefix ${prefix})`);
    let method: FragmentResult['method'] = 'pipelined-writes';
    if (shape === 'strings' && (await debugPopulate(client, options.keys, prefix))) {
      method = 'debug-populate';
    } else {
      await writeKeys(client, options.keys, prefix, shape);
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const filled = await readSettledMemoryFigures(client);

    const deleting = performance.now();
    const deleted = countDeleted(options.keys);
    progress(`deleting ${deleted.toLocaleString('en')} keys (two in every three)`);
    await deleteTwoInThree(client, options.keys, prefix);
    const deleteSeconds = (performance.now() - deleting) / 1000;
    const after = await readSettledMemoryFigures(client);
    return {
      before,
      filled,
      after,
      prefix,
      written: options.keys,
      deleted,
      method,
      fillSeconds,
      deleteSeconds,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    client.disconnect();
  }
}

/** Value length for key i: 16..415 bytes, spread so neighbours land in different size classes. */
export function valueSize(i: number): number {
  return 16 + ((Math.imul(i, 2654435761) >>> 0) % 400);
}

const FILLER = 'x'.repeat(415);

export function keyName(prefix: string, i: number): string {
  return `${prefix}:${i}`;
}

/** Index i is deleted unless i % 3 === 0. */
export function countDeleted(keys: number): number {
  return keys - Math.ceil(keys / 3);
}

/**
 * The verified recipe: DEBUG POPULATE builds the keys inside the server in a second or two.
 * Returns false when DEBUG is not allowed (a --force'd non-lab server) so we fall back to writes.
 */
async function debugPopulate(client: Redis, keys: number, prefix: string): Promise<boolean> {
  try {
    await client.call('DEBUG', 'POPULATE', String(keys), prefix, '100');
    return true;
  } catch (error) {
    if (/DEBUG command not allowed|unknown command|NOPERM/i.test((error as Error).message)) return false;
    throw error;
  }
}

async function writeKeys(client: Redis, keys: number, prefix: string, shape: FragmentShape): Promise<void> {
  await inBatches(keys, async (from, to) => {
    const pipeline = client.pipeline();
    for (let i = from; i < to; i += 1) {
      const key = keyName(prefix, i);
      const kind = shape === 'mixed' ? (['strings', 'hashes', 'lists'] as const)[i % 3]! : shape;
      if (kind === 'strings') {
        pipeline.set(key, FILLER.slice(0, valueSize(i)));
      } else {
        // 1-4 small elements of one listpack: the key's total size still varies across 16..415.
        const parts = 1 + (i % 4);
        const part = FILLER.slice(0, Math.max(1, Math.floor(valueSize(i) / parts)));
        if (kind === 'hashes') {
          const args: string[] = [];
          for (let f = 0; f < parts; f += 1) args.push(`f${f}`, part);
          pipeline.hset(key, ...args);
        } else {
          pipeline.rpush(key, ...Array.from({ length: parts }, () => part));
        }
      }
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  });
}

async function deleteTwoInThree(client: Redis, keys: number, prefix: string): Promise<void> {
  await inBatches(keys, async (from, to) => {
    const names: string[] = [];
    for (let i = from; i < to; i += 1) if (i % 3 !== 0) names.push(keyName(prefix, i));
    if (names.length > 0) await client.del(...names);
  });
}

/** Runs `work` over [0, total) in BATCH-sized slices with IN_FLIGHT slices outstanding. */
async function inBatches(total: number, work: (from: number, to: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      const to = Math.min(total, from + BATCH);
      next = to; // claimed synchronously, so workers never overlap
      await work(from, to);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

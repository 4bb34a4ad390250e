import 'server-only';
import type Redis from 'ioredis';
import type { Snapshot } from '@/lib/snapshot';
import { historyOpenKey, historySealedKey, leaseKey } from '../redis/state-keys';
import { decodeChunk, encodeChunk, rowOf, type HistoryRow } from './history-chunks';

/**
 * Where a target's history lives outside the replica that polls it, so a takeover (even after a
 * `kill -9`) starts from it and any replica can answer for any target. Behind this interface so
 * the storage form can change (e.g. to the HistoryStore's own compressed chunks) without touching
 * replication.ts.
 */
export interface HistoryPersistence {
  /** Everything kept for the target, oldest first; `open` is the tail a new writer continues. */
  load(targetId: string): Promise<{ rows: HistoryRow[]; open: HistoryRow[] }>;
  /**
   * Appends sealed chunks and replaces the open one, only while `token` still holds the lease
   * (checked in the same script). False when it does not: another replica owns the target.
   */
  write(targetId: string, token: string, sealed: readonly Buffer[], open: Buffer | null, limits: PersistenceLimits): Promise<boolean>;
}

export interface PersistenceLimits {
  /** Rows per sealed chunk. */
  chunkRows: number;
  /** Sealed chunks kept per target (older ones are trimmed). */
  maxChunks: number;
  /** Both keys expire this long after the last write: a target removed from the config leaves nothing behind. */
  ttlMs: number;
}

/** 1 min of samples at 1 s: small enough to rewrite every second, large enough to deflate well. */
export const CHUNK_ROWS = 60;

export function persistenceLimits(intervalMs: number, retentionMs: number): PersistenceLimits {
  return { chunkRows: CHUNK_ROWS, maxChunks: Math.ceil(retentionMs / (CHUNK_ROWS * intervalMs)) + 1, ttlMs: retentionMs + 3_600_000 };
}

// KEYS: lease, sealed list, open string. ARGV: token, maxChunks, ttlMs, hasOpen (0/1), open, sealed...
const WRITE = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 6, #ARGV do redis.call('rpush', KEYS[2], ARGV[i]) end
if #ARGV >= 6 then redis.call('ltrim', KEYS[2], -tonumber(ARGV[2]), -1) end
if ARGV[4] == '1' then redis.call('set', KEYS[3], ARGV[5], 'PX', ARGV[3]) else redis.call('del', KEYS[3]) end
redis.call('pexpire', KEYS[2], ARGV[3])
return 1`;

export class RedisHistoryPersistence implements HistoryPersistence {
  constructor(
    private readonly client: Redis,
    private readonly log: (message: string) => void,
  ) {}

  async load(targetId: string): Promise<{ rows: HistoryRow[]; open: HistoryRow[] }> {
    const [sealed, open] = await Promise.all([this.client.lrangeBuffer(historySealedKey(targetId), 0, -1), this.client.getBuffer(historyOpenKey(targetId))]);
    const rows: HistoryRow[] = [];
    let skipped = 0;
    for (const chunk of sealed) {
      try {
        rows.push(...decodeChunk(chunk));
      } catch {
        skipped++;
      }
    }
    let openRows: HistoryRow[] = [];
    if (open) {
      try {
        openRows = decodeChunk(open);
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) this.log(`history of ${targetId}: ${skipped} unreadable chunk(s) in the state Redis skipped`);
    return { rows: [...rows, ...openRows], open: openRows };
  }

  async write(targetId: string, token: string, sealed: readonly Buffer[], open: Buffer | null, limits: PersistenceLimits): Promise<boolean> {
    const keys = [leaseKey(targetId), historySealedKey(targetId), historyOpenKey(targetId)];
    const args: (string | Buffer)[] = [token, String(limits.maxChunks), String(limits.ttlMs), open ? '1' : '0', open ?? '', ...sealed];
    return Number(await this.client.eval(WRITE, keys.length, ...keys, ...args)) === 1;
  }
}

/** Sealed chunks a writer keeps while the state Redis does not answer: 1 h at 1 s, then the oldest go. */
const MAX_PENDING_CHUNKS = 60;

/**
 * The lease holder's side for one target: collects each sample's row and flushes, every second,
 * the open chunk (and any chunk sealed since), fenced by the lease token. What a `kill -9` loses
 * is what was not flushed yet: at most one flush interval of samples.
 */
export class TargetHistoryWriter {
  private open: HistoryRow[];
  private pending: Buffer[] = [];
  private dirty = false;
  private flushing: Promise<void> | null = null;
  /** Rows at which the open chunk is sealed next: firstChunkRows once, then chunkRows. */
  private sealAt: number;

  constructor(
    private readonly targetId: string,
    private readonly persistence: HistoryPersistence,
    private readonly limits: PersistenceLimits,
    /** The open chunk found in the state Redis at takeover: continued, not overwritten. */
    open: readonly HistoryRow[],
    private readonly log: (message: string) => void,
    /**
     * Rows of the first chunk this writer seals (1 to chunkRows; default chunkRows). Replicas give
     * each target its own (a hash of its id), so a fleet taken over in the same second does not
     * deflate all its chunks in the same second once a minute, as the 1 s tier staggers its seals.
     */
    firstChunkRows = limits.chunkRows,
  ) {
    this.open = [...open];
    this.sealAt = Math.min(limits.chunkRows, Math.max(1, Math.floor(firstChunkRows)));
  }

  record(snapshot: Snapshot): void {
    this.open.push(rowOf(snapshot));
    this.dirty = true;
    if (this.open.length >= this.sealAt) {
      this.pending.push(encodeChunk(this.open));
      this.open = [];
      this.sealAt = this.limits.chunkRows;
      if (this.pending.length > MAX_PENDING_CHUNKS) {
        this.pending.shift();
        this.log(`history of ${this.targetId}: the state Redis has not taken a chunk for too long; the oldest unsaved minute is dropped`);
      }
    }
  }

  /** One write at a time; a failed one keeps its chunks for the next. False: the lease is gone. */
  async flush(token: string): Promise<boolean> {
    if (this.flushing) await this.flushing;
    if (!this.dirty) return true;
    const sealed = this.pending;
    const openRows = this.open;
    this.dirty = false;
    let result = true;
    this.flushing = (async () => {
      try {
        result = await this.persistence.write(this.targetId, token, sealed, openRows.length > 0 ? encodeChunk(openRows) : null, this.limits);
        if (result) this.pending = this.pending.slice(sealed.length);
      } catch (error) {
        this.dirty = true;
        this.log(`history of ${this.targetId} not saved to the state Redis (${(error as Error).message}); retrying`);
      }
    })();
    await this.flushing;
    this.flushing = null;
    return result;
  }
}

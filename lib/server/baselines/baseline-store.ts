import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { baselineSchema, type Baseline } from '@/lib/baselines';
import { JsonlLog } from '../storage/jsonl-log';
import type { RecordLog } from '../storage/record-log';

const recordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), baseline: baselineSchema }),
  // A delete is a record too: nothing is ever rewritten in place, so a crash cannot lose a baseline.
  z.object({ op: z.literal('delete'), id: z.string(), at: z.number(), by: z.string() }),
]);
export type BaselineRecord = z.infer<typeof recordSchema>;
export const baselineRecordSchema = recordSchema;

/** Baselines in `<data dir>/baselines.jsonl`, with the audit log's no-loss rules. */
export class BaselineStore {
  private readonly log: RecordLog<BaselineRecord>;

  /** A data dir (the JSONL file) or a record log of another backend (the replicas' state Redis). */
  constructor(store: string | RecordLog<BaselineRecord>) {
    this.log = typeof store === 'string' ? new JsonlLog(path.join(store, 'baselines.jsonl'), recordSchema) : store;
  }

  add(baseline: Baseline): Promise<void> {
    return this.log.append({ op: 'add', baseline });
  }

  remove(id: string, by: string, now = Date.now()): Promise<void> {
    return this.log.append({ op: 'delete', id, at: now, by });
  }

  /** Newest first. */
  async list(targetId: string): Promise<Baseline[]> {
    return (await this.live()).filter((b) => b.targetId === targetId).reverse();
  }

  async get(id: string): Promise<Baseline | null> {
    return (await this.live()).find((b) => b.id === id) ?? null;
  }

  private async live(): Promise<Baseline[]> {
    const { records } = await this.log.readAll();
    const deleted = new Set(records.flatMap((r) => (r.op === 'delete' ? [r.id] : [])));
    return records.flatMap((r) => (r.op === 'add' && !deleted.has(r.baseline.id) ? [r.baseline] : []));
  }
}

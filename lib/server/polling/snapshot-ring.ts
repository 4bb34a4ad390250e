import 'server-only';
import type { Snapshot } from '@/lib/snapshot';

/** The last `capacity` snapshots of one target, oldest first, in O(1) per push. */
export class SnapshotRing {
  private readonly items: (Snapshot | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  push(snapshot: Snapshot): void {
    this.items[this.next] = snapshot;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  latest(): Snapshot | null {
    if (this.count === 0) return null;
    return this.items[(this.next - 1 + this.capacity) % this.capacity] ?? null;
  }

  toArray(): Snapshot[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    const out: Snapshot[] = [];
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(start + i) % this.capacity];
      if (item) out.push(item);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }
}

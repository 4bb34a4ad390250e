import 'server-only';
import { AppError } from '../core/errors';
import { processGlobal } from '../core/process-global';

/**
 * Open SSE streams, per client address and in total (FRAGSCOPE_MAX_STREAMS_PER_CLIENT,
 * FRAGSCOPE_MAX_STREAMS). Each stream holds buffers and a listener on its poller: without a cap
 * one client opening thousands took hundreds of MiB and stalled the event loop.
 */
interface Slots {
  total: number;
  byClient: Map<string, number>;
}

const slots = processGlobal<Slots>('fragscope.streamSlots', () => ({ total: 0, byClient: new Map() }));

export interface StreamLimits {
  maxStreamsPerClient: number;
  maxStreams: number;
}

/** Takes a slot or throws 429; the returned function gives it back (calling it twice is harmless). */
export function acquireStreamSlot(address: string, limits: StreamLimits): () => void {
  const mine = slots.byClient.get(address) ?? 0;
  if (mine >= limits.maxStreamsPerClient) {
    throw new AppError(
      'rate_limited',
      `this client already has ${mine} live streams open (FRAGSCOPE_MAX_STREAMS_PER_CLIENT); close some tabs`,
      {},
      { 'retry-after': '5' },
    );
  }
  if (slots.total >= limits.maxStreams) {
    throw new AppError(
      'rate_limited',
      `the dashboard already serves ${slots.total} live streams (FRAGSCOPE_MAX_STREAMS); try again later`,
      {},
      { 'retry-after': '5' },
    );
  }
  slots.byClient.set(address, mine + 1);
  slots.total++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slots.total--;
    const left = (slots.byClient.get(address) ?? 1) - 1;
    if (left > 0) slots.byClient.set(address, left);
    else slots.byClient.delete(address);
  };
}

export function openStreams(): { total: number; clients: number } {
  return { total: slots.total, clients: slots.byClient.size };
}

import 'server-only';
import { STREAM_EVENTS, type Snapshot } from '@/lib/snapshot';
import { LIVE_SPAN_MS } from '@/lib/history/api-schema';
import { encodeComment, encodeEvent, encodeRetry, SSE_KEEPALIVE_MS, SSE_RETRY_MS } from '@/lib/sse/encode';
import type { TargetPoller } from '../polling/target-poller';

/** 5 min at 1 s is 300 samples: all of them, unless the poll interval is shorter. */
const LIVE_POINTS = 600;

/** A viewer whose socket stops draining is dropped once this many events wait for it. */
const MAX_QUEUED_EVENTS = 64;

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // Proxies (nginx) must pass frames through as they come.
  'X-Accel-Buffering': 'no',
};

const frameEncoder = new TextEncoder();
/** Every viewer gets the same frame: encoded once per snapshot, not once per viewer. */
const frames = new WeakMap<Snapshot, Uint8Array>();
function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  let frame = frames.get(snapshot);
  if (!frame) {
    frame = frameEncoder.encode(encodeEvent(STREAM_EVENTS.snapshot, snapshot, snapshot.seq));
    frames.set(snapshot, frame);
  }
  return frame;
}

/**
 * The opening `history` frame, built once per new sample and shared by every stream that opens
 * before the next one: 3,000 streams opening at once must not run 3,000 history queries.
 */
const historyFrames = new WeakMap<TargetPoller, { sample: Snapshot | null; frame: Uint8Array }>();
function historyFrame(poller: TargetPoller): Uint8Array {
  const sample = poller.latest();
  const cached = historyFrames.get(poller);
  if (cached && cached.sample === sample) return cached.frame;
  const now = Date.now();
  const frame = frameEncoder.encode(encodeEvent(STREAM_EVENTS.history, poller.store.query({ from: now - LIVE_SPAN_MS, to: now, points: LIVE_POINTS })));
  historyFrames.set(poller, { sample, frame });
  return frame;
}

/**
 * Streams a target: first `history` (columns of the live window), then one `snapshot` per sample.
 * The viewer only listens to the shared poller; it never causes a Redis call.
 */
export function streamTarget(poller: TargetPoller, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(keepAlive);
        signal.removeEventListener('abort', close);
        poller.stoppedSignal.removeEventListener('abort', close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      const send = (chunk: string | Uint8Array) => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) return close();
        try {
          controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        } catch {
          close();
        }
      };
      send(encodeRetry(SSE_RETRY_MS));
      // The same columns as GET /api/targets/{id}/history, for the live window; then the last good
      // and the newest sample in full, so every panel has figures before the next poll.
      send(historyFrame(poller));
      const latest = poller.latest();
      const lastOk = poller.lastOk();
      if (lastOk && lastOk !== latest) send(encodeSnapshot(lastOk));
      if (latest) send(encodeSnapshot(latest));
      const unsubscribe = poller.subscribe((snapshot) => send(encodeSnapshot(snapshot)), { viewer: true });
      const keepAlive = setInterval(() => send(encodeComment('keep-alive')), SSE_KEEPALIVE_MS);
      signal.addEventListener('abort', close, { once: true });
      poller.stoppedSignal.addEventListener('abort', close, { once: true });
      cleanup = close;
      if (signal.aborted || poller.stoppedSignal.aborted) close();
    },
    cancel() {
      cleanup?.();
    },
  });
  return new Response(stream, { headers: HEADERS });
}

/**
 * The timing behind useResource, free of React so it can be tested on its own: one load now
 * (unless `immediate` is false), then one every `pollMs`. Loads may overlap on a slow server; an
 * answer older than one already delivered is dropped, so a late reply never replaces a newer one.
 * The returned function stops the loop, aborts what is in flight and drops any answer still to come.
 */
export function startPollLoop<R>(
  load: (signal: AbortSignal) => Promise<R>,
  options: { pollMs: number | null; immediate: boolean },
  deliver: (result: R) => void,
): () => void {
  const controller = new AbortController();
  let started = 0;
  let delivered = 0;
  const run = async () => {
    const seq = ++started;
    const result = await load(controller.signal);
    if (controller.signal.aborted || seq < delivered) return;
    delivered = seq;
    deliver(result);
  };
  if (options.immediate) void run();
  const timer = options.pollMs ? setInterval(() => void run(), options.pollMs) : undefined;
  return () => {
    controller.abort();
    clearInterval(timer);
  };
}

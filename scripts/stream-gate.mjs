/**
 * Open SSE streams per client address and in total (FRAGSCOPE_MAX_STREAMS_PER_CLIENT, default 32;
 * FRAGSCOPE_MAX_STREAMS, default 2000; both checked by lib/server/core/env.ts). Applied by
 * scripts/serve.mjs before Next's router: a refused attempt costs a few header bytes, not a
 * route invocation, so thousands of attempts neither stall the event loop nor the pollers.
 */

export const STREAM_PATH = /^\/api\/targets\/[^/?]+\/stream(?:\?|$)/;

/** A whole number from the environment, or the default when unset or invalid (the hub reports invalid ones). */
export function limitFrom(raw, fallback) {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

export function createStreamGate({ perClient, total }) {
  const byClient = new Map();
  let open = 0;
  return {
    /** A release function when a slot is free, else the reason it is refused. */
    admit(address) {
      const mine = byClient.get(address) ?? 0;
      if (mine >= perClient) return { refused: `this client already has ${mine} live streams open (FRAGSCOPE_MAX_STREAMS_PER_CLIENT); close some tabs` };
      if (open >= total) return { refused: `the dashboard already serves ${open} live streams (FRAGSCOPE_MAX_STREAMS); try again later` };
      byClient.set(address, mine + 1);
      open++;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          open--;
          const left = (byClient.get(address) ?? 1) - 1;
          if (left > 0) byClient.set(address, left);
          else byClient.delete(address);
        },
      };
    },
    get open() {
      return { total: open, clients: byClient.size };
    },
  };
}

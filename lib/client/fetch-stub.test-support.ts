import { afterEach, beforeEach, vi } from 'vitest';

/** Test support: replaces `fetch` with a recorder that answers with `reply()`. Real code never imports this. */
export interface RecordedCall {
  url: string;
  init: RequestInit;
}

export function stubFetch(): { calls: RecordedCall[]; answer(reply: () => Response | Promise<Response>): void } {
  const state = { calls: [] as RecordedCall[], reply: (): Response | Promise<Response> => new Response(null, { status: 500 }) };
  beforeEach(() => {
    state.calls.length = 0;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      state.calls.push({ url, init });
      return state.reply();
    });
  });
  afterEach(() => vi.unstubAllGlobals());
  return {
    calls: state.calls,
    answer: (reply) => {
      state.reply = reply;
    },
  };
}

export const jsonReply = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

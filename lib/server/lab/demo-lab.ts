import 'server-only';
import { labActionRequestSchema, type LabStatus } from '@/lib/lab/api-schema';
import { churn } from '@/lib/lab/churn';
import { fragment } from '@/lib/lab/fragment';
import { getHub } from '../core/hub';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { processGlobal } from '../core/process-global';
import { findPoller } from '../http/find-target';
import { isCrossOrigin } from '../http/same-origin';

/**
 * The demo's lab panel: fragment the lab server again, churn on and off. Only in demo mode
 * (FRAGSCOPE_DEMO=1, set by `npm run demo`), and the lab code itself refuses any server that is
 * not a lab server: this can never delete keys on a real target.
 */

interface LabState {
  fragmenting: boolean;
  churn: AbortController | null;
  lastMessage: string | null;
}

const CHURN_RATE = 5000;
const CHURN_MAX_SECONDS = 600;
const STATE_KEY = 'fragscope.demo-lab';

/** FRAGSCOPE_DEMO, from the hub's parsed config (throws ConfigError, like every route, on a bad environment). */
export function isDemoMode(): boolean {
  return getHub().config.demo;
}

function stateOf(targetId: string): LabState {
  const states = processGlobal(STATE_KEY, () => new Map<string, LabState>());
  let state = states.get(targetId);
  if (!state) {
    state = { fragmenting: false, churn: null, lastMessage: null };
    states.set(targetId, state);
  }
  return state;
}

function statusOf(targetId: string): LabStatus {
  const state = stateOf(targetId);
  return { demo: isDemoMode(), fragmenting: state.fragmenting, churning: state.churn !== null, lastMessage: state.lastMessage };
}

function labTargetUrl(targetId: string): string {
  return findPoller(targetId).target.url;
}

export function labStatusResponse(targetId: string): Response {
  return handle(() => {
    labTargetUrl(targetId);
    return Response.json(statusOf(targetId));
  });
}

export function labActionResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    if (!isDemoMode()) throw new AppError('forbidden', 'the lab panel only works in demo mode (npm run demo)');
    if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused');
    const url = labTargetUrl(targetId);
    const parsed = labActionRequestSchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw new AppError('invalid', 'body must be { "action": "fragment" | "churn-start" | "churn-stop" }');
    const state = stateOf(targetId);
    const { action } = parsed.data;
    if (action === 'fragment') {
      if (state.fragmenting) throw new AppError('conflict', 'already fragmenting; wait for it to finish');
      state.fragmenting = true;
      state.lastMessage = 'fragmenting: writing 1,000,000 keys, then deleting two in three…';
      fragment(url, { keys: 1_000_000 })
        .then((r) => {
          state.lastMessage = `fragmented in ${r.seconds.toFixed(1)} s: allocator_frag_ratio ${r.before.allocator_frag_ratio} -> ${r.after.allocator_frag_ratio}`;
        })
        .catch((error: Error) => {
          state.lastMessage = `fragment failed: ${error.message}`;
        })
        .finally(() => {
          state.fragmenting = false;
        });
    } else if (action === 'churn-start') {
      if (!state.churn) {
        const controller = new AbortController();
        state.churn = controller;
        state.lastMessage = `churn: ${CHURN_RATE} writes and deletes per second`;
        churn(url, { rate: CHURN_RATE, seconds: CHURN_MAX_SECONDS, signal: controller.signal })
          .then((r) => {
            state.lastMessage = `churn stopped after ${r.ops.toLocaleString('en')} operations`;
          })
          .catch((error: Error) => {
            state.lastMessage = `churn failed: ${error.message}`;
          })
          .finally(() => {
            if (state.churn === controller) state.churn = null;
          });
      }
    } else {
      state.churn?.abort();
    }
    return Response.json(statusOf(targetId), { status: 202 });
  });
}

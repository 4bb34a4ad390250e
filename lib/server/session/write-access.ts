import 'server-only';
import type { WriteAccess } from '@/lib/session/api-schema';
import { requestActor } from './admin-guard';
import type { AdminToken, TargetConfig } from '../core/env';

/** Everything the UI needs to show the editor as writable, or read-only with the one reason why. */
export function writeAccess(request: Request, tokens: readonly AdminToken[], target: TargetConfig, configUnavailable: string | null): WriteAccess {
  const signedInAs = requestActor(request, tokens);
  const reason = target.readonly
    ? `${target.name} is configured read-only (;readonly in FRAGSCOPE_TARGETS): the dashboard never writes to it`
    : configUnavailable
      ? `CONFIG is renamed or forbidden on this server (managed services do this): ${configUnavailable}`
      : tokens.length === 0
        ? 'writes are disabled: start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable them'
        : !signedInAs
          ? 'sign in with the admin token to change settings'
          : null;
  return {
    allowed: reason === null,
    writesEnabled: tokens.length > 0,
    signedInAs,
    targetReadonly: target.readonly,
    configUnavailable,
    reason,
  };
}

/**
 * For writes that only touch the dashboard's own records (baselines): no Redis write, so a
 * read-only target or a forbidden CONFIG does not stop them; the token still does.
 */
export function recordAccess(request: Request, tokens: readonly AdminToken[], target: TargetConfig, what: string): WriteAccess {
  const signedInAs = requestActor(request, tokens);
  const reason =
    tokens.length === 0
      ? 'writes are disabled: start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable them'
      : !signedInAs
        ? `sign in with the admin token to ${what}`
        : null;
  return { allowed: reason === null, writesEnabled: tokens.length > 0, signedInAs, targetReadonly: target.readonly, configUnavailable: null, reason };
}

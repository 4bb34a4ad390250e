import 'server-only';
import { z } from 'zod';
import type { SessionState } from '@/lib/session/api-schema';
import {
  readCookie,
  recordWrongToken,
  refuseIfBackingOff,
  requestActor,
  revokeSessionCookie,
  SESSION_COOKIE,
  sessionClearCookie,
  sessionCookieValue,
  sessionSetCookie,
  tokenLabel,
} from './admin-guard';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import { readJsonBody } from '../http/read-json-body';
import { isCrossOrigin } from '../http/same-origin';

const signInSchema = z.object({ token: z.string().min(1).max(4096) }).strict();

export function sessionStateResponse(request: Request): Response {
  return handle(() => {
    const tokens = getHub().config.adminTokens;
    const state: SessionState = { writesEnabled: tokens.length > 0, signedInAs: requestActor(request, tokens) };
    return Response.json(state, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** POST /api/session `{ "token": "..." }`: sets the httpOnly, SameSite=Strict session cookie. */
export function signInResponse(request: Request): Promise<Response> {
  return handle(async () => {
    if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused');
    const tokens = getHub().config.adminTokens;
    if (tokens.length === 0) throw new AppError('forbidden', 'writes are disabled: start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable them');
    refuseIfBackingOff(request);
    const { token } = await readJsonBody(request, signInSchema, '{ "token": "..." }');
    const label = tokenLabel(tokens, token.trim());
    if (!label) recordWrongToken(request, 'sign-in');
    if (!label) throw new AppError('unauthorized', 'that is not the admin token');
    const state: SessionState = { writesEnabled: true, signedInAs: label };
    return Response.json(state, { headers: { 'Set-Cookie': sessionSetCookie(sessionCookieValue(tokens, label), request), 'Cache-Control': 'no-store' } });
  });
}

export function signOutResponse(request: Request): Response {
  return handle(() => {
    if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused');
    const tokens = getHub().config.adminTokens;
    revokeSessionCookie(tokens, readCookie(request, SESSION_COOKIE));
    const state: SessionState = { writesEnabled: tokens.length > 0, signedInAs: null };
    return Response.json(state, { headers: { 'Set-Cookie': sessionClearCookie(request) } });
  });
}

import 'server-only';
import { z } from 'zod';
import type { SessionState } from '@/lib/session/api-schema';
import { requestActor, sessionClearCookie, sessionCookieValue, sessionSetCookie, tokenLabel } from './admin-guard';
import { AppError, errorResponse } from '../core/errors';
import { getHub } from '../core/hub';
import { readJsonBody } from '../http/read-json-body';
import { isCrossOrigin } from '../http/same-origin';

const signInSchema = z.object({ token: z.string().min(1).max(4096) }).strict();

export function sessionStateResponse(request: Request): Response {
  try {
    const tokens = getHub().config.adminTokens;
    const state: SessionState = { writesEnabled: tokens.length > 0, signedInAs: requestActor(request, tokens) };
    return Response.json(state, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/session `{ "token": "..." }`: sets the httpOnly, SameSite=Strict session cookie. */
export async function signInResponse(request: Request): Promise<Response> {
  try {
    if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused');
    const tokens = getHub().config.adminTokens;
    if (tokens.length === 0) throw new AppError('forbidden', 'writes are disabled: start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable them');
    const { token } = await readJsonBody(request, signInSchema, '{ "token": "..." }');
    const label = tokenLabel(tokens, token.trim());
    if (!label) throw new AppError('unauthorized', 'that is not the admin token');
    const state: SessionState = { writesEnabled: true, signedInAs: label };
    return Response.json(state, { headers: { 'Set-Cookie': sessionSetCookie(sessionCookieValue(tokens, label), request), 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

export function signOutResponse(request: Request): Response {
  try {
    if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused');
    const state: SessionState = { writesEnabled: getHub().config.adminTokens.length > 0, signedInAs: null };
    return Response.json(state, { headers: { 'Set-Cookie': sessionClearCookie(request) } });
  } catch (error) {
    return errorResponse(error);
  }
}

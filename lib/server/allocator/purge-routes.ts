import 'server-only';
import { z } from 'zod';
import type { PurgeResult } from '@/lib/allocator/api-schema';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import { findPoller } from '../http/find-target';
import { parseWith, readBoundedText } from '../http/read-json-body';
import { AppError } from '../core/errors';
import { requireWriter } from '../session/admin-guard';
import { memoryPurge } from './memory-purge';

/** The purge takes no parameters: an empty body or `{}`, nothing else. */
const purgeRequestSchema = z.strictObject({});

/** `POST /api/targets/{id}/allocator/purge`: MEMORY PURGE, guarded, rate-limited and audited. */
export function purgeResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    findPoller(targetId);
    const actor = requireWriter(request, getHub().config.adminTokens);
    await readPurgeBody(request);
    const result = await memoryPurge(targetId, actor);
    return Response.json(result satisfies PurgeResult, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** Bad input changes nothing: it is refused before the server is touched. */
async function readPurgeBody(request: Request): Promise<void> {
  const text = (await readBoundedText(request, 1024)).trim();
  if (text === '') return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid', 'the body must be empty or {} (MEMORY PURGE takes no parameters)');
  }
  parseWith(purgeRequestSchema, body, '{} (MEMORY PURGE takes no parameters)');
}

import 'server-only';
import type { z } from 'zod';
import { AppError } from '../core/errors';

/** Request bodies are tiny; anything larger is a mistake or an attack. */
const MAX_BODY_BYTES = 16 * 1024;

/** Reads a small JSON body and validates it; every problem ends in one 4xx with a readable message. */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T, shape: string): Promise<z.infer<T>> {
  // A declared length is checked before reading anything; the bytes read are checked too (it may lie or be absent).
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new AppError('too_large', `request body over ${MAX_BODY_BYTES} bytes`);
  const text = await readBoundedText(request, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid', `the body must be JSON: ${shape}`);
  }
  return parseWith(schema, body, shape);
}

/**
 * Reads the body chunk by chunk and stops at the limit: a chunked upload has no Content-Length,
 * and `request.text()` would buffer all of it (hundreds of MiB) before any size check.
 */
export async function readBoundedText(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Cancelling tells the server to stop reading; the rest of the upload is discarded, not kept.
      await reader.cancel().catch(() => undefined);
      throw new AppError('too_large', `request body over ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Validates an already-read value; one 422 lists every problem with its field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, shape: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_form'] ??= issue.message;
    const problems = Object.entries(fields).map(([field, message]) => (field === '_form' ? message : `${field}: ${message}`));
    throw new AppError('invalid', `invalid request (${shape}): ${problems.join('; ')}`, { fields });
  }
  return parsed.data;
}

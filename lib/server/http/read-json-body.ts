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
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError('too_large', `request body over ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid', `the body must be JSON: ${shape}`);
  }
  return parseWith(schema, body, shape);
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

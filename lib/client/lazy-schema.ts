import type { z } from 'zod';

/**
 * A schema the browser loads when it first checks an answer, not with the page: zod is ~32 KiB
 * gzipped, and the first-load budget of `/` (issue #16: 200 KiB) cannot carry it. Code on the first
 * load names its schemas through `lazySchema(() => import(...))` (see lazy-schemas.ts); the import
 * starts at the first request and is shared by every later one.
 */
export class LazySchema<T> {
  private pending: Promise<z.ZodType<T>> | null = null;
  private loaded: z.ZodType<T> | null = null;

  constructor(private readonly importer: () => Promise<z.ZodType<T>>) {}

  /** The schema, loading it on the first call; a failed load is tried again by the next call. */
  load(): Promise<z.ZodType<T>> {
    if (this.loaded !== null) return Promise.resolve(this.loaded);
    this.pending ??= this.importer().then(
      (schema) => (this.loaded = schema),
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }
}

/** A schema, or one loaded on first use: what requestJson and useResource accept. */
export type SchemaRef<T> = z.ZodType<T> | LazySchema<T>;

export function lazySchema<T>(importer: () => Promise<z.ZodType<T>>): LazySchema<T> {
  return new LazySchema(importer);
}

export function resolveSchema<T>(ref: SchemaRef<T>): Promise<z.ZodType<T>> {
  return ref instanceof LazySchema ? ref.load() : Promise.resolve(ref);
}

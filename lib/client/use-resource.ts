'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SchemaRef } from './lazy-schema';
import { startPollLoop } from './poll-loop';
import { requestJson, type ApiFailure } from './request-json';

export interface ResourceOptions<T> {
  /** Fetch again on this period (ms); null: only when the resource changes, on `refreshKey` changes and on refresh(). */
  pollMs?: number | null;
  /** Fetch again, keeping the data, whenever this changes (e.g. the admin store's revision after a write). */
  refreshKey?: unknown;
  /** The answer the page was rendered with: shown at once, and the first fetch waits one poll period. */
  initial?: T;
  /**
   * What the data belongs to; defaults to the URL. Needed when `url` is a function (a range ending
   * "now" builds a new URL at every fetch, but stays the same resource).
   */
  key?: string | null;
}

export interface Resource<T> {
  /** The last good answer for this resource; null before the first (or `initial`), and after it changed. */
  data: T | null;
  /** The last failure (the one client error shape); cleared by the next good answer. */
  error: ApiFailure | null;
  /** No answer, good or bad, has arrived for this resource yet. */
  loading: boolean;
  /** Fetch again now (after an action). */
  refresh: () => void;
}

/**
 * One GET resource, checked against its schema: fetched when it changes, every `pollMs`, on
 * `refreshKey` changes and on refresh(). Data is kept per resource, so a page never shows one
 * resource's answer under another's name; a failed refetch keeps the last good data beside the
 * error. An answer older than one already shown is dropped. `url` null: nothing to fetch.
 */
export function useResource<T>(url: string | null, schema: SchemaRef<T>, options?: ResourceOptions<T>): Resource<T>;
export function useResource<T>(url: (() => string) | null, schema: SchemaRef<T>, options: ResourceOptions<T> & { key: string | null }): Resource<T>;
export function useResource<T>(url: string | (() => string) | null, schema: SchemaRef<T>, options: ResourceOptions<T> = {}): Resource<T> {
  const { pollMs = null, refreshKey, initial } = options;
  const key = url === null ? null : options.key !== undefined ? options.key : typeof url === 'string' ? url : null;
  const request = useRef({ url: url ?? '', schema });
  // Declared before the fetching effect, so it runs first: a fetch always uses this render's URL and schema.
  useEffect(() => {
    if (url !== null) request.current = { url, schema };
  });
  // The server-rendered answer covers the first resource: its first fetch waits for the first poll.
  const initialKey = useRef(initial === undefined ? null : key);
  const [state, setState] = useState<{ key: string; data: T | null; error: ApiFailure | null } | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (key === null) return;
    const immediate = !(tick === 0 && key === initialKey.current);
    initialKey.current = null;
    const load = (signal: AbortSignal) => {
      const { url: current, schema: currentSchema } = request.current;
      return requestJson(typeof current === 'string' ? current : current(), currentSchema, { signal });
    };
    return startPollLoop(load, { pollMs, immediate }, (result) => {
      if (result.ok) return setState({ key, data: result.data, error: null });
      const { ok: _failed, ...error } = result;
      setState((previous) => ({ key, data: previous?.key === key ? previous.data : null, error }));
    });
  }, [key, pollMs, refreshKey, tick]);

  const current = state !== null && state.key === key ? state : null;
  return { data: current?.data ?? initial ?? null, error: current?.error ?? null, loading: key !== null && current === null && initial === undefined, refresh };
}

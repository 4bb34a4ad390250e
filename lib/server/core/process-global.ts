import 'server-only';

/**
 * One value per process under a name, whichever copy of a module asks for it. A module-level
 * variable is not enough here: Next bundles route handlers separately, so one module can be
 * evaluated once per route chunk, and dev hot reload evaluates it again on every edit. A `let hub`
 * would then give several hubs, so several pollers per target (and several alert managers each
 * sending every alert). `Symbol.for` names one slot on globalThis that every copy shares.
 */

type Slots = Record<symbol, unknown>;

const slots = globalThis as unknown as Slots;

/** The value under `key`, made by `create` on first use. When `create` throws, nothing is kept. */
export function processGlobal<T>(key: string, create: () => T): T {
  const slot = Symbol.for(key);
  if (!(slot in slots)) slots[slot] = create();
  return slots[slot] as T;
}

/** Empties the slot under `key` (the next processGlobal makes a new value) and returns what it held. */
export function clearProcessGlobal<T>(key: string): T | undefined {
  const slot = Symbol.for(key);
  const value = slots[slot] as T | undefined;
  delete slots[slot];
  return value;
}

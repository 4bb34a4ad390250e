import { lazySchema } from './lazy-schema';

/**
 * The schemas that code on the first load of `/` checks answers with, each loaded on first use
 * (lazy-schema.ts says why). Only types may be imported statically from the schema modules here:
 * a value import would put zod back into the first load.
 */

export const apiErrorLazy = lazySchema(() => import('@/lib/api-error').then((m) => m.apiErrorSchema));
export const snapshotLazy = lazySchema(() => import('@/lib/snapshot').then((m) => m.snapshotSchema));
export const historyResponseLazy = lazySchema(() => import('@/lib/history/api-schema').then((m) => m.historyResponseSchema));
export const runsResponseLazy = lazySchema(() => import('@/lib/history/api-schema').then((m) => m.runsResponseSchema));
export const alertsListLazy = lazySchema(() => import('@/lib/alerts/api-schema').then((m) => m.alertsListSchema));
export const windowListLazy = lazySchema(() => import('@/lib/windows/api-schema').then((m) => m.windowListSchema));
export const windowCreatedLazy = lazySchema(() => import('@/lib/windows/api-schema').then((m) => m.windowCreatedSchema));
export const windowDeletedLazy = lazySchema(() => import('@/lib/windows/api-schema').then((m) => m.windowDeletedSchema));
export const targetsResponseLazy = lazySchema(() => import('@/lib/targets/api-schema').then((m) => m.targetsResponseSchema));
export const sessionStateLazy = lazySchema(() => import('@/lib/session/api-schema').then((m) => m.sessionStateSchema));
export const configViewLazy = lazySchema(() => import('@/lib/config-params/api-schema').then((m) => m.configViewSchema));
export const configApplyResultLazy = lazySchema(() => import('@/lib/config-params/api-schema').then((m) => m.configApplyResultSchema));
export const clusterApplyResultLazy = lazySchema(() => import('@/lib/fleet/api-schema').then((m) => m.clusterApplyResultSchema));

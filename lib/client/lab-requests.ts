import { labStatusSchema, type LabAction, type LabStatus } from '@/lib/lab/api-schema';
import { requestJson, type ApiResult } from './request-json';

/** GET: labStatusSchema (demo mode only). */
export const labUrl = (targetId: string) => `/api/targets/${encodeURIComponent(targetId)}/lab`;

/** Fragment the lab server again, or switch churn on or off; answers the new status. */
export function postLabAction(targetId: string, action: LabAction): Promise<ApiResult<LabStatus>> {
  return requestJson(labUrl(targetId), labStatusSchema, { method: 'POST', body: { action } });
}

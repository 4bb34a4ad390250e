import { alertsResponse } from '@/lib/server/alerts/alerts-api';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return alertsResponse(request);
}

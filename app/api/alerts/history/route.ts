import { alertHistoryResponse } from '@/lib/server/alerts/alerts-routes';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return alertHistoryResponse(request);
}

import { auditListResponse } from '@/lib/server/audit/audit-routes';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return auditListResponse(request);
}

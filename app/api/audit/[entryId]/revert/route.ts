import { auditRevertResponse } from '@/lib/server/audit/audit-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ entryId: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return auditRevertResponse((await params).entryId, request);
}

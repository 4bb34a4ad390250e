import { whatIfResponse } from '@/lib/server/decision-api';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return whatIfResponse(request);
}

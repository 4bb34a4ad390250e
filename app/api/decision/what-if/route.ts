import { whatIfResponse } from '@/lib/server/decision/decision-routes';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return whatIfResponse(request);
}

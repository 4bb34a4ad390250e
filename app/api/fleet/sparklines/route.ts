import { sparklinesResponse } from '@/lib/server/fleet/fleet-routes';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return sparklinesResponse(request);
}

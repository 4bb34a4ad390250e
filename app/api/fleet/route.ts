import { fleetResponse } from '@/lib/server/fleet/fleet-routes';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return fleetResponse(request);
}

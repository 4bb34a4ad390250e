import { fleetResponse } from '@/lib/server/fleet/fleet-routes';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return fleetResponse();
}

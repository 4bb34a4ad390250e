import { fleetResponse } from '@/lib/server/fleet-api';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return fleetResponse();
}

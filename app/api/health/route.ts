import { healthResponse } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return healthResponse();
}

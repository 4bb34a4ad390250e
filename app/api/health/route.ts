import { healthResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return healthResponse();
}

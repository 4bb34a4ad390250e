import { targetsResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return targetsResponse();
}

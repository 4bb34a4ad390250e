import { clusterListResponse } from '@/lib/server/fleet/cluster-routes';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return clusterListResponse();
}

import { clusterListResponse } from '@/lib/server/cluster-api';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return clusterListResponse();
}

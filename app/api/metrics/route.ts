import { metricsResponse } from '@/lib/server/fleet/prometheus-metrics';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return metricsResponse();
}

import { metricsResponse } from '@/lib/server/metrics';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return metricsResponse();
}

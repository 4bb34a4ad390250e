import { forTarget } from '@/lib/server/http/target-route';
import { latencyResponse } from '@/lib/server/latency/latency-routes';

export const dynamic = 'force-dynamic';

export const GET = forTarget(latencyResponse);

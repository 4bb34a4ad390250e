import { baselineCreateResponse, baselineListResponse } from '@/lib/server/baselines/baselines-routes';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const GET = forTarget(baselineListResponse);
export const POST = forTarget(baselineCreateResponse);

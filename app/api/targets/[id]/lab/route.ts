import { labActionResponse, labStatusResponse } from '@/lib/server/lab/demo-lab';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const GET = forTarget(labStatusResponse);
export const POST = forTarget(labActionResponse);

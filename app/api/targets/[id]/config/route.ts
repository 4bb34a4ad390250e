import { configChangeResponse, configViewResponse } from '@/lib/server/config/config-routes';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const GET = forTarget(configViewResponse);
export const POST = forTarget(configChangeResponse);

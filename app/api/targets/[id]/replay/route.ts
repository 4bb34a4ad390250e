import { replayResponse } from '@/lib/server/decision/replay-routes';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const GET = forTarget(replayResponse);

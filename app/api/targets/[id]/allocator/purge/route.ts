import { purgeResponse } from '@/lib/server/allocator/purge-routes';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const POST = forTarget(purgeResponse);

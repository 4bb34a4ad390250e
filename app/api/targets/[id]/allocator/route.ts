import { allocatorResponse } from '@/lib/server/allocator/allocator-routes';
import { forTarget } from '@/lib/server/http/target-route';

export const dynamic = 'force-dynamic';

export const GET = forTarget(allocatorResponse);

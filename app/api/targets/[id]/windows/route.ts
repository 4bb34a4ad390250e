import { forTarget } from '@/lib/server/http/target-route';
import { windowCreateResponse, windowDeleteResponse, windowListResponse } from '@/lib/server/windows/windows-routes';

export const dynamic = 'force-dynamic';

export const GET = forTarget(windowListResponse);
export const POST = forTarget(windowCreateResponse);
export const DELETE = forTarget(windowDeleteResponse);

import 'server-only';

/** The second argument Next passes to a handler under app/api/targets/[id]/. */
export interface TargetRouteContext {
  params: Promise<{ id: string }>;
}

/**
 * A route handler for /api/targets/{id}/...: unwraps the target id from Next's params and hands
 * it, with the request, to one controller. `export const GET = forTarget(configViewResponse);`
 */
export function forTarget(controller: (targetId: string, request: Request) => Response | Promise<Response>) {
  return async (request: Request, { params }: TargetRouteContext): Promise<Response> => controller((await params).id, request);
}

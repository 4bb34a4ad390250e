import { clusterConfigResponse } from '@/lib/server/fleet/cluster-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return clusterConfigResponse((await params).id, request);
}

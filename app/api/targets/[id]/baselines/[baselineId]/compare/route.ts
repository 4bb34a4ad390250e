import { baselineCompareResponse } from '@/lib/server/baselines/baselines-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; baselineId: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id, baselineId } = await params;
  return baselineCompareResponse(id, baselineId, request);
}

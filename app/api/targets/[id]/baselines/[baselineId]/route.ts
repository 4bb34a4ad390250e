import { baselineDeleteResponse, baselineGetResponse } from '@/lib/server/baselines/baselines-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; baselineId: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { id, baselineId } = await params;
  return baselineGetResponse(id, baselineId);
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const { id, baselineId } = await params;
  return baselineDeleteResponse(id, baselineId, request);
}

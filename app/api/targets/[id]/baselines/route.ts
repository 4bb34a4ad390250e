import { baselineCreateResponse, baselineListResponse } from '@/lib/server/baselines/baselines-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return baselineListResponse((await params).id, request);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return baselineCreateResponse((await params).id, request);
}

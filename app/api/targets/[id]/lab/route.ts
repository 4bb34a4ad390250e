import { labActionResponse, labStatusResponse } from '@/lib/server/lab/demo-lab';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  return labStatusResponse((await params).id);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return labActionResponse((await params).id, request);
}

import { streamResponse } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return streamResponse((await params).id, request.signal);
}

import { windowCreateResponse, windowDeleteResponse, windowListResponse } from '@/lib/server/windows/windows-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return windowListResponse((await params).id, request);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return windowCreateResponse((await params).id, request);
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  return windowDeleteResponse((await params).id, request);
}

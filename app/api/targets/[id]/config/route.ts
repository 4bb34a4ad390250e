import { configChangeResponse, configViewResponse } from '@/lib/server/config/config-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return configViewResponse((await params).id, request);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return configChangeResponse((await params).id, request);
}

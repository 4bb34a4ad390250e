import { historyResponse } from '@/lib/server/history/history-routes';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return historyResponse((await params).id, request.url);
}

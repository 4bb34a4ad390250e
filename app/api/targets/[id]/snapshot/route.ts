import { snapshotResponse } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return snapshotResponse((await params).id);
}

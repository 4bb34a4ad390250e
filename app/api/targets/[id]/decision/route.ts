import { decisionResponse } from '@/lib/server/decision/decision-routes';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return decisionResponse((await params).id);
}

import { sessionStateResponse, signInResponse, signOutResponse } from '@/lib/server/session/session-routes';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return sessionStateResponse(request);
}

export async function POST(request: Request): Promise<Response> {
  return signInResponse(request);
}

export function DELETE(request: Request): Response {
  return signOutResponse(request);
}

// GET /api/who-can/explain?<same params as /api/who-can> -> the page's view of the answer:
// the question in words, the snapshot asked, and every path with its rule's text.
import type { NextRequest } from 'next/server';
import { getStore } from '../../../../lib/server/store-instance';
import { answerWhoCanView } from '../../../who-can/who-can-view';

export async function GET(request: NextRequest): Promise<Response> {
  const { status, body } = await answerWhoCanView(await getStore(), request.nextUrl.searchParams);
  return Response.json(body, { status });
}

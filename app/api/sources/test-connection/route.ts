// POST /api/sources/test-connection (multipart: mode and its fields, as for adding a source)
//   -> {ok, kind: 'cluster', server, identity, kinds: [{kind, canList, reason?}]}
//    | {ok, kind: 'files', files, counts, warnings} | {ok, kind: 'unchecked', message}
//   a bad field or a failed connection -> 400/422 {ok: false, param, error}. Nothing is stored.
import type { NextRequest } from 'next/server';
import { testConnectionAnswer } from '../../../../lib/server/sources/source-api';

export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  if (form === null) return Response.json({ ok: false, param: 'body', error: 'the body must be multipart/form-data with mode and its fields' }, { status: 400 });
  const { status, body } = await testConnectionAnswer(form);
  return Response.json(body, { status });
}

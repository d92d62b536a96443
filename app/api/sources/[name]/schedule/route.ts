// GET /api/sources/<name>/schedule -> {ok, source, connection, runnable, schedule: {cron, enabled,
//   nextRunAt, lastRunAt, lastError, consecutiveFailures, running, stored}}
// PUT {cron?, enabled?} -> the same; bad cron -> 400 {ok: false, param, error}; enabling a source
//   without a connection the scheduler can run -> 409; unknown source -> 404.
import type { NextRequest } from 'next/server';
import { getScheduleAnswer, putScheduleAnswer } from '../../../../../lib/server/scheduler/schedule-api';
import { getStore } from '../../../../../lib/server/store-instance';

interface Context {
  params: Promise<{ name: string }>;
}

export async function GET(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await getScheduleAnswer(await getStore(), name);
  return Response.json(body, { status });
}

export async function PUT(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const input: unknown = await request.json().catch(() => null);
  if (input === null) return Response.json({ ok: false, param: 'body', error: 'the body must be a JSON object {cron?, enabled?}' }, { status: 400 });
  const { status, body } = await putScheduleAnswer(await getStore(), name, input);
  return Response.json(body, { status });
}

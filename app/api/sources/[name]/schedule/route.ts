// GET /api/sources/<name>/schedule -> {ok, source, connection, runnable, schedule: {cron, enabled,
//   nextRunAt, lastRunAt, lastError, consecutiveFailures, running, stored}}
// PUT {cron?, enabled?} -> the same; bad cron -> 400 {ok: false, param, error}; enabling a source
//   without a connection the scheduler can run -> 409; unknown source -> 404.
import { withRoute } from '../../../../../lib/server/http/with-route';
import { getScheduleAnswer, putScheduleAnswer } from '../../../../../lib/server/scheduler/schedule-api';
import { getStore } from '../../../../../lib/server/store-instance';

export const GET = withRoute<{ name: string }>(async ({ params }) => {
  const { status, body } = await getScheduleAnswer(await getStore(), params.name);
  return Response.json(body, { status });
});

export const PUT = withRoute<{ name: string }>(
  async ({ params, body: input }) => {
    if (input === null)
      return Response.json({ ok: false, param: 'body', error: 'the body must be a JSON object {cron?, enabled?}' }, { status: 400 });
    const { status, body } = await putScheduleAnswer(await getStore(), params.name, input);
    return Response.json(body, { status });
  },
  { body: 'json' },
);

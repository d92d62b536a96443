// GET /api/sources/<name>/schedule -> {ok, source, connection, runnable, schedule: {cron, enabled,
//   nextRunAt, lastRunAt, lastError, consecutiveFailures, running, stored}}
// PUT {cron?, enabled?} -> the same.
// Refusals -> {"error": {code, param, message}}: a bad body or cron 400 (invalid); an unknown source
// 404 (not-found); enabling a source without a connection the scheduler can run 409 (conflict).
import { withRoute } from '../../../../../lib/server/http/with-route';
import { QuestionError } from '../../../../../lib/server/questions/errors';
import { getScheduleAnswer, putScheduleAnswer } from '../../../../../lib/server/scheduler/schedule-api';

export const GET = withRoute<{ name: string }>(
  async ({ params, store }) => {
    const { status, body } = await getScheduleAnswer(store, params.name);
    return Response.json(body, { status });
  },
  { require: 'viewer' },
);

export const PUT = withRoute<{ name: string }>(
  async ({ params, body: input, store }) => {
    if (input === null) throw new QuestionError('invalid', 'body', 'the body must be a JSON object {cron?, enabled?}');
    const { status, body } = await putScheduleAnswer(store, params.name, input);
    return Response.json(body, { status });
  },
  { require: 'admin', body: 'json' },
);

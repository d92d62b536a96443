// GET /api/who-can/explain?<same params as /api/who-can> -> the page's view of the answer:
// the question in words, the snapshot asked, and every path with its rule's text.
import { withRoute } from '../../../../lib/server/http/with-route';
import { getStore } from '../../../../lib/server/store-instance';
import { answerWhoCanView } from '../../../who-can/who-can-view';

export const GET = withRoute(async ({ query }) => {
  const { status, body } = await answerWhoCanView(await getStore(), query);
  return Response.json(body, { status });
});

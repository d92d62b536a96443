// GET /api/who-can/explain?<same params as /api/who-can> -> the page's view of the answer:
// the question in words, the snapshot asked, and every path with its rule's text. Refusals ->
// {"error": {code, param, message}} with the status of its code (lib/server/questions/errors.ts).
import { withRoute } from '../../../../lib/server/http/with-route';
import { askWhoCanView } from '../../../../lib/server/questions/who-can-view';

// The page's own data: with several cluster sources and none named, the first answers (and says so).
export const GET = withRoute(
  async ({ query, store }) => {
    const view = await askWhoCanView(store, query, 'first');
    return Response.json({ ok: true, view });
  },
  { require: 'viewer' },
);

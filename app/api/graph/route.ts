// GET /api/graph?source=&snapshot=&view=neighborhood|whole|who-can&focus=<node id>&depth=1-4
//   &namespace=&kinds=User,ClusterRole&hideSystem=true&q=&limit=
//   view=who-can takes the /who-can question params (verb, resource, apiGroup, subresource, name,
//   namespace, allNamespaces, nonResourceURL).
// -> {ok: true, view, focus, snapshot, nodes, edges, truncated, matches} (node ids: lib/core/graph/node-id.ts)
// Bad params -> 400 {ok: false, param, error}; unknown source, snapshot or focus -> 404; a
// snapshot that cannot answer RBAC questions -> 409.
import { answerGraph } from '../../../lib/server/graph';
import { withRoute } from '../../../lib/server/http/with-route';
import { getStore } from '../../../lib/server/store-instance';

export const GET = withRoute(async ({ query }) => {
  const { status, body } = await answerGraph(await getStore(), query);
  return Response.json(body, { status });
});

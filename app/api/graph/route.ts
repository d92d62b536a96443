// GET /api/graph?source=&snapshot=&view=neighborhood|whole|who-can&focus=<node id>&depth=1-4
//   &namespace=&kinds=User,ClusterRole&hideSystem=true&q=&limit=
//   view=who-can takes the /who-can question params (verb, resource, apiGroup, subresource, name,
//   namespace, allNamespaces, nonResourceURL).
// -> {ok: true, view, focus, snapshot, nodes, edges, truncated, matches} (node ids: lib/core/graph/node-id.ts)
// No source named: the first cluster source by name, as on the graph page. Refusals ->
// {"error": {code, param, message}}: bad params 400; unknown source, snapshot or focus 404; a
// cloud-account source (wrong-kind) or a snapshot that cannot answer RBAC questions (unavailable) 409.
import { askGraph } from '../../../lib/server/graph';
import { withRoute } from '../../../lib/server/http/with-route';

export const GET = withRoute(
  async ({ query, store }) => {
    return Response.json(await askGraph(store, query));
  },
  { require: 'viewer' },
);

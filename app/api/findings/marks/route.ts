// GET /api/findings/marks?source=NAME&snapshot=ID -> {source, snapshotId, subjects: {"kind/namespace/name": {severity,
// count, builtIn}}, roles: {"ClusterRole//admin": {...}}}: per subject and per role, the worst severity and the number
// of unsuppressed findings of the snapshot (its source's suppressions applied with the server's clock), for the
// severity marks of the who-can results. Refusals are those of GET /api/findings, in the one envelope.
import { askFindingMarks } from '../../../../lib/server/findings/marks';
import { withRoute } from '../../../../lib/server/http/with-route';

export const GET = withRoute(async ({ query, store }) => Response.json(await askFindingMarks(store, query)), { require: 'viewer' });

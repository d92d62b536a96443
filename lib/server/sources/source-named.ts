import 'server-only';
// The source an /api/sources/<name>/... route names. The sources, schedule and webhook routes
// refuse an unknown one alike: `not-found`, naming the route's `name` parameter.
import type { Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QuestionError } from '../questions/errors';

export async function sourceNamed(store: Store, name: string): Promise<Source> {
  const source = await store.getSource(name);
  if (!source) throw new QuestionError('not-found', 'name', `no source named "${name}"`);
  return source;
}

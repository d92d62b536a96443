import type { Source } from '../lib/core/snapshot/types';

const DEFAULT_TEXT = "a synthetic cluster built from Kubernetes' default roles and real project manifests.";

/** The demo seed marks its source with `connection.demo = true`; nothing else is demo data. */
export function isDemoSource(source: Source): boolean {
  return source.connection.demo === true;
}

export function DemoBanner({ source }: { source: Source }) {
  const description = source.connection.description;
  return (
    <p className="banner banner-info" role="note">
      <strong>Demo data:</strong> {typeof description === 'string' ? description.replace(/^Demo data:\s*/, '') : DEFAULT_TEXT}
    </p>
  );
}

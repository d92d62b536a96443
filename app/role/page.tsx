import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { roleId } from '../../lib/core/graph/node-id';
import { loadPageSnapshot, single, type PageParams } from '../../lib/server/page-snapshot';
import { roleDetail, roleParamsSchema } from '../../lib/server/roles';
import { pageStore } from '../../lib/server/auth/page-access';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { HoldersTable, RuleListTable } from '../../components/roles/roles-tables';
import { graphFocusHref, roleHref } from '../../components/subjects/hrefs';
import { ruleText } from '../../components/who-can/who-can-results';
import { SeverityMarkLink } from '../../components/findings/severity';
import { roleFindingsHref, rolePattern } from '../../components/findings/hrefs';
import { loadFindingMarks } from '../../lib/server/findings/marks';

export const metadata: Metadata = { title: 'Role' };

export default async function RolePage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const values: Record<string, string> = {};
  for (const key of ['kind', 'name', 'namespace', 'rule']) {
    const one = single(params, key);
    if ('error' in one) return <Bad param={key} error={one.error} />;
    if (one.value !== undefined) values[key] = one.value;
  }
  const { rule, ...rest } = values;
  const parsed = roleParamsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return <Bad param={String(issue?.path[0] ?? 'query')} error={issue?.message ?? 'bad query'} />;
  }
  if (rule !== undefined && !/^(0|[1-9][0-9]{0,5})$/.test(rule))
    return <Bad param="rule" error={`rule must be a rule index (0, 1, ...); got "${rule}"`} />;
  const page = await loadPageSnapshot(await pageStore(), params);
  if (!page.ok) return <Bad param={page.param} error={page.error} />;
  const source = page.source.name;
  const role = roleDetail(page.loaded, parsed.data);
  const p = parsed.data;
  if (!role) {
    const where = p.namespace ? ` in namespace ${p.namespace}` : '';
    return (
      <Bad
        param="name"
        error={`snapshot #${page.loaded.snapshot.seq} of ${source} has no ${p.kind} named "${p.name}"${where}. A binding may still name it: it then grants nothing.`}
      />
    );
  }
  const title = role.namespace ? `${role.namespace}/${role.name}` : role.name;
  const mark = (await loadFindingMarks(await pageStore(), page.loaded.snapshot)).roles[rolePattern(role)];
  const pinned = params.snapshot === undefined ? undefined : page.loaded.snapshot.id;
  const labels = Object.entries(role.labels);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/roles?source=${encodeURIComponent(source)}`}>Roles</Link> / {role.kind}
      </nav>
      <div className="page-header">
        <h1>
          <span className="ref-kind">{role.kind}</span> {title}
          <SeverityMarkLink
            mark={mark}
            href={roleFindingsHref(source, role, { showBuiltIn: (mark?.builtIn ?? 0) > 0, snapshotId: pinned })}
          />
        </h1>
        <Link
          className="button-secondary"
          href={graphFocusHref(source, roleId({ kind: role.kind, name: role.name }, role.namespace ?? ''))}
        >
          Graph neighborhood
        </Link>
      </div>
      <SnapshotLine snapshot={page.loaded.snapshot} />
      {labels.length > 0 && (
        <p className="muted">
          Labels:{' '}
          {labels.map(([k, v]) => (
            <code key={k} className="flag flag-info">
              {k}={v}
            </code>
          ))}
        </p>
      )}

      <section className="card section-gap" aria-labelledby="rules-heading">
        <header className="card-header">
          <h2 id="rules-heading">Rules</h2>
          <span className="muted">as stored: what the authorizer evaluates</span>
        </header>
        <RuleListTable rules={role.rules} label="Rules" {...(rule !== undefined && { highlight: Number(rule) })} />
      </section>

      {(role.aggregation || role.aggregatedInto.length > 0) && (
        <section className="card" aria-labelledby="aggregation-heading">
          <header className="card-header">
            <h2 id="aggregation-heading">Aggregation</h2>
          </header>
          <div className="card-body">
            {role.aggregation && (
              <>
                <p>
                  Aggregated from ClusterRoles matching{' '}
                  {role.aggregation.selectors.map((s, i) => (
                    <code key={i}>{JSON.stringify(s.matchLabels)} </code>
                  ))}
                  :{' '}
                  {role.aggregation.sources.length === 0
                    ? 'none in this snapshot'
                    : role.aggregation.sources.map((name, i) => (
                        <span key={name}>
                          {i > 0 && ', '}
                          <Link href={roleHref(source, { kind: 'ClusterRole', name })}>{name}</Link>
                        </span>
                      ))}
                </p>
                {role.aggregation.disagreement && (
                  <div className="banner banner-error" role="note">
                    The stored rules disagree with what the aggregation controller would compute; the authorizer uses the stored ones.
                    {role.aggregation.disagreement.missingFromStored.map((r, i) => (
                      <p key={`m${i}`} className="rule-text">
                        missing: {ruleText(r)}
                      </p>
                    ))}
                    {role.aggregation.disagreement.extraInStored.map((r, i) => (
                      <p key={`e${i}`} className="rule-text">
                        extra: {ruleText(r)}
                      </p>
                    ))}
                  </div>
                )}
              </>
            )}
            {role.aggregatedInto.length > 0 && (
              <p>
                Its rules are aggregated into:{' '}
                {role.aggregatedInto.map((name, i) => (
                  <span key={name}>
                    {i > 0 && ', '}
                    <Link href={roleHref(source, { kind: 'ClusterRole', name })}>{name}</Link>
                  </span>
                ))}
              </p>
            )}
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="holders-heading">
        <header className="card-header">
          <h2 id="holders-heading">Who holds it</h2>
          <span className="muted">through which binding</span>
        </header>
        <HoldersTable source={source} holders={role.holders} />
      </section>
    </>
  );
}

function Bad({ param, error }: { param: string; error: string }) {
  return (
    <>
      <h1>Role</h1>
      <ParamError param={param} error={error} backHref="/roles" backLabel="Back to the list of roles" />
    </>
  );
}

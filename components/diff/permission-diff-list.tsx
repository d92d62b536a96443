// Grants gained and lost, by subject and cause, highest impact first (lib/core/diff/impact.ts).
import { grantsSummary, groupBySubject, impactTitle, subjectText, type PermissionDiff } from '../../lib/core/diff';

export function PermissionDiffList({ permissions }: { permissions: PermissionDiff }) {
  const subjects = groupBySubject(permissions);
  return (
    <section className="card" aria-labelledby="permission-diff-title">
      <div className="card-header">
        <h2 id="permission-diff-title">
          Permissions: {permissions.gained.length} grants gained, {permissions.lost.length} lost
        </h2>
      </div>
      <div className="card-body table-wrap">
        {subjects.length === 0 ? (
          <p className="muted">No subject gained or lost a permission.</p>
        ) : (
          <table className="data">
            <caption className="visually-hidden">Permission changes by subject, highest impact first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Change</th>
                <th scope="col">Grants</th>
                <th scope="col">Because</th>
              </tr>
            </thead>
            <tbody>
              {subjects.flatMap((s) =>
                s.groups.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{subjectText(s.subject)}</th>
                    <td>
                      <span className={`badge ${g.direction === 'gained' ? 'badge-failed' : 'badge-neutral'}`}>{g.direction}</span>{' '}
                      {g.impactRules.slice(0, 3).map((r) => (
                        <span key={r} className="badge badge-running">
                          {impactTitle(r)}
                        </span>
                      ))}
                    </td>
                    <td className="mono">{grantsSummary(g.grants, 5)}</td>
                    <td>{g.causes.map((c) => c.text).join('; ') || 'no single object change explains it'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

import type { PathView, RuleView, SubjectView, WhoCanView } from '../../app/who-can/who-can-view';
import { formatTime, plural } from '../format';

function list(values: string[]): string {
  return `[${values.map((v) => (v === '' ? '""' : v)).join(', ')}]`;
}

/** The rule as written in the role, omitting the lists it leaves empty (verbs always shown). */
export function ruleText(rule: RuleView): string {
  const parts = [`verbs: ${list(rule.verbs)}`];
  if (rule.apiGroups.length > 0) parts.push(`apiGroups: ${list(rule.apiGroups)}`);
  if (rule.resources.length > 0) parts.push(`resources: ${list(rule.resources)}`);
  if (rule.resourceNames.length > 0) parts.push(`resourceNames: ${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs.length > 0) parts.push(`nonResourceURLs: ${list(rule.nonResourceURLs)}`);
  return parts.join('  ');
}

function PathItem({ path }: { path: PathView }) {
  const { binding, role, ruleIndex, rule } = path;
  const bindingName = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  const roleName = role.kind === 'Role' && binding.namespace ? `${binding.namespace}/${role.name}` : role.name;
  return (
    <li>
      <span className="path-chain">
        <span>
          <span className="ref-kind">{binding.kind}</span>
          <code>{bindingName}</code>
        </span>
        <span className="path-arrow" aria-label="grants">
          →
        </span>
        <span>
          <span className="ref-kind">{role.kind}</span>
          <code>{roleName}</code>
        </span>
        <span className="path-arrow" aria-label="via">
          →
        </span>
        <span>rule #{ruleIndex}</span>
      </span>
      <p className="rule-text">{rule ? ruleText(rule) : 'rule text unavailable'}</p>
    </li>
  );
}

function SubjectRow({ subject }: { subject: SubjectView }) {
  return (
    <tr>
      <td className="subject-kind">{subject.kind}</td>
      <th scope="row">
        <code>{subject.name}</code>
      </th>
      <td>{subject.namespace ?? <span className="muted">—</span>}</td>
      <td>
        <ul className="paths" aria-label={`Paths granting ${subject.name}`}>
          {subject.paths.map((path) => (
            <PathItem
              key={`${path.binding.kind}/${path.binding.namespace ?? ''}/${path.binding.name}/${path.ruleIndex}`}
              path={path}
            />
          ))}
        </ul>
      </td>
    </tr>
  );
}

export function WhoCanResults({ view, jsonHref }: { view: WhoCanView; jsonHref: string }) {
  const { snapshot, subjects } = view;
  const count = subjects.length;
  return (
    <section className="card" aria-labelledby="answer-heading">
      <div className="card-body">
        <div className="answer-summary">
          <h2 id="answer-heading" className="answer-count">
            {count === 0 ? `Nobody can ${view.question}` : `${plural(count, 'subject')} can ${view.question}`}
          </h2>
          <span className="muted">
            snapshot #{snapshot.seq} (id {snapshot.id}) of {snapshot.sourceName}, finished {formatTime(snapshot.finishedAt)}
          </span>
          <a href={jsonHref}>JSON</a>
        </div>
        {snapshot.missingKinds.length > 0 && (
          <p className="muted" role="note">
            This snapshot is partial (missing {snapshot.missingKinds.map((m) => m.kind).join(', ')}); the RBAC kinds are complete,
            so the answer is too.
          </p>
        )}
        {view.notes.map((note) => (
          <p className="muted" role="note" key={note}>
            {note}
          </p>
        ))}
      </div>
      {count > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Subjects">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Granted by (binding → role → rule)</th>
              </tr>
            </thead>
            <tbody>
              {subjects.map((subject) => (
                <SubjectRow key={`${subject.kind}/${subject.namespace ?? ''}/${subject.name}`} subject={subject} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

'use client';

export type TestAnswer =
  | { ok: true; kind: 'cluster'; server: string; identity: string; kinds: { kind: string; canList: boolean; reason?: string }[] }
  | { ok: true; kind: 'files'; files: string[]; counts: Record<string, number>; warnings: string[] }
  | { ok: true; kind: 'unchecked'; message: string };

/** What "Test connection" found: per kind whether it can be listed, or what the files hold. */
export function TestReport({ answer }: { answer: TestAnswer }) {
  if (answer.kind === 'unchecked') {
    return (
      <section className="result-panel" aria-label="Connection test">
        <p className="card-body">{answer.message}</p>
      </section>
    );
  }
  if (answer.kind === 'files') {
    const entries = Object.entries(answer.counts);
    return (
      <section className="result-panel result-ok" aria-label="Connection test">
        <header className="card-header">
          <h2>Files read</h2>
          <span className="muted">{answer.files.join(', ')}</span>
        </header>
        <div className="table-wrap">
          <table className="data" aria-label="Objects found in the files">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Objects
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.length === 0 ? (
                <tr>
                  <td colSpan={2} className="muted">
                    No objects of the kinds a snapshot keeps.
                  </td>
                </tr>
              ) : (
                entries.map(([kind, n]) => (
                  <tr key={kind}>
                    <th scope="row">{kind}</th>
                    <td className="num">{n}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        {answer.warnings.length > 0 && (
          <ul className="card-body muted">
            {answer.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  const denied = answer.kinds.filter((k) => !k.canList).length;
  return (
    <section className={`result-panel ${denied === 0 ? 'result-ok' : ''}`} aria-label="Connection test">
      <header className="card-header">
        <h2>{denied === 0 ? 'Every kind can be listed' : `${denied} of ${answer.kinds.length} kinds cannot be listed`}</h2>
        <span className="muted">
          {answer.server} ({answer.identity})
        </span>
      </header>
      <div className="table-wrap">
        <table className="data" aria-label="What the credentials can list">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Can list</th>
              <th scope="col">Why not</th>
            </tr>
          </thead>
          <tbody>
            {answer.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{k.kind}</th>
                <td>{k.canList ? <span className="badge badge-complete">yes</span> : <span className="badge badge-failed">no</span>}</td>
                <td className="muted">{k.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {denied > 0 && (
        <p className="card-body muted">
          Snapshots of this source will be partial: the kinds marked no are recorded as missing, never as empty.
        </p>
      )}
    </section>
  );
}

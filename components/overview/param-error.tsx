import Link from 'next/link';

/** A page address the server could not use: names the parameter and what to do. */
export function ParamError({ param, error, backHref, backLabel }: { param: string; error: string; backHref: string; backLabel: string }) {
  return (
    <div className="empty-state" role="alert">
      <h2>Bad parameter: {param}</h2>
      <p>{error}</p>
      <p>
        <Link href={backHref}>{backLabel}</Link>
      </p>
    </div>
  );
}

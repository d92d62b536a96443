import { PRIVILEGE_FLAGS, type PrivilegeFlag } from '../../lib/core/inventory/privilege-flags';

const BY_ID = new Map(PRIVILEGE_FLAGS.map((f) => [f.id, f]));

export function Flags({ flags }: { flags: readonly PrivilegeFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <span className="flags">
      {flags.map((id) => {
        const flag = BY_ID.get(id);
        return flag ? (
          <span key={id} className={`flag flag-${flag.severity}`} title={flag.title}>
            {flag.label}
          </span>
        ) : null;
      })}
    </span>
  );
}

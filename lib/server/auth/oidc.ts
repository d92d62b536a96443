// Sign-in through any OpenID Connect issuer (Alibaba Cloud IDaaS, Keycloak, Dex, Entra, Google) and
// the mapping of its group claim to a role and sources. Configured by environment only:
//   ACCESS_ATLAS_OIDC_ISSUER         the issuer URL (its /.well-known/openid-configuration is read)
//   ACCESS_ATLAS_OIDC_CLIENT_ID      the client registered at the issuer
//   ACCESS_ATLAS_OIDC_CLIENT_SECRET  its secret
//   ACCESS_ATLAS_OIDC_GROUPS_CLAIM   the claim listing the user's groups (default `groups`)
//   ACCESS_ATLAS_OIDC_ROLE_MAP       `GROUP=ROLE[:SOURCE,SOURCE...]` entries separated by `;`
// A user gets the highest role any of their groups maps to, limited to the sources of the mappings
// that grant that role (every source if one of them names none); groups granting lesser roles add
// nothing, so a viewer mapping never widens what a reviewer may change. No mapped group: no sign-in.
import { ROLES, parseSourceList, roleAtLeast, type Role, type SourceScope } from './roles';

type Env = Readonly<Record<string, string | undefined>>;

export interface RoleMapping {
  group: string;
  role: Role;
  sources: SourceScope;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  mappings: RoleMapping[];
}

export class OidcConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'OidcConfigError';
  }
}

export function parseRoleMap(text: string): RoleMapping[] {
  const mappings: RoleMapping[] = [];
  for (const entry of text.split(';').map((e) => e.trim())) {
    if (entry === '') continue;
    const match = /^([^=]+)=([a-z]+)(?::(.*))?$/.exec(entry);
    const role = match?.[2] as Role | undefined;
    if (!match || !role || !ROLES.includes(role)) {
      throw new OidcConfigError(
        'ACCESS_ATLAS_OIDC_ROLE_MAP',
        `ACCESS_ATLAS_OIDC_ROLE_MAP entry ${JSON.stringify(entry)} is not GROUP=${ROLES.join('|')}[:SOURCE,...]`,
      );
    }
    const sources = match[3] === undefined ? null : parseSourceList(match[3]);
    mappings.push({ group: match[1]!.trim(), role, sources });
  }
  return mappings;
}

/** The OIDC settings, or null when no issuer is configured; throws naming the variable that is wrong. */
export function oidcSettings(env: Env = process.env): OidcSettings | null {
  const issuer = env.ACCESS_ATLAS_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new OidcConfigError(name, `${name} must be set when ACCESS_ATLAS_OIDC_ISSUER is`);
    return value;
  };
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new OidcConfigError('ACCESS_ATLAS_OIDC_ISSUER', 'ACCESS_ATLAS_OIDC_ISSUER is not an absolute URL');
  }
  const mappings = parseRoleMap(required('ACCESS_ATLAS_OIDC_ROLE_MAP'));
  return {
    issuer: url.href.replace(/\/$/, ''),
    clientId: required('ACCESS_ATLAS_OIDC_CLIENT_ID'),
    clientSecret: required('ACCESS_ATLAS_OIDC_CLIENT_SECRET'),
    groupsClaim: env.ACCESS_ATLAS_OIDC_GROUPS_CLAIM?.trim() || 'groups',
    mappings,
  };
}

/** The groups a profile's claim lists (an array of strings, or one string). */
export function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  const value = profile[claim];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** The role and sources the groups grant, or null when no mapping matches. */
export function grantOfGroups(groups: readonly string[], mappings: readonly RoleMapping[]): { role: Role; sources: SourceScope } | null {
  const matched = mappings.filter((m) => groups.includes(m.group));
  if (matched.length === 0) return null;
  const role = matched.reduce<Role>((best, m) => (roleAtLeast(m.role, best) ? m.role : best), 'viewer');
  const granting = matched.filter((m) => m.role === role);
  if (granting.some((m) => m.sources === null)) return { role, sources: null };
  return { role, sources: [...new Set(granting.flatMap((m) => m.sources ?? []))] };
}

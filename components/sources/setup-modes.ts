// The ways to add a source, as the form offers them. Mirrors lib/server/sources/setup-input.ts.
export const MODES = [
  {
    mode: 'kubeconfig-upload',
    group: 'Cluster',
    title: 'Upload a kubeconfig',
    hint: 'File or paste; inline token or certificate data only; sealed (AES-256-GCM) in the database',
  },
  {
    mode: 'kubeconfig-path',
    group: 'Cluster',
    title: 'Kubeconfig on this server',
    hint: 'A file in ACCESS_ATLAS_KUBECONFIG_DIR, read as data',
  },
  { mode: 'in-cluster', group: 'Cluster', title: 'In-cluster', hint: "The dashboard pod's service account" },
  { mode: 'files', group: 'Cluster', title: 'kubectl dumps', hint: 'YAML or JSON from kubectl get -o yaml|json' },
  { mode: 'ram-files', group: 'Cloud account', title: 'Alibaba Cloud RAM export', hint: 'JSON files in the RAM export layout' },
  { mode: 'aws-files', group: 'Cloud account', title: 'AWS IAM authorization details', hint: 'aws iam get-account-authorization-details' },
  {
    mode: 'ram-access-key',
    group: 'Cloud account',
    title: 'Alibaba Cloud RAM AccessKey',
    hint: 'Read-only RAM access; sealed in the database',
  },
] as const;

export type Mode = (typeof MODES)[number]['mode'];

export function isMode(value: unknown): value is Mode {
  return MODES.some((m) => m.mode === value);
}

export const FILE_MODES: readonly Mode[] = ['files', 'ram-files', 'aws-files'];

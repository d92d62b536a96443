import 'server-only';
// What the "Add source" form sends (multipart, since it carries files), validated once for both
// "Test connection" and "Add source". A bad field is refused as `invalid`, naming the form field.
import { z } from 'zod';
import { isSourceName, quoteSourceName, SOURCE_NAME_RULE } from '../../core/snapshot/source-name';
import { QuestionError } from '../questions/errors';

/** How a new source reaches its data. */
export const SETUP_MODES = [
  'kubeconfig-upload',
  'kubeconfig-path',
  'in-cluster',
  'files',
  'ram-files',
  'aws-files',
  'ram-access-key',
] as const;
export type SetupMode = (typeof SETUP_MODES)[number];

/** Used in URLs (/sources/<name>) and as the uploads folder name: the one rule of lib/core/snapshot/source-name.ts. */
export const sourceNameSchema = z.string().trim().refine(isSourceName, SOURCE_NAME_RULE);

const text = (max: number, what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`);
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is longer than ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type SetupInput =
  | { mode: 'kubeconfig-upload'; kubeconfig: string; context?: string }
  | { mode: 'kubeconfig-path'; path: string; context?: string }
  | { mode: 'in-cluster' }
  | { mode: 'files' | 'ram-files' | 'aws-files'; files: UploadedFile[] }
  | { mode: 'ram-access-key'; accessKeyId: string; accessKeySecret: string; securityToken?: string; regionId?: string };

const fieldSchemas = {
  'kubeconfig-upload': z.object({
    kubeconfig: z.string().min(1, 'kubeconfig is empty: upload a file or paste it').max(1_000_000, 'kubeconfig is larger than 1 MB'),
    context: optionalText(253, 'context'),
  }),
  'kubeconfig-path': z.object({ path: text(4096, 'path'), context: optionalText(253, 'context') }),
  'ram-access-key': z.object({
    accessKeyId: text(200, 'accessKeyId'),
    accessKeySecret: text(500, 'accessKeySecret'),
    securityToken: optionalText(10_000, 'securityToken'),
    regionId: optionalText(64, 'regionId'),
  }),
};

function invalidField(field: string, message: string): QuestionError {
  return new QuestionError('invalid', field, message);
}

function firstIssue(error: z.ZodError): QuestionError {
  const issue = error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : 'form';
  return invalidField(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

function strings(form: FormData, names: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = form.get(name);
    out[name] = typeof value === 'string' ? value : undefined;
  }
  return out;
}

/** At most this much per uploaded dump; large clusters' `kubectl get -o json` stay well below. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

async function uploadedFiles(form: FormData): Promise<UploadedFile[]> {
  const files = form.getAll('files').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.length === 0) throw invalidField('files', 'files: choose at least one YAML or JSON file');
  const out: UploadedFile[] = [];
  for (const file of files) {
    if (file.size > MAX_UPLOAD_BYTES)
      throw invalidField('files', `files: ${file.name} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    out.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  }
  return out;
}

/** The setup input the form describes; throws `invalid` naming the first bad field. */
export async function parseSetupForm(form: FormData): Promise<SetupInput> {
  const mode = z.enum(SETUP_MODES).safeParse(form.get('mode'));
  if (!mode.success) throw invalidField('mode', `mode: must be one of ${SETUP_MODES.join(', ')}`);
  switch (mode.data) {
    case 'in-cluster':
      return { mode: 'in-cluster' };
    case 'files':
    case 'ram-files':
    case 'aws-files':
      return { mode: mode.data, files: await uploadedFiles(form) };
    case 'kubeconfig-upload':
    case 'kubeconfig-path':
    case 'ram-access-key': {
      const schema = fieldSchemas[mode.data];
      const parsed = schema.safeParse(strings(form, Object.keys(schema.shape)));
      if (!parsed.success) throw firstIssue(parsed.error);
      return { mode: mode.data, ...parsed.data } as SetupInput;
    }
  }
}

/** The new source's name; throws `invalid` naming the field, with the name as given. */
export function parseSourceName(form: FormData): string {
  const raw = form.get('name') ?? '';
  const name = sourceNameSchema.safeParse(raw);
  if (name.success) return name.data;
  const shown = typeof raw === 'string' ? ` ${quoteSourceName(raw.trim())}` : ' (a file, not text)';
  throw invalidField('name', `name${shown}: ${name.error.issues[0]?.message ?? SOURCE_NAME_RULE}`);
}

import 'server-only';
// Credentials at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per seal and the
// 128-bit tag checked on open, so a wrong key or a tampered blob fails instead of decrypting to junk.
// The key is ACCESS_ATLAS_SECRET_KEY (32 bytes, base64 or hex), else `secret.key` in the data
// directory, generated on first use with mode 0600.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

const KEY_BYTES = 32;
const IV_BYTES = 12;
export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** The data directory, resolved as lib/store/database-url.ts resolves it: ACCESS_ATLAS_DATA_DIR, default ./data. */
export function dataDirectory(env: Env = process.env, cwd = process.cwd()): string {
  return resolve(cwd, env.ACCESS_ATLAS_DATA_DIR || 'data');
}

/** Parses a 32-byte key given as 64 hex digits or base64; `what` names where it came from. */
export function parseSecretKey(text: string, what: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(`${what} must be ${KEY_BYTES} bytes as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}

/**
 * Reads `dir/secret.key`, creating it on first use. The new key is written to a private temporary
 * file and hard-linked into place: link(2) fails if the name exists, so two processes starting at
 * once end up with the same key and a reader never sees a half-written file.
 */
export function loadOrCreateKeyFile(dir: string): Buffer {
  const path = join(dir, SECRET_KEY_FILE);
  try {
    return parseSecretKey(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${SECRET_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeFileSync(temp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600); // the umask may have narrowed it further, never widened; make it exact
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) throw new SecretKeyError(`${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  return parseSecretKey(readFileSync(path, 'utf8'), path);
}

/** The key from ACCESS_ATLAS_SECRET_KEY, else the data directory's key file. */
export function resolveSecretKey(env: Env = process.env, cwd = process.cwd()): Buffer {
  const fromEnv = env.ACCESS_ATLAS_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return parseSecretKey(fromEnv, 'ACCESS_ATLAS_SECRET_KEY');
  return loadOrCreateKeyFile(dataDirectory(env, cwd));
}

interface SealedV1 {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

export function sealWithKey(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const sealed: SealedV1 = { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

function parseSealed(sealed: string): SealedV1 {
  let value: unknown;
  try {
    value = JSON.parse(sealed);
  } catch {
    throw new SecretKeyError('sealed secret is not JSON');
  }
  const v = value as Partial<SealedV1> | null;
  if (!v || v.v !== 1 || typeof v.iv !== 'string' || typeof v.tag !== 'string' || typeof v.data !== 'string') {
    throw new SecretKeyError('sealed secret is not a {v:1, iv, tag, data} object');
  }
  return v as SealedV1;
}

export function openWithKey(key: Buffer, sealed: string): string {
  const { iv, tag, data } = parseSealed(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(
      "cannot open a sealed secret: it was sealed with another key or altered (did ACCESS_ATLAS_SECRET_KEY or the data directory's secret.key change?)",
    );
  }
}

let cached: { from: string; key: Buffer } | undefined;

/**
 * The key of this process, read once per place it comes from (the variable's value, else the data
 * directory's secret.key): one read for a server, and whoever changes either (a test, an embedding
 * process) gets the key it names instead of the first one ever read.
 */
function processKey(env: Env = process.env, cwd = process.cwd()): Buffer {
  const fromEnv = env.ACCESS_ATLAS_SECRET_KEY;
  const from = fromEnv !== undefined && fromEnv !== '' ? `env ${fromEnv}` : `dir ${dataDirectory(env, cwd)}`;
  if (cached?.from !== from) cached = { from, key: resolveSecretKey(env, cwd) };
  return cached.key;
}

/** Encrypts with the process key; returns JSON {v:1, iv, tag, data} (base64 fields). */
export function sealSecret(plain: string): string {
  return sealWithKey(processKey(), plain);
}

/** Decrypts what sealSecret returned; throws SecretKeyError on a wrong key or altered blob. */
export function openSecret(sealed: string): string {
  return openWithKey(processKey(), sealed);
}

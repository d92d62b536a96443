import 'server-only';
// The Alibaba Cloud SDKs are CommonJS modules that export their client class as `exports.default`.
// Bundlers (Next) and TypeScript hand that class to a default import; Node's own ESM loader (the
// CLI, tests under tsx) hands the whole `exports` object instead. Resolve both once, here.

import CredentialExport from '@alicloud/credentials';
import CsExport from '@alicloud/cs20151215';
import ImsExport from '@alicloud/ims20190815';
import OpenApiExport from '@alicloud/openapi-client';
import RamExport from '@alicloud/ram20150501';
import ResourceManagerExport from '@alicloud/resourcemanager20200331';

function cjsDefault<T>(imported: T): T {
  if (typeof imported === 'function') return imported;
  const inner = (imported as { default?: T }).default;
  if (typeof inner !== 'function') throw new Error('unexpected shape of an Alibaba Cloud SDK module');
  return inner;
}

export const Credential = cjsDefault(CredentialExport);
export type Credential = InstanceType<typeof Credential>;
export const OpenApi = cjsDefault(OpenApiExport);
export const Ram = cjsDefault(RamExport);
export type Ram = InstanceType<typeof Ram>;
export const Ims = cjsDefault(ImsExport);
export type Ims = InstanceType<typeof Ims>;
export const ResourceManager = cjsDefault(ResourceManagerExport);
export type ResourceManager = InstanceType<typeof ResourceManager>;
export const Cs = cjsDefault(CsExport);
export type Cs = InstanceType<typeof Cs>;

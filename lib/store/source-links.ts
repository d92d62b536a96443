import 'server-only';
// Links between a cluster source and the cloud account it runs in (table source_link). The link
// carries the cluster's reference in the cloud account: the ACK cluster id (RRSA's OIDC provider
// is ack-rrsa-<id>) or the EKS OIDC issuer URL (IRSA's trust keys are <issuer>:sub). A cluster
// source links to at most one cloud account (cluster_source_id is the key); a cloud account may
// hold many clusters.
import { z } from 'zod';
import { StoreError } from './errors';
import { getSource } from './sources';
import { sql, toInt, type SqlClient } from './sql';
import type { StoreAccess } from './store-access';

export interface SourceLink {
  clusterSource: string;
  cloudSource: string;
  clusterRef: string;
}

export interface SourceLinks {
  /** Creates or replaces the cluster source's link. Both sources must exist with the right kinds. */
  set(link: SourceLink): Promise<SourceLink>;
  /** The cluster source's link, or null. */
  getForCluster(clusterSource: string): Promise<SourceLink | null>;
  /** Every cluster linked to this cloud source, ordered by cluster source name. */
  listForCloud(cloudSource: string): Promise<SourceLink[]>;
  list(): Promise<SourceLink[]>;
  /** Removes the cluster source's link; true when there was one. */
  remove(clusterSource: string): Promise<boolean>;
}

const linkRowSchema = z.object({ cluster_source: z.string(), cloud_source: z.string(), cluster_ref: z.string() });

const SELECT_LINKS = sql`SELECT c."name" AS "cluster_source", a."name" AS "cloud_source", l."cluster_ref" AS "cluster_ref"
  FROM "source_link" l JOIN "source" c ON c."id" = l."cluster_source_id" JOIN "source" a ON a."id" = l."cloud_source_id"`;

function toLink(row: unknown): SourceLink {
  const r = linkRowSchema.parse(row);
  return { clusterSource: r.cluster_source, cloudSource: r.cloud_source, clusterRef: r.cluster_ref };
}

async function sourceIdOfKind(db: SqlClient, name: string, kind: 'cluster' | 'cloud-account'): Promise<number> {
  const source = await getSource(db, name);
  if (!source) throw new StoreError(`no source named "${name}"`);
  if (source.kind !== kind) throw new StoreError(`source "${name}" is a ${source.kind}, not a ${kind}`);
  return toInt(source.id);
}

export function sourceLinks(access: StoreAccess): SourceLinks {
  return {
    set: (link) =>
      access.write(async (tx) => {
        if (link.clusterRef.trim() === '')
          throw new StoreError('a link needs a non-empty cluster reference (ACK cluster id or EKS OIDC issuer)');
        const clusterId = await sourceIdOfKind(tx, link.clusterSource, 'cluster');
        const cloudId = await sourceIdOfKind(tx, link.cloudSource, 'cloud-account');
        await tx.$executeRaw(sql`DELETE FROM "source_link" WHERE "cluster_source_id" = ${clusterId}`);
        await tx.$executeRaw(
          sql`INSERT INTO "source_link" ("cluster_source_id", "cloud_source_id", "cluster_ref") VALUES (${clusterId}, ${cloudId}, ${link.clusterRef})`,
        );
        return { ...link };
      }),
    getForCluster: (clusterSource) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_LINKS} WHERE c."name" = ${clusterSource}`);
        return rows[0] === undefined ? null : toLink(rows[0]);
      }),
    listForCloud: (cloudSource) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_LINKS} WHERE a."name" = ${cloudSource} ORDER BY c."name"`);
        return rows.map(toLink);
      }),
    list: () =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_LINKS} ORDER BY c."name"`);
        return rows.map(toLink);
      }),
    remove: (clusterSource) =>
      access.write(async (tx) => {
        const source = await getSource(tx, clusterSource);
        if (!source) return false;
        const n = await tx.$executeRaw(sql`DELETE FROM "source_link" WHERE "cluster_source_id" = ${source.id}`);
        return n > 0;
      }),
  };
}

-- Hand-written: Prisma 6 schemas cannot declare partial indexes, and `migrate diff` ignores this one.
-- At most one live version (to_seq IS NULL) per object and source. lib/store/finish-snapshot.ts
-- keeps this true by serializing finishes per source; the index turns any future bug there into
-- an error instead of two live versions that would make a snapshot read show an object twice.
CREATE UNIQUE INDEX "object_version_live_key"
    ON "object_version" ("source_id", "kind", "namespace", "name")
    WHERE "to_seq" IS NULL;

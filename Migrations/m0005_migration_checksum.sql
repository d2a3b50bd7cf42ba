-- m0005_migration_checksum: the SHA-256 of the text of each migration applied to this catalog,
-- as the binary that applied it carried it. `conncat doctor` compares them with the text of the
-- running binary: a landed migration whose text was edited afterwards is reported.
-- Rows are written by the migrator right after each migration, in the same transaction;
-- migrations applied before this one are recorded when this one is applied.
-- Never edit this file once landed: add m0006_... instead.

CREATE TABLE migration_checksum (
    name   TEXT NOT NULL PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
) STRICT;

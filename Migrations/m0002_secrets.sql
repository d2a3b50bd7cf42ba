-- m0002_secrets: what is known about each secret of the agent settings, per import.
-- No secret value is ever stored. A secret keeps its presence (`state`), where its value comes
-- from (`kind`), and a keyed fingerprint: HMAC-SHA256 under a key kept outside the catalog
-- (`key_id` names the key: the first 8 hex digits of its SHA-256), so that the catalog alone
-- cannot test a password guess. Written for every import, changed or not, and never updated:
-- "changed since the previous import" is computed by comparing two imports' rows.
-- Never edit this file once landed: add m0003_... instead.

-- One row per secret per import: every value withheld from appsettings.agent.json and the
-- overlays beside it (appsettings.encrypted.agent.json, appsettings.cyberark.agent.json), in
-- `Connections` and in other sections (`connection` is NULL outside `Connections`).
CREATE TABLE import_secret (
    import_run_id  INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
    -- Full configuration path, `Connections:ADExport:Password`; keys compare case-insensitively.
    json_path      TEXT    NOT NULL COLLATE NOCASE,
    connection     TEXT    COLLATE NOCASE,
    -- Path below the connection, or the full path outside `Connections`.
    key            TEXT    NOT NULL COLLATE NOCASE,
    reason         TEXT    NOT NULL CHECK (reason IN ('name', 'position', 'connection_string', 'unlisted', 'protected')),
    state          TEXT    NOT NULL CHECK (state IN ('set', 'absent')),
    kind           TEXT    NOT NULL CHECK (kind IN ('plain', 'encrypted', 'azure_key_vault', 'cyberark', 'absent')),
    fingerprint    TEXT    CHECK (fingerprint IS NULL OR (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*')),
    key_id         TEXT    CHECK (key_id IS NULL OR (length(key_id) = 8 AND key_id NOT GLOB '*[^0-9a-f]*')),
    -- A connection string with the value of each secret part replaced by '<secret>'.
    redacted_value TEXT,
    -- Where the value in force is written (the file that wins the merge) and the line of its key.
    file           TEXT    NOT NULL,
    line           INTEGER CHECK (line IS NULL OR line >= 1),
    -- Line of the key in appsettings.agent.json when that file holds this secret in clear.
    plain_line     INTEGER CHECK (plain_line IS NULL OR plain_line >= 1),
    PRIMARY KEY (import_run_id, json_path),
    CHECK ((state = 'set') = (kind IN ('plain', 'encrypted', 'cyberark'))),
    CHECK (state = 'set' OR fingerprint IS NULL),
    CHECK ((fingerprint IS NULL) = (key_id IS NULL)),
    CHECK (redacted_value IS NULL OR reason = 'connection_string')
) STRICT;
CREATE INDEX import_secret_by_connection ON import_secret(import_run_id, connection);

-- m0001_catalog: the catalog's first schema.
-- Conventions: singular snake_case table names; identifiers that Identity Manager compares
-- case-insensitively are COLLATE NOCASE so that SQLite enforces uniqueness the product's way;
-- times are ISO 8601 UTC text ('2026-11-29T19:34:51Z'), which sorts chronologically;
-- every configuration row carries its provenance (file relative to the imported folder, line);
-- `attributes` keeps every attribute of the element as written, as a JSON object.
-- Never edit this file once landed: add m0002_... instead.

-- One row per `conncat import`, changed or not.
CREATE TABLE import_run (
    id                   INTEGER PRIMARY KEY,
    imported_at          TEXT    NOT NULL,
    source_folder        TEXT    NOT NULL,
    configuration_folder TEXT    NOT NULL,
    agent_settings_file  TEXT,
    export_folder        TEXT,
    xml_file_count       INTEGER NOT NULL CHECK (xml_file_count >= 0),
    element_count        INTEGER NOT NULL CHECK (element_count >= 0),
    content_hash         TEXT    NOT NULL,
    changed              INTEGER NOT NULL CHECK (changed IN (0, 1))
) STRICT;

-- What each import read: one row per input file. For the agent settings, the hash is taken
-- over the redacted settings, never over the raw bytes (which hold secrets).
CREATE TABLE import_file (
    import_run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('configuration', 'agent_settings')),
    path          TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size >= 0),
    content_hash  TEXT    NOT NULL,
    element_count INTEGER NOT NULL CHECK (element_count >= 0),
    PRIMARY KEY (import_run_id, path)
) STRICT;

-- The current configuration (replaced as a whole by an import whose content changed).

CREATE TABLE agent (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    uri          TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE connector (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    agent        TEXT COLLATE NOCASE,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE connection (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    connector    TEXT COLLATE NOCASE,
    package      TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

-- ConnectionTable elements declared in the XML (as the product's configuration export writes them).
CREATE TABLE connection_table (
    id           INTEGER PRIMARY KEY,
    connection   TEXT COLLATE NOCASE,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    path         TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE connection_table_column (
    id                  INTEGER PRIMARY KEY,
    connection_table_id INTEGER NOT NULL REFERENCES connection_table(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL CHECK (position >= 1),
    identifier          TEXT    NOT NULL,
    display_name        TEXT,
    file                TEXT    NOT NULL,
    line                INTEGER NOT NULL,
    attributes          TEXT    NOT NULL CHECK (json_valid(attributes)),
    UNIQUE (connection_table_id, position)
) STRICT;

CREATE TABLE entity_type (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE entity_property (
    id             INTEGER PRIMARY KEY,
    entity_type_id INTEGER NOT NULL REFERENCES entity_type(id) ON DELETE CASCADE,
    identifier     TEXT    NOT NULL COLLATE NOCASE,
    display_name   TEXT,
    type           TEXT,
    is_key         INTEGER NOT NULL CHECK (is_key IN (0, 1)),
    file           TEXT    NOT NULL,
    line           INTEGER NOT NULL,
    attributes     TEXT    NOT NULL CHECK (json_valid(attributes)),
    UNIQUE (entity_type_id, identifier)
) STRICT;

-- `connection_table_key` is ConnectionTable as written without a trailing '.csv' (the
-- documentation's own examples carry it); matched against schemas case-insensitively.
CREATE TABLE entity_type_mapping (
    id                   INTEGER PRIMARY KEY,
    identifier           TEXT NOT NULL COLLATE NOCASE UNIQUE,
    connector            TEXT COLLATE NOCASE,
    connection_table     TEXT,
    connection_table_key TEXT COLLATE NOCASE,
    file                 TEXT NOT NULL,
    line                 INTEGER NOT NULL,
    attributes           TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;
CREATE INDEX entity_type_mapping_by_table ON entity_type_mapping(connection_table_key);

CREATE TABLE entity_property_mapping (
    id                     INTEGER PRIMARY KEY,
    entity_type_mapping_id INTEGER NOT NULL REFERENCES entity_type_mapping(id) ON DELETE CASCADE,
    identifier             TEXT    NOT NULL COLLATE NOCASE,
    connection_column      TEXT    COLLATE NOCASE,
    format                 TEXT,
    is_primary_key         INTEGER NOT NULL CHECK (is_primary_key IN (0, 1)),
    is_unique_key          INTEGER NOT NULL CHECK (is_unique_key IN (0, 1)),
    file                   TEXT    NOT NULL,
    line                   INTEGER NOT NULL,
    attributes             TEXT    NOT NULL CHECK (json_valid(attributes))
) STRICT;
CREATE INDEX entity_property_mapping_by_mapping ON entity_property_mapping(entity_type_mapping_id);

CREATE TABLE entity_association (
    id                      INTEGER PRIMARY KEY,
    identifier              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    property1               TEXT COLLATE NOCASE,
    property2               TEXT COLLATE NOCASE,
    is_property1_collection INTEGER NOT NULL CHECK (is_property1_collection IN (0, 1)),
    is_property2_collection INTEGER NOT NULL CHECK (is_property2_collection IN (0, 1)),
    file                    TEXT NOT NULL,
    line                    INTEGER NOT NULL,
    attributes              TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE entity_association_mapping (
    id                       INTEGER PRIMARY KEY,
    identifier               TEXT NOT NULL COLLATE NOCASE UNIQUE,
    connector                TEXT COLLATE NOCASE,
    connection_table         TEXT,
    connection_table_key     TEXT COLLATE NOCASE,
    column1                  TEXT COLLATE NOCASE,
    column2                  TEXT COLLATE NOCASE,
    entity_property_mapping1 TEXT COLLATE NOCASE,
    entity_property_mapping2 TEXT COLLATE NOCASE,
    file                     TEXT NOT NULL,
    line                     INTEGER NOT NULL,
    attributes               TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;
CREATE INDEX entity_association_mapping_by_table ON entity_association_mapping(connection_table_key);

CREATE TABLE resource_type (
    id                 INTEGER PRIMARY KEY,
    identifier         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name       TEXT,
    source_entity_type TEXT COLLATE NOCASE,
    target_entity_type TEXT COLLATE NOCASE,
    file               TEXT NOT NULL,
    line               INTEGER NOT NULL,
    attributes         TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

-- `element` is the XML element name: ResourceTypeMapping or a typed one (LdapResourceTypeMapping...).
CREATE TABLE resource_type_mapping (
    id         INTEGER PRIMARY KEY,
    element    TEXT NOT NULL,
    identifier TEXT NOT NULL COLLATE NOCASE UNIQUE,
    connection TEXT COLLATE NOCASE,
    file       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    attributes TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE export_task (
    id             INTEGER PRIMARY KEY,
    identifier     TEXT COLLATE NOCASE UNIQUE,
    display_name   TEXT,
    agent          TEXT COLLATE NOCASE,
    connection     TEXT COLLATE NOCASE,
    open_id_client TEXT COLLATE NOCASE,
    file           TEXT NOT NULL,
    line           INTEGER NOT NULL,
    attributes     TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE fulfill_task (
    id             INTEGER PRIMARY KEY,
    identifier     TEXT COLLATE NOCASE UNIQUE,
    display_name   TEXT,
    agent          TEXT COLLATE NOCASE,
    connector      TEXT COLLATE NOCASE,
    connection     TEXT COLLATE NOCASE,
    open_id_client TEXT COLLATE NOCASE,
    file           TEXT NOT NULL,
    line           INTEGER NOT NULL,
    attributes     TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE task_resource_type (
    id              INTEGER PRIMARY KEY,
    fulfill_task_id INTEGER NOT NULL REFERENCES fulfill_task(id) ON DELETE CASCADE,
    resource_type   TEXT COLLATE NOCASE,
    file            TEXT NOT NULL,
    line            INTEGER NOT NULL,
    attributes      TEXT NOT NULL CHECK (json_valid(attributes))
) STRICT;

-- Agent settings: one row per key under `Connections` of appsettings.agent.json.
CREATE TABLE connection_settings (
    id         INTEGER PRIMARY KEY,
    connection TEXT NOT NULL COLLATE NOCASE UNIQUE,
    file       TEXT NOT NULL,
    json_path  TEXT NOT NULL
) STRICT;

-- One row per flattened leaf (`Servers:0:Server`). `value` is NULL for a setting that may hold a
-- secret: only its presence is kept. No secret value is ever stored.
CREATE TABLE connection_setting (
    connection_settings_id INTEGER NOT NULL REFERENCES connection_settings(id) ON DELETE CASCADE,
    key                    TEXT    NOT NULL COLLATE NOCASE,
    value                  TEXT,
    is_secret              INTEGER NOT NULL CHECK (is_secret IN (0, 1)),
    json_path              TEXT    NOT NULL,
    PRIMARY KEY (connection_settings_id, key),
    CHECK (is_secret = 0 OR value IS NULL)
) STRICT;

-- Schema history. Refresh attempts outlive configuration imports, so they name their connection
-- through `history_connection` rather than through `connection`. A long history must stay small
-- (10,000 refreshes of an unchanged schema cost well under 1 MB): names are interned, times are
-- Unix seconds (UTC) and enumerations are small integer codes; the view `refresh_history` below
-- shows them as text.

CREATE TABLE history_connection (
    id         INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL COLLATE NOCASE UNIQUE
) STRICT;

CREATE TABLE history_folder (
    id   INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE history_file (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- A distinct schema (tables and their ordered columns), stored once whatever the number of
-- refreshes that saw it: `content_hash` is the SHA-256 of its canonical form.
CREATE TABLE snapshot (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT    NOT NULL UNIQUE,
    table_count  INTEGER NOT NULL CHECK (table_count >= 0),
    column_count INTEGER NOT NULL CHECK (column_count >= 0)
) STRICT;

CREATE TABLE snapshot_table (
    id          INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL COLLATE NOCASE,
    UNIQUE (snapshot_id, name)
) STRICT;

CREATE TABLE snapshot_column (
    snapshot_table_id INTEGER NOT NULL REFERENCES snapshot_table(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL CHECK (position >= 1),
    name              TEXT    NOT NULL,
    PRIMARY KEY (snapshot_table_id, position)
) WITHOUT ROWID, STRICT;

-- Every schema refresh attempt of every connection. A successful attempt points at its snapshot;
-- a failed one never does, so the last good snapshot stays in force.
-- Codes: trigger 1 import, 2 refresh-schema; source 1 export output, 2 configuration;
-- status 1 success, 2 failed, 3 no_schema.
CREATE TABLE refresh_attempt (
    id                    INTEGER PRIMARY KEY,
    history_connection_id INTEGER NOT NULL REFERENCES history_connection(id),
    at                    INTEGER NOT NULL,
    trigger               INTEGER NOT NULL CHECK (trigger IN (1, 2)),
    source                INTEGER NOT NULL CHECK (source IN (1, 2)),
    status                INTEGER NOT NULL CHECK (status IN (1, 2, 3)),
    error_class           TEXT,
    error_message         TEXT,
    snapshot_id           INTEGER REFERENCES snapshot(id),
    history_folder_id     INTEGER REFERENCES history_folder(id),
    CHECK ((status = 1) = (snapshot_id IS NOT NULL)),
    CHECK ((status = 2) = (error_class IS NOT NULL))
) STRICT;
-- Latest attempt (or latest success) of a connection: the rowid is part of every index entry.
CREATE INDEX refresh_attempt_by_connection ON refresh_attempt(history_connection_id, at);

-- The files an attempt read, with the facts that explain its outcome (the table is the file
-- name without `.csv`).
CREATE TABLE refresh_file (
    refresh_attempt_id INTEGER NOT NULL REFERENCES refresh_attempt(id) ON DELETE CASCADE,
    history_file_id    INTEGER NOT NULL REFERENCES history_file(id),
    size               INTEGER NOT NULL CHECK (size >= 0),
    modified_at        INTEGER,
    encoding           TEXT,
    separator          TEXT,
    column_count       INTEGER,
    error              TEXT,
    PRIMARY KEY (refresh_attempt_id, history_file_id)
) WITHOUT ROWID, STRICT;

-- The history in words, for people and for queries that need no index on time.
CREATE VIEW refresh_history AS
SELECT r.id,
       c.identifier AS connection,
       strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') AS at,
       CASE r.trigger WHEN 1 THEN 'import' ELSE 'refresh-schema' END AS trigger,
       CASE r.source WHEN 1 THEN 'export_output' ELSE 'configuration' END AS source,
       CASE r.status WHEN 1 THEN 'success' WHEN 2 THEN 'failed' ELSE 'no_schema' END AS status,
       r.error_class, r.error_message, r.snapshot_id,
       f.path AS export_folder,
       r.at AS at_seconds
FROM refresh_attempt r
JOIN history_connection c ON c.id = r.history_connection_id
LEFT JOIN history_folder f ON f.id = r.history_folder_id;

-- m0013_export_role: a refresh of a connection that nothing exports is not a failure
-- (status 4, not_exported); a snapshot's tables say where they come from (the export output's
-- headers or the configuration's ConnectionTable elements); the import records, per connection
-- of the configuration, whether its configuration expects an export.
-- Never edit this file once landed: add a new migration instead.

-- refresh_attempt is rebuilt to widen its status check (SQLite cannot alter a CHECK). The
-- migration runs with foreign keys off and checks them before committing; refresh_file and the
-- views of m0012 keep referring to the table by name, so they refer to the rebuilt one (the
-- legacy rename leaves them as written instead of checking them against the dropped table).
-- Codes: status 1 success, 2 failed, 3 no_schema, 4 not_exported.
PRAGMA legacy_alter_table = ON;
DROP VIEW refresh_history;

CREATE TABLE refresh_attempt_m0007 (
    id                    INTEGER PRIMARY KEY,
    history_connection_id INTEGER NOT NULL REFERENCES history_connection(id),
    at                    INTEGER NOT NULL,
    trigger               INTEGER NOT NULL CHECK (trigger IN (1, 2)),
    source                INTEGER NOT NULL CHECK (source IN (1, 2)),
    status                INTEGER NOT NULL CHECK (status IN (1, 2, 3, 4)),
    error_class           TEXT,
    error_message         TEXT,
    snapshot_id           INTEGER REFERENCES snapshot(id),
    history_folder_id     INTEGER REFERENCES history_folder(id),
    CHECK ((status = 1) = (snapshot_id IS NOT NULL)),
    CHECK ((status = 2) = (error_class IS NOT NULL))
) STRICT;
INSERT INTO refresh_attempt_m0007 (id, history_connection_id, at, trigger, source, status, error_class, error_message,
                                   snapshot_id, history_folder_id)
    SELECT id, history_connection_id, at, trigger, source, status, error_class, error_message, snapshot_id, history_folder_id
    FROM refresh_attempt;
DROP TABLE refresh_attempt;
ALTER TABLE refresh_attempt_m0007 RENAME TO refresh_attempt;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX refresh_attempt_by_connection ON refresh_attempt(history_connection_id, at);
INSERT INTO refresh_status (code, name) VALUES (4, 'not_exported');

CREATE VIEW refresh_history AS
SELECT r.id,
       c.identifier AS connection,
       strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') AS at,
       CASE r.trigger WHEN 1 THEN 'import' ELSE 'refresh-schema' END AS trigger,
       CASE r.source WHEN 1 THEN 'export_output' ELSE 'configuration' END AS source,
       CASE r.status WHEN 1 THEN 'success' WHEN 2 THEN 'failed' WHEN 3 THEN 'no_schema' ELSE 'not_exported' END AS status,
       r.error_class, r.error_message, r.snapshot_id,
       f.path AS export_folder,
       r.at AS at_seconds
FROM refresh_attempt r
JOIN history_connection c ON c.id = r.history_connection_id
LEFT JOIN history_folder f ON f.id = r.history_folder_id;

-- Where a table of a snapshot comes from: 1 the header of an export file, 2 a ConnectionTable
-- element of the configuration (declared, with its Column children). Tables stored before this
-- migration all came from one source per snapshot; they read as export output.
ALTER TABLE snapshot_table ADD COLUMN source INTEGER NOT NULL DEFAULT 1 CHECK (source IN (1, 2));

-- The export role of each connection of the current configuration, as the latest import
-- derived it from the configuration (package, DeactivationExportFulfill, export tasks, job
-- scaffoldings). Replaced as a whole by every import. `reason` says why, in words.
CREATE TABLE connection_export_role (
    connection TEXT    NOT NULL COLLATE NOCASE PRIMARY KEY,
    role       INTEGER NOT NULL CHECK (role IN (1, 2, 3, 4)),
    reason     TEXT    NOT NULL
) STRICT;

-- The views of m0012 that list tables and columns say where each table comes from, and (as every
-- command) name only the connections of the configuration.
DROP VIEW available_columns;
DROP VIEW tables_in_force;
DROP VIEW schema_in_force;

CREATE VIEW schema_in_force AS
SELECT c.identifier AS connection,
       s.snapshot_id,
       s.id AS refresh_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.at, 'unixepoch') AS snapshot_at,
       (l.status = 2) AS stale
FROM history_connection h
JOIN connection c ON c.identifier = h.identifier
JOIN refresh_attempt l ON l.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id
                                  ORDER BY r.at DESC, r.id DESC LIMIT 1)
JOIN refresh_attempt s ON s.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                                  ORDER BY r.at DESC, r.id DESC LIMIT 1);

CREATE VIEW tables_in_force AS
SELECT f.connection, st.name AS table_name,
       (SELECT count(*) FROM snapshot_column sc WHERE sc.snapshot_table_id = st.id) AS column_count,
       f.snapshot_at, f.stale,
       (EXISTS (SELECT 1 FROM entity_type_mapping m WHERE m.connection_table_key = st.name)
        OR EXISTS (SELECT 1 FROM entity_association_mapping a WHERE a.connection_table_key = st.name)) AS mapped,
       ss.name AS source
FROM schema_in_force f
JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
JOIN schema_source ss ON ss.code = st.source
ORDER BY f.connection COLLATE NOCASE, st.name;

CREATE VIEW available_columns AS
SELECT f.connection, st.name AS table_name, sc.name AS column_name, sc.position,
       (sc.name = 'command' COLLATE NOCASE) AS technical, f.stale,
       (SELECT group_concat(ref, ', ') FROM (
            SELECT m.identifier || ':' || p.identifier AS ref
            FROM entity_type_mapping m JOIN entity_property_mapping p ON p.entity_type_mapping_id = m.id
            WHERE m.connection_table_key = st.name AND p.connection_column = sc.name
            UNION
            SELECT a.identifier FROM entity_association_mapping a
            WHERE a.connection_table_key = st.name AND a.identifier <> ''
              AND (a.column1 = sc.name OR a.column2 = sc.name)
            ORDER BY 1)) AS mapped_by,
       ss.name AS source
FROM schema_in_force f
JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
JOIN schema_source ss ON ss.code = st.source
ORDER BY f.connection COLLATE NOCASE, st.name, sc.position;

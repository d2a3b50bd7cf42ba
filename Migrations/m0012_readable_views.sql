-- m0012_readable_views: the catalog read with sqlite3 (or any SQLite browser) answers the same
-- questions as the query commands, through views with readable names and words instead of codes.
-- Times in every view are ISO 8601 UTC text ('2026-11-29T19:34:51Z'). The tables themselves keep
-- two forms: import tables (import_run.imported_at) hold that text; the history tables
-- (refresh_attempt.at, refresh_file.modified_at, export_scan.at) hold Unix seconds (UTC), which
-- keeps a long history small.
-- Booleans are 0 or 1. Connection and table names compare case-insensitively, as in the commands.
-- Views are ordered as the corresponding command lists its rows.
-- Never edit this file once landed: add a new migration instead (DROP VIEW, then CREATE VIEW).

-- The words of the codes stored in refresh_attempt, one row per code (written once, here and in
-- later migrations that add a code).
CREATE TABLE refresh_status (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO refresh_status (code, name) VALUES (1, 'success'), (2, 'failed'), (3, 'no_schema');

CREATE TABLE refresh_trigger (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO refresh_trigger (code, name) VALUES (1, 'import'), (2, 'refresh-schema');

CREATE TABLE schema_source (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO schema_source (code, name) VALUES (1, 'export_output'), (2, 'configuration');

-- Per connection with a successful refresh: the schema in force (its latest successful refresh)
-- and whether it is stale (the latest attempt failed after it).
CREATE VIEW schema_in_force AS
SELECT coalesce((SELECT c.identifier FROM connection c WHERE c.identifier = h.identifier), h.identifier) COLLATE NOCASE AS connection,
       s.snapshot_id,
       s.id AS refresh_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.at, 'unixepoch') AS snapshot_at,
       (l.status = 2) AS stale
FROM history_connection h
JOIN refresh_attempt l ON l.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id
                                  ORDER BY r.at DESC, r.id DESC LIMIT 1)
JOIN refresh_attempt s ON s.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id AND r.status = 1
                                  ORDER BY r.at DESC, r.id DESC LIMIT 1);

-- The connections of the configuration with their schema status (what `connections` lists).
-- `package` is the Package attribute as written in the XML.
CREATE VIEW connection_status AS
SELECT c.identifier AS connection, c.display_name, c.connector, c.package,
       EXISTS (SELECT 1 FROM connection_settings s WHERE s.connection = c.identifier) AS has_agent_settings,
       coalesce(rs.name, 'never') AS schema_status,
       strftime('%Y-%m-%dT%H:%M:%SZ', latest.at, 'unixepoch') AS last_refresh_at,
       (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') FROM refresh_attempt r
         WHERE r.history_connection_id = h.id AND r.status = 1 ORDER BY r.at DESC, r.id DESC LIMIT 1) AS last_success_at,
       c.file, c.line
FROM connection c
LEFT JOIN history_connection h ON h.identifier = c.identifier
LEFT JOIN refresh_attempt latest ON latest.id =
    (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = h.id ORDER BY r.at DESC, r.id DESC LIMIT 1)
LEFT JOIN refresh_status rs ON rs.code = latest.status
ORDER BY c.identifier;

-- The tables of the schema in force (what `tables` lists). `mapped`: an EntityTypeMapping or
-- EntityAssociationMapping names the table (case-insensitively, without `.csv`).
CREATE VIEW tables_in_force AS
SELECT f.connection, st.name AS table_name,
       (SELECT count(*) FROM snapshot_column sc WHERE sc.snapshot_table_id = st.id) AS column_count,
       f.snapshot_at, f.stale,
       (EXISTS (SELECT 1 FROM entity_type_mapping m WHERE m.connection_table_key = st.name)
        OR EXISTS (SELECT 1 FROM entity_association_mapping a WHERE a.connection_table_key = st.name)) AS mapped
FROM schema_in_force f
JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
ORDER BY f.connection COLLATE NOCASE, st.name;

-- The columns available for mapping, with what maps each (what `columns` lists, technical columns
-- included). `mapped_by`: the `EntityTypeMapping:Property` and `EntityAssociationMapping`
-- identifiers that use the column, sorted and separated by ', '; NULL when none does. Tables and
-- columns are matched as the product matches them: case-insensitively, without `.csv`.
-- `technical`: the incremental `command` column. `stale`: the connection's latest refresh failed,
-- so the column comes from an earlier success.
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
            ORDER BY 1)) AS mapped_by
FROM schema_in_force f
JOIN snapshot_table st ON st.snapshot_id = f.snapshot_id
JOIN snapshot_column sc ON sc.snapshot_table_id = st.id
ORDER BY f.connection COLLATE NOCASE, st.name, sc.position;

-- Every refresh attempt in words (what `history CONNECTION` lists for each connection).
-- `error`: the error class, then ': ' and the message. `changed`: a successful attempt whose
-- schema differs from the previous successful attempt's (the first success counts as changed).
CREATE VIEW refresh_attempts AS
SELECT h.identifier AS connection, r.id AS refresh_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') AS at,
       rs.name AS status, rt.name AS trigger, ss.name AS source,
       r.error_class || coalesce(': ' || r.error_message, '') AS error,
       s.table_count, s.column_count,
       (r.status = 1 AND r.snapshot_id IS NOT
            lag(r.snapshot_id) OVER (PARTITION BY r.history_connection_id, r.status = 1 ORDER BY r.at, r.id)) AS changed,
       f.path AS export_folder
FROM refresh_attempt r
JOIN history_connection h ON h.id = r.history_connection_id
JOIN refresh_status rs ON rs.code = r.status
JOIN refresh_trigger rt ON rt.code = r.trigger
JOIN schema_source ss ON ss.code = r.source
LEFT JOIN snapshot s ON s.id = r.snapshot_id
LEFT JOIN history_folder f ON f.id = r.history_folder_id
ORDER BY h.identifier COLLATE NOCASE, r.at, r.id;

-- The export files each attempt read (what `history CONNECTION --files` lists). `table_name` is
-- the file name without `.csv`; a tab separator is written `tab`.
CREATE VIEW refresh_files AS
SELECT h.identifier AS connection, r.id AS refresh_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') AS at,
       n.name AS file,
       CASE WHEN length(n.name) > 4 AND lower(substr(n.name, -4)) = '.csv'
            THEN substr(n.name, 1, length(n.name) - 4) ELSE n.name END AS table_name,
       f.size, strftime('%Y-%m-%dT%H:%M:%SZ', f.modified_at, 'unixepoch') AS modified_at,
       f.encoding, CASE f.separator WHEN char(9) THEN 'tab' ELSE f.separator END AS separator,
       f.column_count, f.error, f.warning
FROM refresh_attempt r
JOIN history_connection h ON h.id = r.history_connection_id
JOIN refresh_file f ON f.refresh_attempt_id = r.id
JOIN history_file n ON n.id = f.history_file_id
ORDER BY h.identifier COLLATE NOCASE, r.at, r.id, n.name;

-- Every failed attempt (what `audit --all` lists), with the last success before it and the number
-- of failures since that success. `is_latest`: the connection's latest attempt is this failure
-- (what `audit` lists).
CREATE VIEW failed_refreshes AS
SELECT h.identifier AS connection,
       strftime('%Y-%m-%dT%H:%M:%SZ', f.at, 'unixepoch') AS failed_at,
       f.error_class || coalesce(': ' || f.error_message, '') AS error,
       (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', s.at, 'unixepoch') FROM refresh_attempt s
         WHERE s.history_connection_id = f.history_connection_id AND s.status = 1
           AND (s.at < f.at OR (s.at = f.at AND s.id < f.id)) ORDER BY s.at DESC, s.id DESC LIMIT 1) AS last_success_at,
       (SELECT count(*) FROM refresh_attempt x WHERE x.history_connection_id = f.history_connection_id AND x.status = 2
          AND (x.at < f.at OR (x.at = f.at AND x.id <= f.id))
          AND NOT EXISTS (SELECT 1 FROM refresh_attempt s WHERE s.history_connection_id = f.history_connection_id
               AND s.status = 1 AND (s.at > x.at OR (s.at = x.at AND s.id > x.id))
               AND (s.at < f.at OR (s.at = f.at AND s.id < f.id)))) AS failed_attempts,
       f.id AS refresh_id,
       (f.id = (SELECT r.id FROM refresh_attempt r WHERE r.history_connection_id = f.history_connection_id
                ORDER BY r.at DESC, r.id DESC LIMIT 1)) AS is_latest
FROM refresh_attempt f
JOIN history_connection h ON h.id = f.history_connection_id
WHERE f.status = 2
ORDER BY f.at, f.id;

-- The agent settings of the current configuration (what `settings` lists, without the comparison
-- with the previous import): the connections' settings in file order, then the secrets outside
-- `Connections`. `value` is NULL for a secret (a connection string shows its secret parts as
-- `<secret>`); `state` and `kind` are what the latest import recorded of a secret, and for any
-- other setting `set`/`plain` when it has a value, else `absent`.
CREATE VIEW agent_settings AS
SELECT connection, key, value, secret, state, kind FROM (
    SELECT s.connection, cs.key, coalesce(cs.value, cur.redacted_value) AS value, cs.is_secret AS secret,
           CASE WHEN cs.is_secret = 1 THEN cur.state WHEN coalesce(cs.value, '') <> '' THEN 'set' ELSE 'absent' END AS state,
           CASE WHEN cs.is_secret = 1 THEN cur.kind WHEN coalesce(cs.value, '') <> '' THEN 'plain' ELSE 'absent' END AS kind,
           0 AS section, s.id AS group_order, cs.rowid AS item_order
    FROM connection_settings s
    JOIN connection_setting cs ON cs.connection_settings_id = s.id
    LEFT JOIN import_secret cur ON cs.is_secret = 1 AND cur.json_path = cs.json_path
         AND cur.import_run_id = (SELECT max(id) FROM import_run)
    UNION ALL
    SELECT NULL, cur.key, cur.redacted_value, 1, cur.state, cur.kind, 1, 0, cur.rowid
    FROM import_secret cur
    WHERE cur.import_run_id = (SELECT max(id) FROM import_run) AND cur.connection IS NULL
    ORDER BY section, group_order, item_order
);

-- Stored findings. Secrets the latest import found written in clear in appsettings.agent.json
-- (reported by `check`), located at the line of their key.
CREATE VIEW plain_text_secrets AS
SELECT sec.connection, sec.key, sec.json_path, sec.kind, coalesce(f.path, sec.file) AS file, sec.plain_line AS line
FROM import_secret sec
LEFT JOIN import_file f ON f.import_run_id = sec.import_run_id AND f.role = 'agent_settings'
WHERE sec.import_run_id = (SELECT max(id) FROM import_run) AND sec.plain_line IS NOT NULL
ORDER BY sec.rowid;

-- Stored findings. The export files of the latest scan of an ExportOutput folder that belong to
-- no connection (reported by `check`).
CREATE VIEW unattributed_export_files AS
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch') AS scanned_at, d.path AS export_folder, n.name AS file
FROM export_scan e
JOIN history_folder d ON d.id = e.history_folder_id
JOIN export_scan_unattributed u ON u.export_scan_id = e.id
JOIN history_file n ON n.id = u.history_file_id
WHERE e.id = (SELECT id FROM export_scan ORDER BY at DESC, id DESC LIMIT 1)
ORDER BY n.name COLLATE NOCASE, n.name;

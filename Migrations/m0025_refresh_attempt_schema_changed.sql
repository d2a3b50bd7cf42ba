-- m0025_refresh_attempt_schema_changed: `changed` of the `refresh_attempts` view follows the one
-- definition of a schema change that `history`, `diff`, a schema refresh and the report share:
-- tables are compared by name as Identity Manager compares ConnectionTable (case-insensitively,
-- NOCASE), columns by name and position. Two snapshots that differ only in the case of a table
-- name (an export file renamed from LdapExport_entries.csv to ldapexport_entries.csv) are the same
-- schema: `changed` is 0 there, where m0018 said 1 because the snapshots differ. As before: NULL
-- for the connection's first successful attempt and for an attempt that recorded no schema. The
-- other columns are as before.
-- Never edit this file once landed: add a new migration instead.

DROP VIEW refresh_attempts;

CREATE VIEW refresh_attempts AS
SELECT a.connection, a.refresh_id, a.at, a.status, a.trigger, a.source, a.error, a.table_count, a.column_count,
       CASE WHEN a.is_success AND a.previous_snapshot_id IS NOT NULL
            THEN a.snapshot_id IS NOT a.previous_snapshot_id AND (
                EXISTS (SELECT lower(t.name), c.position, c.name FROM snapshot_table t
                        LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id WHERE t.snapshot_id = a.snapshot_id
                        EXCEPT
                        SELECT lower(t.name), c.position, c.name FROM snapshot_table t
                        LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id WHERE t.snapshot_id = a.previous_snapshot_id)
                OR EXISTS (SELECT lower(t.name), c.position, c.name FROM snapshot_table t
                        LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id WHERE t.snapshot_id = a.previous_snapshot_id
                        EXCEPT
                        SELECT lower(t.name), c.position, c.name FROM snapshot_table t
                        LEFT JOIN snapshot_column c ON c.snapshot_table_id = t.id WHERE t.snapshot_id = a.snapshot_id)) END AS changed,
       a.export_folder
FROM (
    SELECT h.identifier AS connection, r.id AS refresh_id,
           strftime('%Y-%m-%dT%H:%M:%SZ', r.at, 'unixepoch') AS at,
           rs.name AS status, rt.name AS trigger, ss.name AS source,
           r.error_class || coalesce(': ' || r.error_message, '') AS error,
           s.table_count, s.column_count,
           r.status = 1 AS is_success, r.snapshot_id,
           lag(r.snapshot_id) OVER (PARTITION BY r.history_connection_id, r.status = 1 ORDER BY r.at, r.id) AS previous_snapshot_id,
           f.path AS export_folder, h.identifier AS sort_connection, r.at AS sort_at
    FROM refresh_attempt r
    JOIN history_connection h ON h.id = r.history_connection_id
    JOIN refresh_status rs ON rs.code = r.status
    JOIN refresh_trigger rt ON rt.code = r.trigger
    JOIN schema_source ss ON ss.code = r.source
    LEFT JOIN snapshot s ON s.id = r.snapshot_id
    LEFT JOIN history_folder f ON f.id = r.history_folder_id
) AS a
ORDER BY a.sort_connection COLLATE NOCASE, a.sort_at, a.refresh_id;

-- m0018_refresh_attempt_changed: `changed` of the `refresh_attempts` view says something only
-- where there is something to compare, as `history CONNECTION` does: for a successful attempt
-- after an earlier success of its connection, 1 when its schema differs from the previous
-- successful attempt's and 0 when it is the same; NULL for the connection's first successful
-- attempt (its first schema is not a change) and for an attempt that recorded no schema
-- (failed, no_schema, not_exported). The other columns are as before.
-- Never edit this file once landed: add a new migration instead.

DROP VIEW refresh_attempts;

CREATE VIEW refresh_attempts AS
SELECT connection, refresh_id, at, status, trigger, source, error, table_count, column_count,
       CASE WHEN is_success AND previous_snapshot_id IS NOT NULL
            THEN snapshot_id IS NOT previous_snapshot_id END AS changed,
       export_folder
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
)
ORDER BY sort_connection COLLATE NOCASE, sort_at, refresh_id;

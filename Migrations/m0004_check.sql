-- m0004_check: facts `conncat check` reports that earlier migrations did not keep.
-- Never edit this file once landed: add a new migration instead.

-- The line of each connection's key in appsettings.agent.json, so that a finding about agent
-- settings (settings that belong to no XML connection) points at the line, as XML findings do.
-- NULL for rows stored before this migration.
ALTER TABLE connection_settings ADD COLUMN line INTEGER CHECK (line IS NULL OR line >= 1);

-- One row per scan of an ExportOutput folder (by `import` or `refresh-schema`), with the CSV files
-- that belonged to no connection. Like refresh attempts, scans outlive configuration imports;
-- `conncat check` reports the unattributed files of the latest scan. Times are Unix seconds (UTC).
CREATE TABLE export_scan (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    history_folder_id INTEGER NOT NULL REFERENCES history_folder(id)
) STRICT;
CREATE INDEX export_scan_by_time ON export_scan(at);

CREATE TABLE export_scan_unattributed (
    export_scan_id  INTEGER NOT NULL REFERENCES export_scan(id) ON DELETE CASCADE,
    history_file_id INTEGER NOT NULL REFERENCES history_file(id),
    PRIMARY KEY (export_scan_id, history_file_id)
) WITHOUT ROWID, STRICT;

-- m0015_import_inputs: an import of inputs identical to the latest import's stores only its record.
-- `input_hash` is SHA-256 over what an import read: each XML file's path and SHA-256, a keyed
-- digest of the agent settings files (HMAC-SHA256 under the fingerprint key kept outside the
-- catalog: they hold secrets), and each export file's name, size and SHA-256. NULL for imports
-- recorded before this migration (they are never repeated). `refreshed_through` is the id of the
-- latest refresh attempt once the import was recorded: a refresh made since then (by another
-- import or a schema refresh) means the next import refreshes again.
-- The secrets that a run of imports knew alike are now held by the run's first import (the one
-- `secrets_run_id` names) rather than moved to its latest one on every import: the rows stored
-- before move to their run's first import, and the views that read the latest import's secrets
-- read its run's.
-- Never edit this file once landed: add a new migration instead.

ALTER TABLE import_run ADD COLUMN input_hash TEXT;
ALTER TABLE import_run ADD COLUMN refreshed_through INTEGER;

UPDATE import_secret
SET import_run_id = (SELECT r.secrets_run_id FROM import_run r WHERE r.id = import_secret.import_run_id)
WHERE (SELECT r.secrets_run_id FROM import_run r WHERE r.id = import_secret.import_run_id) IS NOT NULL;

UPDATE import_file
SET import_run_id = (SELECT r.secrets_run_id FROM import_run r WHERE r.id = import_file.import_run_id)
WHERE role = 'agent_settings'
  AND (SELECT r.secrets_run_id FROM import_run r WHERE r.id = import_file.import_run_id) IS NOT NULL;

DROP VIEW agent_settings;
DROP VIEW plain_text_secrets;

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
         AND cur.import_run_id = (SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1)
    UNION ALL
    SELECT NULL, cur.key, cur.redacted_value, 1, cur.state, cur.kind, 1, 0, cur.rowid
    FROM import_secret cur
    WHERE cur.import_run_id = (SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1) AND cur.connection IS NULL
    ORDER BY section, group_order, item_order
);

-- Stored findings. Secrets the latest import found written in clear in appsettings.agent.json
-- (reported by `check`), located at the line of their key.
CREATE VIEW plain_text_secrets AS
SELECT sec.connection, sec.key, sec.json_path, sec.kind, coalesce(f.path, sec.file) AS file, sec.plain_line AS line
FROM import_secret sec
LEFT JOIN import_file f ON f.import_run_id = sec.import_run_id AND f.role = 'agent_settings'
WHERE sec.import_run_id = (SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1) AND sec.plain_line IS NOT NULL
ORDER BY sec.rowid;

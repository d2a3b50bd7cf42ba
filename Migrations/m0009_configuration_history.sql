-- m0009_configuration_history: every import's configuration stays retrievable, stored once per
-- distinct content so that history is cheap.
-- * An element version (`config_element`) is one element's content (kind, XML element name,
--   identifier, attributes as written, secret-valued ones redacted) without its location. A file
--   whose bytes changed reuses the element versions of the previous version of the same file
--   when their content is equal; only changed or new elements are stored again.
-- * A file version (`config_file_version`) is one content (SHA-256) of one file: the ordered list
--   of its element versions with their lines, as a compact blob (see `ElementList` in the
--   sources): either whole, or as a change of an earlier version's list (`base_id`): the entries
--   kept at the start and at the end, and those in between. Lines are kept as the difference
--   from the previous entry's line, so lines inserted above an element change one entry, not
--   every element below it. An import whose file has the same path and bytes as in the previous
--   import reuses that file version without reading the file again.
-- * A configuration version (`config_version`) is the list of file versions of one import
--   content (`import_run.content_hash`); an unchanged re-import points at the same version and
--   writes only its `import_run` row.
-- The agent settings are a file version of their own (role 2): one `ConnectionSettings` element
-- per member of `Connections` and a `Setting` child per key; a secret setting keeps no value.
-- Never edit this file once landed: add a new migration instead.

CREATE TABLE config_element (
    id         INTEGER PRIMARY KEY,
    -- ConfigurationElementKind raw value (1 Agent ... 18 Setting).
    kind       INTEGER NOT NULL CHECK (kind >= 1),
    -- The XML element name when it differs from the kind's (a typed ResourceTypeMapping).
    element    TEXT,
    identifier TEXT,
    attributes TEXT    NOT NULL CHECK (json_valid(attributes))
) STRICT;

CREATE TABLE config_path (
    id   INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE config_file_version (
    id            INTEGER PRIMARY KEY,
    config_path_id INTEGER NOT NULL REFERENCES config_path(id),
    -- 1 XML configuration file, 2 agent settings.
    role          INTEGER NOT NULL CHECK (role IN (1, 2)),
    -- SHA-256 (hex) of the bytes; for the agent settings, of the redacted settings.
    content_hash  TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size >= 0),
    -- Element list stored as a change of this version's list; NULL when stored whole.
    base_id       INTEGER REFERENCES config_file_version(id),
    -- Number of changes between this list and a whole one (0 when whole).
    depth         INTEGER NOT NULL CHECK (depth >= 0),
    elements      BLOB    NOT NULL,
    -- Counts of what the file declares (ConfigurationSummary), so that a reused file needs no reading.
    element_count INTEGER NOT NULL CHECK (element_count >= 0),
    counts        TEXT    NOT NULL
) STRICT;
CREATE INDEX config_file_version_by_path ON config_file_version(config_path_id, content_hash);

CREATE TABLE config_version (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    -- The file versions in reading order (XML files, then the agent settings), as a blob of
    -- variable-length integers.
    files        BLOB NOT NULL
) STRICT;

-- The configuration of each import (NULL for imports recorded before this migration), and the
-- run of consecutive imports that knew the same secrets, named by its first import (NULL when the
-- import read no agent settings). A run's `import_secret` rows (and its `agent_settings`
-- `import_file` row) are held by its latest import: an import that knows the same secrets as the
-- one before moves that import's rows to itself instead of writing them again, so that "the
-- latest import's secrets" stay the rows of the latest import.
ALTER TABLE import_run ADD COLUMN config_version_id INTEGER REFERENCES config_version(id);
ALTER TABLE import_run ADD COLUMN secrets_run_id INTEGER REFERENCES import_run(id);
UPDATE import_run SET secrets_run_id = id
WHERE EXISTS (SELECT 1 FROM import_file f WHERE f.import_run_id = import_run.id AND f.role = 'agent_settings');

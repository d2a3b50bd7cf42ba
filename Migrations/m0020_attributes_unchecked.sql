-- m0020_attributes_unchecked: the attributes columns of the current configuration's tables and
-- of config_element lose their CHECK (json_valid(attributes)). Only conncat writes these
-- columns, with its own JSON serializer (a JSON object, names as keys, in document order), and
-- the check cost about 7 % of an import (SQLite parsed every row's JSON again). Every other
-- column, constraint, index and row stays as it was.
-- Never edit this file once landed: add a new migration instead.

-- SQLite cannot drop a CHECK: each table is kept aside in a temporary table, dropped, declared
-- again without the check and refilled. No table is renamed: a rename parses the whole schema
-- again (about 18 ms each, for every new catalog). The migration runs with foreign keys off and
-- checks them before committing; the tables referring to a rebuilt one, and the views, refer to
-- it by name, so they refer to the rebuilt one.

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, uri, file, line, attributes FROM agent;
DROP TABLE agent;
CREATE TABLE agent (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    uri          TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL
) STRICT;
INSERT INTO agent (id, identifier, display_name, uri, file, line, attributes)
    SELECT id, identifier, display_name, uri, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, agent, file, line, attributes FROM connector;
DROP TABLE connector;
CREATE TABLE connector (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    agent        TEXT COLLATE NOCASE,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL
) STRICT;
INSERT INTO connector (id, identifier, display_name, agent, file, line, attributes)
    SELECT id, identifier, display_name, agent, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, connector, package, file, line, attributes FROM connection;
DROP TABLE connection;
CREATE TABLE connection (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    connector    TEXT COLLATE NOCASE,
    package      TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL
) STRICT;
INSERT INTO connection (id, identifier, display_name, connector, package, file, line, attributes)
    SELECT id, identifier, display_name, connector, package, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, connection, identifier, display_name, path, file, line, attributes FROM connection_table;
DROP TABLE connection_table;
CREATE TABLE connection_table (
    id           INTEGER PRIMARY KEY,
    connection   TEXT COLLATE NOCASE,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    path         TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL
) STRICT;
INSERT INTO connection_table (id, connection, identifier, display_name, path, file, line, attributes)
    SELECT id, connection, identifier, display_name, path, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, connection_table_id, position, identifier, display_name, file, line, attributes FROM connection_table_column;
DROP TABLE connection_table_column;
CREATE TABLE connection_table_column (
    id                  INTEGER PRIMARY KEY,
    connection_table_id INTEGER NOT NULL REFERENCES connection_table(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL CHECK (position >= 1),
    identifier          TEXT    NOT NULL,
    display_name        TEXT,
    file                TEXT    NOT NULL,
    line                INTEGER NOT NULL,
    attributes          TEXT    NOT NULL,
    UNIQUE (connection_table_id, position)
) STRICT;
INSERT INTO connection_table_column (id, connection_table_id, position, identifier, display_name, file, line, attributes)
    SELECT id, connection_table_id, position, identifier, display_name, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, file, line, attributes FROM entity_type;
DROP TABLE entity_type;
CREATE TABLE entity_type (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    attributes   TEXT NOT NULL
) STRICT;
INSERT INTO entity_type (id, identifier, display_name, file, line, attributes)
    SELECT id, identifier, display_name, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, entity_type_id, identifier, display_name, type, is_key, file, line, attributes FROM entity_property;
DROP TABLE entity_property;
CREATE TABLE entity_property (
    id             INTEGER PRIMARY KEY,
    entity_type_id INTEGER NOT NULL REFERENCES entity_type(id) ON DELETE CASCADE,
    identifier     TEXT    NOT NULL COLLATE NOCASE,
    display_name   TEXT,
    type           TEXT,
    is_key         INTEGER NOT NULL CHECK (is_key IN (0, 1)),
    file           TEXT    NOT NULL,
    line           INTEGER NOT NULL,
    attributes     TEXT    NOT NULL,
    UNIQUE (entity_type_id, identifier)
) STRICT;
INSERT INTO entity_property (id, entity_type_id, identifier, display_name, type, is_key, file, line, attributes)
    SELECT id, entity_type_id, identifier, display_name, type, is_key, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, connector, connection_table, connection_table_key, file, line, attributes FROM entity_type_mapping;
DROP TABLE entity_type_mapping;
CREATE TABLE entity_type_mapping (
    id                   INTEGER PRIMARY KEY,
    identifier           TEXT NOT NULL COLLATE NOCASE UNIQUE,
    connector            TEXT COLLATE NOCASE,
    connection_table     TEXT,
    connection_table_key TEXT COLLATE NOCASE,
    file                 TEXT NOT NULL,
    line                 INTEGER NOT NULL,
    attributes           TEXT NOT NULL
) STRICT;
INSERT INTO entity_type_mapping (id, identifier, connector, connection_table, connection_table_key, file, line, attributes)
    SELECT id, identifier, connector, connection_table, connection_table_key, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;
CREATE INDEX entity_type_mapping_by_table ON entity_type_mapping(connection_table_key);

CREATE TEMP TABLE m0020_rows AS SELECT id, entity_type_mapping_id, identifier, connection_column, format, is_primary_key, is_unique_key, file, line, attributes FROM entity_property_mapping;
DROP TABLE entity_property_mapping;
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
    attributes             TEXT    NOT NULL
) STRICT;
INSERT INTO entity_property_mapping (id, entity_type_mapping_id, identifier, connection_column, format, is_primary_key, is_unique_key, file, line, attributes)
    SELECT id, entity_type_mapping_id, identifier, connection_column, format, is_primary_key, is_unique_key, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;
CREATE INDEX entity_property_mapping_by_mapping_column
    ON entity_property_mapping(entity_type_mapping_id, connection_column);

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, property1, property2, is_property1_collection, is_property2_collection, file, line, attributes FROM entity_association;
DROP TABLE entity_association;
CREATE TABLE entity_association (
    id                      INTEGER PRIMARY KEY,
    identifier              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    property1               TEXT COLLATE NOCASE,
    property2               TEXT COLLATE NOCASE,
    is_property1_collection INTEGER NOT NULL CHECK (is_property1_collection IN (0, 1)),
    is_property2_collection INTEGER NOT NULL CHECK (is_property2_collection IN (0, 1)),
    file                    TEXT NOT NULL,
    line                    INTEGER NOT NULL,
    attributes              TEXT NOT NULL
) STRICT;
INSERT INTO entity_association (id, identifier, property1, property2, is_property1_collection, is_property2_collection, file, line, attributes)
    SELECT id, identifier, property1, property2, is_property1_collection, is_property2_collection, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, connector, connection_table, connection_table_key, column1, column2, entity_property_mapping1, entity_property_mapping2, file, line, attributes FROM entity_association_mapping;
DROP TABLE entity_association_mapping;
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
    attributes               TEXT NOT NULL
) STRICT;
INSERT INTO entity_association_mapping (id, identifier, connector, connection_table, connection_table_key, column1, column2, entity_property_mapping1, entity_property_mapping2, file, line, attributes)
    SELECT id, identifier, connector, connection_table, connection_table_key, column1, column2, entity_property_mapping1, entity_property_mapping2, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;
CREATE INDEX entity_association_mapping_by_table ON entity_association_mapping(connection_table_key);

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, source_entity_type, target_entity_type, file, line, attributes FROM resource_type;
DROP TABLE resource_type;
CREATE TABLE resource_type (
    id                 INTEGER PRIMARY KEY,
    identifier         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name       TEXT,
    source_entity_type TEXT COLLATE NOCASE,
    target_entity_type TEXT COLLATE NOCASE,
    file               TEXT NOT NULL,
    line               INTEGER NOT NULL,
    attributes         TEXT NOT NULL
) STRICT;
INSERT INTO resource_type (id, identifier, display_name, source_entity_type, target_entity_type, file, line, attributes)
    SELECT id, identifier, display_name, source_entity_type, target_entity_type, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, element, identifier, connection, file, line, attributes FROM resource_type_mapping;
DROP TABLE resource_type_mapping;
CREATE TABLE resource_type_mapping (
    id         INTEGER PRIMARY KEY,
    element    TEXT NOT NULL,
    identifier TEXT NOT NULL COLLATE NOCASE UNIQUE,
    connection TEXT COLLATE NOCASE,
    file       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    attributes TEXT NOT NULL
) STRICT;
INSERT INTO resource_type_mapping (id, element, identifier, connection, file, line, attributes)
    SELECT id, element, identifier, connection, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, agent, connection, open_id_client, file, line, attributes FROM export_task;
DROP TABLE export_task;
CREATE TABLE export_task (
    id             INTEGER PRIMARY KEY,
    identifier     TEXT COLLATE NOCASE UNIQUE,
    display_name   TEXT,
    agent          TEXT COLLATE NOCASE,
    connection     TEXT COLLATE NOCASE,
    open_id_client TEXT COLLATE NOCASE,
    file           TEXT NOT NULL,
    line           INTEGER NOT NULL,
    attributes     TEXT NOT NULL
) STRICT;
INSERT INTO export_task (id, identifier, display_name, agent, connection, open_id_client, file, line, attributes)
    SELECT id, identifier, display_name, agent, connection, open_id_client, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, identifier, display_name, agent, connector, connection, open_id_client, file, line, attributes FROM fulfill_task;
DROP TABLE fulfill_task;
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
    attributes     TEXT NOT NULL
) STRICT;
INSERT INTO fulfill_task (id, identifier, display_name, agent, connector, connection, open_id_client, file, line, attributes)
    SELECT id, identifier, display_name, agent, connector, connection, open_id_client, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, fulfill_task_id, resource_type, file, line, attributes FROM task_resource_type;
DROP TABLE task_resource_type;
CREATE TABLE task_resource_type (
    id              INTEGER PRIMARY KEY,
    fulfill_task_id INTEGER NOT NULL REFERENCES fulfill_task(id) ON DELETE CASCADE,
    resource_type   TEXT COLLATE NOCASE,
    file            TEXT NOT NULL,
    line            INTEGER NOT NULL,
    attributes      TEXT NOT NULL
) STRICT;
INSERT INTO task_resource_type (id, fulfill_task_id, resource_type, file, line, attributes)
    SELECT id, fulfill_task_id, resource_type, file, line, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

CREATE TEMP TABLE m0020_rows AS SELECT id, kind, element, identifier, attributes FROM config_element;
DROP TABLE config_element;
CREATE TABLE config_element (
    id         INTEGER PRIMARY KEY,
    -- ConfigurationElementKind raw value (1 Agent ... 18 Setting).
    kind       INTEGER NOT NULL CHECK (kind >= 1),
    -- The XML element name when it differs from the kind's (a typed ResourceTypeMapping).
    element    TEXT,
    identifier TEXT,
    attributes TEXT    NOT NULL
) STRICT;
INSERT INTO config_element (id, kind, element, identifier, attributes)
    SELECT id, kind, element, identifier, attributes FROM temp.m0020_rows;
DROP TABLE temp.m0020_rows;

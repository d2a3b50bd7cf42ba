-- m0003_performance: indexes for the queries, measured by Benchmarks/run.sh.
-- `conncat columns` (and the listing after `conncat import`) looks up, for every column of a
-- snapshot, the mapping properties whose ConnectionColumn is that column within the mappings of
-- its table. With an index on the mapping alone, SQLite read every property of the mapping and
-- compared its column case-insensitively; with the column in the index it seeks. The new index
-- starts with the mapping id, so it also serves everything the old one did (the foreign key from
-- entity_property_mapping to entity_type_mapping): the old one is dropped, not kept beside it.
-- Never edit this file once landed: add m0004_... instead.

CREATE INDEX entity_property_mapping_by_mapping_column
    ON entity_property_mapping(entity_type_mapping_id, connection_column);
DROP INDEX entity_property_mapping_by_mapping;

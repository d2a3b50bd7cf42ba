-- m0014_history_indexes: `conncat check` must not slow down as the history of refreshes grows.
-- For the columns a connection's schema lost, check needs each distinct snapshot the connection
-- had and the last success that saw it. Without this index that meant reading every successful
-- attempt of the connection; with it, one seek per distinct snapshot (MIN/MAX on the index).
-- Partial (successes only, which alone have a snapshot): failures cost it nothing.
-- Never edit this file once landed: add a new migration instead.

CREATE INDEX refresh_attempt_success_by_snapshot
    ON refresh_attempt(history_connection_id, snapshot_id, at) WHERE status = 1;

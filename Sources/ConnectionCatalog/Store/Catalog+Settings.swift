import Foundation
import GRDB

extension Catalog {
    /// Records what `settings` knows of each secret, for the import `importRunID`, inside the
    /// caller's transaction. Called for every import, changed or not. No value is written: only
    /// presence, kind, keyed fingerprint, a connection string's redacted form and locations.
    static func insertSecrets(_ settings: AgentSettings, importRunID: Int64, in db: Database) throws {
        // One row per secret, thousands in a large agent settings file: written in batches, each
        // bound raw (the table's `IN` checks are built once per batch).
        var seen: Set<String> = []
        let secrets = settings.secrets.filter { seen.insert($0.jsonPath.lowercased()).inserted }
        var rows = BatchedInsert(
            db,
            """
            INSERT INTO import_secret (import_run_id, json_path, connection, key, reason, state, kind, fingerprint,
                key_id, redacted_value, file, line, plain_line) VALUES
            """, width: 13, rows: secrets.count)
        for secret in secrets {
            try rows.add { statement in
                statement.bind(importRunID)
                statement.bind(secret.jsonPath)
                statement.bind(secret.connection)
                statement.bind(secret.key)
                statement.bind(secret.reason.rawValue)
                statement.bind(secret.state.rawValue)
                statement.bind(secret.kind.rawValue)
                statement.bind(secret.fingerprint?.value)
                statement.bind(secret.fingerprint?.keyID)
                statement.bind(secret.redactedValue)
                statement.bind(secret.location.file)
                statement.bind(secret.location.line)
                statement.bind(secret.plainTextLine)
            }
        }
    }

    /// The agent settings of the current configuration, with what the latest import and the one
    /// before it recorded of each secret: the connections' settings in file order, then (when
    /// `connection` is `nil`) the secrets outside `Connections`. Each setting names its connection
    /// as the configuration declares it (a `Connections` member matches a Connection
    /// case-insensitively), and the member as written.
    /// - Parameter connection: only this `Connections` member (case-insensitive).
    /// The import before is the latest earlier import that read agent settings: an import of the
    /// XML alone says nothing about secrets, so it never makes them look changed.
    /// - Returns: the settings, and whether there is an import before the latest one.
    public func storedSettings(connection: String?) throws -> (settings: [StoredSetting], hasPreviousImport: Bool) {
        try read { db in
            // The secrets of a run of imports that knew the same are held by its first import,
            // which `secrets_run_id` names: the latest import's run, and the run of the import
            // before (the latest earlier one that read agent settings).
            let previous = try Int64.fetchOne(
                db,
                sql: """
                    SELECT r.secrets_run_id FROM import_run r WHERE r.id < (SELECT max(id) FROM import_run)
                      AND r.secrets_run_id IS NOT NULL
                    ORDER BY r.id DESC LIMIT 1
                    """)
            let observed = """
                cur.state, cur.kind, cur.fingerprint, cur.key_id,
                prev.state AS prev_state, prev.kind AS prev_kind, prev.fingerprint AS prev_fingerprint, prev.key_id AS prev_key_id
                """
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(c.identifier, s.connection) AS connection, s.connection AS settings_connection, cs.key,
                           coalesce(cs.value, cur.redacted_value) AS value, cs.is_secret, \(observed),
                           0 AS section, s.id AS group_order, cs.rowid AS item_order
                    FROM connection_settings s
                    JOIN connection_setting cs ON cs.connection_settings_id = s.id
                    LEFT JOIN connection c ON c.identifier = s.connection
                    LEFT JOIN import_secret cur ON cs.is_secret = 1 AND cur.json_path = cs.json_path
                         AND cur.import_run_id = (SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1)
                    LEFT JOIN import_secret prev ON cs.is_secret = 1 AND prev.json_path = cs.json_path AND prev.import_run_id = :previous
                    WHERE :connection IS NULL OR s.connection = :connection
                    UNION ALL
                    SELECT NULL, NULL, cur.key, cur.redacted_value, 1, \(observed), 1, 0, cur.rowid
                    FROM import_secret cur
                    LEFT JOIN import_secret prev ON prev.json_path = cur.json_path AND prev.import_run_id = :previous
                    WHERE cur.import_run_id = (SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1) AND cur.connection IS NULL AND :connection IS NULL
                    ORDER BY section, group_order, item_order
                    """, arguments: ["connection": connection, "previous": previous])
            let settings = rows.map { row in
                StoredSetting(
                    connection: row["connection"], settingsConnection: row["settings_connection"], key: row["key"], value: row["value"],
                    secret: row["is_secret"],
                    latest: Self.observation(row, prefix: ""), previous: Self.observation(row, prefix: "prev_"))
            }
            return (settings, previous != nil)
        }
    }

    private static func observation(_ row: Row, prefix: String) -> SecretObservation? {
        guard let state = (row[prefix + "state"] as String?).flatMap(SettingState.init(rawValue:)),
            let kind = (row[prefix + "kind"] as String?).flatMap(SecretKind.init(rawValue:))
        else { return nil }
        let fingerprint: String? = row[prefix + "fingerprint"]
        let keyID: String? = row[prefix + "key_id"]
        return SecretObservation(
            state: state, kind: kind,
            fingerprint: fingerprint.flatMap { value in keyID.map { SecretFingerprint(keyID: $0, value: value) } })
    }

    /// The secrets that the latest import found in clear in `appsettings.agent.json`, in file order,
    /// located at the line of their key in that file.
    public func plainTextSecrets() throws -> [PlainTextSecret] {
        try read { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT secrets_run_id FROM import_run ORDER BY id DESC LIMIT 1")
            return try Self.plainTextSecrets(importRunID: latest, in: db)
        }
    }

    /// The secrets in clear that the `import_secret` rows of import `importRunID` hold (none for `nil`).
    static func plainTextSecrets(importRunID: Int64?, in db: Database) throws -> [PlainTextSecret] {
        guard let importRunID else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT sec.connection, sec.key, sec.json_path, sec.kind, sec.reason, sec.plain_line, coalesce(f.path, sec.file) AS file
                FROM import_secret sec
                LEFT JOIN import_file f ON f.import_run_id = sec.import_run_id AND f.role = 'agent_settings'
                WHERE sec.import_run_id = ? AND sec.plain_line IS NOT NULL
                ORDER BY sec.rowid
                """, arguments: [importRunID]
        ).map { row in
            let connection: String? = row["connection"]
            let key: String = row["key"]
            return PlainTextSecret(
                connection: connection, key: key,
                location: SourceLocation(file: row["file"], line: row["plain_line"], jsonPath: row["json_path"]),
                kind: SecretKind(rawValue: row["kind"]) ?? .plain,
                credentialInValue: SecretReason(rawValue: row["reason"]).map {
                    PlainTextSecret.isCredentialInValue(reason: $0, connection: connection, key: key)
                } ?? false)
        }
    }

    /// How the stored agent settings' `Connections` members match the declared Connections.
    public func agentSettingsMatch() throws -> AgentSettingsMatch {
        try read { db in
            let declared = try Int.fetchOne(db, sql: "SELECT count(*) FROM connection") ?? 0
            let withSettings =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM connection c WHERE EXISTS (SELECT 1 FROM connection_settings s WHERE s.connection = c.identifier)")
                ?? 0
            let undeclared = try String.fetchAll(
                db,
                sql: """
                    SELECT s.connection FROM connection_settings s
                    WHERE NOT EXISTS (SELECT 1 FROM connection c WHERE c.identifier = s.connection) ORDER BY s.id
                    """)
            return AgentSettingsMatch(declared: declared, withSettings: withSettings, undeclared: undeclared)
        }
    }

    /// The catalog's spelling of `connection` among the connections of the configuration and the
    /// members of `Connections` in the agent settings, or `nil`.
    public func knownSettingsConnection(_ connection: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT connection FROM connection_settings WHERE connection = ?
                    UNION ALL SELECT identifier FROM connection WHERE identifier = ? LIMIT 1
                    """, arguments: [connection, connection])
        }
    }
}

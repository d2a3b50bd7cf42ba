/// The agent settings of the catalog as `conncat settings` shows them: every setting of every
/// connection (public values as written, secrets as presence and kind), then the secrets outside
/// `Connections`, and for each secret whether it changed since the previous import.
///
/// A secret's value is never in the catalog: a change is seen by comparing what the latest import
/// and the one before it recorded (state, kind, and a keyed fingerprint; see `docs/SECRETS.md`).
/// Doc: `docs/identitymanager/6.1/integration-guide/network-configuration/agent-configuration/index.md`.
public enum ConnectionSettingsQuery {
    /// - Parameter connection: only this member of `Connections` (case-insensitive); the secrets
    ///   outside `Connections` are then left out.
    /// - Throws: ``CatalogError/unknownConnection(_:)`` when `connection` is neither a Connection
    ///   of the configuration nor a member of `Connections`.
    public static func run(connection: String? = nil, in catalog: Catalog) throws -> [SettingRow] {
        var spelled: String?
        if let wanted = connection {
            guard let known = try catalog.knownSettingsConnection(wanted) else { throw CatalogError.unknownConnection(wanted) }
            spelled = known
        }
        let (settings, hasPrevious) = try catalog.storedSettings(connection: spelled)
        return settings.map { setting in
            guard setting.secret else {
                let isSet = !(setting.value ?? "").isEmpty
                return SettingRow(
                    connection: setting.connection, settingsConnection: setting.settingsConnection, key: setting.key,
                    value: setting.value, secret: false,
                    state: isSet ? .set : .absent, kind: isSet ? .plain : .absent,
                    changedSincePreviousImport: nil)
            }
            return SettingRow(
                connection: setting.connection, settingsConnection: setting.settingsConnection, key: setting.key,
                value: setting.value, secret: true,
                state: setting.latest?.state, kind: setting.latest?.kind,
                changedSincePreviousImport: changed(
                    latest: setting.latest, previous: setting.previous,
                    hasPreviousImport: hasPrevious))
        }
    }

    /// Whether a secret changed between two imports: `nil` (unknown) when there is no previous
    /// import or when the latest import recorded nothing; otherwise
    /// ``SecretObservation/changed(since:)`` (a secret the previous import did not record counts
    /// as absent then).
    public static func changed(latest: SecretObservation?, previous: SecretObservation?, hasPreviousImport: Bool) -> Bool? {
        guard hasPreviousImport, let latest else { return nil }
        return latest.changed(since: previous)
    }
}

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
                    connection: setting.connection, key: setting.key, value: setting.value, secret: false,
                    state: isSet ? .set : .absent, kind: isSet ? .plain : .absent,
                    changedSincePreviousImport: nil)
            }
            return SettingRow(
                connection: setting.connection, key: setting.key, value: setting.value, secret: true,
                state: setting.latest?.state, kind: setting.latest?.kind,
                changedSincePreviousImport: changed(
                    latest: setting.latest, previous: setting.previous,
                    hasPreviousImport: hasPrevious))
        }
    }

    /// Whether a secret changed between two imports.
    ///
    /// - `nil` (unknown) when there is no previous import, when the latest import recorded
    ///   nothing, or when both are set with the same kind but fingerprints that cannot be compared
    ///   (one missing, or made with different keys);
    /// - a secret the previous import did not record counts as absent then;
    /// - otherwise `true` when the state or the kind differ (absent → set, plain → encrypted), or
    ///   when both are set and the fingerprints differ.
    public static func changed(latest: SecretObservation?, previous: SecretObservation?, hasPreviousImport: Bool) -> Bool? {
        guard hasPreviousImport, let latest else { return nil }
        let before = previous ?? SecretObservation(state: .absent, kind: .absent, fingerprint: nil)
        if latest.state != before.state { return true }
        if latest.state == .absent { return false }
        if latest.kind != before.kind { return true }
        guard let now = latest.fingerprint, let then = before.fingerprint, now.keyID == then.keyID else { return nil }
        return now.value != then.value
    }
}

/// Merges the flattened leaves of the agent settings files by path, the agent's way (the last file
/// defining a key wins, keys compared case-insensitively), then redacts the result: public values
/// are kept, secrets become ``SecretSetting`` values. Internal to ``AgentSettingsReader``: it holds
/// secret values until ``settings(usesAzureKeyVault:fingerprinter:)`` returns.
struct AgentSettingsMerger {
    /// A flattened key and what each file says about it.
    private struct Entry {
        /// The `Connections` member it belongs to (spelled as first seen), or `nil`.
        var connection: String?
        /// Path below the connection, or the full path outside `Connections`.
        var path: [String]
        /// The leaf in the plain file, if that file defines the key.
        var plain: ConfigurationJSON.Leaf?
        /// The file that wins (index into the sources) and its leaf.
        var winner: (source: Int, leaf: ConfigurationJSON.Leaf)

        var fullPath: [String] { connection.map { ["Connections", $0] + path } ?? path }
        var jsonPath: String { fullPath.joined(separator: ":") }
        var key: String { path.joined(separator: ":") }
    }

    /// A member of `Connections`, spelled as first seen.
    private struct ConnectionEntry {
        var name: String
        var location: SourceLocation
    }

    private let sources: [(file: String, kind: SecretKind)]
    private var entries: [Entry] = []
    private var entryIndex: [String: Int] = [:]
    private var connections: [ConnectionEntry] = []
    private var connectionIndex: [String: Int] = [:]

    init(sources: [(file: String, kind: SecretKind)]) {
        self.sources = sources
    }

    /// Adds a member of `Connections` (an object, `null` or `[]`) read from source `source`.
    mutating func add(connection member: ConfigurationJSON.Member, from source: Int) {
        let folded = member.key.lowercased()
        if connectionIndex[folded] == nil {
            connectionIndex[folded] = connections.count
            connections.append(
                ConnectionEntry(
                    name: member.key,
                    location: SourceLocation(file: sources[source].file, line: member.position.line, jsonPath: "Connections:\(member.key)")))
        }
        let name = connections[connectionIndex[folded]!].name
        guard member.value != .null else { return }
        for leaf in member.value.leaves(position: member.position) {
            add(connection: name, leaf: leaf, from: source)
        }
    }

    /// Adds a top-level member other than `Connections` read from source `source`.
    mutating func add(member: ConfigurationJSON.Member, from source: Int) {
        for leaf in ConfigurationJSON.object([member]).leaves() {
            add(connection: nil, leaf: leaf, from: source)
        }
    }

    private mutating func add(connection: String?, leaf: ConfigurationJSON.Leaf, from source: Int) {
        let folded = ((connection.map { ["connections", $0] } ?? []) + leaf.path).joined(separator: ":").lowercased()
        if let index = entryIndex[folded] {
            entries[index].winner = (source, leaf)
            if source == 0 { entries[index].plain = leaf }
        } else {
            entryIndex[folded] = entries.count
            entries.append(Entry(connection: connection, path: leaf.path, plain: source == 0 ? leaf : nil, winner: (source, leaf)))
        }
    }

    /// The merged settings, redacted. `agentIdentifier` is left to the caller.
    func settings(usesAzureKeyVault: Bool, fingerprinter: SecretFingerprinter?) -> AgentSettings {
        var result = AgentSettings(
            file: sources[0].file, overlays: sources.dropFirst().map(\.file),
            usesAzureKeyVault: usesAzureKeyVault)
        var perConnection: [String: [ConnectionSetting]] = [:]
        var memo = SettingClassifier.Memo()
        for entry in entries {
            let redacted = redact(entry, usesAzureKeyVault: usesAzureKeyVault, fingerprinter: fingerprinter, memo: &memo)
            if let connection = entry.connection {
                perConnection[connection.lowercased(), default: []].append(
                    ConnectionSetting(
                        key: entry.key, value: redacted.secret == nil ? redacted.value : nil,
                        isSecret: redacted.secret != nil, jsonPath: entry.jsonPath))
            }
            if let secret = redacted.secret { result.secrets.append(secret) }
        }
        result.connections = connections.map { connection in
            ConnectionSettings(
                connection: connection.name, settings: perConnection[connection.name.lowercased()] ?? [],
                location: connection.location)
        }
        return result
    }

    /// The value to keep (public entries), or what is known of the secret.
    private func redact(
        _ entry: Entry, usesAzureKeyVault: Bool, fingerprinter: SecretFingerprinter?,
        memo: inout SettingClassifier.Memo
    ) -> (value: String?, secret: SecretSetting?) {
        let plainClass = memo.classify(fullPath: entry.fullPath)
        let winner = sources[entry.winner.source]
        let text = entry.winner.leaf.value.scalarText
        // A public name whose value holds a credential by content (a URL password, a token
        // parameter, a connection string's password) is a secret shown with those parts replaced.
        var contentRedacted: String?
        if winner.kind == .plain, plainClass == .keep {
            guard let text, let redacted = SecretContentRedactor.redact(text) else { return (text, nil) }
            contentRedacted = redacted
        }

        let reason: SecretReason
        var redactedValue: String?
        // The plain file's connection string when it is the one that wins: parsed once, for the
        // redacted value and for whether it holds a password in clear.
        var plainParse: ConnectionStringRedactor.Redaction??
        switch plainClass {
        case .keep where contentRedacted != nil:
            reason = .connectionString
            redactedValue = contentRedacted
        case .keep: reason = .protected
        case .secret(let why): reason = why
        case .connectionString:
            reason = .connectionString
            if winner.kind == .plain, let text {
                let parsed = ConnectionStringRedactor.redact(text)
                redactedValue = parsed?.redacted
                if entry.winner.source == 0 { plainParse = .some(parsed) }
            }
        }
        let isSet = !(text ?? "").isEmpty
        let kind: SecretKind = isSet ? winner.kind : (usesAzureKeyVault ? .azureKeyVault : .absent)
        let position = entry.winner.leaf.position
        let secret = SecretSetting(
            connection: entry.connection, key: entry.key, jsonPath: entry.jsonPath, reason: reason,
            state: isSet ? .set : .absent, kind: kind,
            fingerprint: isSet ? text.flatMap { fingerprinter?.fingerprint(jsonPath: entry.jsonPath, value: $0) } : nil,
            redactedValue: redactedValue,
            location: SourceLocation(file: winner.file, line: position?.line, jsonPath: entry.jsonPath),
            plainTextLine: plainTextLine(
                entry, plainClass: plainClass, holdsCredential: contentRedacted != nil, plainParse: plainParse))
        return (nil, secret)
    }

    /// The line of `entry` in the plain file when that file holds it in clear and it is known to
    /// be a secret: its name says so, it is an OpenID client secret, it is a connection string
    /// with a non-empty password part, or its text holds a credential whatever its name (a URL's
    /// password, a `password`, `token` or `sig` parameter, a connection string's `Password=`:
    /// what ``SecretContentRedactor`` replaces). Values withheld only by caution (unlisted names,
    /// PowerShell options) whose text holds no such credential are not reported.
    /// - Parameter plainParse: ``ConnectionStringRedactor/redact(_:)`` of the plain file's value,
    ///   when already known.
    private func plainTextLine(
        _ entry: Entry, plainClass: SettingClassifier.Class, holdsCredential: Bool = false,
        plainParse: ConnectionStringRedactor.Redaction?? = nil
    ) -> Int? {
        guard let leaf = entry.plain, let text = leaf.value.scalarText, !text.isEmpty else { return nil }
        let known: Bool
        switch plainClass {
        case .keep: known = holdsCredential || SecretContentRedactor.redact(text) != nil
        case .secret(.name): known = true
        case .secret(.position):
            let path = entry.fullPath.map { $0.lowercased() }
            known = (path.count > 2 && path[0] == "openid" && path[1] == "openidclients") || SecretContentRedactor.redact(text) != nil
        case .secret(.unlisted), .secret(.protected), .secret(.connectionString):
            // Withheld by caution: reported when its text holds a credential (`"Url": "ldaps://svc:...@host"`).
            known = SecretContentRedactor.redact(text) != nil
        case .connectionString: known = (plainParse ?? ConnectionStringRedactor.redact(text))?.hasSecretValue ?? false
        }
        return known ? leaf.position?.line ?? 1 : nil
    }
}

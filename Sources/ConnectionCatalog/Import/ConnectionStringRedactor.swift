/// Withholds the secret parts of a connection string and keeps the others.
///
/// Reads the ADO.NET syntax that `DbConnectionStringBuilder` and the SQL, ODBC and Oracle
/// providers accept: `key=value` pairs separated by `;`, whitespace around keys and values ignored,
/// `==` in a key for a literal `=`, values in double or single quotes (a doubled quote inside is a
/// literal one) or in ODBC braces (`{...}`, `}}` for a literal brace). A part is secret when its key
/// says so (``SettingClassifier/isSecretName(_:)``: `Password`, `Pwd`, `AppKey`, `AccountKey`,
/// `SharedAccessKey`, ...); its value is replaced by `<secret>` and the rest of the string is kept
/// exactly as written, except the credentials that the other values hold by content
/// (``SecretContentRedactor``: `Data Source=https://svc:<secret>@host`, `User ID=scott/<secret>@orcl`). A string that does not follow the syntax is withheld entirely: it cannot be
/// told apart from a secret (see ``redact(_:)``).
///
/// Sources: `docs/identitymanager/6.1/integration-guide/connectors/how-tos/configure-secured-options/index.md`
/// (connection string parts as secured options), the SQL connector page
/// (`.../connectors/references-connectors/sql/index.md`).
enum ConnectionStringRedactor {
    /// The text that replaces a secret part's value.
    static let placeholder = "<secret>"

    /// The outcome of redacting one connection string.
    struct Redaction: Equatable {
        /// The string with every secret part's value replaced by ``ConnectionStringRedactor/placeholder``.
        var redacted: String
        /// Whether at least one secret part has a non-empty value.
        var hasSecretValue: Bool
    }

    /// Whether `key` looks like a connection string keyword (`Data Source`, `User ID`,
    /// `Jet OLEDB:Database Password`): at most four words of letters, `_`, `.` and `:`. Anything else (digits,
    /// dashes, quotes) means a malformed string whose key may hold a secret's text.
    static func isPlausibleKey(_ key: String) -> Bool {
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: the alphabetic characters are the letters; words are runs of non-spaces.
            var words = 0
            var inWord = false
            for byte in key.utf8 {
                switch byte {
                case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2E, 0x3A:
                    if !inWord { words += 1 }
                    inWord = true
                case 0x20: inWord = false
                default: return false
                }
            }
            return words <= 4
        }
        return key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || " _.:".unicodeScalars.contains($0) }
            && key.split(separator: " ").count <= 4
    }

    /// The Unicode `White_Space` property, looked up only for non-ASCII scalars.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// `text.replacingOccurrences(of: placeholder, with: "")`, on the bytes of ASCII text.
    private static func withoutPlaceholder(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.replacingOccurrences(of: placeholder, with: "") }
        let bytes = Array(text.utf8)
        let marker = Array(placeholder.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], index + marker.count <= bytes.count, bytes[index..<index + marker.count].elementsEqual(marker) {
                index += marker.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text.contains("=") && !text.contains("://")`, on the bytes of ASCII text.
    private static func holdsEqualsOutsideURL(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.contains("=") && !text.contains("://") }
        let bytes = Array(text.utf8)
        guard bytes.contains(0x3D) else { return false }
        guard bytes.count >= 3 else { return true }
        for index in 0...(bytes.count - 3) where bytes[index] == 0x3A && bytes[index + 1] == 0x2F && bytes[index + 2] == 0x2F {
            return false
        }
        return true
    }

    /// The redacted form of `text`, or `nil` when `text` is not a connection string, or is one so
    /// malformed that a secret could hide in what would be kept: a keyword that is not a word, or
    /// a kept value holding `=` or a secret name (`Server=db,Password=x`, where a `;` was
    /// mistyped).
    static func redact(_ text: String) -> Redaction? {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var hasSecretValue = false
        var index = 0
        func skipBlanks() { while index < scalars.count, isWhitespace(scalars[index]) { index += 1 } }
        while index < scalars.count {
            let partStart = index
            skipBlanks()
            if index == scalars.count {
                output.append(contentsOf: scalars[partStart...])
                break
            }
            if scalars[index] == ";" {
                index += 1
                output.append(contentsOf: scalars[partStart..<index])
                continue
            }
            // Key: up to the first '=' that is not doubled.
            var key = String.UnicodeScalarView()
            while true {
                guard index < scalars.count else { return nil }  // a key without '='
                if scalars[index] == "=" {
                    if index + 1 < scalars.count, scalars[index + 1] == "=" {
                        key.append("=")
                        index += 2
                        continue
                    }
                    break
                }
                if scalars[index] == ";" { return nil }
                key.append(scalars[index])
                index += 1
            }
            index += 1  // '='
            let keyText = WhitespaceTrim.trimmed(String(key))
            guard !keyText.isEmpty else { return nil }
            skipBlanks()
            let valueStart = index
            var valueIsEmpty = true
            if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" || scalars[index] == "{" {
                let open = scalars[index]
                let close: Unicode.Scalar = open == "{" ? "}" : open
                index += 1
                while true {
                    guard index < scalars.count else { return nil }  // quote not closed
                    if scalars[index] == close {
                        if index + 1 < scalars.count, scalars[index + 1] == close {
                            index += 2
                            valueIsEmpty = false
                            continue
                        }
                        index += 1
                        break
                    }
                    valueIsEmpty = false
                    index += 1
                }
                let valueEnd = index
                skipBlanks()
                if index == scalars.count || scalars[index] == ";" {
                    index = valueEnd
                } else if open == "{" {
                    // Braces that only start the value (`Server={HOST}\SQLEXPRESS`, as the SQL
                    // connector page's ODBC example writes it): the value runs to the next `;`.
                    while index < scalars.count, scalars[index] != ";" { index += 1 }
                } else {
                    return nil  // text after the quote
                }
            } else {
                while index < scalars.count, scalars[index] != ";" {
                    if !isWhitespace(scalars[index]) { valueIsEmpty = false }
                    index += 1
                }
            }
            guard isPlausibleKey(keyText) else { return nil }
            output.append(contentsOf: scalars[partStart..<valueStart])
            if SettingClassifier.isSecretName(keyText) {
                output.append(contentsOf: placeholder.unicodeScalars)
                if !valueIsEmpty { hasSecretValue = true }
            } else {
                let kept = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                // A URL may hold `=` in its query; its credentials are withheld below.
                let redacted = SecretContentRedactor.redactFragments(kept, key: keyText)
                // What stays visible must not say secret (the placeholder aside).
                let visible = redacted.map(withoutPlaceholder) ?? kept
                guard !holdsEqualsOutsideURL(kept), !SettingClassifier.isSecretName(visible) || visible.isEmpty else { return nil }
                if let redacted {
                    output.append(contentsOf: redacted.unicodeScalars)
                    hasSecretValue = true
                } else {
                    output.append(contentsOf: kept.unicodeScalars)
                }
            }
        }
        return Redaction(redacted: String(output), hasSecretValue: hasSecretValue)
    }
}

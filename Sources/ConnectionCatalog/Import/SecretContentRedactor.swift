#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Withholds credentials found by the content of a value, whatever the value's name.
///
/// Applied to every value that is kept (agent settings under a public name, every XML attribute,
/// the parts of a connection string): the credential is replaced by `<secret>` and the rest stays
/// readable.
///
/// - **URL userinfo**: `ldaps://svc:P4ss@dc01.example.test` → `ldaps://svc:<secret>@dc01.example.test`;
///   a userinfo without `:` (`https://TOKEN@host`) is replaced whole. The userinfo ends at the last
///   `@` of the URL, so a password holding `/`, `?`, `#` or `@` is withheld whole (a `host:port/path@x`
///   with a numeric port is a path, not a userinfo).
/// - **Credential-bearing query or fragment parameters**: `?client_secret=`, `&access_token=`,
///   `#id_token=`, `apikey`, `api_key`, `key`, `sig`, `signature`, `code`, `password`, `token`,
///   `X-Amz-Credential`, ... (``isCredentialKey(_:)``).
/// - **Secret parts of a connection string**: `Password=`, `Pwd=` and every key that
///   ``SettingClassifier/isSecretName(_:)`` says is secret, in a value that parses as a
///   connection string (``ConnectionStringRedactor``) and, when it does not parse, wherever such
///   a `key=value` follows the start of the value, a blank, `;`, `,`, `&`, `?` or `#` (the value
///   runs to the next `;`, or to `&`/`#` in a query).
/// - **Oracle and scheme-less credentials**: `User ID=scott/tiger@orcl`, `scott/tiger@orcl`,
///   `svc:P4ss@dc01.example.test` → `scott/<secret>@orcl`, `svc:<secret>@dc01.example.test`.
///
/// A value with neither `@` nor `=` holds none of these: it is returned after one `memchr` pass.
///
/// Sources: RFC 3986 (URI userinfo), the SQL and Oracle connector pages
/// (`docs/identitymanager/6.1/integration-guide/connectors/references-connectors/sql/index.md`),
/// `.../connectors/how-tos/configure-secured-options/index.md`.
enum SecretContentRedactor {
    /// The text that replaces a credential.
    static let placeholder = ConnectionStringRedactor.placeholder

    /// Whether `text` may hold a credential by content: it has an `@` or an `=`.
    static func mayHoldCredential(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, 0x40, bytes.count) != nil || memchr(base, 0x3D, bytes.count) != nil
        }
    }

    /// `text` with every credential found by content replaced by `<secret>`, or `nil` when it holds
    /// none (the caller keeps `text` as it is).
    static func redact(_ text: String) -> String? {
        guard mayHoldCredential(text) else { return nil }
        if let parsed = ConnectionStringRedactor.redact(text) {
            return parsed.redacted == text ? nil : parsed.redacted
        }
        return redactFragments(text, key: nil)
    }

    /// Query and form parameter names that carry a credential, normalised (lower case, no `_`,
    /// `-`, `.` or blank), beside those ``SettingClassifier/isSecretName(_:)`` recognises.
    static let credentialKeys: Set<String> = [
        "sig", "signature", "code", "auth", "authorization", "pass", "passcode", "session", "sessionid",
        "credential", "credentials", "assertion", "clientassertion", "otp", "pin", "accesscode",
    ]

    /// Connection string keys whose value may be Oracle's `user/password`.
    static let userKeys: Set<String> = ["userid", "uid", "user", "username"]

    /// Whether a `key=value` with this key carries a credential.
    static func isCredentialKey(_ key: String) -> Bool {
        if SettingClassifier.isSecretName(key) { return true }
        let normalised = String(key.lowercased().unicodeScalars.filter { !" _-.\t".unicodeScalars.contains($0) })
        if credentialKeys.contains(normalised) { return true }
        return normalised.contains("signature") || normalised.contains("credential") || normalised.hasSuffix("assertion")
    }

    /// `value` (the value of connection string key `key`, or a whole value when `key` is `nil`)
    /// with the credentials of its URLs, parameters and Oracle logins replaced, or `nil`.
    static func redactFragments(_ value: String, key: String?) -> String? {
        guard mayHoldCredential(value) || key.map({ userKeys.contains(normalise($0)) && value.contains("/") }) == true else { return nil }
        let bytes = Array(value.utf8)
        var ranges: [Range<Int>] = []
        if let key, userKeys.contains(normalise(key)), let slash = bytes.firstIndex(of: 0x2F) {
            // `User ID=scott/tiger` or `User ID=scott/tiger@orcl`.
            let end = bytes.lastIndex(of: 0x40) ?? bytes.count
            if slash + 1 < end { ranges.append(slash + 1..<end) }
        }
        var urlSpans: [Range<Int>] = []
        findURLs(bytes, ranges: &ranges, spans: &urlSpans)
        findPairs(bytes, ranges: &ranges)
        findLogins(bytes, skipping: urlSpans, ranges: &ranges)
        return apply(ranges, to: bytes)
    }

    private static func normalise(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { !" _-.\t".unicodeScalars.contains($0) })
    }

    // MARK: - Byte classes

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    /// Ends a URL or a login token: a blank, a quote, `<` or `>`.
    private static func endsToken(_ b: UInt8) -> Bool { isBlank(b) || b == 0x22 || b == 0x27 || b == 0x3C || b == 0x3E }
    private static func isAlnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    // MARK: - URLs

    /// Userinfo and credential parameters of every `scheme://` URL in `b`.
    private static func findURLs(_ b: [UInt8], ranges: inout [Range<Int>], spans: inout [Range<Int>]) {
        var i = 0
        while i + 2 < b.count {
            guard b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F else {
                i += 1
                continue
            }
            var start = i
            while start > 0, isAlnum(b[start - 1]) || b[start - 1] == 0x2B || b[start - 1] == 0x2D || b[start - 1] == 0x2E { start -= 1 }
            let authority = i + 3
            var end = authority
            while end < b.count, !endsToken(b[end]) { end += 1 }
            spans.append(start..<end)
            // First '/', '?' or '#' after the authority's start, and the last '@' of the URL.
            var delimiter = authority
            while delimiter < end, b[delimiter] != 0x2F, b[delimiter] != 0x3F, b[delimiter] != 0x23 { delimiter += 1 }
            var lastAt: Int?
            var k = end
            while k > authority {
                k -= 1
                if b[k] == 0x40 {
                    lastAt = k
                    break
                }
            }
            var userinfoEnd: Int?
            if let at = lastAt {
                if at < delimiter {
                    userinfoEnd = at
                } else if let colon = b[authority..<delimiter].firstIndex(of: 0x3A) {
                    // `svc:pa/ss@host` is a userinfo; `host:8080/users/x@y` is a port and a path.
                    let port = b[(colon + 1)..<delimiter]
                    if port.isEmpty || !port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { userinfoEnd = at }
                }
            }
            var queryFrom = delimiter
            if let at = userinfoEnd {
                if let colon = b[authority..<at].firstIndex(of: 0x3A) {
                    if colon + 1 < at { ranges.append(colon + 1..<at) }
                } else if authority < at {
                    ranges.append(authority..<at)
                }
                queryFrom = at + 1
                while queryFrom < end, b[queryFrom] != 0x2F, b[queryFrom] != 0x3F, b[queryFrom] != 0x23 { queryFrom += 1 }
            }
            // Parameters after the first '?' or '#'.
            var q = queryFrom
            while q < end, b[q] != 0x3F, b[q] != 0x23 { q += 1 }
            if q < end { findParameters(b, from: q + 1, to: end, ranges: &ranges) }
            i = max(end, i + 3)
        }
    }

    /// `key=value` pairs separated by `&`, `;` or `#` in `b[from..<to]`.
    private static func findParameters(_ b: [UInt8], from: Int, to: Int, ranges: inout [Range<Int>]) {
        var p = from
        while p < to {
            var e = p
            while e < to, b[e] != 0x26, b[e] != 0x23, b[e] != 0x3B { e += 1 }
            if let eq = b[p..<e].firstIndex(of: 0x3D), eq > p, eq + 1 < e {
                let key = String(decoding: b[p..<eq], as: UTF8.self)
                if isCredentialKey(key.removingPercentEncodingLeniently) { ranges.append(eq + 1..<e) }
            }
            p = e + 1
        }
    }

    // MARK: - key=value pairs outside URLs

    /// Secret `key=value` pairs of a value that is not a well-formed connection string.
    private static func findPairs(_ b: [UInt8], ranges: inout [Range<Int>]) {
        for j in b.indices where b[j] == 0x3D {
            // Not `==`, `!=`, `<=`, `>=`, `=>`.
            if j + 1 < b.count, b[j + 1] == 0x3D || b[j + 1] == 0x3E { continue }
            if j > 0, b[j - 1] == 0x3D || b[j - 1] == 0x21 || b[j - 1] == 0x3C || b[j - 1] == 0x3E { continue }
            var k = j
            while k > 0, isAlnum(b[k - 1]) || b[k - 1] == 0x5F || b[k - 1] == 0x2D || b[k - 1] == 0x2E || b[k - 1] == 0x20 || b[k - 1] >= 0x80 { k -= 1 }
            // The key follows the start, a blank, ';', ',', '&', '?', '#', '{', a quote or '='.
            if k > 0, !(isBlank(b[k - 1]) || [0x3B, 0x2C, 0x26, 0x3F, 0x23, 0x7B, 0x22, 0x27, 0x3D, 0x7C].contains(b[k - 1])) { continue }
            while k < j, b[k] == 0x20 { k += 1 }
            guard k < j else { continue }
            // A connection string keyword has at most four words (`Multiple Active Result Sets`);
            // a longer "key" is a sentence or a query (`... WHERE x = 1`): its last word is the key.
            var words = 1
            for index in k..<j where b[index] == 0x20 && index + 1 < j && b[index + 1] != 0x20 { words += 1 }
            if words > 4 {
                var last = j
                while last > k, b[last - 1] == 0x20 { last -= 1 }
                if let space = b[k..<last].lastIndex(of: 0x20) { k = space + 1 }
            }
            let key = String(decoding: b[k..<j], as: UTF8.self)
            let inQuery = k > 0 && (b[k - 1] == 0x26 || b[k - 1] == 0x3F || b[k - 1] == 0x23)
            var start = j + 1
            while start < b.count, b[start] == 0x20 { start += 1 }
            guard start < b.count else { continue }
            var end = start
            if b[start] == 0x22 || b[start] == 0x27 || b[start] == 0x7B {
                let close: UInt8 = b[start] == 0x7B ? 0x7D : b[start]
                end = start + 1
                while end < b.count, b[end] != close { end += 1 }
                end = min(end + 1, b.count)
            } else if inQuery {
                while end < b.count, b[end] != 0x26, b[end] != 0x23, b[end] != 0x3B, !isBlank(b[end]) { end += 1 }
            } else {
                while end < b.count, b[end] != 0x3B { end += 1 }
                while end > start, isBlank(b[end - 1]) { end -= 1 }
            }
            guard end > start else { continue }
            if isCredentialKey(key) {
                ranges.append(start..<end)
            } else if userKeys.contains(normalise(key)), let slash = b[start..<end].firstIndex(of: 0x2F),
                !b[start..<end].starts(with: Array("http".utf8))
            {
                let stop = b[start..<end].lastIndex(of: 0x40) ?? end
                if slash + 1 < stop { ranges.append(slash + 1..<stop) }
            }
        }
    }

    // MARK: - Logins outside URLs

    /// `user/password@host` and `user:password@host` tokens outside URLs.
    private static func findLogins(_ b: [UInt8], skipping spans: [Range<Int>], ranges: inout [Range<Int>]) {
        func endsLogin(_ x: UInt8) -> Bool { endsToken(x) || x == 0x3B || x == 0x2C || x == 0x3D || x == 0x28 || x == 0x29 }
        var i = 0
        while i < b.count {
            guard b[i] == 0x40, !spans.contains(where: { $0.contains(i) }) else {
                i += 1
                continue
            }
            var start = i
            while start > 0, !endsLogin(b[start - 1]) { start -= 1 }
            var end = i + 1
            while end < b.count, !endsLogin(b[end]) { end += 1 }
            let at = b[start..<end].lastIndex(of: 0x40) ?? i
            if let separator = b[start..<at].firstIndex(where: { $0 == 0x2F || $0 == 0x3A }), separator > start {
                let user = b[start..<separator]
                let secret = b[(separator + 1)..<at]
                let isDrive = b[separator] == 0x3A && user.count == 1
                let isPort = b[separator] == 0x3A && !secret.isEmpty && secret.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                let isMailto = String(decoding: user, as: UTF8.self).lowercased() == "mailto"
                if !secret.isEmpty, !isDrive, !isPort, !isMailto, !user.contains(0x40) { ranges.append(separator + 1..<at) }
            }
            i = end
        }
    }

    // MARK: - Output

    /// `b` with `ranges` replaced by the placeholder, or `nil` when there is nothing to replace
    /// (ranges that already read `<secret>` count as nothing).
    private static func apply(_ ranges: [Range<Int>], to b: [UInt8]) -> String? {
        let marker = Array(placeholder.utf8)
        let sorted = ranges.filter { !$0.isEmpty && !b[$0].elementsEqual(marker) }.sorted { $0.lowerBound < $1.lowerBound }
        guard !sorted.isEmpty else { return nil }
        var merged: [Range<Int>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var position = 0
        for range in merged {
            out += b[position..<range.lowerBound]
            out += marker
            position = range.upperBound
        }
        out += b[position...]
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// `%5F` → `_` for the ASCII letters, digits and `_-.` of a parameter name; other text as is.
    fileprivate var removingPercentEncodingLeniently: String {
        guard contains("%") else { return self }
        var out = [UInt8]()
        let b = Array(utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

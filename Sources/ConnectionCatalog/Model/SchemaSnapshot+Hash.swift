import Crypto
import Foundation

extension SchemaSnapshot {
    /// SHA-256 (lower-case hex) of the canonical form: tables in order, each name then its
    /// ordered columns, separated by ASCII unit/record separators. Equal schemas, equal hashes;
    /// encodings and separators of the files play no part.
    public var contentHash: String {
        var canonical = Data()
        for table in tables {
            canonical.append(contentsOf: Array(table.name.utf8))
            for column in table.columns {
                canonical.append(0x1F)
                canonical.append(contentsOf: Array(column.utf8))
            }
            canonical.append(0x1E)
        }
        return SHA256.hash(data: canonical).hexString
    }
}

extension Digest {
    /// Lower-case hexadecimal digits of the digest.
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

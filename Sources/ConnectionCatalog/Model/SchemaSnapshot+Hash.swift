import Crypto
import Foundation

extension SchemaSnapshot {
    /// SHA-256 (lower-case hex) of the canonical form: tables in order, each name then its
    /// ordered columns, separated by ASCII unit/record separators. Equal schemas, equal hashes;
    /// encodings and separators of the files play no part. A table declared by the
    /// configuration carries a group separator and `configuration` after its name (a table read
    /// from an export file adds nothing, so hashes stored before tables had a source stay valid).
    public var contentHash: String {
        var canonical: [UInt8] = []
        for table in tables {
            canonical.append(contentsOf: table.name.utf8)
            if table.source == .configuration {
                canonical.append(0x1D)
                canonical.append(contentsOf: "configuration".utf8)
            }
            for column in table.columns {
                canonical.append(0x1F)
                canonical.append(contentsOf: column.utf8)
            }
            canonical.append(0x1E)
        }
        return SHA256.hash(data: canonical).hexString
    }
}

extension Digest {
    /// Lower-case hexadecimal digits of the digest.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

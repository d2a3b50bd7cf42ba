/// The ordered element list of a file version, and its compact encoding in
/// `config_file_version.elements`.
///
/// Each entry is an element version id and a line (0 when unknown). Entries are encoded
/// relative to the entry before: the id difference and the line difference, each as a
/// zigzag variable-length integer, so that a list of consecutive ids on increasing lines costs
/// about two bytes per element, and lines inserted above an element change that one relative
/// entry, not every entry below it.
///
/// A list may be stored as a change of a base list (the previous version of the same file):
/// the number of relative entries kept at the start, the number kept at the end, then the
/// relative entries in between; when the middles have the same length (elements modified in
/// place, lines moved), only the runs of entries that differ. Layout: a leading byte 0 (whole),
/// 1 (change: prefix, suffix, middle entries) or 2 (change: prefix, suffix, then runs of
/// entries kept and entries replaced with the replacements), then the integers.
struct ElementList: Equatable {
    /// `(element version id, line)` in file order.
    var entries: [(id: Int64, line: Int64)]

    init(_ entries: [(id: Int64, line: Int64)] = []) { self.entries = entries }

    static func == (a: ElementList, b: ElementList) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.id == $1.id && $0.line == $1.line }
    }

    /// Entries as differences from the entry before (the first from `(0, 0)`).
    var relative: [(Int64, Int64)] {
        var previous: (Int64, Int64) = (0, 0)
        return entries.map { e in
            defer { previous = (e.id, e.line) }
            return (e.id &- previous.0, e.line &- previous.1)
        }
    }

    init(relative: [(Int64, Int64)]) {
        var current: (Int64, Int64) = (0, 0)
        entries = relative.map { d in
            current = (current.0 &+ d.0, current.1 &+ d.1)
            return (current.0, current.1)
        }
    }

    /// The whole list, encoded.
    func encodedWhole() -> [UInt8] {
        var encoder = ElementListEncoder(capacity: entries.count, keepingEntries: false)
        for (id, line) in entries { encoder.append(id: id, line: line) }
        return encoder.whole
    }

    /// This list as a change of `base`: common relative entries at both ends are left out.
    func encoded(asChangeOf base: ElementList) -> [UInt8] {
        let new = relative
        let old = base.relative
        var prefix = 0
        while prefix < new.count, prefix < old.count, new[prefix] == old[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < new.count - prefix, suffix < old.count - prefix,
            new[new.count - 1 - suffix] == old[old.count - 1 - suffix]
        { suffix += 1 }
        var out: [UInt8] = [1]
        Varint.append(Int64(prefix), to: &out)
        Varint.append(Int64(suffix), to: &out)
        let middle = new[prefix..<(new.count - suffix)]
        let oldMiddle = old[prefix..<(old.count - suffix)]
        for (id, line) in middle {
            Varint.append(id, to: &out)
            Varint.append(line, to: &out)
        }
        guard middle.count == oldMiddle.count, middle.count > 2 else { return out }
        // Same length (elements modified in place, lines moved): only the entries that differ,
        // as runs: entries kept, entries replaced, the replacements.
        var sparse: [UInt8] = [2]
        Varint.append(Int64(prefix), to: &sparse)
        Varint.append(Int64(suffix), to: &sparse)
        var i = 0
        var kept = 0
        let a = Array(middle)
        let b = Array(oldMiddle)
        while i < a.count {
            if a[i] == b[i] {
                kept += 1
                i += 1
                continue
            }
            var end = i
            while end < a.count, a[end] != b[end] { end += 1 }
            Varint.append(Int64(kept), to: &sparse)
            Varint.append(Int64(end - i), to: &sparse)
            for (id, line) in a[i..<end] {
                Varint.append(id, to: &sparse)
                Varint.append(line, to: &sparse)
            }
            kept = 0
            i = end
        }
        return sparse.count < out.count ? sparse : out
    }

    /// Decodes `bytes`; `base` is called for the base list of a change.
    /// - Returns: `nil` when the bytes are not an element list.
    static func decode(_ bytes: [UInt8], base: () throws -> ElementList?) rethrows -> ElementList? {
        guard let kind = bytes.first else { return nil }
        var reader = Varint.Reader(bytes: bytes, offset: 1)
        if kind == 0 {
            var relative: [(Int64, Int64)] = []
            while !reader.atEnd {
                guard let id = reader.next(), let line = reader.next() else { return nil }
                relative.append((id, line))
            }
            return ElementList(relative: relative)
        }
        guard kind == 1 || kind == 2, let prefix = reader.next(), let suffix = reader.next(), let baseList = try base() else { return nil }
        let old = baseList.relative
        guard prefix >= 0, suffix >= 0, Int(prefix) + Int(suffix) <= old.count else { return nil }
        var relative = Array(old[0..<Int(prefix)])
        if kind == 1 {
            while !reader.atEnd {
                guard let id = reader.next(), let line = reader.next() else { return nil }
                relative.append((id, line))
            }
        } else {
            // Runs over the base's middle, which has the same length.
            var position = Int(prefix)
            let end = old.count - Int(suffix)
            while !reader.atEnd {
                guard let kept = reader.next(), let count = reader.next(), kept >= 0, count >= 0,
                    position + Int(kept) + Int(count) <= end
                else { return nil }
                relative.append(contentsOf: old[position..<(position + Int(kept))])
                for _ in 0..<count {
                    guard let id = reader.next(), let line = reader.next() else { return nil }
                    relative.append((id, line))
                }
                position += Int(kept) + Int(count)
            }
            relative.append(contentsOf: old[position..<end])
        }
        relative.append(contentsOf: old[(old.count - Int(suffix))...])
        return ElementList(relative: relative)
    }
}

/// An element list encoded whole (``ElementList/encodedWhole()``) entry by entry as the entries
/// come, which holds the entries themselves only when asked to (to encode the list as a change
/// of a base): a file of half a million elements needs its two bytes an element, not sixteen.
struct ElementListEncoder {
    /// The whole list, encoded so far.
    private(set) var whole: [UInt8] = [0]
    /// The entries so far, when kept.
    private(set) var list: ElementList?
    /// Entries appended so far.
    private(set) var count = 0
    private var previous: (id: Int64, line: Int64) = (0, 0)

    init(capacity: Int, keepingEntries: Bool) {
        whole.reserveCapacity(capacity * 2 + 1)
        if keepingEntries {
            var list = ElementList()
            list.entries.reserveCapacity(capacity)
            self.list = list
        }
    }

    mutating func append(id: Int64, line: Int64) {
        Varint.append(id &- previous.id, to: &whole)
        Varint.append(line &- previous.line, to: &whole)
        previous = (id, line)
        count += 1
        list?.entries.append((id, line))
    }
}

/// Zigzag variable-length integers (7 bits a byte, least significant first).
enum Varint {
    static func append(_ value: Int64, to out: inout [UInt8]) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Integers one after another.
    static func encode(_ values: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        for v in values { append(v, to: &out) }
        return out
    }

    /// Every integer of `bytes`, or `nil` when they are not a list of integers.
    static func decodeAll(_ bytes: [UInt8]) -> [Int64]? {
        var reader = Reader(bytes: bytes, offset: 0)
        var out: [Int64] = []
        while !reader.atEnd {
            guard let v = reader.next() else { return nil }
            out.append(v)
        }
        return out
    }

    struct Reader {
        let bytes: [UInt8]
        var offset: Int
        var atEnd: Bool { offset >= bytes.count }

        mutating func next() -> Int64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                guard shift < 64 else { return nil }
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 {
                    return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
                }
                shift += 7
            }
            return nil
        }
    }
}

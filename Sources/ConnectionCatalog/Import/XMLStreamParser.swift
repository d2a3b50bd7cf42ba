import CLibXML2
import Foundation

/// Receives the elements of one XML document in document order, as libxml2 parses them.
protocol XMLStreamDelegate: AnyObject {
    /// Called once per start tag (an empty element `<A/>` gives a start and an end).
    /// `tag` is valid only during the call. Throwing stops the parse with that error.
    func startElement(_ tag: XMLStartTag) throws
    /// Called once per end tag, after the element's children.
    func endElement()
}

/// A start tag during ``XMLStreamDelegate/startElement(_:)``: names point into libxml2's buffers.
struct XMLStartTag {
    /// The local name, interned in the parser's dictionary: within one document the same name
    /// always comes with the same pointer, so it can key a cache.
    let localName: UnsafePointer<xmlChar>
    fileprivate let session: XMLStreamSession
    /// libxml2's SAX2 attribute array: 5 pointers per attribute (local name, prefix, URI,
    /// value start, value end), namespace declarations excluded.
    fileprivate let attributeArray: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// Attributes as written (attributes defaulted by a DTD are not counted).
    fileprivate let attributeCount: Int

    /// The local name as a Swift string.
    var name: String { String(cString: localName) }

    /// 1-based line of the `<` that opens this tag.
    ///
    /// libxml2 reports the line where the parser stands, which is the end of the start tag: a
    /// start tag spread over several lines would get its last line. The opening `<` is still in
    /// the input buffer (the parser never discards input inside a start tag), and an attribute
    /// value cannot contain a raw `<`, so the line breaks back to the previous `<` are counted.
    func line() -> Int {
        guard let input = session.context.pointee.input, var cursor = input.pointee.cur,
            let base = input.pointee.base
        else { return 0 }
        var lineBreaks = 0
        while cursor > base {
            cursor -= 1
            switch cursor.pointee {
            case UInt8(ascii: "<"): return Int(input.pointee.line) - lineBreaks
            case UInt8(ascii: "\n"): lineBreaks += 1
            default: break
            }
        }
        return Int(input.pointee.line)
    }

    /// The attributes as written, in document order, by local name, values unescaped.
    /// - Throws: ``InputError`` when user-defined entities in attribute values expand to more
    ///   than ``XMLStreamParser/maximumEntityExpansion`` bytes in the document.
    func attributes() throws -> XMLAttributes {
        guard let array = attributeArray, attributeCount > 0 else { return XMLAttributes() }
        var items: [XMLAttribute] = []
        items.reserveCapacity(attributeCount)
        for index in 0..<attributeCount {
            let slot = array + 5 * index
            guard let name = slot[0], let start = slot[3], let end = slot[4] else { continue }
            items.append(XMLAttribute(name: session.string(name), value: try session.value(from: start, to: end)))
        }
        return XMLAttributes(items)
    }
}

/// Streams one XML document through libxml2's SAX2 parser: no tree is built for the document,
/// and only the start and end tags reach the delegate.
///
/// Options: `XML_PARSE_NONET` only. Not `XML_PARSE_NOENT` (it would load external entities) and
/// not `XML_PARSE_HUGE` (it lifts the limits that stop entity-expansion bombs, 256 levels of
/// nesting, and 10 MB text or attribute values). External DTDs and external entities are never
/// loaded. Internal entities are expanded in attribute values; elements inside entity
/// replacement text are not reported (as xmlTextReader does without entity substitution).
///
/// Why SAX2 rather than xmlTextReader: the reader gives each element the line where its start
/// tag ends, stored in an `unsigned short`, so a start tag over several lines gets its last line
/// and every element past line 65,535 gets 65,535 (libxml2 2.9.14).
enum XMLStreamParser {
    /// Bytes that user-defined entities may add to attribute values in one document
    /// (libxml2 bounds each single expansion; this bounds their sum).
    static let maximumEntityExpansion = 16 << 20

    /// Parses `data` as one document, calling `delegate` for each element.
    /// - Throws: ``InputError`` at the first error, located at libxml2's line and column, with
    ///   a message of its own per libxml2 error code that never quotes the input text.
    static func parse(_ data: Data, file: String, delegate: some XMLStreamDelegate) throws {
        let xml = try LibXML2.functions(for: file)
        guard data.count <= Int(Int32.max) else {
            throw InputError(
                SourceLocation(file: file), "file is larger than 2 GiB",
                hint: "split the configuration into several files")
        }
        let failure: InputError? = data.withUnsafeBytes { bytes in
            guard let start = bytes.baseAddress, bytes.count > 0,
                let context = xml.createMemoryParserCtxt(start.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            else { return InputError(SourceLocation(file: file), "file is empty") }
            return run(context, xml: xml, file: file, delegate: delegate)
        }
        if let failure { throw failure }
    }

    /// Parses the file at `url` (`size` bytes) as one document, calling `delegate` for each
    /// element. The bytes are read piece by piece as the parser needs them (libxml2 keeps a
    /// window of the input, not the whole file), with the same parser and errors as
    /// ``parse(_:file:delegate:)``.
    static func parse(fileAt url: URL, size: Int, file: String, delegate: some XMLStreamDelegate) throws {
        let xml = try LibXML2.functions(for: file)
        guard size <= Int(Int32.max) else {
            throw InputError(
                SourceLocation(file: file), "file is larger than 2 GiB",
                hint: "split the configuration into several files")
        }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputError(
                SourceLocation(file: file), "cannot read the file",
                hint: "check that it exists and that you may read it")
        }
        defer { close(descriptor) }
        guard
            let context = xml.createIOParserCtxt(
                nil, nil,
                { handle, buffer, length in
                    guard let buffer, length > 0 else { return 0 }
                    let descriptor = Int32(Int(bitPattern: handle) - 1)
                    while true {
                        let count = read(descriptor, buffer, Int(length))
                        if count >= 0 { return Int32(count) }
                        if errno != EINTR { return -1 }
                    }
                }, nil, UnsafeMutableRawPointer(bitPattern: Int(descriptor) + 1), XML_CHAR_ENCODING_NONE)
        else { throw InputError(SourceLocation(file: file), "file is empty") }
        if let failure = run(context, xml: xml, file: file, delegate: delegate) { throw failure }
    }

    private static func run(
        _ context: xmlParserCtxtPtr, xml: LibXML2, file: String, delegate: any XMLStreamDelegate
    ) -> InputError? {
        let session = XMLStreamSession(context: context, xml: xml, file: file, delegate: delegate)
        let opaque = Unmanaged.passUnretained(session).toOpaque()
        defer {
            if let document = context.pointee.myDoc { xml.freeDoc(document) }
            context.pointee.myDoc = nil
            xml.freeParserCtxt(context)
        }
        _ = xml.ctxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        context.pointee._private = opaque
        installCallbacks(context.pointee.sax)

        // Errors raised without a parser context (encoding conversion) would go to stderr through
        // the generic handler: take every error through this thread's structured handler, which
        // libxml2 prefers to all others, and put the previous one back afterwards.
        let previousHandler = xml.structuredError()?.pointee
        let previousContext = xml.structuredErrorContext()?.pointee
        xml.setStructuredErrorFunc(opaque) { data, error in
            guard let data, let error else { return }
            Unmanaged<XMLStreamSession>.fromOpaque(data).takeUnretainedValue().record(error.pointee)
        }
        let status = xml.parseDocument(context)
        xml.setStructuredErrorFunc(previousContext ?? nil, previousHandler ?? nil)

        return withExtendedLifetime(session) {
            if let failure = session.failure { return failure }
            if let message = session.pendingMessage { return session.error(message, at: nil) }
            if status != 0 || context.pointee.wellFormed == 0 {
                return session.error("the document is not well-formed XML", at: nil)
            }
            return nil
        }
    }

    /// The session that owns `context`, when `context` is the document's own parser context.
    /// Internal entities are parsed by temporary child contexts that share the SAX handler; for
    /// those this is `nil`, and the callbacks hand over to libxml2's tree builder so each entity
    /// is parsed once (a handler that builds nothing makes libxml2 parse an entity's text again
    /// at every reference, a quadratic blow-up).
    fileprivate static func session(of context: UnsafeMutableRawPointer?) -> XMLStreamSession? {
        guard let context, let opaque = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private
        else { return nil }
        let session = Unmanaged<XMLStreamSession>.fromOpaque(opaque).takeUnretainedValue()
        return UnsafeMutableRawPointer(session.context) == context ? session : nil
    }

    private static func installCallbacks(_ sax: UnsafeMutablePointer<xmlSAXHandler>?) {
        guard let sax else { return }
        sax.pointee.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes in
            guard let session = XMLStreamParser.session(of: context) else {
                return LibXML2.current.sax2StartElementNs(
                    context, localName, prefix, uri, namespaceCount, namespaces,
                    attributeCount, defaultedCount, attributes)
            }
            guard let localName else { return }
            session.startElement(
                XMLStartTag(
                    localName: localName, session: session, attributeArray: attributes,
                    attributeCount: Int(attributeCount - defaultedCount)))
        }
        sax.pointee.endElementNs = { context, localName, prefix, uri in
            guard let session = XMLStreamParser.session(of: context) else {
                return LibXML2.current.sax2EndElementNs(context, localName, prefix, uri)
            }
            session.delegate.endElement()
        }
        sax.pointee.characters = { context, text, length in
            if XMLStreamParser.session(of: context) == nil { LibXML2.current.sax2Characters(context, text, length) }
        }
        sax.pointee.ignorableWhitespace = sax.pointee.characters
        sax.pointee.cdataBlock = { context, text, length in
            if XMLStreamParser.session(of: context) == nil { LibXML2.current.sax2CDataBlock(context, text, length) }
        }
        sax.pointee.comment = { context, text in
            if XMLStreamParser.session(of: context) == nil { LibXML2.current.sax2Comment(context, text) }
        }
        sax.pointee.processingInstruction = { context, target, data in
            if XMLStreamParser.session(of: context) == nil { LibXML2.current.sax2ProcessingInstruction(context, target, data) }
        }
        sax.pointee.reference = { context, name in
            if XMLStreamParser.session(of: context) == nil { LibXML2.current.sax2Reference(context, name) }
        }
    }
}

/// State of one parse, reachable from the C callbacks through the context's `_private`.
private final class XMLStreamSession {
    let context: xmlParserCtxtPtr
    let xml: LibXML2
    let file: String
    let delegate: any XMLStreamDelegate
    /// The first error; the parse is stopped or failed once it is set.
    var failure: InputError?
    /// Bytes added to attribute values by user-defined entities so far.
    var entityExpansion = 0
    /// Attribute names by interned pointer: one Swift string per distinct name and document.
    private var names: [UnsafeRawPointer: String] = [:]

    init(context: xmlParserCtxtPtr, xml: LibXML2, file: String, delegate: any XMLStreamDelegate) {
        self.context = context
        self.xml = xml
        self.file = file
        self.delegate = delegate
    }

    func startElement(_ tag: XMLStartTag) {
        guard failure == nil else { return }
        do {
            try delegate.startElement(tag)
        } catch {
            failure =
                error as? InputError
                ?? InputError(SourceLocation(file: file, line: tag.line()), "\(error)")
            xml.stopParser(context)
        }
    }

    /// `name`, interned by libxml2's dictionary, as a shared Swift string.
    func string(_ name: UnsafePointer<xmlChar>) -> String {
        if let known = names[UnsafeRawPointer(name)] { return known }
        let string = String(cString: name)
        names[UnsafeRawPointer(name)] = string
        return string
    }

    /// An attribute value from libxml2's SAX2 attribute array. Character references and
    /// predefined entities are already replaced, except that `&` comes as `&#38;` and
    /// user-defined entities as `&name;`: those are decoded here, as libxml2 does for a tree.
    func value(from start: UnsafePointer<xmlChar>, to end: UnsafePointer<xmlChar>) throws -> String {
        let length = end - start
        let raw = UnsafeBufferPointer(start: start, count: length)
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        guard let decoded = xml.stringLenDecodeEntities(context, start, Int32(length), XML_SUBSTITUTE_REF, 0, 0, 0)
        else {
            throw failure ?? error("an entity reference in an attribute value cannot be expanded", at: nil)
        }
        // libxml2's default allocator is malloc/free (the `xmlFree` variable is shared mutable
        // state to Swift 6); nothing here installs another one.
        defer { free(decoded) }
        let decodedLength = strlen(UnsafeRawPointer(decoded).assumingMemoryBound(to: CChar.self))
        entityExpansion += max(0, decodedLength - length)
        if entityExpansion > XMLStreamParser.maximumEntityExpansion {
            throw error(
                "entities expand attribute values by more than \(XMLStreamParser.maximumEntityExpansion >> 20) MiB",
                at: nil, hint: "replace the entity references with their text")
        }
        return String(decoding: UnsafeBufferPointer(start: decoded, count: decodedLength), as: UTF8.self)
    }

    /// Keeps the first error (warnings are ignored).
    ///
    /// Some errors come without a position in the document: encoding conversion errors (no parser
    /// context) and errors in an entity's replacement text (a child context, whose lines count
    /// from the entity's start). The document's parser then fails at the bad spot, so the first
    /// message is kept and located at the next error of the document's own context.
    func record(_ error: xmlError) {
        guard failure == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue,
            // Reported at error level by libxml2, but a namespace name is any string to .NET.
            error.code != Int32(XML_WAR_NS_URI.rawValue)
        else { return }
        let message = Self.oneLine(error.message, code: error.code)
        if error.ctxt == UnsafeMutableRawPointer(context), error.line > 0 {
            if pendingMessage == nil, error.code == Int32(XML_ERR_LT_IN_ATTRIBUTE.rawValue),
                let opened = openingQuoteOfCurrentValue(), opened.line < Int(error.line)
            {
                failure = self.error(
                    "an attribute value opened here is not closed before line \(error.line) (its closing quote is missing, or a '<' inside it must be written &lt;)",
                    at: (opened.line, opened.column), hint: "close the quote and import again")
                return
            }
            failure = self.error(pendingMessage ?? message, at: (Int(error.line), error.int2 > 0 ? Int(error.int2) : nil))
        } else if pendingMessage == nil {
            pendingMessage = message
        }
    }

    /// Where the attribute value being parsed opened: the nearest quote before the parser's
    /// position that follows an `=` (blanks allowed between), located by counting the line
    /// breaks in between; `nil` when libxml2's input window no longer holds it. A value whose
    /// closing quote is missing runs on to the next `<`, often lines later, where libxml2
    /// reports `XML_ERR_LT_IN_ATTRIBUTE`: the mistake is where the value opened.
    func openingQuoteOfCurrentValue() -> (line: Int, column: Int?)? {
        guard context.pointee.inputNr > 0, let input = context.pointee.inputTab?[0],
            let base = input.pointee.base, var cursor = input.pointee.cur, cursor >= base
        else { return nil }
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        var lineBreaks = 0
        while cursor > base {
            cursor -= 1
            let byte = cursor.pointee
            if byte == 0x0A { lineBreaks += 1 }
            guard byte == 0x22 || byte == 0x27 else { continue }
            var before = cursor
            while before > base, isBlank((before - 1).pointee) { before -= 1 }
            guard before > base, (before - 1).pointee == 0x3D else { return nil }
            var lineStart = cursor
            while lineStart > base, (lineStart - 1).pointee != 0x0A { lineStart -= 1 }
            let wholeLine = lineStart > base || input.pointee.consumed == 0
            return (Int(input.pointee.line) - lineBreaks, wholeLine ? cursor - lineStart + 1 : nil)
        }
        return nil
    }

    /// The first error without a position, until the document's context reports one.
    var pendingMessage: String?

    /// An ``InputError`` at `position`, or where the document's parser stands.
    func error(
        _ message: String, at position: (line: Int, column: Int?)?,
        hint: String = "fix the file at this position and import again"
    ) -> InputError {
        var line = position?.line
        var column = position?.column
        if position == nil, context.pointee.inputNr > 0, let input = context.pointee.inputTab?[0] {
            line = input.pointee.line > 0 ? Int(input.pointee.line) : nil
            column = input.pointee.col > 0 ? Int(input.pointee.col) : nil
        }
        return InputError(SourceLocation(file: file, line: line, column: column), "XML error: \(message)", hint: hint)
    }

    /// The message for libxml2's error `code`, written per code (``XMLErrorMessage``): libxml2's
    /// own text quotes names and pieces of the input, which may belong to a secret attribute.
    /// libxml2's text is only inspected, never shown, to tell its limits apart.
    static func oneLine(_ raw: UnsafeMutablePointer<CChar>?, code: Int32) -> String {
        if let raw {
            let text = String(cString: raw).lowercased()
            if text.contains("excessive depth") { return "elements are nested deeper than 256 levels" }
            if text.contains("not proper utf-8") {
                return "bytes that are not valid UTF-8 (declare the file's encoding if it is another one: <?xml version=\"1.0\" encoding=\"windows-1252\"?>)"
            }
            if text.contains("too long") || text.contains("huge") {
                return "a name, a value or a text is longer than 10,000,000 bytes"
            }
        }
        return XMLErrorMessage.text(code: code)
    }
}

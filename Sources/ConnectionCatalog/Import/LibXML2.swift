import CLibXML2
import Foundation

/// The libxml2 functions the XML reader calls, resolved from the shared library the first time a
/// document is parsed.
///
/// The executable is not linked against libxml2: on Linux, loading it at start-up also loads ICU,
/// lzma and zlib (about a millisecond and a hundred page faults), which every command would pay
/// although only the ones reading XML files use it. The types and constants still come from the
/// libxml2 headers (``CLibXML2``), so the structure layouts are those of the installed library.
struct LibXML2: @unchecked Sendable {
    typealias ParserContext = xmlParserCtxtPtr

    let initParser: @convention(c) () -> Void
    let createMemoryParserCtxt: @convention(c) (UnsafePointer<CChar>?, Int32) -> ParserContext?
    let createIOParserCtxt:
        @convention(c) (
            xmlSAXHandlerPtr?, UnsafeMutableRawPointer?, xmlInputReadCallback?, xmlInputCloseCallback?,
            UnsafeMutableRawPointer?, xmlCharEncoding
        ) -> ParserContext?
    let ctxtUseOptions: @convention(c) (ParserContext?, Int32) -> Int32
    let parseDocument: @convention(c) (ParserContext?) -> Int32
    let stopParser: @convention(c) (ParserContext?) -> Void
    let freeParserCtxt: @convention(c) (ParserContext?) -> Void
    let freeDoc: @convention(c) (xmlDocPtr?) -> Void
    let structuredError: @convention(c) () -> UnsafeMutablePointer<xmlStructuredErrorFunc?>?
    let structuredErrorContext: @convention(c) () -> UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    let setStructuredErrorFunc: @convention(c) (UnsafeMutableRawPointer?, xmlStructuredErrorFunc?) -> Void
    let stringLenDecodeEntities:
        @convention(c) (
            ParserContext?, UnsafePointer<xmlChar>?, Int32, Int32, xmlChar, xmlChar, xmlChar
        ) -> UnsafeMutablePointer<xmlChar>?
    let sax2StartElementNs: startElementNsSAX2Func
    let sax2EndElementNs: endElementNsSAX2Func
    let sax2Characters: charactersSAXFunc
    let sax2CDataBlock: cdataBlockSAXFunc
    let sax2Comment: commentSAXFunc
    let sax2ProcessingInstruction: processingInstructionSAXFunc
    let sax2Reference: referenceSAXFunc

    /// The shared library's name for the dynamic loader.
    #if canImport(Darwin)
        static let libraryName = "libxml2.2.dylib"
    #else
        static let libraryName = "libxml2.so.2"
    #endif

    /// The functions, or why the library cannot be used (loaded and initialised once per process).
    static let loaded: Result<LibXML2, LoadFailure> = load()

    /// Why libxml2 cannot be used: the dynamic loader's own words.
    struct LoadFailure: Error {
        let reason: String
    }

    /// The functions for `file`'s parse.
    /// - Throws: ``InputError`` located at `file` when the library cannot be loaded.
    static func functions(for file: String) throws -> LibXML2 {
        switch loaded {
        case .success(let functions): return functions
        case .failure(let failure):
            throw InputError(
                SourceLocation(file: file), "the XML library libxml2 cannot be loaded (\(failure.reason))",
                hint: "install libxml2 (the package that provides \(libraryName)) to read XML files")
        }
    }

    /// The functions for libxml2's own callbacks, which only run once ``loaded`` succeeded.
    static var current: LibXML2 {
        guard case .success(let functions) = loaded else {
            preconditionFailure("libxml2 callback without the library")
        }
        return functions
    }

    private static func load() -> Result<LibXML2, LoadFailure> {
        guard let handle = dlopen(libraryName, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(LoadFailure(reason: lastLoaderError(or: "\(libraryName) not found")))
        }
        var missing: [String] = []
        func symbol<T>(_ name: String, as type: T.Type = T.self) -> T? {
            guard let address = dlsym(handle, name) else {
                missing.append(name)
                return nil
            }
            return unsafeBitCast(address, to: type)
        }
        let initParser: (@convention(c) () -> Void)? = symbol("xmlInitParser")
        let createMemoryParserCtxt: (@convention(c) (UnsafePointer<CChar>?, Int32) -> ParserContext?)? = symbol(
            "xmlCreateMemoryParserCtxt")
        let createIOParserCtxt:
            (
                @convention(c) (
                    xmlSAXHandlerPtr?, UnsafeMutableRawPointer?, xmlInputReadCallback?, xmlInputCloseCallback?,
                    UnsafeMutableRawPointer?, xmlCharEncoding
                ) -> ParserContext?
            )? = symbol("xmlCreateIOParserCtxt")
        let ctxtUseOptions: (@convention(c) (ParserContext?, Int32) -> Int32)? = symbol("xmlCtxtUseOptions")
        let parseDocument: (@convention(c) (ParserContext?) -> Int32)? = symbol("xmlParseDocument")
        let stopParser: (@convention(c) (ParserContext?) -> Void)? = symbol("xmlStopParser")
        let freeParserCtxt: (@convention(c) (ParserContext?) -> Void)? = symbol("xmlFreeParserCtxt")
        let freeDoc: (@convention(c) (xmlDocPtr?) -> Void)? = symbol("xmlFreeDoc")
        let structuredError: (@convention(c) () -> UnsafeMutablePointer<xmlStructuredErrorFunc?>?)? = symbol(
            "__xmlStructuredError")
        let structuredErrorContext: (@convention(c) () -> UnsafeMutablePointer<UnsafeMutableRawPointer?>?)? =
            symbol("__xmlStructuredErrorContext")
        let setStructuredErrorFunc: (@convention(c) (UnsafeMutableRawPointer?, xmlStructuredErrorFunc?) -> Void)? =
            symbol("xmlSetStructuredErrorFunc")
        let stringLenDecodeEntities:
            (
                @convention(c) (
                    ParserContext?, UnsafePointer<xmlChar>?, Int32, Int32, xmlChar, xmlChar, xmlChar
                ) -> UnsafeMutablePointer<xmlChar>?
            )? = symbol("xmlStringLenDecodeEntities")
        let sax2StartElementNs: startElementNsSAX2Func? = symbol("xmlSAX2StartElementNs")
        let sax2EndElementNs: endElementNsSAX2Func? = symbol("xmlSAX2EndElementNs")
        let sax2Characters: charactersSAXFunc? = symbol("xmlSAX2Characters")
        let sax2CDataBlock: cdataBlockSAXFunc? = symbol("xmlSAX2CDataBlock")
        let sax2Comment: commentSAXFunc? = symbol("xmlSAX2Comment")
        let sax2ProcessingInstruction: processingInstructionSAXFunc? = symbol("xmlSAX2ProcessingInstruction")
        let sax2Reference: referenceSAXFunc? = symbol("xmlSAX2Reference")
        guard let initParser, let createMemoryParserCtxt, let createIOParserCtxt, let ctxtUseOptions,
            let parseDocument, let stopParser, let freeParserCtxt, let freeDoc, let structuredError,
            let structuredErrorContext, let setStructuredErrorFunc, let stringLenDecodeEntities,
            let sax2StartElementNs, let sax2EndElementNs, let sax2Characters, let sax2CDataBlock, let sax2Comment,
            let sax2ProcessingInstruction, let sax2Reference
        else {
            return .failure(LoadFailure(reason: "\(libraryName) lacks \(missing.joined(separator: ", "))"))
        }
        let functions = LibXML2(
            initParser: initParser, createMemoryParserCtxt: createMemoryParserCtxt,
            createIOParserCtxt: createIOParserCtxt, ctxtUseOptions: ctxtUseOptions, parseDocument: parseDocument,
            stopParser: stopParser, freeParserCtxt: freeParserCtxt, freeDoc: freeDoc,
            structuredError: structuredError, structuredErrorContext: structuredErrorContext,
            setStructuredErrorFunc: setStructuredErrorFunc, stringLenDecodeEntities: stringLenDecodeEntities,
            sax2StartElementNs: sax2StartElementNs, sax2EndElementNs: sax2EndElementNs,
            sax2Characters: sax2Characters, sax2CDataBlock: sax2CDataBlock, sax2Comment: sax2Comment,
            sax2ProcessingInstruction: sax2ProcessingInstruction, sax2Reference: sax2Reference)
        // libxml2 wants `xmlInitParser` once before it is used from several threads.
        functions.initParser()
        return .success(functions)
    }

    /// `dlerror`'s text on one line, control characters replaced.
    private static func lastLoaderError(or fallback: String) -> String {
        guard let text = dlerror() else { return fallback }
        return String(String(cString: text).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }
}

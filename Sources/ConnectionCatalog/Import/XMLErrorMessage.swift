import CLibXML2

/// The message of an XML error, written by ConnectionCatalog per libxml2 error code.
///
/// libxml2's own text quotes the input (`Entity 'Dept2024' not defined`, `Specification mandates
/// value for attribute X`, element and attribute names, bytes): a piece of a secret attribute's
/// value could reach an error line that way. These messages say what is wrong without any text
/// of the file; the position (line, column) says where. An error code not listed here gets
/// `the document is not well-formed XML (libxml2 error N)`.
///
/// Source: libxml2's `xmlParserErrors` (`libxml/xmlerror.h`).
enum XMLErrorMessage {
    /// The message for libxml2 error `code`.
    static func text(code: Int32) -> String {
        messages[UInt32(bitPattern: code)] ?? "the document is not well-formed XML (libxml2 error \(code))"
    }

    private static let messages: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        func add(_ codes: [xmlParserErrors], _ text: String) { for code in codes { m[code.rawValue] = text } }
        add([XML_ERR_INTERNAL_ERROR], "the XML parser failed (internal error)")
        add([XML_ERR_NO_MEMORY], "not enough memory to parse the file")
        add([XML_ERR_DOCUMENT_START, XML_ERR_DOCUMENT_EMPTY], "start tag expected, '<' not found")
        add([XML_ERR_DOCUMENT_END, XML_ERR_EXTRA_CONTENT], "extra content after the root element")
        add(
            [XML_ERR_INVALID_HEX_CHARREF, XML_ERR_INVALID_DEC_CHARREF, XML_ERR_INVALID_CHARREF],
            "a character reference (&#...;) names a character that XML does not allow")
        add([XML_ERR_INVALID_CHAR], "a character that XML does not allow")
        add([XML_ERR_CHARREF_AT_EOF, XML_ERR_ENTITYREF_AT_EOF, XML_ERR_PEREF_AT_EOF], "the file ends inside a reference")
        add(
            [
                XML_ERR_CHARREF_IN_PROLOG, XML_ERR_CHARREF_IN_EPILOG, XML_ERR_ENTITYREF_IN_PROLOG, XML_ERR_ENTITYREF_IN_EPILOG,
                XML_ERR_PEREF_IN_PROLOG, XML_ERR_PEREF_IN_EPILOG,
            ], "a reference outside the root element")
        add([XML_ERR_CHARREF_IN_DTD, XML_ERR_ENTITYREF_IN_DTD, XML_ERR_PEREF_IN_INT_SUBSET], "a reference not allowed in the DTD")
        add([XML_ERR_ENTITYREF_NO_NAME, XML_ERR_PEREF_NO_NAME], "'&' not followed by an entity name (write &amp; for a literal '&')")
        add([XML_ERR_ENTITYREF_SEMICOL_MISSING, XML_ERR_PEREF_SEMICOL_MISSING], "an entity reference without its ';' (write &amp; for a literal '&')")
        add([XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY], "an entity reference to an entity that is not defined (write &amp; for a literal '&')")
        add([XML_ERR_UNPARSED_ENTITY], "a reference to an unparsed entity")
        add([XML_ERR_ENTITY_IS_EXTERNAL], "a reference to an external entity (external entities are never loaded)")
        add([XML_ERR_ENTITY_IS_PARAMETER], "a reference to a parameter entity outside the DTD")
        add([XML_ERR_UNKNOWN_ENCODING, XML_ERR_UNSUPPORTED_ENCODING], "the declared encoding is not supported")
        add([XML_ERR_STRING_NOT_STARTED, XML_ERR_STRING_NOT_CLOSED], "a quoted string is not started or not closed")
        add([XML_ERR_NS_DECL_ERROR], "a namespace declaration is not valid")
        add([XML_ERR_ENTITY_NOT_STARTED, XML_ERR_ENTITY_NOT_FINISHED], "an entity value is not started or not closed")
        add([XML_ERR_LT_IN_ATTRIBUTE], "an unescaped '<' in an attribute value (write &lt;)")
        add([XML_ERR_ATTRIBUTE_NOT_STARTED], "an attribute value must be quoted (\" or ')")
        add([XML_ERR_ATTRIBUTE_NOT_FINISHED], "an attribute value is not closed, or a tag is not well-formed")
        add([XML_ERR_ATTRIBUTE_WITHOUT_VALUE], "an attribute without a value (write name=\"value\")")
        add([XML_ERR_ATTRIBUTE_REDEFINED, XML_NS_ERR_ATTRIBUTE_REDEFINED], "an attribute is written twice in one element")
        add([XML_ERR_LITERAL_NOT_STARTED, XML_ERR_LITERAL_NOT_FINISHED], "a literal is not started or not closed")
        add([XML_ERR_COMMENT_NOT_FINISHED], "a comment is not closed (-->)")
        add([XML_ERR_PI_NOT_STARTED, XML_ERR_PI_NOT_FINISHED], "a processing instruction is not well-formed or not closed")
        add(
            [
                XML_ERR_NOTATION_NOT_STARTED, XML_ERR_NOTATION_NOT_FINISHED, XML_ERR_ATTLIST_NOT_STARTED, XML_ERR_ATTLIST_NOT_FINISHED,
                XML_ERR_MIXED_NOT_STARTED, XML_ERR_MIXED_NOT_FINISHED, XML_ERR_ELEMCONTENT_NOT_STARTED, XML_ERR_ELEMCONTENT_NOT_FINISHED,
                XML_ERR_CONDSEC_NOT_STARTED, XML_ERR_CONDSEC_NOT_FINISHED, XML_ERR_EXT_SUBSET_NOT_FINISHED, XML_ERR_DOCTYPE_NOT_FINISHED,
                XML_ERR_CONDSEC_INVALID, XML_ERR_CONDSEC_INVALID_KEYWORD,
            ], "a DTD declaration is not well-formed")
        add([XML_ERR_XMLDECL_NOT_STARTED, XML_ERR_XMLDECL_NOT_FINISHED], "the XML declaration (<?xml ...?>) is not well-formed")
        add([XML_ERR_MISPLACED_CDATA_END], "']]>' is not allowed in text")
        add([XML_ERR_CDATA_NOT_FINISHED], "a CDATA section is not closed (]]>)")
        add([XML_ERR_RESERVED_XML_NAME], "an XML declaration is allowed only at the start of the document")
        add([XML_ERR_SPACE_REQUIRED], "a blank is required here")
        add(
            [XML_ERR_SEPARATOR_REQUIRED, XML_ERR_NMTOKEN_REQUIRED, XML_ERR_PCDATA_REQUIRED, XML_ERR_URI_REQUIRED, XML_ERR_PUBID_REQUIRED],
            "a DTD declaration is not well-formed")
        add([XML_ERR_NAME_REQUIRED], "a name is expected here (of an element or an attribute)")
        add([XML_ERR_LT_REQUIRED], "'<' expected")
        add([XML_ERR_GT_REQUIRED], "'>' expected: a tag is not well-formed (an attribute value not closed, or a stray character)")
        add([XML_ERR_LTSLASH_REQUIRED], "an end tag '</' expected")
        add([XML_ERR_EQUAL_REQUIRED], "'=' expected after an attribute name")
        add([XML_ERR_TAG_NAME_MISMATCH], "an end tag does not match the element it closes")
        add([XML_ERR_TAG_NOT_FINISHED], "the file ends before an element is closed")
        add([XML_ERR_STANDALONE_VALUE], "the standalone declaration must be 'yes' or 'no'")
        add([XML_ERR_ENCODING_NAME, XML_ERR_MISSING_ENCODING], "the encoding declaration is not valid")
        add([XML_ERR_HYPHEN_IN_COMMENT], "'--' is not allowed inside a comment")
        add([XML_ERR_INVALID_ENCODING], "bytes not valid in the declared encoding (UTF-8 unless declared)")
        add([XML_ERR_EXT_ENTITY_STANDALONE, XML_ERR_NOT_STANDALONE], "the document declares standalone but needs external declarations")
        add([XML_ERR_VALUE_REQUIRED], "a value is required here")
        add([XML_ERR_NOT_WELL_BALANCED], "elements are not well balanced")
        add(
            [XML_ERR_ENTITY_CHAR_ERROR, XML_ERR_ENTITY_PE_INTERNAL, XML_ERR_ENTITY_BOUNDARY, XML_ERR_ENTITY_PROCESSING],
            "an entity's replacement text is not well-formed")
        add([XML_ERR_ENTITY_LOOP], "entity references loop or expand too much (entity expansion bomb)")
        add([XML_ERR_INVALID_URI, XML_ERR_URI_FRAGMENT], "a system identifier (URI) is not valid")
        add([XML_ERR_NO_DTD], "a reference needs a DTD that the document does not have")
        add([XML_ERR_VERSION_MISSING], "the XML declaration has no version")
        add([XML_ERR_UNKNOWN_VERSION, XML_ERR_VERSION_MISMATCH], "the XML version is not supported (write version=\"1.0\")")
        add([XML_ERR_NAME_TOO_LONG], "a name is too long")
        add([XML_NS_ERR_XML_NAMESPACE], "the xml namespace prefix is misused")
        add([XML_NS_ERR_UNDEFINED_NAMESPACE], "a namespace prefix is not declared (xmlns:prefix=\"...\")")
        add([XML_NS_ERR_QNAME, XML_NS_ERR_COLON], "a qualified name is not valid")
        add([XML_NS_ERR_EMPTY], "a namespace name is empty")
        add([XML_I18N_CONV_FAILED], "bytes not valid in the declared encoding")
        add([XML_I18N_NO_HANDLER, XML_I18N_NO_NAME, XML_I18N_EXCESS_HANDLER, XML_I18N_NO_OUTPUT], "the declared encoding is not supported")
        return m
    }()
}

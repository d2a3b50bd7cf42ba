import CLibXML2
import Foundation

/// An HTML document as libxml2's HTML parser reads it (the way a browser-like parser sees the
/// markup, not the way the text looks): elements with attributes and children, text nodes.
final class HTMLElement {
    let name: String
    var attributes: [String: String] = [:]
    var children: [HTMLElement] = []
    /// For a text node (`name == "#text"`): its text, entities decoded.
    var text = ""

    init(name: String) { self.name = name }

    /// Parses `html` (UTF-8) without network access; `nil` when libxml2 returns no document.
    static func parse(_ html: String) -> HTMLElement? {
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        guard
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    htmlReadMemory($0, Int32(bytes.count), "report.html", "UTF-8", options)
                }
            })
        else { return nil }
        defer { xmlFreeDoc(document) }
        let root = HTMLElement(name: "#document")
        var child = document.pointee.children
        while let node = child {
            if let converted = convert(node) { root.children.append(converted) }
            child = node.pointee.next
        }
        return root
    }

    private static func convert(_ node: xmlNodePtr) -> HTMLElement? {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            let element = HTMLElement(name: "#text")
            if let content = node.pointee.content { element.text = String(cString: content) }
            return element
        case XML_ELEMENT_NODE:
            let element = HTMLElement(name: String(cString: node.pointee.name).lowercased())
            var attribute = node.pointee.properties
            while let a = attribute {
                let name = String(cString: a.pointee.name).lowercased()
                var value = ""
                if let raw = xmlGetProp(node, a.pointee.name) {
                    value = String(cString: raw)
                    free(raw)  // libxml2's default xmlFree
                }
                element.attributes[name] = value
                attribute = a.pointee.next
            }
            var child = node.pointee.children
            while let c = child {
                if let converted = convert(c) { element.children.append(converted) }
                child = c.pointee.next
            }
            return element
        default:
            return nil
        }
    }

    /// This element and every element below it, in document order.
    var all: [HTMLElement] { [self] + children.flatMap(\.all) }

    /// Elements below named `name` (and with class `className` when given).
    func elements(_ name: String, class className: String? = nil) -> [HTMLElement] {
        all.filter { element in element.name == name && (className.map { element.classes.contains($0) } ?? true) }
    }

    /// The first element below (or this one) with `id`.
    func element(id: String) -> HTMLElement? { all.first { $0.attributes["id"] == id } }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// All text below, concatenated.
    var textContent: String { name == "#text" ? text : children.map(\.textContent).joined() }
}

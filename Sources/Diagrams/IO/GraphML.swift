// A reader for GraphML: the nodes and edges of the file's first graph, as a directed graph (an edge runs
// from `source` to `target`, whatever `edgedefault` says). Data keys, `<data>`, `<desc>`, ports and node
// geometry are ignored; every node gets the default size (54 × 36 points, see GraphDocument.swift) grown
// to fit its id, which is its label. Nested graphs and hyperedges are not supported (errors).
//
// XML is read by the small scanner below, not Foundation's XMLParser: the Diagrams module needs no
// Foundation, and on Linux XMLParser reports errors as bare numeric codes (and `parse()` may still return
// true after one). The scanner reads well-formed XML 1.0 as GraphML files use it (declaration, comments,
// processing instructions, a DOCTYPE that is skipped and never fetched, CDATA, the predefined and numeric
// character references) and reports errors with their line and column.

enum GraphMLReader {
    static func read(_ text: String) throws(GraphInputError) -> GraphDocument {
        var builder = GraphMLBuilder()
        var scanner = XMLScanner(Array(text.utf8))
        try scanner.scan { event throws(GraphInputError) in try builder.handle(event) }
        return try builder.finish()
    }
}

private struct GraphMLBuilder {
    var stack: [String] = []       // local names of the open elements
    var graphs = 0                 // top-level graphs seen
    var graphName: String?
    var reading = false            // inside the first top-level graph
    var sawRoot = false
    var nodes: [LayoutGraph.Node] = []
    var index: [String: Int] = [:]
    var pendingEdges: [(source: String, target: String, at: SourceLocation)] = []
    var warnings: [GraphInputWarning] = []

    static func local(_ name: String) -> String {
        name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    mutating func handle(_ event: XMLEvent) throws(GraphInputError) {
        switch event {
        case .start(let qualified, let attributes, let at):
            let name = Self.local(qualified)
            if stack.isEmpty {
                guard name == "graphml" else { throw GraphInputError("the root element is <\(qualified)>, not <graphml>: not a GraphML file", at: at) }
                sawRoot = true
            }
            let parent = stack.last
            stack.append(name)
            switch name {
            case "graph":
                if parent == "node" || parent == "edge" {
                    throw GraphInputError("nested graphs (a <graph> inside a <\(parent!)>) are not supported", at: at)
                }
                guard parent == "graphml" else { return }
                graphs += 1
                if graphs == 1 {
                    reading = true
                    graphName = attributes["id"]
                    if attributes["edgedefault"] == "undirected" {
                        warnings.append(GraphInputWarning("edgedefault=\"undirected\": edges are laid out from source to target", at: at))
                    }
                } else if graphs == 2 {
                    warnings.append(GraphInputWarning("the file has more than one graph: only the first is read", at: at))
                }
            case "node" where reading && parent == "graph":
                guard let id = attributes["id"] else { throw GraphInputError("<node> without an id attribute", at: at) }
                guard index[id] == nil else { throw GraphInputError("duplicate node id \"\(id)\"", at: at) }
                index[id] = nodes.count
                let size = NodeSizing.size(label: id)
                nodes.append(LayoutGraph.Node(id: id, width: size.width, height: size.height))
            case "edge" where reading && parent == "graph":
                guard let source = attributes["source"] else { throw GraphInputError("<edge> without a source attribute", at: at) }
                guard let target = attributes["target"] else { throw GraphInputError("<edge> without a target attribute", at: at) }
                pendingEdges.append((source, target, at))
            case "hyperedge" where reading:
                throw GraphInputError("hyperedges are not supported", at: at)
            default:
                break
            }
        case .end:
            if stack.popLast() == "graph", stack.last == "graphml" { reading = false }
        }
    }

    func finish() throws(GraphInputError) -> GraphDocument {
        guard sawRoot else { throw GraphInputError("empty file: no <graphml> element") }
        guard graphs > 0 else { throw GraphInputError("no <graph> element in <graphml>") }
        var edges: [LayoutGraph.Edge] = []
        edges.reserveCapacity(pendingEdges.count)
        for edge in pendingEdges {
            guard let s = index[edge.source] else { throw GraphInputError("edge source \"\(edge.source)\" is not a node of the graph", at: edge.at) }
            guard let t = index[edge.target] else { throw GraphInputError("edge target \"\(edge.target)\" is not a node of the graph", at: edge.at) }
            edges.append(LayoutGraph.Edge(source: s, target: t))
        }
        return GraphDocument(name: graphName, graph: LayoutGraph(nodes: nodes, edges: edges), warnings: warnings)
    }
}

enum XMLEvent {
    case start(name: String, attributes: [String: String], at: SourceLocation)
    case end(name: String, at: SourceLocation)
}

/// A small non-validating XML scanner: elements and attributes as events; text, comments, processing
/// instructions and the DOCTYPE are checked for well-formedness and skipped.
struct XMLScanner {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var column = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    var here: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    private mutating func advance() {
        let b = bytes[i]
        i += 1
        if b == UInt8(ascii: "\n") { line += 1; column = 1 }
        else if b & 0xC0 != 0x80 { column += 1 }
    }

    private mutating func advance(_ n: Int) { for _ in 0..<n { advance() } }

    private func looking(at text: String) -> Bool {
        var k = i
        for b in text.utf8 {
            guard k < bytes.count, bytes[k] == b else { return false }
            k += 1
        }
        return true
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }
    private static func isNameChar(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }

    private mutating func skipSpace() { while let b = peek(), Self.isSpace(b) { advance() } }

    /// Skips to just after `terminator`, or fails with `message` at `start`.
    private mutating func skip(past terminator: String, _ message: String, from start: SourceLocation) throws(GraphInputError) {
        while i < bytes.count {
            if looking(at: terminator) { advance(terminator.utf8.count); return }
            advance()
        }
        throw GraphInputError(message, at: start)
    }

    mutating func scan(_ handle: (XMLEvent) throws(GraphInputError) -> Void) throws(GraphInputError) {
        var open: [(name: String, at: SourceLocation)] = []
        var rootDone = false
        while i < bytes.count {
            let start = here
            let b = bytes[i]
            if b != UInt8(ascii: "<") {
                if open.isEmpty && !Self.isSpace(b) {
                    throw GraphInputError(rootDone ? "text after the root element" : "text before the root element: not an XML file", at: start)
                }
                if b == UInt8(ascii: "&") { _ = try reference() } else { advance() }
                continue
            }
            if looking(at: "<?") {
                try skip(past: "?>", "unterminated processing instruction `<?`", from: start)
            } else if looking(at: "<!--") {
                advance(4)
                try skip(past: "-->", "unterminated comment `<!--`", from: start)
            } else if looking(at: "<![CDATA[") {
                guard !open.isEmpty else { throw GraphInputError("CDATA outside the root element", at: start) }
                try skip(past: "]]>", "unterminated CDATA section", from: start)
            } else if looking(at: "<!DOCTYPE") {
                guard open.isEmpty, !rootDone else { throw GraphInputError("DOCTYPE inside the document", at: start) }
                try doctype(start)
            } else if looking(at: "</") {
                advance(2)
                let name = try self.name("an element name after `</`")
                skipSpace()
                guard peek() == UInt8(ascii: ">") else { throw GraphInputError("expected `>` to close `</\(name)`", at: here) }
                advance()
                guard let top = open.popLast() else { throw GraphInputError("closing tag </\(name)> without an opening tag", at: start) }
                guard top.name == name else {
                    throw GraphInputError("closing tag </\(name)> does not match <\(top.name)> opened at \(top.at)", at: start)
                }
                try handle(.end(name: name, at: start))
                if open.isEmpty { rootDone = true }
            } else {
                advance()
                if rootDone && open.isEmpty { throw GraphInputError("a second root element (an XML file has one)", at: start) }
                let name = try self.name("an element name after `<`")
                var attributes: [String: String] = [:]
                while true {
                    let hadSpace = peek().map(Self.isSpace) ?? false
                    skipSpace()
                    guard let c = peek() else { throw GraphInputError("unterminated tag <\(name)", at: start) }
                    if c == UInt8(ascii: ">") {
                        advance()
                        open.append((name, start))
                        try handle(.start(name: name, attributes: attributes, at: start))
                        break
                    }
                    if c == UInt8(ascii: "/") {
                        advance()
                        guard peek() == UInt8(ascii: ">") else { throw GraphInputError("expected `>` after `/` in <\(name)", at: here) }
                        advance()
                        try handle(.start(name: name, attributes: attributes, at: start))
                        try handle(.end(name: name, at: start))
                        if open.isEmpty { rootDone = true }
                        break
                    }
                    guard hadSpace else { throw GraphInputError("expected a space before the attribute in <\(name)", at: here) }
                    let attributeAt = here
                    let key = try self.name("an attribute name in <\(name)")
                    skipSpace()
                    guard peek() == UInt8(ascii: "=") else { throw GraphInputError("expected `=` after the attribute \(key)", at: here) }
                    advance()
                    skipSpace()
                    guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                        throw GraphInputError("the value of \(key) must be quoted", at: here)
                    }
                    advance()
                    var value: [UInt8] = []
                    while true {
                        guard let v = peek() else { throw GraphInputError("unterminated value of the attribute \(key)", at: attributeAt) }
                        if v == quote { advance(); break }
                        if v == UInt8(ascii: "<") { throw GraphInputError("`<` in the value of the attribute \(key)", at: here) }
                        if v == UInt8(ascii: "&") { value += try reference() }
                        else { value.append(Self.isSpace(v) ? 0x20 : v); advance() }
                    }
                    guard attributes[key] == nil else { throw GraphInputError("the attribute \(key) appears twice in <\(name)", at: attributeAt) }
                    attributes[key] = String(decoding: value, as: UTF8.self)
                }
            }
        }
        if let top = open.last { throw GraphInputError("<\(top.name)> is never closed", at: top.at) }
        if !rootDone { throw GraphInputError("empty file: no root element", at: here) }
    }

    private mutating func name(_ what: String) throws(GraphInputError) -> String {
        guard let b = peek(), Self.isNameStart(b) else { throw GraphInputError("expected \(what)", at: here) }
        let from = i
        while let c = peek(), Self.isNameChar(c) { advance() }
        return String(decoding: bytes[from..<i], as: UTF8.self)
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#65;`, `&#x41;` → its UTF-8 bytes.
    private mutating func reference() throws(GraphInputError) -> [UInt8] {
        let start = here
        advance()
        let from = i
        while let c = peek(), c != UInt8(ascii: ";") {
            guard i - from < 12, !Self.isSpace(c), c != UInt8(ascii: "<") else {
                throw GraphInputError("`&` must start a reference such as &amp; (write &amp; for &)", at: start)
            }
            advance()
        }
        guard peek() == UInt8(ascii: ";") else { throw GraphInputError("unterminated reference `&`", at: start) }
        let body = String(decoding: bytes[from..<i], as: UTF8.self)
        advance()
        switch body {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default:
            var code: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") { code = UInt32(body.dropFirst(2), radix: 16) }
            else if body.hasPrefix("#") { code = UInt32(body.dropFirst(), radix: 10) }
            else { throw GraphInputError("unknown entity &\(body); (only &amp; &lt; &gt; &quot; &apos; and &#N; are known)", at: start) }
            guard let code, let scalar = Unicode.Scalar(code), code != 0 else {
                throw GraphInputError("invalid character reference &\(body);", at: start)
            }
            return Array(String(Character(scalar)).utf8)
        }
    }

    /// `<!DOCTYPE name [PUBLIC|SYSTEM "..."] [ [internal subset] ]>`: skipped, never fetched.
    private mutating func doctype(_ start: SourceLocation) throws(GraphInputError) {
        advance(9)
        var quote: UInt8?
        var depth = 0
        while let c = peek() {
            advance()
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ">") where depth <= 0: return
            default: break
            }
        }
        throw GraphInputError("unterminated DOCTYPE", at: start)
    }
}

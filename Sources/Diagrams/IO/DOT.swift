// A reader for the subset of Graphviz's DOT language that layouts need.
//
// Read: `[strict] digraph|graph [NAME] { ... }`; node statements `a [label="..", width=1, height=.5]`; edge
// statements `a -> b -> {c d} [weight=2, minlen=2]`; IDs unquoted (`a_1`, `-1.5`, non-ASCII letters), quoted
// (`"a \"b\""`, `"a" + "b"`, backslash-newline continuations) or HTML (`<b>x</b>`); ports `a:p:n` (ignored);
// `//`, `/* */` and `#` line comments; `graph`/`node`/`edge [...]` default statements; `ID = ID` graph
// attributes; subgraphs, named or anonymous, with `subgraph cluster_x { ... }` making its nodes members of
// the cluster `cluster_x` (the innermost one, when clusters nest).
//
// Honoured attributes. Graph (top level only): `rankdir` (TB, LR; BT and RL draw as TB and LR, with a
// warning), `nodesep` and `ranksep` (inches). Node: `label` (`\N` is the node's name; `\n`, `\l`, `\r` end
// lines), `width`, `height` (inches, minimums as in dot), `fixedsize`. Edge: `weight`, `minlen`. The defaults
// that `node [...]` and `edge [...]` set apply, as in dot, to nodes created and edges written after them in
// the same (sub)graph. Everything else (shapes, colours, fonts, edge labels, `rank=same`, ...) is read and
// ignored. Errors carry the line and column where reading stopped.

enum DOTReader {
    static func read(_ text: String) throws(GraphInputError) -> GraphDocument {
        var parser = DOTParser(Array(text.utf8))
        return try parser.document()
    }
}

private struct Token: Equatable {
    enum Kind: Equatable {
        case id(String, quoted: Bool)   // quoted also for HTML strings: neither can be a keyword
        case lbrace, rbrace, lbracket, rbracket, equals, semicolon, comma, colon, plus
        case arrow, line                // -> and --
        case end
    }
    var kind: Kind
    var at: SourceLocation

    var describe: String {
        switch kind {
        case .id(let s, let quoted): return quoted ? "\"\(s)\"" : "`\(s)`"
        case .lbrace: return "`{`"
        case .rbrace: return "`}`"
        case .lbracket: return "`[`"
        case .rbracket: return "`]`"
        case .equals: return "`=`"
        case .semicolon: return "`;`"
        case .comma: return "`,`"
        case .colon: return "`:`"
        case .plus: return "`+`"
        case .arrow: return "`->`"
        case .line: return "`--`"
        case .end: return "the end of the file"
        }
    }
}

private struct DOTLexer {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var column = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // byte order mark
    }

    var here: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    private mutating func advance() {
        let b = bytes[i]
        i += 1
        if b == UInt8(ascii: "\n") { line += 1; column = 1 }
        else if b & 0xC0 != 0x80 { column += 1 }  // count characters, not UTF-8 continuation bytes
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b >= 0x80
    }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether only spaces precede position `i` on its line (for `#` preprocessor lines).
    private func atLineStart() -> Bool {
        var k = i - 1
        while k >= 0, bytes[k] == 0x20 || bytes[k] == 0x09 { k -= 1 }
        return k < 0 || bytes[k] == UInt8(ascii: "\n") || bytes[k] == UInt8(ascii: "\r")
    }

    private mutating func skipSpaceAndComments() throws(GraphInputError) {
        while let b = peek() {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                advance()
            } else if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let c = peek(), c != UInt8(ascii: "\n") { _ = c; advance() }
            } else if b == UInt8(ascii: "#"), atLineStart() {
                while let c = peek(), c != UInt8(ascii: "\n") { _ = c; advance() }
            } else if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = here
                advance(); advance()
                while true {
                    guard let c = peek() else { throw GraphInputError("unterminated comment `/*`", at: start) }
                    if c == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") { advance(); advance(); break }
                    advance()
                }
            } else {
                return
            }
        }
    }

    mutating func next() throws(GraphInputError) -> Token {
        try skipSpaceAndComments()
        let start = here
        guard let b = peek() else { return Token(kind: .end, at: start) }
        func single(_ kind: Token.Kind) -> Token { advance(); return Token(kind: kind, at: start) }
        switch b {
        case UInt8(ascii: "{"): return single(.lbrace)
        case UInt8(ascii: "}"): return single(.rbrace)
        case UInt8(ascii: "["): return single(.lbracket)
        case UInt8(ascii: "]"): return single(.rbracket)
        case UInt8(ascii: "="): return single(.equals)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "\""): return Token(kind: .id(try quoted(start), quoted: true), at: start)
        case UInt8(ascii: "<"): return Token(kind: .id(try html(start), quoted: true), at: start)
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: ">"):
            advance(); advance(); return Token(kind: .arrow, at: start)
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
            advance(); advance(); return Token(kind: .line, at: start)
        default:
            if Self.isLetter(b) {
                let from = i
                while let c = peek(), Self.isLetter(c) || Self.isDigit(c) { advance() }
                return Token(kind: .id(String(decoding: bytes[from..<i], as: UTF8.self), quoted: false), at: start)
            }
            if Self.isDigit(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                return Token(kind: .id(try numeral(start), quoted: false), at: start)
            }
            let scalar = String(decoding: bytes[i..<min(i + 1, bytes.count)], as: UTF8.self)
            throw GraphInputError("unexpected character `\(scalar)`", at: start)
        }
    }

    /// `-?(.digits | digits(.digits?)?)`; a letter right after it is an error (dot would split `2a` in two).
    private mutating func numeral(_ start: SourceLocation) throws(GraphInputError) -> String {
        let from = i
        if peek() == UInt8(ascii: "-") { advance() }
        var digits = 0, dots = 0
        while let c = peek() {
            if Self.isDigit(c) { digits += 1; advance() }
            else if c == UInt8(ascii: "."), dots == 0 { dots += 1; advance() }
            else { break }
        }
        let text = String(decoding: bytes[from..<i], as: UTF8.self)
        if digits == 0 { throw GraphInputError("`\(text)` is not a number nor an ID", at: start) }
        if let c = peek(), Self.isLetter(c) {
            throw GraphInputError("an unquoted ID cannot start with a digit: quote it, as in \"\(text)…\"", at: start)
        }
        return text
    }

    /// A double-quoted string: `\"` is a quote, backslash-newline continues the line; other escapes stay as
    /// written (dot interprets `\n`, `\l`, `\N` in labels later).
    private mutating func quoted(_ start: SourceLocation) throws(GraphInputError) -> String {
        advance()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw GraphInputError("unterminated string", at: start) }
            if c == UInt8(ascii: "\"") { advance(); break }
            if c == UInt8(ascii: "\\"), let d = peek(1) {
                if d == UInt8(ascii: "\"") { advance(); advance(); out.append(d); continue }
                if d == UInt8(ascii: "\n") { advance(); advance(); continue }
                if d == UInt8(ascii: "\r"), peek(2) == UInt8(ascii: "\n") { advance(); advance(); advance(); continue }
            }
            out.append(c)
            advance()
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An HTML string `<...>` with balanced angle brackets; its content is kept as it is.
    private mutating func html(_ start: SourceLocation) throws(GraphInputError) -> String {
        advance()
        let from = i
        var depth = 1
        while true {
            guard let c = peek() else { throw GraphInputError("unterminated HTML string `<...>`", at: start) }
            if c == UInt8(ascii: "<") { depth += 1 }
            if c == UInt8(ascii: ">") {
                depth -= 1
                if depth == 0 {
                    let text = String(decoding: bytes[from..<i], as: UTF8.self)
                    advance()
                    return text
                }
            }
            advance()
        }
    }
}

private struct DOTParser {
    typealias Attributes = [String: (value: String, at: SourceLocation)]

    var lexer: DOTLexer
    var token: Token

    // What is being built.
    var directed = true
    var nodes: [LayoutGraph.Node] = []
    var nodeAttributes: [Attributes] = []
    var index: [String: Int] = [:]
    var edges: [LayoutGraph.Edge] = []
    var options = LayoutOptions()
    var clusterParents: [String: String?] = [:]
    var warnings: [GraphInputWarning] = []
    var anonymous = 0

    /// The (sub)graph being read: its defaults and the cluster its nodes join.
    struct Scope {
        var nodeDefaults: Attributes = [:]
        var edgeDefaults: Attributes = [:]
        var cluster: String?
        var isRoot: Bool
    }
    var scope = Scope(isRoot: true)

    init(_ bytes: [UInt8]) {
        lexer = DOTLexer(bytes)
        token = Token(kind: .end, at: SourceLocation(line: 1, column: 1))
    }

    // MARK: tokens

    mutating func advance() throws(GraphInputError) { token = try lexer.next() }

    func fail(_ message: String, at: SourceLocation? = nil) -> GraphInputError {
        GraphInputError(message, at: at ?? token.at)
    }

    func expected(_ what: String) -> GraphInputError { fail("expected \(what), found \(token.describe)") }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(GraphInputError) {
        guard token.kind == kind else { throw expected(what) }
        try advance()
    }

    /// The current token's text if it is an ID (a keyword only when `keywords` allows it).
    func idText(keywords: Bool = false) -> String? {
        guard case .id(let s, let quoted) = token.kind else { return nil }
        if !quoted && !keywords && Self.isKeyword(s) { return nil }
        return s
    }

    static func isKeyword(_ s: String) -> Bool {
        ["node", "edge", "graph", "digraph", "subgraph", "strict"].contains(s.lowercased())
    }

    func isKeyword(_ word: String) -> Bool {
        if case .id(let s, false) = token.kind { return s.lowercased() == word }
        return false
    }

    /// An ID, with `"a" + "b"` concatenation of quoted strings.
    mutating func id(_ what: String) throws(GraphInputError) -> (String, SourceLocation) {
        guard var text = idText() else {
            if case .id(let s, false) = token.kind { throw fail("`\(s)` is a keyword: quote it to use it as \(what)") }
            throw expected(what)
        }
        let at = token.at
        var quoted = false
        if case .id(_, true) = token.kind { quoted = true }
        try advance()
        while quoted, token.kind == .plus {
            try advance()
            guard case .id(let more, true) = token.kind else { throw expected("a quoted string after `+`") }
            text += more
            try advance()
        }
        return (text, at)
    }

    // MARK: grammar

    mutating func document() throws(GraphInputError) -> GraphDocument {
        try advance()
        if isKeyword("strict") { try advance() }
        if isKeyword("digraph") { directed = true }
        else if isKeyword("graph") { directed = false }
        else { throw expected("`digraph` or `graph`") }
        try advance()
        var name: String?
        if idText() != nil { name = try id("the graph's name").0 }
        try expect(.lbrace, "`{` to open the graph")
        try statements()
        try expect(.rbrace, "`}` to close the graph")
        guard token.kind == .end else { throw fail("unexpected \(token.describe) after the graph's closing `}` (one graph per file)") }

        for (k, attributes) in nodeAttributes.enumerated() { try size(node: k, attributes) }
        let labels = nodeAttributes.enumerated().map { k, attributes in label(of: nodes[k].id, attributes) }
        return GraphDocument(name: name, graph: LayoutGraph(nodes: nodes, edges: edges), labels: labels, options: options,
                             clusterParents: clusterParents, warnings: warnings)
    }

    /// Statements up to the closing `}` (not consumed).
    mutating func statements() throws(GraphInputError) {
        while token.kind != .rbrace && token.kind != .end {
            try statement()
            while token.kind == .semicolon || token.kind == .comma { try advance() }
        }
    }

    mutating func statement() throws(GraphInputError) {
        if isKeyword("graph") || isKeyword("node") || isKeyword("edge") {
            guard case .id(let word, _) = token.kind else { return }
            try advance()
            guard token.kind == .lbracket else { throw expected("`[` after `\(word)`") }
            let attributes = try attributeLists()
            switch word.lowercased() {
            case "graph": graphAttributes(attributes)
            case "node": for (k, v) in attributes { scope.nodeDefaults[k] = v }
            default: for (k, v) in attributes { scope.edgeDefaults[k] = v }
            }
            return
        }
        if idText() != nil {
            // `ID = ID` (a graph attribute), a node statement or the start of an edge statement.
            let (name, at) = try id("a node")
            if token.kind == .equals {
                try advance()
                let (value, valueAt) = try id("a value after `=`")
                graphAttributes([name: (value, valueAt)], keyAt: at)
                return
            }
            try port()
            let node = self.node(name, at: at)
            if token.kind == .arrow || token.kind == .line {
                try edges(from: [node])
            } else if token.kind == .lbracket {
                let attributes = try attributeLists()
                for (k, v) in attributes { nodeAttributes[node][k] = v }
            }
            return
        }
        if token.kind == .lbrace || isKeyword("subgraph") {
            let members = try subgraph()
            if token.kind == .arrow || token.kind == .line { try edges(from: members) }
            return
        }
        throw expected("a statement (a node, an edge, a subgraph or an attribute)")
    }

    /// `-> operand -> operand ... [attributes]`, from the nodes already read.
    mutating func edges(from first: [Int]) throws(GraphInputError) {
        var chain = [first]
        while token.kind == .arrow || token.kind == .line {
            if directed && token.kind == .line { throw fail("`--` in a digraph: its edges are written `->`") }
            if !directed && token.kind == .arrow { throw fail("`->` in an undirected graph: its edges are written `--` (or write `digraph`)") }
            try advance()
            if token.kind == .lbrace || isKeyword("subgraph") {
                chain.append(try subgraph())
            } else {
                let (name, at) = try id("a node or a subgraph after the edge operator")
                try port()
                chain.append([node(name, at: at)])
            }
        }
        var attributes = scope.edgeDefaults
        if token.kind == .lbracket { for (k, v) in try attributeLists() { attributes[k] = v } }
        var weight = 1.0, minLength = 1
        if let (value, at) = attributes["weight"] {
            guard let w = Double(value), w >= 0, w.isFinite else { throw fail("weight must be a number ≥ 0, found `\(value)`", at: at) }
            weight = w
        }
        if let (value, at) = attributes["minlen"] {
            guard let m = Double(value), m >= 0, m == m.rounded(), m < 1_000_000 else {
                throw fail("minlen must be a whole number ≥ 0, found `\(value)`", at: at)
            }
            minLength = Int(m)
        }
        for (tails, heads) in zip(chain, chain.dropFirst()) {
            for t in tails { for h in heads { edges.append(LayoutGraph.Edge(source: t, target: h, weight: weight, minLength: minLength)) } }
        }
    }

    /// `[subgraph [ID]] { statements }`; returns the nodes it mentions, in order.
    mutating func subgraph() throws(GraphInputError) -> [Int] {
        var name: String?
        if isKeyword("subgraph") {
            try advance()
            if idText() != nil { name = try id("the subgraph's name").0 }
        }
        guard token.kind == .lbrace else { throw expected("`{` to open the subgraph") }
        // Reading recurses once per subgraph: 2,000 nested ones overflowed a thread's stack (Tests/Fixtures/fuzz/dot/).
        if membersStack.count >= DOTParser.maximumDepth {
            throw fail("subgraphs are nested more than \(DOTParser.maximumDepth) deep")
        }
        try advance()
        let outer = scope
        var inner = Scope(nodeDefaults: outer.nodeDefaults, edgeDefaults: outer.edgeDefaults, cluster: outer.cluster, isRoot: false)
        if let name, name.hasPrefix("cluster") {
            if clusterParents[name] == nil { clusterParents[name] = .some(outer.cluster) }
            inner.cluster = name
        }
        scope = inner
        membersStack.append([])
        try statements()
        try expect(.rbrace, "`}` to close the subgraph")
        scope = outer
        let members = membersStack.removeLast()
        if !membersStack.isEmpty { for m in members { noteMember(m) } }
        return members
    }

    static let maximumDepth = 64

    /// The nodes mentioned in each open subgraph, innermost last.
    var membersStack: [[Int]] = []

    mutating func noteMember(_ node: Int) {
        guard !membersStack.isEmpty else { return }
        if !membersStack[membersStack.count - 1].contains(node) { membersStack[membersStack.count - 1].append(node) }
    }

    /// `:port[:compass]` after a node ID, read and ignored.
    mutating func port() throws(GraphInputError) {
        var parts = 0
        while token.kind == .colon && parts < 2 {
            try advance()
            _ = try id("a port name after `:`")
            parts += 1
        }
    }

    /// The node named `name`, created on first mention with the scope's node defaults; joins the scope's cluster.
    mutating func node(_ name: String, at: SourceLocation) -> Int {
        let k: Int
        if let existing = index[name] {
            k = existing
        } else {
            k = nodes.count
            index[name] = k
            nodes.append(LayoutGraph.Node(id: name, width: NodeSizing.defaultWidth, height: NodeSizing.defaultHeight))
            nodeAttributes.append(scope.nodeDefaults)
        }
        if let cluster = scope.cluster, nodes[k].cluster != cluster {
            // The innermost cluster wins; a node already in an unrelated cluster stays there (as in dot).
            if nodes[k].cluster == nil || isInside(cluster, nodes[k].cluster!) { nodes[k].cluster = cluster }
        }
        noteMember(k)
        return k
    }

    /// Whether cluster `inner` is nested (at any depth) in `outer`.
    func isInside(_ inner: String, _ outer: String) -> Bool {
        var c: String? = inner
        while let current = c {
            guard let parent = clusterParents[current] ?? nil else { return false }
            if parent == outer { return true }
            c = parent
        }
        return false
    }

    /// One or more `[a=b, c=d; e=f]` lists.
    mutating func attributeLists() throws(GraphInputError) -> Attributes {
        var attributes: Attributes = [:]
        while token.kind == .lbracket {
            try advance()
            while token.kind != .rbracket {
                let (key, _) = try id("an attribute name or `]`")
                guard token.kind == .equals else { throw expected("`=` after the attribute `\(key)`") }
                try advance()
                let (value, at) = try id("a value for `\(key)`")
                attributes[key] = (value, at)
                if token.kind == .comma || token.kind == .semicolon { try advance() }
            }
            try advance()
        }
        return attributes
    }

    mutating func graphAttributes(_ attributes: Attributes, keyAt: SourceLocation? = nil) {
        for (key, (value, at)) in attributes.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "rankdir" where scope.isRoot:
                switch value.uppercased() {
                case "TB": options.direction = .topToBottom
                case "LR": options.direction = .leftToRight
                case "BT": options.direction = .topToBottom
                    warnings.append(GraphInputWarning("rankdir=BT is not supported: drawn top to bottom", at: at))
                case "RL": options.direction = .leftToRight
                    warnings.append(GraphInputWarning("rankdir=RL is not supported: drawn left to right", at: at))
                default: warnings.append(GraphInputWarning("unknown rankdir `\(value)` (TB or LR): ignored", at: at))
                }
            case "nodesep" where scope.isRoot:
                if let inches = Self.leadingNumber(value) { options.nodeSeparation = inches * 72 }
                else { warnings.append(GraphInputWarning("nodesep `\(value)` is not a number: ignored", at: at)) }
            case "ranksep" where scope.isRoot:
                if let inches = Self.leadingNumber(value) { options.rankSeparation = inches * 72 }
                else { warnings.append(GraphInputWarning("ranksep `\(value)` is not a number: ignored", at: at)) }
            case "rank":
                warnings.append(GraphInputWarning("rank=\(value) is not supported: ignored", at: keyAt ?? at))
            default:
                break
            }
        }
    }

    /// `0.5` of `ranksep="0.5 equally"`.
    static func leadingNumber(_ value: String) -> Double? {
        let head = value.split(separator: " ").first.map(String.init) ?? value
        guard let number = Double(head), number.isFinite, number >= 0 else { return nil }
        return number
    }

    /// The label's text: `\N` is the name, `\n`, `\l`, `\r` end lines (a trailing one adds no line), `\\` is `\`.
    func label(of name: String, _ attributes: Attributes) -> String {
        guard let (raw, _) = attributes["label"] else { return name }
        var out = "", chars = Array(raw), k = 0
        while k < chars.count {
            if chars[k] == "\\", k + 1 < chars.count {
                switch chars[k + 1] {
                case "N": out += name
                case "n", "l", "r": out += "\n"
                case "\\": out += "\\"
                default: out.append(chars[k]); out.append(chars[k + 1])
                }
                k += 2
            } else {
                out.append(chars[k])
                k += 1
            }
        }
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    mutating func size(node k: Int, _ attributes: Attributes) throws(GraphInputError) {
        func inches(_ key: String) throws(GraphInputError) -> Double? {
            guard let (value, at) = attributes[key] else { return nil }
            guard let v = Double(value), v.isFinite, v > 0 else { throw fail("\(key) must be a number of inches > 0, found `\(value)`", at: at) }
            return v * 72
        }
        let fixed = attributes["fixedsize"].map { ["true", "shape", "1", "yes"].contains($0.value.lowercased()) } ?? false
        let size = NodeSizing.size(label: label(of: nodes[k].id, attributes), width: try inches("width"),
                                   height: try inches("height"), fixed: fixed)
        nodes[k].width = size.width
        nodes[k].height = size.height
    }
}

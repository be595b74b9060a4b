import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Markdown body parsed by cmark-gfm with GitHub's extensions. Headings carry stable ids; links can be
/// rewritten as the body is rendered. Nothing changes the parsed tree after `init`: rendering works on a tree of
/// its own, so any number of threads may read one instance at once.
public final class MarkdownDocument: @unchecked Sendable {
    /// The version of the cmark-gfm library Almanac runs on, such as `0.29.0.gfm.13`.
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    public struct Options: Sendable, Hashable {
        /// Raw HTML in the body passes through (filtered by GFM's tag filter) instead of being omitted.
        public var allowRawHTML: Bool
        /// Raw HTML is shown as the text it is (`<b>` as `&lt;b&gt;`) instead of being omitted: for a line of
        /// prose in the front matter, where a tag is more likely a word than markup. Ignored when raw HTML is allowed.
        public var escapeRawHTML: Bool
        public init(allowRawHTML: Bool = false, escapeRawHTML: Bool = false) {
            self.allowRawHTML = allowRawHTML
            self.escapeRawHTML = escapeRawHTML
        }
    }

    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        /// The GitHub-style slug, unique within the document.
        public var id: String
        public var line: Int
    }

    public struct Link: Sendable, Hashable {
        public var destination: String
        public var isImage: Bool
        /// 1-based, relative to the first line of the body.
        public var line: Int
        public var column: Int
    }

    public let options: Options
    /// Lines (1-based, in the body) with more `|` than a table row may have, and their count. Such a line is
    /// read as text, its pipes escaped: cmark-gfm's table extension takes time quadratic in a row's cells.
    public private(set) var wideRows: [(line: Int, cells: Int)] = []
    /// The most cells a table row may have.
    public static let maximumTableCells = 500
    /// The largest body parsed, in bytes (UTF-8): cmark-gfm's tree takes some 25 times the text's size.
    public static let maximumBodyBytes = 20_000_000
    public private(set) var headings: [Heading] = []
    public private(set) var links: [Link] = []
    /// The text parsed (its over-wide table rows escaped). The tree is not kept: it takes some 25 times the
    /// text's size, so what the build needs of it (headings, links, the search text, the HTML) is taken when
    /// parsing; `plainText` and `searchText(limit:)` parse the text again.
    let text: String
    /// The body's HTML, rendered when parsing, cut where the destination of a link or image goes: the
    /// destination of `links[slots[i]]` goes between `htmlParts[i]` and `htmlParts[i + 1]`.
    private var htmlParts: [String] = []
    private var slots: [Int] = []
    /// The search text by section (`searchSections`), read when parsing.
    private(set) var storedSearchSections: [String] = [""]

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let parseOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    public init(parsing text: String, options: Options = Options()) {
        self.options = options
        var text = text
        (text, wideRows) = Self.boundingTableRows(text)
        self.text = text
        let (root, parser) = Self.parse(text)
        defer {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }
        collect(root, bytes: Array(text.utf8))
        storedSearchSections = Self.searchText(of: root, limit: .max, bySection: true)
        (htmlParts, slots) = prepareHTML(root, parser: parser)
    }

    /// `body(tree)` with a fresh tree of `text`, freed afterwards.
    static func withTree<T>(of text: String, _ body: (OpaquePointer) -> T) -> T {
        let (root, parser) = parse(text)
        defer {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }
        return body(root)
    }

    /// A tree of `text` and the parser that owns it (and the extensions it is rendered with); the caller frees both.
    private static func parse(_ text: String) -> (root: OpaquePointer, parser: OpaquePointer) {
        registerExtensions
        let parser = cmark_parser_new(parseOptions)!
        let strikethrough = text.utf8.contains(UInt8(ascii: "~"))
        for name in extensionNames where strikethrough || name != "strikethrough" {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard strikethrough else { return (cmark_parser_finish(parser), parser) }
        pthread_mutex_lock(inlinesLock)
        defer { pthread_mutex_unlock(inlinesLock) }
        return (cmark_parser_finish(parser), parser)
    }

    /// The text with the pipes of over-wide lines escaped, and those lines.
    static func boundingTableRows(_ text: String) -> (String, [(line: Int, cells: Int)]) {
        var text = text
        // No line can be too wide when the whole text has few pipes (nearly always): one fast count.
        guard text.withUTF8({ $0.reduce(0) { $0 + ($1 == 0x7C ? 1 : 0) } }) > maximumTableCells else { return (text, []) }
        var wide: [(line: Int, cells: Int)] = []
        var line = 1, pipes = 0
        for byte in text.utf8 {
            if byte == 0x7C { pipes += 1 }
            if byte == 0x0A {
                if pipes > maximumTableCells { wide.append((line, pipes)) }
                line += 1
                pipes = 0
            }
        }
        if pipes > maximumTableCells { wide.append((line, pipes)) }
        guard !wide.isEmpty else { return (text, []) }
        let lines = Set(wide.map(\.line))
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + wide.reduce(0) { $0 + $1.cells })
        line = 1
        for byte in text.utf8 {
            if byte == 0x7C, lines.contains(line) { out.append(0x5C) }
            if byte == 0x0A { line += 1 }
            out.append(byte)
        }
        return (String(decoding: out, as: UTF8.self), wide)
    }

    /// cmark-gfm keeps the inline extensions' special characters (strikethrough's `~`, the autolinks' `:` and
    /// `w`) in one global table that every parse sets when it starts reading inlines and clears when it is done:
    /// two parses on two threads clear each other's, and strikethrough and autolinks are then missed at random.
    /// So the autolinks' characters are set once, here, for good, and the extension keeps no list for a parse to
    /// clear (it finds its links without one). Strikethrough needs its list (it pairs its delimiters by it): it is
    /// attached only to a text with a `~`, and those parses read their inlines one at a time (`inlinesLock`).
    private static let registerExtensions: Void = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let autolink = cmark_find_syntax_extension("autolink") else { return }
        let parser = cmark_parser_new(parseOptions)!
        cmark_parser_attach_syntax_extension(parser, autolink)
        cmark_manage_extensions_special_characters(parser, 1)
        cmark_syntax_extension_set_special_inline_chars(autolink, nil)
        cmark_parser_free(parser)
    }()

    nonisolated(unsafe) private static let inlinesLock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// Renders the body to HTML: headings with ids and anchors, raw HTML omitted unless allowed, and the
    /// destination of every link for which `rewritingLinks` returns one replaced by it (before the check that
    /// drops script URLs, which it passes through like any other).
    ///
    /// The HTML was rendered when parsing, with a placeholder for each destination; this call only puts the
    /// destinations in, escaped as cmark-gfm escapes them. Nothing is parsed again.
    public func renderHTML(rewritingLinks transform: (Link) -> String? = { _ in nil }) -> String {
        var out = htmlParts[0]
        for (i, slot) in slots.enumerated() {
            let link = links[slot]
            let url = transform(link) ?? link.destination
            // Even with raw HTML allowed, a Markdown link never runs script.
            out += URLSafety.isSafe(url) ? Self.escapeHref(url) : ""
            out += htmlParts[i + 1]
        }
        return out
    }

    /// Renders the tree to HTML with the destination of the `i`th link or image (in document order, as `links`)
    /// replaced by a placeholder, and cuts the HTML at the placeholders. The tree is cleaned first (raw HTML), and
    /// only then are headings rendered into HTML blocks of our own: a heading's HTML is made from its children,
    /// so they must be clean before. The tree is changed: it is freed after.
    private func prepareHTML(_ root: OpaquePointer, parser: OpaquePointer) -> ([String], [Int]) {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        // A placeholder is `="` (which text and code cannot hold unescaped), a prefix the text does not contain
        // (so raw HTML cannot forge one), the link's number and `-"`.
        var prefix = "almanac-link-"
        while Self.contains(text, prefix) { prefix += "x" }
        var count = 0
        Self.walk(root) { node, type in
            switch type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                cmark_node_set_literal(node, options.allowRawHTML ? HTMLSanitizer.clean(literal)
                                       : options.escapeRawHTML ? HTML.escape(literal) : "<!-- raw HTML omitted -->")
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                cmark_node_set_url(node, prefix + String(count) + "-")
                count += 1
            default: break
            }
        }
        var headingIndex = 0
        var replacements: [(OpaquePointer, String)] = []
        Self.walk(root) { node, type in
            guard type == CMARK_NODE_HEADING, headingIndex < headings.count else { return }
            replacements.append((node, Self.headingHTML(node, heading: headings[headingIndex], extensions: extensions)))
            headingIndex += 1
        }
        // Headings become HTML blocks of our own; the tree is walked before it is changed.
        for (node, html) in replacements {
            let block = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
            cmark_node_set_literal(block, html)
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
        let rendered = cmark_render_html(root, CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, extensions)!
        defer { free(rendered) }
        let html = UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered))
        let marker = Array(("=\"" + prefix).utf8)
        var parts: [String] = [], slots: [Int] = []
        var partStart = 0, i = 0
        while let found = Self.find(marker, in: html, from: i) {
            i = found
            var j = i + marker.count, number = 0, digits = 0
            while j < html.count, html[j] >= 0x30, html[j] <= 0x39, digits < 9 { number = number * 10 + Int(html[j] - 0x30); j += 1; digits += 1 }
            guard digits > 0, j + 1 < html.count, html[j] == UInt8(ascii: "-"), html[j + 1] == UInt8(ascii: "\""), number < links.count else {
                i += 1
                continue
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: html[partStart..<(i + 2)]), as: UTF8.self))
            slots.append(number)
            partStart = j + 1  // the closing quote starts the next part
            i = j + 1
        }
        parts.append(String(decoding: UnsafeBufferPointer(rebasing: html[partStart...]), as: UTF8.self))
        return (parts, slots)
    }

    /// Whether `text` holds `part`, byte for byte (`String.contains` compares characters, which is far slower).
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        return text.withUTF8 { find(Array(part.utf8), in: $0, from: 0) != nil }
    }

    /// Where `part` first occurs in `bytes` at or after `start`.
    private static func find(_ part: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = part.first else { return start }
        var i = start
        while i + part.count <= bytes.count {
            if bytes[i] == first, part.indices.allSatisfy({ bytes[i + $0] == part[$0] }) { return i }
            i += 1
        }
        return nil
    }

    /// `url` escaped for an `href` or `src` attribute exactly as cmark-gfm escapes a destination (houdini's
    /// href escaping): a one-node document rendered by cmark-gfm itself.
    static func escapeHref(_ url: String) -> String {
        url.utf8.allSatisfy({ hrefSafe[Int($0)] }) ? url : cmarkEscapeHref(url)
    }

    /// `url` as cmark-gfm writes it in an `href`.
    static func cmarkEscapeHref(_ url: String) -> String {
        let node = cmark_node_new(CMARK_NODE_LINK)!
        defer { cmark_node_free(node) }
        cmark_node_set_url(node, url)
        let rendered = cmark_render_html(node, CMARK_OPT_UNSAFE, nil)!
        defer { free(rendered) }
        let html = Array(String(cString: rendered).utf8)  // `<a href="…"></a>`
        let open = Array("<a href=\"".utf8)
        guard html.starts(with: open), let close = html[open.count...].firstIndex(of: UInt8(ascii: "\"")) else { return "" }
        return String(decoding: html[open.count..<close], as: UTF8.self)
    }

    /// The bytes houdini's href escaping leaves as they are (letters, digits and `-_.+!*(),%#@?=;:/$~`).
    static let hrefSafe: [Bool] = (0..<256).map { byte in
        guard byte < 128 else { return false }
        let c = Character(Unicode.Scalar(UInt8(byte)))
        return c.isLetter || c.isNumber || "-_.+!*(),%#@?=;:/$~".contains(c)
    }

    private static func headingHTML(_ node: OpaquePointer, heading: Heading, extensions: UnsafeMutablePointer<cmark_llist>?) -> String {
        let rendered = cmark_render_html(node, CMARK_OPT_UNSAFE, extensions)!
        defer { free(rendered) }
        var inner = String(cString: rendered)
        let open = "<h\(heading.level)>", close = "</h\(heading.level)>\n"
        if inner.hasPrefix(open) { inner.removeFirst(open.count) }
        if inner.hasSuffix(close) { inner.removeLast(close.count) }
        let id = HTML.escapeAttribute(heading.id)
        return "<h\(heading.level) id=\"\(id)\">\(inner)<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(heading.level)>\n"
    }

    /// Plain text of the body, for summaries and search.
    public func plainText() -> String {
        var parts: [String] = []
        Self.withTree(of: text) { root in Self.walk(root) { node, type in
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                parts.append(String(cString: literal))
            }
        } }
        return parts.joined(separator: " ")
    }

    /// `bytes` is the body, to turn cmark's byte columns into the character columns an editor shows.
    private func collect(_ root: OpaquePointer, bytes: [UInt8]) {
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
        // Links come in document order: counting resumes from the previous link of the same line, so that many
        // links on one line cost linear time.
        var last = (line: 0, byte: 0, column: 1)
        func characterColumn(line: Int, byteColumn: Int) -> Int {
            guard line >= 1, line <= lineStarts.count else { return byteColumn }
            let start = lineStarts[line - 1], end = min(bytes.count, start + byteColumn - 1)
            guard start <= end else { return byteColumn }
            var from = start, column = 1
            if last.line == line, last.byte <= end { (from, column) = (last.byte, last.column) }
            for b in bytes[from..<end] where b & 0xC0 != 0x80 { column += 1 }
            last = (line, end, column)
            return column
        }
        var slugger = Slugger()
        Self.walk(root) { node, type in
            switch type {
            case CMARK_NODE_HEADING:
                let text = Self.text(of: node)
                let level = Int(cmark_node_get_heading_level(node))
                headings.append(Heading(level: level, text: text, id: slugger.slug(text), line: Int(cmark_node_get_start_line(node))))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                var link = Self.link(node, type: type)
                link.column = characterColumn(line: link.line, byteColumn: link.column)
                links.append(link)
            default: break
            }
        }
    }

    private static func link(_ node: OpaquePointer, type: cmark_node_type) -> Link {
        var line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        var parent = node
        while line == 0, let up = cmark_node_parent(parent) {
            parent = up
            line = Int(cmark_node_get_start_line(up))
            column = Int(cmark_node_get_start_column(up))
        }
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        return Link(destination: url, isImage: type == CMARK_NODE_IMAGE, line: max(1, line), column: max(1, column))
    }

    /// The text of a node's inline content, as GitHub slugs it.
    private static func text(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(current) {
                out += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            } else {
                out += text(of: current)
            }
            child = cmark_node_next(current)
        }
        return out
    }

    /// Visits every node of the tree under `root` in document order, on entering.
    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer, cmark_node_type) -> Void) {
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            visit(node, cmark_node_get_type(node))
        }
    }
}

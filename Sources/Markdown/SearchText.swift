import CCmarkGFM

extension MarkdownDocument {
    /// The readable text of the body: the words of paragraphs, lists, tables, quotes and code blocks in document
    /// order, with whitespace collapsed to single spaces. Headings are left out (the search index keeps them
    /// apart), and so is raw HTML. Text nodes are joined as written, so `don't` or `a & b` stay whole; blocks,
    /// table cells and line breaks become one space. At most `limit` Unicode scalars, cut at a word boundary when
    /// one is near.
    public func searchText(limit: Int = .max) -> String {
        Self.withTree(of: text) { Self.searchText(of: $0, limit: limit, bySection: false)[0] }
    }

    /// The whole search text of the body cut at its headings, read when parsing: `searchSections[0]` is the text
    /// before the first heading, `searchSections[i]` the text under `headings[i - 1]` (up to the next heading of
    /// any level), so there is always one more section than headings. The search index's fragments and postings
    /// are made of them.
    public var searchSections: [String] { storedSearchSections }

    /// The search text of the tree under `root`, at most `limit` scalars: one string, or (`bySection`) one per
    /// section, a heading starting the next.
    static func searchText(of root: OpaquePointer, limit: Int, bySection: Bool) -> [String] {
        var sections: [String] = []
        var out: [UInt8] = []
        var pendingSpace = false
        var count = 0  // Unicode scalars in `out`
        func append(_ literal: UnsafePointer<CChar>) {
            var p = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
            while case let byte = p.pointee, byte != 0 {
                p += 1
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if byte & 0xC0 != 0x80 {  // the first byte of a scalar
                    if count > limit { return }
                    if pendingSpace { out.append(0x20); count += 1; pendingSpace = false }
                    count += 1
                }
                out.append(byte)
            }
        }
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while count <= limit {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type.rawValue & 0xC000 != 0xC000 { pendingSpace = !out.isEmpty }  // the end of a block
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch type {
            case CMARK_NODE_HEADING:
                if bySection {
                    sections.append(String(decoding: out, as: UTF8.self))
                    out = []
                    pendingSpace = false
                }
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(node) { append(literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                pendingSpace = !out.isEmpty
            default:
                break
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        guard count > limit else { return sections + [text] }
        // Cut at the last space within the limit, unless that loses more than a sixth of it.
        let scalars = text.unicodeScalars
        var cut = scalars.index(scalars.startIndex, offsetBy: limit)
        if let space = scalars[..<cut].lastIndex(of: " "), scalars.distance(from: scalars.startIndex, to: space) > limit * 5 / 6 {
            cut = space
        }
        return sections + [String(scalars[..<cut])]
    }
}

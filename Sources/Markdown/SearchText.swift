import CCmarkGFM

extension MarkdownDocument {
    /// The readable text of the body, for the search index: the words of paragraphs, lists, tables, quotes and
    /// code blocks in document order, with whitespace collapsed to single spaces. Headings are left out (the
    /// index keeps them apart), and so is raw HTML. Text nodes are joined as written, so `don't` or `a & b`
    /// stay whole; blocks, table cells and line breaks become one space. At most `limit` characters, cut at a
    /// word boundary when one is near. Call it before `renderHTML()`, which replaces the heading nodes.
    public func searchText(limit: Int = .max) -> String {
        var out = ""
        var pendingSpace = false
        var count = 0
        func append(_ text: String) {
            for character in text {
                if character.isWhitespace {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(" "); count += 1; pendingSpace = false }
                    out.append(character)
                    count += 1
                }
            }
        }
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while count < limit {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let isInline = type.rawValue & 0xC000 == 0xC000
            if event == CMARK_EVENT_EXIT {
                if !isInline { pendingSpace = !out.isEmpty }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch type {
            case CMARK_NODE_HEADING:
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(node) { append(String(cString: literal)) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                pendingSpace = !out.isEmpty
            default:
                break
            }
        }
        guard count > limit else { return out }
        // Cut at the last space within the limit, unless that loses more than a sixth of it.
        var cut = out.index(out.startIndex, offsetBy: limit)
        if let space = out[..<cut].lastIndex(of: " "), out.distance(from: out.startIndex, to: space) > limit * 5 / 6 {
            cut = space
        }
        return String(out[..<cut])
    }
}

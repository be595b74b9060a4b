/// The compiler: one pass over a template's UTF-8 bytes that applies the spec's whitespace rules (standalone
/// lines, partial and block indentation) and writes the instructions of `Program.swift`.
struct Parser {
    private let src: [UInt8]
    private var out: ParsedTemplate
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var pos = 0
    private var frames: [Frame] = []
    /// The text instruction the next text may extend, or -1.
    private var mergeable = -1
    private let lineStarts: [Int]

    private struct Frame {
        enum Kind { case section, inverted, block(inParent: Bool), parent }
        let kind: Kind
        let name: String
        let op: Int
        let location: TemplateLocation
        let delimiters: TemplateError.Delimiters
        /// The indentation taken off each line inside (a block's, or the one around).
        let strip: [UInt8]
        /// A parent: the instruction holding the spaces before its tag when only spaces are, else -1.
        var spacesOp = -1
        var leftClear = false
    }

    /// The bytes a tag covers and what the whitespace around it allows.
    private struct Tag {
        let start: Int
        let end: Int
        let sigil: UInt8
        let content: String
        /// Where the tag's line starts, when only spaces and tabs stand between it and the tag; else nil.
        let lineStart: Int?
        /// Where the next line starts, when only spaces and tabs stand between the tag and the line's end; else nil.
        let nextLine: Int?
    }

    init(name: String, path: String, text: String) {
        src = Array(text.utf8)
        out = ParsedTemplate(name: name, path: path)
        var starts = [0]
        for (i, b) in src.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    mutating func parse() throws(TemplateError) -> ParsedTemplate {
        out.text.reserveCapacity(src.count)
        while let start = find(open, from: pos) {
            let tag = try readTag(at: start)
            try handle(tag)
        }
        try emitText(pos, src.count)
        if let frame = frames.last {
            throw TemplateError(.unclosedSection(name: frame.name), at: frame.location, delimiters: frame.delimiters)
        }
        return out
    }

    // MARK: Tags

    private static let sigils: Set<UInt8> = Set("!#^/><$&{=".utf8)

    private func readTag(at start: Int) throws(TemplateError) -> Tag {
        var p = start + open.count
        var sigil: UInt8 = 0
        if p < src.count, Self.sigils.contains(src[p]) {
            sigil = src[p]
            p += 1
        }
        let ending: [UInt8]
        switch sigil {
        case UInt8(ascii: "{"): ending = [UInt8(ascii: "}")] + close
        case UInt8(ascii: "="): ending = [UInt8(ascii: "=")] + close
        default: ending = close
        }
        guard let contentEnd = find(ending, from: p) else {
            var lineEnd = start
            while lineEnd < src.count, src[lineEnd] != UInt8(ascii: "\n"), src[lineEnd] != UInt8(ascii: "\r") { lineEnd += 1 }
            throw error(.unclosedTag, start, lineEnd)
        }
        let end = contentEnd + ending.count
        let content = String(decoding: src[p..<contentEnd], as: UTF8.self)

        var lineStart: Int? = nil
        var q = start
        while q > 0, src[q - 1] == UInt8(ascii: " ") || src[q - 1] == UInt8(ascii: "\t") { q -= 1 }
        if q == 0 || src[q - 1] == UInt8(ascii: "\n") { lineStart = q }
        var nextLine: Int? = nil
        q = end
        while q < src.count, src[q] == UInt8(ascii: " ") || src[q] == UInt8(ascii: "\t") { q += 1 }
        if q == src.count {
            nextLine = q
        } else if src[q] == UInt8(ascii: "\n") {
            nextLine = q + 1
        } else if src[q] == UInt8(ascii: "\r"), q + 1 < src.count, src[q + 1] == UInt8(ascii: "\n") {
            nextLine = q + 2
        }
        return Tag(start: start, end: end, sigil: sigil, content: content, lineStart: lineStart, nextLine: nextLine)
    }

    private mutating func handle(_ tag: Tag) throws(TemplateError) {
        let inParent = if case .parent = frames.last?.kind { true } else { false }
        switch tag.sigil {
        case UInt8(ascii: "!"):
            try standalone(tag)
        case UInt8(ascii: "="):
            let parts = tag.content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                throw error(.malformedDelimiters(content: tag.content), tag.start, tag.end)
            }
            try standalone(tag)
            open = Array(parts[0].utf8)
            close = Array(parts[1].utf8)
        case UInt8(ascii: "#"), UInt8(ascii: "^"):
            let name = try self.name(of: tag, inParent: inParent)
            let section = tag.sigil == UInt8(ascii: "#")
            try standalone(tag)
            let nameTag = addTag(name, section ? .section : .inverted, tag)
            let nameIndex = addName(name)
            try push(section ? .section : .inverted, name, tag, strip: currentStrip)
            emit(section ? .section(name: nameIndex, tag: nameTag, end: -1) : .inverted(name: nameIndex, tag: nameTag, end: -1))
        case UInt8(ascii: "/"):
            try closeSection(tag)
        case UInt8(ascii: ">"):
            var name = try self.name(of: tag, inParent: inParent)
            let dynamic = name.hasPrefix("*")
            if dynamic { name = String(name.dropFirst()).trimmingWhitespace() }
            if name.isEmpty { throw error(.emptyName, tag.start, tag.end) }
            var indent: Int32 = -1
            if let lineStart = tag.lineStart, let nextLine = tag.nextLine {
                try emitText(pos, lineStart)
                indent = addIndent(lineStart, tag.start)
                pos = nextLine
            } else {
                try emitText(pos, tag.start)
                pos = tag.end
            }
            if dynamic {
                emit(.dynamicPartial(name: addName(name), tag: addTag(name, .dynamicPartial, tag), indent: indent))
            } else {
                emit(.partial(ref: addReference(name, .partial, tag), indent: indent))
            }
        case UInt8(ascii: "<"):
            let name = try self.name(of: tag, inParent: inParent)
            var spacesOp = -1
            if let lineStart = tag.lineStart {
                try emitText(pos, lineStart)
                mergeable = -1
                let count = out.ops.count
                try emitText(lineStart, tag.start)
                if out.ops.count > count { spacesOp = count }
            } else {
                try emitText(pos, tag.start)
            }
            pos = tag.end
            let ref = addReference(name, .parent, tag)
            try push(.parent, name, tag, strip: currentStrip)
            frames[frames.count - 1].spacesOp = spacesOp
            frames[frames.count - 1].leftClear = tag.lineStart != nil
            emit(.parent(ref: ref, end: -1, indent: -1))
        case UInt8(ascii: "$"):
            let name = try self.name(of: tag, inParent: inParent)
            let enclosing = currentStrip
            var strip = enclosing
            var indent: Int32 = -1
            var standalone = false
            if inParent {
                // An argument: what stands before the tag is the parent's (ignored); a line end after it is the tag's.
                try emitText(pos, tag.start)
                pos = tag.end
                if let nextLine = tag.nextLine {
                    pos = nextLine
                    strip = leadingSpaces(at: nextLine)
                }
            } else if let lineStart = tag.lineStart, let nextLine = tag.nextLine {
                // A standalone block: its content's own indentation is taken off, and put back where it is used.
                try emitText(pos, lineStart)
                pos = nextLine
                strip = leadingSpaces(at: nextLine)
                indent = addIndent(bytes: Array(strip.dropFirst(commonPrefix(strip, enclosing))))
                standalone = true
            } else if let lineStart = tag.lineStart {
                // Only spaces before it: they stay, and what fills the block gets them on each of its lines.
                try emitText(pos, tag.start)
                pos = tag.end
                indent = addIndent(lineStart, tag.start)
            } else {
                try emitText(pos, tag.start)
                pos = tag.end
            }
            let block = blockIndex(name)
            try push(.block(inParent: inParent), name, tag, strip: strip)
            emit(.block(block: block, end: -1, indent: indent, standalone: standalone))
        default:
            let name = try self.name(of: tag, inParent: inParent)
            try emitText(pos, tag.start)
            pos = tag.end
            emit(.variable(name: addName(name), tag: addTag(name, .variable, tag), escaped: tag.sigil == 0))
        }
    }

    /// The tag's name, trimmed; an error when it has none, or when it stands directly inside a parent where only
    /// blocks may.
    private func name(of tag: Tag, inParent: Bool) throws(TemplateError) -> String {
        if inParent, tag.sigil != UInt8(ascii: "$") {
            throw error(.contentInsideParent(parent: frames[frames.count - 1].name), tag.start, tag.end)
        }
        let name = tag.content.trimmingWhitespace()
        if name.isEmpty { throw error(.emptyName, tag.start, tag.end) }
        return name
    }

    /// Writes the text before a tag, leaving out the tag's line when the tag stands alone on it.
    private mutating func standalone(_ tag: Tag) throws(TemplateError) {
        if let lineStart = tag.lineStart, let nextLine = tag.nextLine {
            try emitText(pos, lineStart)
            pos = nextLine
        } else {
            try emitText(pos, tag.start)
            pos = tag.end
        }
    }

    private mutating func push(_ kind: Frame.Kind, _ name: String, _ tag: Tag, strip: [UInt8]) throws(TemplateError) {
        if frames.count >= TemplateLibrary.maxNesting {
            throw error(.nestingTooDeep(limit: TemplateLibrary.maxNesting), tag.start, tag.end)
        }
        frames.append(Frame(kind: kind, name: name, op: out.ops.count, location: location(tag.start, tag.end),
                            delimiters: delimiters, strip: strip))
    }

    private mutating func closeSection(_ tag: Tag) throws(TemplateError) {
        let name = tag.content.trimmingWhitespace()
        if name.isEmpty { throw error(.emptyName, tag.start, tag.end) }
        guard let frame = frames.last else { throw error(.unexpectedClose(name: name), tag.start, tag.end) }
        guard frame.name == name else {
            let at = frame.location
            throw error(.mismatchedClose(name: name, open: frame.name, openLine: at.line, openColumn: at.column), tag.start, tag.end)
        }
        switch frame.kind {
        case .block(inParent: true):
            // The end of an argument: spaces before it on its line are not content.
            try emitText(pos, tag.lineStart ?? tag.start)
            pos = tag.nextLine ?? tag.end
        case .parent:
            try emitText(pos, tag.start)
            pos = tag.end
            if frame.leftClear, let nextLine = tag.nextLine {
                // The pair stands alone: like a standalone partial, its line's spaces indent the parent.
                pos = nextLine
                if frame.spacesOp >= 0, case .text(let start, let count) = out.ops[frame.spacesOp] {
                    let spaces = Array(out.text[Int(start)..<Int(start + count)])
                    out.ops[frame.spacesOp] = .text(start: start, count: 0)
                    if case .parent(let ref, _, _) = out.ops[frame.op] {
                        out.ops[frame.op] = .parent(ref: ref, end: -1, indent: addIndent(bytes: spaces))
                    }
                }
            }
        default:
            try standalone(tag)
        }
        frames.removeLast()
        mergeable = -1
        let end = Int32(out.ops.count)
        switch out.ops[frame.op] {
        case .section(let name, let tag, _): out.ops[frame.op] = .section(name: name, tag: tag, end: end)
        case .inverted(let name, let tag, _): out.ops[frame.op] = .inverted(name: name, tag: tag, end: end)
        case .block(let block, _, let indent, let standalone):
            out.ops[frame.op] = .block(block: block, end: end, indent: indent, standalone: standalone)
        case .parent(let ref, _, let indent): out.ops[frame.op] = .parent(ref: ref, end: end, indent: indent)
        default: break
        }
    }

    // MARK: Text

    private var currentStrip: [UInt8] { frames.last?.strip ?? [] }

    /// Writes the source bytes `a ..< b` as text, less the enclosing block's indentation at each line start.
    /// Directly inside a parent, text is allowed only when it is blank, and writes nothing.
    private mutating func emitText(_ a: Int, _ b: Int) throws(TemplateError) {
        guard a < b else { return }
        if case .parent = frames.last?.kind {
            var i = a
            while i < b, isWhitespace(src[i]) { i += 1 }
            if i == b { return }
            var j = i
            while j < b, src[j] != UInt8(ascii: "\n"), src[j] != UInt8(ascii: "\r") { j += 1 }
            while j > i, isWhitespace(src[j - 1]) { j -= 1 }
            throw error(.contentInsideParent(parent: frames[frames.count - 1].name), i, j)
        }
        let strip = currentStrip
        let before = out.text.count
        var i = a
        while i < b {
            if !strip.isEmpty, i == 0 || src[i - 1] == UInt8(ascii: "\n") {
                var k = 0
                while k < strip.count, i < b, src[i] == strip[k] {
                    i += 1
                    k += 1
                }
            }
            var j = i
            while j < b, src[j] != UInt8(ascii: "\n") { j += 1 }
            if j < b { j += 1 }
            out.text.append(contentsOf: src[i..<j])
            i = j
        }
        let count = Int32(out.text.count - before)
        guard count > 0 else { return }
        if mergeable >= 0, mergeable == out.ops.count - 1, case .text(let start, let previous) = out.ops[mergeable],
           Int(start + previous) == before {
            out.ops[mergeable] = .text(start: start, count: previous + count)
        } else {
            out.ops.append(.text(start: Int32(before), count: count))
            mergeable = out.ops.count - 1
        }
    }

    private mutating func emit(_ op: Op) {
        out.ops.append(op)
        mergeable = -1
    }

    private func leadingSpaces(at offset: Int) -> [UInt8] {
        var j = offset
        while j < src.count, src[j] == UInt8(ascii: " ") || src[j] == UInt8(ascii: "\t") { j += 1 }
        return Array(src[offset..<j])
    }

    /// The spaces `a ..< b` before a tag, less what the enclosing block takes off, as an indentation.
    private mutating func addIndent(_ a: Int, _ b: Int) -> Int32 {
        let spaces = Array(src[a..<b])
        return addIndent(bytes: Array(spaces.dropFirst(commonPrefix(spaces, currentStrip))))
    }

    private mutating func addIndent(bytes: [UInt8]) -> Int32 {
        if bytes.isEmpty { return -1 }
        if let i = out.indents.firstIndex(of: bytes) { return Int32(i) }
        out.indents.append(bytes)
        return Int32(out.indents.count - 1)
    }

    private func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var k = 0
        while k < a.count, k < b.count, a[k] == b[k] { k += 1 }
        return k
    }

    // MARK: Tables

    private mutating func addName(_ name: String) -> Int32 {
        out.names.append(name)
        return Int32(out.names.count - 1)
    }

    private mutating func addTag(_ name: String, _ kind: NameTag.Kind, _ tag: Tag) -> Int32 {
        out.tags.append(NameTag(index: out.tags.count, name: name, kind: kind, location: location(tag.start, tag.end)))
        return Int32(out.tags.count - 1)
    }

    private mutating func addReference(_ name: String, _ kind: TemplateReference.Kind, _ tag: Tag) -> Int32 {
        out.references.append(TemplateReference(name: name, kind: kind, location: location(tag.start, tag.end)))
        return Int32(out.references.count - 1)
    }

    private mutating func blockIndex(_ name: String) -> Int32 {
        if let i = out.blockNames.firstIndex(of: name) { return Int32(i) }
        out.blockNames.append(name)
        return Int32(out.blockNames.count - 1)
    }

    // MARK: Locations

    private var delimiters: TemplateError.Delimiters {
        .init(open: String(decoding: open, as: UTF8.self), close: String(decoding: close, as: UTF8.self))
    }

    private func error(_ kind: TemplateError.Kind, _ a: Int, _ b: Int) -> TemplateError {
        TemplateError(kind, at: location(a, b), delimiters: delimiters)
    }

    /// The location of the bytes `a ..< b`: line and column of `a`, length in Unicode scalars.
    private func location(_ a: Int, _ b: Int) -> TemplateLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= a { low = mid } else { high = mid - 1 }
        }
        return TemplateLocation(template: out.name, path: out.path, line: low + 1,
                                column: scalars(lineStarts[low], a) + 1, length: max(1, scalars(a, b)))
    }

    private func scalars(_ a: Int, _ b: Int) -> Int {
        var n = 0
        for i in a..<max(a, b) where src[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start + needle.count <= src.count else { return nil }
        var i = start
        let last = src.count - needle.count
        while i <= last {
            if src[i] == first {
                var k = 1
                while k < needle.count, src[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func isWhitespace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// Runs compiled templates against a context stack, appending UTF-8 bytes. One renderer per render call: it
/// shares nothing mutable, so any number of threads can render from one library at once.

/// Receives, for each name tag evaluated, whether its name resolved. Generic so that rendering without a
/// recorder compiles the calls away.
protocol Recorder {
    mutating func record(_ template: Int, _ tag: Int32, _ resolved: Bool)
}

struct NoRecorder: Recorder {
    @inline(__always) mutating func record(_ template: Int, _ tag: Int32, _ resolved: Bool) {}
}

struct Renderer<R: Recorder> {
    private let templates: ContiguousArray<CompiledTemplate>
    private let index: [String: Int]
    private let escapesApostrophe: Bool
    var out: [UInt8]
    var recorder: R
    private var stack = ContiguousArray<TemplateValue>()
    /// Written before each template line (of a standalone partial or an indented block) when it starts.
    private var indent: [UInt8] = []
    /// A template line has started and `indent` is still to be written before what comes next on it.
    private var pending = false
    /// The parents being rendered, outermost first: the template and the range of instructions holding the blocks
    /// passed to it.
    private var overrides = ContiguousArray<(template: Int, start: Int, end: Int)>()
    /// The blocks passed to a parent that are being rendered now (template, instruction), which a block of the
    /// same name inside them must not pick again.
    private var active = ContiguousArray<(template: Int, op: Int)>()
    private var includes = 0
    private var depth = 0

    init(library: TemplateLibrary, out: consuming [UInt8], recorder: consuming R) {
        templates = library.templates
        index = library.index
        escapesApostrophe = library.options.escapesApostrophe
        self.out = out
        self.recorder = recorder
    }

    mutating func render(_ template: Int, _ value: TemplateValue) {
        stack.append(value)
        run(template, 0, templates[template].ops.count)
        stack.removeLast()
    }

    // MARK: Instructions

    private mutating func run(_ t: Int, _ from: Int, _ to: Int) {
        if depth >= TemplateLibrary.maxRenderDepth { return }
        depth += 1
        defer { depth -= 1 }
        let template = templates[t]
        var i = from
        while i < to {
            switch template.ops[i] {
            case .text(let start, let count):
                writeText(UnsafeBufferPointer(rebasing: template.text[Int(start)..<Int(start + count)]))
                i += 1
            case .variable(let name, let tag, let escaped):
                variable(template, t, name, tag, escaped)
                i += 1
            case .section(let name, let tag, let end):
                section(t, i, name, tag, inverted: false)
                i = Int(end)
            case .inverted(let name, let tag, let end):
                section(t, i, name, tag, inverted: true)
                i = Int(end)
            case .partial(let ref, let indent):
                let target = template.targets[Int(ref)]
                if target >= 0 { include(Int(target), indent: indent, of: t) }
                i += 1
            case .dynamicPartial(let name, let tag, let indent):
                dynamicPartial(t, name, tag, indent)
                i += 1
            case .block(let block, let end, let indent, let standalone):
                renderBlock(t, i, template.blockIDs[Int(block)], end: Int(end), indent: indent, standalone: standalone)
                i = Int(end)
            case .parent(let ref, let end, let indent):
                let target = template.targets[Int(ref)]
                if target >= 0 {
                    overrides.append((t, i + 1, Int(end)))
                    include(Int(target), indent: indent, of: t)
                    overrides.removeLast()
                }
                i = Int(end)
            }
        }
    }

    @inline(__always)
    private mutating func variable(_ template: CompiledTemplate, _ t: Int, _ name: Int32, _ tag: Int32, _ escaped: Bool) {
        let value = lookup(template, name)
        recorder.record(t, tag, value != nil)
        if let value { write(value, escaped: escaped) }
    }

    /// A section (or inverted section) at instruction `op`, its children up to its end.
    @inline(never)
    private mutating func section(_ t: Int, _ op: Int, _ name: Int32, _ tag: Int32, inverted: Bool) {
        let template = templates[t]
        let end: Int
        switch template.ops[op] {
        case .section(_, _, let last), .inverted(_, _, let last): end = Int(last)
        default: return
        }
        let value = lookup(template, name)
        recorder.record(t, tag, value != nil)
        guard let value, value.isTruthy else {
            if inverted { run(t, op + 1, end) }
            return
        }
        if inverted { return }
        if case .list(let items) = value {
            for item in items {
                stack.append(item)
                run(t, op + 1, end)
                stack.removeLast()
            }
        } else {
            stack.append(value)
            run(t, op + 1, end)
            stack.removeLast()
        }
    }

    @inline(never)
    private mutating func dynamicPartial(_ t: Int, _ name: Int32, _ tag: Int32, _ indent: Int32) {
        let value = lookup(templates[t], name)
        recorder.record(t, tag, value != nil)
        switch value {
        case .text(let partial)?, .html(let partial)?:
            if let target = index[partial] { include(target, indent: indent, of: t) }
        default: break
        }
    }

    /// Renders another template in the current context. A standalone include (`indent` not -1) has each of its
    /// lines indented by the indentation around plus its own; an inline one is part of the line it is on, and its
    /// own lines are not indented (as the spec's reference implementation indents a partial's source, not what
    /// partials inside it render).
    @inline(never)
    private mutating func include(_ target: Int, indent: Int32, of t: Int) {
        if includes >= TemplateLibrary.maxIncludeDepth { return }
        includes += 1
        defer { includes -= 1 }
        let count = templates[target].ops.count
        if indent >= 0 {
            let saved = self.indent.count
            self.indent.append(contentsOf: templates[t].indents[Int(indent)])
            pending = true
            run(target, 0, count)
            self.indent.removeSubrange(saved...)
        } else if self.indent.isEmpty {
            run(target, 0, count)
        } else {
            startWriting()
            var saved: [UInt8] = []
            swap(&saved, &self.indent)
            run(target, 0, count)
            swap(&saved, &self.indent)
            pending = false
        }
    }

    /// A block: what the outermost parent being rendered passes for it, else its own content.
    @inline(never)
    private mutating func renderBlock(_ t: Int, _ op: Int, _ id: Int32, end: Int, indent: Int32, standalone: Bool) {
        var content = (template: t, start: op + 1, end: end)
        var passed: (template: Int, op: Int)? = nil
        search: for frame in overrides {
            let ops = templates[frame.template].ops
            let ids = templates[frame.template].blockIDs
            var j = frame.start
            while j < frame.end {
                guard case .block(let block, let blockEnd, _, _) = ops[j] else { j += 1; continue }
                if ids[Int(block)] == id, !active.contains(where: { $0 == (frame.template, j) }) {
                    content = (frame.template, j + 1, Int(blockEnd))
                    passed = (frame.template, j)
                    break search
                }
                j = Int(blockEnd)
            }
        }
        let saved = self.indent.count
        if indent >= 0 {
            self.indent.append(contentsOf: templates[t].indents[Int(indent)])
            pending = standalone
        }
        if let passed { active.append(passed) }
        run(content.template, content.start, content.end)
        if passed != nil { active.removeLast() }
        self.indent.removeSubrange(saved...)
    }

    // MARK: Names

    /// The value of name `name` of `template`: the first context up the stack that has the name's first part,
    /// then the other parts inside it only. Nil when the name does not resolve; `.null` when it resolves to null.
    @inline(__always)
    private func lookup(_ template: CompiledTemplate, _ name: Int32) -> TemplateValue? {
        let range = template.names[Int(name)]
        if range.count == 0 { return stack.last }
        let parts = UnsafeBufferPointer(rebasing: template.nameParts[Int(range.start)..<Int(range.start + range.count)])
        return stack.withUnsafeBufferPointer { frames -> TemplateValue? in
            let first = parts[0]
            var i = frames.count - 1
            while i >= 0 {
                if case .object(let fields) = frames[i], var value = fields[first] {
                    var k = 1
                    while k < parts.count {
                        guard case .object(let inner) = value, let next = inner[parts[k]] else { return nil }
                        value = next
                        k += 1
                    }
                    return value
                }
                i -= 1
            }
            return nil
        }
    }

    // MARK: Output

    @inline(__always)
    private mutating func writeText(_ text: UnsafeBufferPointer<UInt8>) {
        if indent.isEmpty {
            out.append(contentsOf: text)
            return
        }
        // Each template line gets the indentation, except an empty one.
        var i = 0
        while i < text.count {
            var j = i
            while j < text.count, text[j] != UInt8(ascii: "\n") { j += 1 }
            if j < text.count { j += 1 }
            if pending, text[i] != UInt8(ascii: "\n"), !(text[i] == UInt8(ascii: "\r") && j - i == 2) {
                out.append(contentsOf: indent)
            }
            pending = text[j - 1] == UInt8(ascii: "\n")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<j]))
            i = j
        }
    }

    @inline(__always)
    private mutating func startWriting() {
        if pending {
            out.append(contentsOf: indent)
            pending = false
        }
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .text(let text):
            if text.isEmpty { return }
            startWriting()
            if escaped { writeEscaped(text) } else { writeRaw(text) }
        case .html(let html):
            if html.isEmpty { return }
            startWriting()
            writeRaw(html)
        case .int(let number):
            startWriting()
            writeInt(number)
        case .double(let number):
            startWriting()
            if abs(number) < 1e15, Double(Int(number)) == number {
                writeInt(Int(number))
            } else {
                out.append(contentsOf: number.description.utf8)
            }
        case .bool(let flag):
            startWriting()
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null, .list, .object:
            break
        }
    }

    private mutating func writeInt(_ number: Int) {
        if number >= 0, number < 10 {
            out.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        let start = out.count
        var rest = number.magnitude
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if number < 0 { out.append(UInt8(ascii: "-")) }
        out[start...].reverse()
    }

    private mutating func writeRaw(_ text: String) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends `text` with `& < > "` (and `'` unless the library says not) replaced by entities, in one pass over
    /// its UTF-8 bytes that copies the runs between them whole.
    private mutating func writeEscaped(_ text: String) {
        var text = text
        let apostrophe = escapesApostrophe
        text.withUTF8 { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                if byte > UInt8(ascii: ">") { continue }
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'") where apostrophe: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
    }
}

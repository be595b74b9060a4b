/// What the compiler makes of one template: a flat list of instructions over a pool of text bytes, with the
/// names, indentations and references the instructions point at by index. Immutable once the library is made.

/// A name as the template wrote it, split at its dots once, when the template is compiled: parts
/// `start ..< start + count` of the template's name parts. `.` has no parts.
struct Name: Sendable {
    let start: Int32
    let count: Int32
}

/// One instruction. The children of a section, an inverted section, a block or a parent are the instructions
/// that follow it up to `end` (exclusive); execution goes on at `end`. Every payload is an index or a count, so
/// copying an instruction costs no reference counting.
enum Op: Sendable {
    /// Bytes `start ..< start + count` of the template's text pool.
    case text(start: Int32, count: Int32)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw); `name` indexes `names`, `tag` the name tags.
    case variable(name: Int32, tag: Int32, escaped: Bool)
    case section(name: Int32, tag: Int32, end: Int32)
    case inverted(name: Int32, tag: Int32, end: Int32)
    /// `{{> name}}`: `ref` indexes the template's references (and `targets`); `indent` indexes `indents`, or -1
    /// when the tag is not standalone.
    case partial(ref: Int32, indent: Int32)
    /// `{{>*name}}`: the partial is named by the value of `name`.
    case dynamicPartial(name: Int32, tag: Int32, indent: Int32)
    /// `{{$name}}…{{/name}}`: `block` indexes the template's block names (and `blockIDs`). Outside a parent it is a
    /// place another template may fill; its indentation (or -1) is added to each line of what fills it, and
    /// `standalone` says the block's lines stand on their own (so what fills it starts a line).
    case block(block: Int32, end: Int32, indent: Int32, standalone: Bool)
    /// `{{<name}}…{{/name}}`: the template `ref` rendered with the blocks among the children filling its blocks.
    case parent(ref: Int32, end: Int32, indent: Int32)
}

/// A compiled template. Immutable once made. Its instructions, text and names are kept in buffers it allocates
/// and frees itself, so that the render loop reads them without reference counting or copy-on-write checks
/// (hence `@unchecked Sendable`: nothing writes them after `init`).
final class CompiledTemplate: @unchecked Sendable {
    let name: String
    let path: String
    let text: UnsafeMutableBufferPointer<UInt8>
    let ops: UnsafeMutableBufferPointer<Op>
    let names: UnsafeMutableBufferPointer<Name>
    let nameParts: UnsafeMutableBufferPointer<String>
    let indents: [[UInt8]]
    /// Partial and parent references, in the order of `ref` indices.
    let references: [TemplateReference]
    /// For each reference, the index of the library's template it names, or -1 when no template has that name.
    let targets: UnsafeMutableBufferPointer<Int32>
    /// For each block name of the template, its number in the whole library (the same name, the same number).
    let blockIDs: UnsafeMutableBufferPointer<Int32>
    /// The name tags, in the order of their `tag` indices.
    let tags: [NameTag]

    init(_ parsed: ParsedTemplate, targets: [Int32], blockIDs: [Int32]) {
        name = parsed.name
        path = parsed.path
        text = Self.buffer(parsed.text)
        ops = Self.buffer(parsed.ops)
        var parts: [String] = []
        names = Self.buffer(parsed.names.map { name in
            let split = name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            parts += split
            return Name(start: Int32(parts.count - split.count), count: Int32(split.count))
        })
        nameParts = Self.buffer(parts)
        indents = parsed.indents
        references = parsed.references
        tags = parsed.tags
        self.targets = Self.buffer(targets)
        self.blockIDs = Self.buffer(blockIDs)
    }

    deinit {
        text.deallocate()
        ops.deallocate()
        names.deallocate()
        targets.deallocate()
        blockIDs.deallocate()
        nameParts.deinitialize()
        nameParts.deallocate()
    }

    private static func buffer<C: Collection>(_ elements: C) -> UnsafeMutableBufferPointer<C.Element> {
        let buffer = UnsafeMutableBufferPointer<C.Element>.allocate(capacity: elements.count)
        _ = buffer.initialize(fromContentsOf: elements)
        return buffer
    }
}

/// What the parser hands the library: a template before its references are resolved.
struct ParsedTemplate {
    var name: String
    var path: String
    var text = ContiguousArray<UInt8>()
    var ops = ContiguousArray<Op>()
    /// The names of name tags, as written.
    var names: [String] = []
    var indents: [[UInt8]] = []
    var references: [TemplateReference] = []
    var blockNames: [String] = []
    var tags: [NameTag] = []
}

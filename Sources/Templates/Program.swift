/// What the compiler makes of one template: a flat list of instructions over a pool of text bytes, with the
/// names, indentations and references the instructions point at by index. Immutable once the library is made.

/// A name as the template wrote it, split at its dots once, when the template is compiled. `.` has no parts.
struct Name: Sendable {
    let parts: [String]
    init(_ text: String) {
        parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
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

/// A compiled template.
final class CompiledTemplate: Sendable {
    let name: String
    let path: String
    let text: ContiguousArray<UInt8>
    let ops: ContiguousArray<Op>
    let names: ContiguousArray<Name>
    let indents: ContiguousArray<[UInt8]>
    /// Partial and parent references, in the order of `ref` indices.
    let references: [TemplateReference]
    /// For each reference, the index of the library's template it names, or -1 when no template has that name.
    let targets: ContiguousArray<Int32>
    /// For each block name of the template, its number in the whole library (the same name, the same number).
    let blockIDs: ContiguousArray<Int32>
    /// The name tags, in the order of their `tag` indices.
    let tags: [NameTag]

    init(_ parsed: ParsedTemplate, targets: ContiguousArray<Int32>, blockIDs: ContiguousArray<Int32>) {
        name = parsed.name
        path = parsed.path
        text = parsed.text
        ops = parsed.ops
        names = parsed.names
        indents = parsed.indents
        references = parsed.references
        tags = parsed.tags
        self.targets = targets
        self.blockIDs = blockIDs
    }
}

/// What the parser hands the library: a template before its references are resolved.
struct ParsedTemplate {
    var name: String
    var path: String
    var text = ContiguousArray<UInt8>()
    var ops = ContiguousArray<Op>()
    var names = ContiguousArray<Name>()
    var indents = ContiguousArray<[UInt8]>()
    var references: [TemplateReference] = []
    var blockNames: [String] = []
    var tags: [NameTag] = []
}

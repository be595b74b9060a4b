/// Almanac's Mustache engine: templates compiled once into flat instruction lists (names split at their dots,
/// partials and parents resolved to the library's templates), rendered from typed `TemplateValue`s into UTF-8
/// bytes, from any number of threads at once.
///
/// Supported, as the Mustache spec says (a copy in `Tests/Fixtures/mustache-spec`; `TemplatesTests` runs all of
/// it): variables `{{name}}` (escaped), `{{{name}}}` and `{{& name}}` (raw); dotted names and the implicit
/// iterator `.`; sections over lists, objects and truthy scalars; inverted sections; comments; set delimiters;
/// partials `{{> name}}`; the standalone-line rules; template inheritance (`{{< parent}}`, `{{$ block}}`, with
/// the blocks' re-indentation); dynamic partial names `{{>* name}}`. Not supported: lambdas (a `TemplateValue`
/// holds no code), dynamic parent names (`{{<* name}}` names a template called `* name`), and text directly
/// inside a parent: the spec ignores it, Almanac reports it (`TemplateError.Kind.contentInsideParent`).
///
/// Indentation: each template line of a standalone partial (or parent) gets the spaces before its tag, and each
/// line of what fills a standalone block gets the block's; empty lines get none, and neither do the lines of a
/// value, nor those of a partial included inline (as the spec's reference indents a partial's source).
///
/// Values print as: `.text` escaped by `{{x}}`, as it is by `{{{x}}}`; `.html` never escaped; `.int` in decimal;
/// `.double` like an int when it is integral (below 10^15), else Swift's shortest form (`1.21`); `.bool` as `true`
/// or `false`; `.null`, `.list` and `.object` as nothing. Truthiness is `TemplateValue.isTruthy` (0 and "" are
/// truthy, as the spec leaves it). Escaping replaces `& < > "` with `&amp; &lt; &gt; &quot;` and, unless
/// `Options.escapesApostrophe` is off, `'` with `&#39;`, in one pass over the UTF-8 bytes.
///
/// Bounds: sections nest at most `maxNesting` (256) deep in a template (deeper is a compile error, found without
/// recursion); partials and parents include each other at most `maxIncludeDepth` (64) deep, and sections, blocks
/// and includes together go at most `maxRenderDepth` (512) deep when rendering: past either bound nothing more is
/// rendered, so a partial that includes itself forever stops. A level takes about 0.4 KiB of stack in a release
/// build, so 512 levels fit a 512 KiB thread. An unknown partial or parent renders as nothing (the spec's rule);
/// `unknownReferences` lists them, located, for reporting.
///
/// Typos: `render(_:_:usage:)` records, per name tag, whether it was evaluated and whether its name resolved
/// (to any value, `.null` included); `unresolvedTags(_:)` lists the tags evaluated and never resolved. Without a
/// usage the recording is compiled away.

/// A template's text and the path to show in messages about it.
public struct TemplateSource: Sendable, Hashable {
    public var text: String
    public var path: String

    public init(_ text: String, path: String) {
        self.text = text
        self.path = path
    }
}

/// A set of named templates, compiled together: partials and parents resolve to templates of the same library.
/// Immutable once made; render from as many threads as you like.
public final class TemplateLibrary: Sendable {
    public struct Options: Sendable, Hashable {
        /// Whether `{{x}}` writes `'` as `&#39;` (Almanac's pages do; the spec neither asks nor forbids it).
        public var escapesApostrophe: Bool

        public init(escapesApostrophe: Bool = true) {
            self.escapesApostrophe = escapesApostrophe
        }
    }

    /// How deep sections may nest in one template.
    public static let maxNesting = 256
    /// How deep partials and parents may include each other when rendering.
    public static let maxIncludeDepth = 64
    /// How deep sections, blocks and includes together may go when rendering.
    public static let maxRenderDepth = 512

    /// The templates that compiled, in name order.
    let templates: ContiguousArray<CompiledTemplate>
    let index: [String: Int]
    public let options: Options
    /// The templates that did not compile, one error each (the first), in name order. They are not in the
    /// library: rendering or including them gives nothing.
    public let errors: [TemplateError]

    public init(sources: [String: TemplateSource], options: Options = Options()) {
        self.options = options
        var parsed: [ParsedTemplate] = []
        var errors: [TemplateError] = []
        for name in sources.keys.sorted() {
            let source = sources[name]!
            var parser = Parser(name: name, path: source.path, text: source.text)
            do {
                parsed.append(try parser.parse())
            } catch {
                errors.append(error)
            }
        }
        var index: [String: Int] = [:]
        for (i, template) in parsed.enumerated() { index[template.name] = i }
        var blockIDs: [String: Int32] = [:]
        templates = ContiguousArray(parsed.map { template in
            let targets = template.references.map { Int32(index[$0.name] ?? -1) }
            let ids = template.blockNames.map { name in
                if let id = blockIDs[name] { return id }
                let id = Int32(blockIDs.count)
                blockIDs[name] = id
                return id
            }
            return CompiledTemplate(template, targets: targets, blockIDs: ids)
        })
        self.index = index
        self.errors = errors
    }

    /// Compiles `sources`, throwing the first error (in name order) when any template does not compile.
    public static func compiled(_ sources: [String: TemplateSource], options: Options = Options()) throws(TemplateError) -> TemplateLibrary {
        let library = TemplateLibrary(sources: sources, options: options)
        if let error = library.errors.first { throw error }
        return library
    }

    // MARK: Templates

    /// The names of the templates that compiled, sorted.
    public var names: [String] { templates.map(\.name) }

    public func has(_ name: String) -> Bool { index[name] != nil }

    /// The partial and parent tags of template `name`, in the order they appear.
    public func references(in name: String) -> [TemplateReference] {
        index[name].map { templates[$0].references } ?? []
    }

    /// The partial and parent tags, of every template, that name no template of the library (a template that
    /// did not compile is not named here: its error says enough).
    public var unknownReferences: [TemplateReference] {
        let failed = Set(errors.map(\.location.template))
        return templates.flatMap { template in
            zip(template.references, template.targets).filter { $0.1 < 0 && !failed.contains($0.0.name) }.map(\.0)
        }
    }

    /// The variable, section, inverted-section and dynamic-partial tags of template `name`, by index.
    public func nameTags(in name: String) -> [NameTag] {
        index[name].map { templates[$0].tags } ?? []
    }

    // MARK: Rendering

    /// Template `name` rendered with `value` as its context; empty when there is no such template.
    public func render(_ name: String, _ value: TemplateValue) -> String {
        var out: [UInt8] = []
        render(name, value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same, recording into `usage` which name tags were evaluated and whether they resolved.
    public func render(_ name: String, _ value: TemplateValue, usage: inout NameUsage) -> String {
        var out: [UInt8] = []
        render(name, value, into: &out, usage: &usage)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends template `name` rendered with `value` to `out`.
    public func render(_ name: String, _ value: TemplateValue, into out: inout [UInt8]) {
        guard let t = index[name] else { return }
        var renderer = Renderer(library: self, out: reserve(&out, for: t), recorder: NoRecorder())
        renderer.render(t, value)
        out = renderer.out
    }

    /// Appends template `name` rendered with `value` to `out`, recording name usage into `usage`.
    public func render(_ name: String, _ value: TemplateValue, into out: inout [UInt8], usage: inout NameUsage) {
        guard let t = index[name] else { return }
        usage.prepare(for: templates)
        var renderer = Renderer(library: self, out: reserve(&out, for: t), recorder: UsageRecorder(flags: usage.flags))
        usage.flags = []  // so that the renderer holds the only reference and records in place
        renderer.render(t, value)
        out = renderer.out
        usage.flags = renderer.recorder.flags
    }

    /// Takes `out` (leaving it empty) with room for a page of template `t`'s size.
    private func reserve(_ out: inout [UInt8], for t: Int) -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &out)
        taken.reserveCapacity(taken.count + max(4096, 2 * templates[t].text.count))
        return taken
    }

    // MARK: Name usage

    /// The name tags evaluated at least once in `usage` and never resolved, by template, line and column.
    public func unresolvedTags(_ usage: NameUsage) -> [UnresolvedName] {
        var found: [UnresolvedName] = []
        for (t, flags) in usage.flags.enumerated() where t < templates.count {
            for (k, flag) in flags.enumerated() where k < templates[t].tags.count
                && flag & NameUsage.evaluated != 0 && flag & NameUsage.resolved == 0 {
                let tag = templates[t].tags[k]
                found.append(UnresolvedName(template: templates[t].name, name: tag.name, kind: tag.kind, location: tag.location))
            }
        }
        return found
    }
}

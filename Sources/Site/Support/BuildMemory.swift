import Analysis
import Diagnostics
import Model
import Templates

/// What `almanac serve` keeps from one build to the next, so that a rebuild redoes only what a change reaches.
///
/// - Each document file's parse and validation, by its text: an unchanged file is not parsed again.
/// - The last successful build as the output holds it: the linked knowledge base, its analysis and relations, and
///   for every page what it read while it was built (`Reads`). After a change the whole knowledge base is linked
///   and analysed again (cheap), and a page is rendered again only when something it read differs; the others
///   keep their files. Pages are written into the output in place, each atomically, and only when their bytes
///   changed; files the new build no longer has are removed.
/// - A change of almanac.yaml, of the theme's templates, of `_schemas/` or of the options (`as_of` included)
///   forgets everything: the next build is a full one.
///
/// The output after any sequence of rebuilds is byte for byte what a clean build of the same content writes
/// (`IncrementalBuildTests` checks it on random edits).
public final class BuildMemory: @unchecked Sendable {
    public init() {}

    /// What the last build did with this memory, for the server's messages, tests and benchmarks.
    public struct Report: Sendable, Equatable {
        /// Whether the build rendered every page (the first build, or after a change of the environment).
        public var full: Bool
        /// Document files parsed again (the others were unchanged).
        public var parsed: Int
        /// Pages and export files rendered again.
        public var rendered: Int
        /// Output files whose bytes changed, created or removed, as paths relative to the output folder.
        public var changedFiles: [String]
    }
    public internal(set) var report = Report(full: true, parsed: 0, rendered: 0, changedFiles: [])

    /// almanac.yaml, the templates, `_schemas/` and the options, as one text; nil before the first build.
    var environment: String?

    /// A document file's parse and validation, and what it was made from.
    struct Checked {
        var text: String
        /// For an experiment, the version of the results files it was decoded with (see `dataVersion`).
        var dataVersion: Int?
        var document: Document?
        var diagnostics: [Diagnostic]
    }
    /// By path relative to the content folder.
    var checked: [String: Checked] = [:]
    /// The results files (`experiments/data/*.csv`) of the last build, and a number that changes with them.
    var dataFiles: [String: String] = [:]
    var dataVersion = 0

    /// One page or file of the last successful build.
    struct Page {
        var template: String?
        var reads: Set<ReadKey>
        /// The template names it evaluated and resolved (for the check of names no view provides).
        var usage: NameUsage
    }

    /// The last successful build, as the output holds it.
    struct Built {
        var base: KnowledgeBase
        var analysis: Analysis
        var relations: Relations
        var tags: [(name: String, ids: [String])]
        /// Each document's file and text (and results files' version), by id: what its content was made from.
        var sources: [String: Source]
        /// By output path.
        var pages: [String: Page]
        /// Every file of the output: pages, export files, static files.
        var files: Set<String>
    }
    var built: Built?

    /// Forgets everything (a new environment).
    func reset(environment: String) {
        self.environment = environment
        checked = [:]
        dataFiles = [:]
        built = nil
    }

    /// Notes the results files this build read; experiments decoded with other ones are parsed again.
    func useDataFiles(_ files: [String: String]) {
        if files != dataFiles {
            dataFiles = files
            dataVersion += 1
        }
    }
}

/// What a document's content is made from: its file, that file's text, and for an experiment the results files.
struct Source: Equatable {
    var path: String
    var text: String
    var dataVersion: Int?
}

/// Whether what a page read differs between the last successful build and this one; answers are kept, since
/// most keys are shared by many pages. One per thread.
struct ChangeCheck {
    let before: BuildMemory.Built
    let now: BuildMemory.Built
    /// Ids of documents added, removed or changed, and their kinds (computed once for all threads).
    let changedDocuments: Set<String>
    let changedKinds: Set<Kind>
    let tagsChanged: Bool
    private var known: [ReadKey: Bool] = [:]

    init(before: BuildMemory.Built, now: BuildMemory.Built, changedDocuments: Set<String>) {
        self.before = before
        self.now = now
        self.changedDocuments = changedDocuments
        changedKinds = Set(changedDocuments.compactMap { id in id.split(separator: "/").first.flatMap { Kind(rawValue: String($0)) } })
        tagsChanged = !before.tags.elementsEqual(now.tags) { $0.name == $1.name && $0.ids == $1.ids }
    }

    /// The ids whose sources differ between two builds.
    static func changedDocuments(_ before: [String: Source], _ now: [String: Source]) -> Set<String> {
        var changed = Set<String>()
        for (id, source) in now where before[id] != source { changed.insert(id) }
        for id in before.keys where now[id] == nil { changed.insert(id) }
        return changed
    }

    mutating func changed(_ key: ReadKey) -> Bool {
        if let answer = known[key] { return answer }
        let answer: Bool
        switch key {
        case .all: answer = !changedDocuments.isEmpty
        case .kind(let kind): answer = changedKinds.contains(kind)
        case .document(let id): answer = changedDocuments.contains(id)
        case .links(let id):
            answer = before.base.resolved.storage[id] != now.base.resolved.storage[id]
                || before.base.bodyLinks.storage[id] != now.base.bodyLinks.storage[id]
                || before.base.backlinks.storage[id] != now.base.backlinks.storage[id]
        case .person(let handle): answer = before.base.persons.storage[handle] != now.base.persons.storage[handle]
        case .analysis, .analysisGlobal: answer = now.analysis.differs(from: before.analysis, at: key)
        case .relation(let name, let key): answer = now.relations.differs(from: before.relations, name: name, key: key)
        case .site(let name): answer = name == "tags" ? tagsChanged : true
        }
        known[key] = answer
        return answer
    }
}

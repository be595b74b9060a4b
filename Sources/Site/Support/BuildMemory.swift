import Analysis
import Diagnostics
import Foundation
import FrontMatter
import Model
import Templates

/// What `almanac serve` keeps from one build to the next, so that a rebuild redoes only what a change reaches.
///
/// - Each document file's parse and validation, by its text: an unchanged file is not parsed again.
/// - The last successful build as the output holds it: the linked knowledge base, its analysis and the views'
///   indexes, and for every page what it read while it was built (`Reads`). After changes of documents that keep
///   their files, ids and headings, only those are linked again and their figures computed again
///   (`relinkingChanged`, `reanalysing`); else the whole knowledge base is linked and analysed again. A page is
///   rendered again only when something it read differs; the others keep their files. Pages are written into the output in place, each atomically, and only when their bytes
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
        /// False when only changed documents were linked again (see `relinkingChanged`).
        public var linkedWhole = true
        /// Pages and export files rendered again.
        public var rendered: Int
        /// Output files whose bytes changed, created or removed, as paths relative to the output folder.
        public var changedFiles: [String]
    }
    public internal(set) var report = Report(full: true, parsed: 0, rendered: 0, changedFiles: [])

    /// almanac.yaml, the templates, `_schemas/` and the options, as one text; nil before the first build.
    var environment: String?

    /// The files of the content folder as last read, by path relative to it (read on many threads at once).
    struct File {
        var stamp: FileSystem.Stamp
        var text: String
        var problem: Diagnostic?
    }
    private var files: [String: File] = [:]
    private let filesLock = NSLock()
    func remember(_ path: String, _ file: File) { filesLock.withLock { files[path] = file } }
    func known(_ path: String) -> File? { filesLock.withLock { files[path] } }
    /// Forgets the files not in `paths` (deleted since).
    func keepFiles(_ paths: Set<String>) { filesLock.withLock { files = files.filter { paths.contains($0.key) } } }
    /// The files of the content folder that changed since the last build (paths relative to it), when the caller
    /// knows them all (a watcher): they are read again whatever their stamps say, and, when they are all
    /// documents or results files that are still there, the folder is not walked again and no other file is
    /// looked at. Nil: every file's stamp is looked at. Consumed by each build.
    public var changes: Set<String>?
    /// This build took `changes` as the whole truth (see `changes`).
    var trustChanges = false
    /// The last walk of the content folder.
    var scan: ContentScan?

    /// What the last load read, for a rebuild that reads only the files the watcher named (see `changes`).
    struct LastLoad {
        var files: [Loaded.File] = []
        var dataFiles: [String: String] = [:]
        /// Where each document's file is in `files`, by path relative to the content folder.
        var fileIndex: [String: Int] = [:]
        /// The problems of the scan's entries (misplaced files) and of reading them (not UTF-8), by their place
        /// in the scan's entries.
        var problems: [Int: Diagnostic] = [:]
        /// The files' texts, by the path diagnostics show.
        var sources: [String: String] = [:]
    }
    var loaded: LastLoad?
    /// The theme and the schemas as last compiled, with what they were made from.
    var theme: Theme.Cache?
    var schemas: (texts: String, loaded: (SchemaSet, [Diagnostic]))?

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

    /// What this build changed of the last one's links and figures, when it linked only changed documents again:
    /// the keys of the links and figures that differ, and whether any front matter changed (else the views'
    /// indexes and the tags are the last build's). Nil: compare the whole.
    struct Delta {
        var keys: Set<ReadKey>
        var headers: Bool
    }
    var delta: Delta?

    /// The last successful build, as the output holds it.
    struct Built {
        var base: KnowledgeBase
        var analysis: Analysis
        /// The views' indexes (relations, flag filters) and the tags with their documents, kept by a rebuild
        /// after changes of bodies alone.
        var views: SiteViews
        var tags: [(name: String, documents: [Document])]
        /// Each document's file and text (and results files' version), by id: what its content was made from.
        var sources: [String: Source]
        /// By output path.
        var pages: [String: Page]
        /// The pages' usages merged (see `Page.usage`).
        var usage: NameUsage
        /// Every file of the output: pages, export files, static files; and the static files' paths alone.
        var files: Set<String>
        var staticPaths: [String]
        /// The names the first page of each template provided (for the help of the template check), and its path.
        var provided: [String: (path: String, names: Set<String>)]
        /// The link and analyse steps' diagnostics, and the files under `assets/` that body links may name.
        var problems: LinkProblems
        var assets: Set<String>
        /// The hash of each file of the search index, by path: a file is rendered again when its hash changed.
        var searchFiles: [String: UInt64] = [:]
    }
    var built: Built?

    /// Each document's part of the search index (see `SearchIndex.init(_:urls:cache:)`).
    private(set) var searchIndex = SearchIndex.Cache()

    /// Forgets everything (a new environment).
    func reset(environment: String) {
        self.environment = environment
        searchIndex = SearchIndex.Cache()
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

    /// What the document's header (title, fields, references, their lines) is made from: the front matter's
    /// YAML and the line its body starts on, exactly as the parse step cuts them; the whole text when there is
    /// no front matter.
    static func header(_ text: String) -> [String] {
        let split = SplitDocument.split(text)
        guard let yaml = split.yaml else { return [text] }
        return [yaml, String(split.bodyFirstLine), String(split.unclosed), String(text.utf8.starts(with: [0xEF, 0xBB, 0xBF]))]
    }
}

/// The keys whose values differ between the last successful build and this one: a page that read none of them
/// would be rendered to the same bytes.
func changedKeys(before: BuildMemory.Built, now: BuildMemory.Built, delta: BuildMemory.Delta?) -> Set<ReadKey> {
    var keys = Set<ReadKey>()
    // Documents: by what their content is made from (a file's text), added and removed ones included. A change
    // of the body alone (the front matter's text is the same) leaves the document's header as it was.
    for (id, source) in now.sources where before.sources[id] != source {
        keys.insert(.body(id))
        if let old = before.sources[id], old.path == source.path, old.dataVersion == source.dataVersion,
           Source.header(old.text) == Source.header(source.text) { continue }
        keys.insert(.document(id))
    }
    for id in before.sources.keys where now.sources[id] == nil {
        keys.insert(.document(id))
        keys.insert(.body(id))
    }
    for key in keys {
        guard case .body(let id) = key else { continue }
        keys.insert(.all)
        if keys.contains(.document(id)), let kind = id.split(separator: "/").first.flatMap({ Kind(rawValue: String($0)) }) {
            keys.insert(.kind(kind))
        }
    }
    /// The ids whose values differ (or exist on one side only), compared on all cores.
    func differing<T: Equatable & Sendable>(_ mine: [String: T], _ theirs: [String: T]) -> [String] {
        if sameStorage(mine, theirs) { return [] }  // kept by a rebuild that linked only changed bodies
        let ids = Array(Set(mine.keys).union(theirs.keys))
        let chunks = 16
        return parallelMap(chunks) { c -> [String] in
            stride(from: c, to: ids.count, by: chunks).compactMap { i in mine[ids[i]] != theirs[ids[i]] ? ids[i] : nil }
        }.flatMap { $0 }
    }
    // The link maps, the figures and the relations are compared side by side, unless the link and analyse steps
    // said what changed (the persons are then the same).
    if let delta {
        keys.formUnion(delta.keys)
        keys.formUnion(now.views.relations.changes(from: before.views.relations))
    }
    let parts = delta != nil ? [] : parallelMap(6) { part -> Set<ReadKey> in
        switch part {
        case 0: Set(differing(now.base.resolved.storage, before.base.resolved.storage).map { .links($0) })
        case 1: Set(differing(now.base.bodyLinks.storage, before.base.bodyLinks.storage).map { .links($0) })
        case 2: Set(differing(now.base.backlinks.storage, before.base.backlinks.storage).map { .links($0) })
        case 3: Set(differing(now.base.persons.storage, before.base.persons.storage).map { .person($0) })
        case 4: now.analysis.changes(from: before.analysis)
        default: now.views.relations.changes(from: before.views.relations)
        }
    }
    for part in parts { keys.formUnion(part) }
    for (path, hash) in now.searchFiles where before.searchFiles[path] != hash { keys.insert(.site(path)) }
    if !before.tags.elementsEqual(now.tags, by: { $0.name == $1.name && $0.documents.map(\.id) == $1.documents.map(\.id) }) {
        keys.insert(.site("tags"))
    }
    return keys
}

extension Set<ReadKey> {
    /// Whether the two sets share a key, looking up the smaller one's keys in the larger one.
    func meets(_ other: Set<ReadKey>) -> Bool {
        count <= other.count ? contains(where: other.contains) : other.contains(where: contains)
    }
}

/// Whether two values are bit for bit the same: for collections, one storage (one was copied from the other), so
/// equal without a look at their elements. False says nothing.
func sameStorage<T>(_ a: T, _ b: T) -> Bool {
    withUnsafeBytes(of: a) { x in withUnsafeBytes(of: b) { y in x.elementsEqual(y) } }
}

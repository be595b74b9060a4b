import Analysis
import Diagnostics
import Model
import Templates

/// What the render step wrote into the staging folder.
struct RenderedSite {
    var written: [String]
    var pages: Int
    /// For `almanac serve`: the build as the memory keeps it (its `files` filled by the write step).
    var built: BuildMemory.Built?
    /// Files rendered again, and those whose bytes changed (in place; else every file written).
    var rendered: Int
    var changed: [String]
    /// The same pages as the last build in this output (none added or removed).
    var samePaths = false
}

extension Build {
    /// Renders every page through the theme and the JSON export beside them, in one parallel sweep, writing
    /// each file into the staging folder as soon as it is rendered (nothing is held for a later write).
    ///
    /// With a memory (`almanac serve`), what each page reads is recorded; writing in place after an earlier
    /// build, a page whose reads are all unchanged is not rendered again (its file stays as it is).
    func render(_ checked: Checked, theme: Theme, into staging: Staging) -> RenderedSite? {
        let base = checked.base, analysis = checked.analysis
        // Parts of the step, printed by `--timings` beside the steps.
        var mark = monotonicSeconds()
        func lap(_ part: String) {
            let now = monotonicSeconds()
            record("  " + part, seconds: now - mark)
            mark = now
        }
        // After changes of bodies alone (the last link and analysis kept but for those documents' links), so are
        // the views' indexes and the tags: they are made from front matter.
        let kept = memory?.delta?.headers == false && staging.inPlace ? memory?.built : nil
        let views = kept.map { SiteViews(base: base, analysis: analysis, keepingIndexesOf: $0.views) }
            ?? SiteViews(base: base, analysis: analysis, theme: theme)
        let urls = views.urls
        let export = Export(base: base, analysis: analysis, urls: urls, relations: views.relations)
        let tags = kept?.tags ?? views.tags()
        lap("views")
        let search = SearchIndex.make(base.allDocuments, urls: urls, cache: memory?.searchIndex)
        lap("search index")
        enum Job {
            case document(Document), home, index(Kind), tags, tag(String, [Document]), flags(String, String, String, [Document]), api(Document), apiIndex, notFound, feed, sitemap([String])
            /// A file of the search index, computed before the sweep: it reads its own bytes (see `Built.searchFiles`).
            case search(Int, String)

            /// The theme's template of the page; nil for the files written without one.
            var template: String? {
                switch self {
                case .document(let document): document.kind.rawValue
                case .home: "home"
                case .index, .flags: "index"
                case .tags: "tags"
                case .tag: "tag"
                case .notFound: "notfound"
                case .feed: "feed"
                case .sitemap: "sitemap"
                case .api, .apiIndex, .search: nil
                }
            }

            /// A document's own page (not its JSON export).
            var isDocumentPage: Bool { if case .document = self { true } else { false } }

            /// Notes what a job's page reads beyond what the views note themselves: its own document, and the
            /// lists computed before the sweep.
            func noteInputs() {
                switch self {
                case .document(let document), .api(let document):
                    Reads.note(.document(document.id))
                    Reads.note(.body(document.id))
                case .search(_, let path): Reads.note(.site(path))
                case .tags: Reads.note(.site("tags"))
                case .tag(_, let documents):
                    Reads.note(.site("tags"))
                    for document in documents { Reads.note(.document(document.id)) }
                case .flags: Reads.note(.kind(.flag)); Reads.note(.kind(.team))
                case .home, .index, .apiIndex, .notFound, .feed, .sitemap: break
                }
            }
        }
        var jobs: [(path: String, job: Job)] = [(urls.file(for: urls.home), .home)]
        jobs += Kind.allCases.map { (urls.file(for: urls.index($0)), .index($0)) }
        jobs.append((urls.file(for: urls.tags), .tags))
        jobs += tags.map { (urls.file(for: urls.tag($0.name)), .tag($0.name, $0.documents)) }
        jobs += base.allDocuments.map { (urls.file(for: urls.document($0.kind, $0.slug)), .document($0)) }
        jobs += views.flagFilterSets.map { (urls.file(for: $0.url), .flags($0.url, $0.label, $0.group, $0.documents)) }
        let pagePaths = jobs.map(\.path)  // for the sitemap: see Support/Feeds.swift
        if theme.library.has("notfound") { jobs.append(("404.html", .notFound)) }
        let pages = jobs.count
        jobs.append(("feed.xml", .feed))
        if urls.isAbsolute { jobs.append(("sitemap.xml", .sitemap(pagePaths))) }
        jobs += base.allDocuments.map { ("api/\($0.kind.rawValue)/\($0.slug).json", .api($0)) }
        jobs.append(("api/index.json", .apiIndex))
        jobs += search.files.enumerated().map { ($0.element.path, .search($0.offset, $0.element.path)) }
        lap("jobs")
        do {
            try staging.makeFolders(for: jobs.map(\.path))
        } catch {
            report([Diagnostic(.outputFailed, "the output could not be written: \(error)", at: nil)])
            return nil
        }
        // The names of one value per template (its first job's) are enough for suggestions, and cheap.
        var firstJob: [String: Int] = [:]
        for (i, job) in jobs.enumerated() {
            if let name = job.job.template, firstJob[name] == nil { firstJob[name] = i }
        }
        let recording = memory != nil
        typealias Done = (failures: [String], usage: NameUsage, provided: [String: Set<String>], pages: [(Int, BuildMemory.Page)], changed: [Int])
        /// Renders and writes the jobs at `indices`.
        func renderJobs(_ indices: [Int]) -> Done {
            var usage = NameUsage(), failures: [String] = [], provided: [String: Set<String>] = [:]
            var pages: [(Int, BuildMemory.Page)] = [], changed: [Int] = []
            for i in indices {
                let template = jobs[i].job.template
                var pageUsage = NameUsage()
                func page(_ value: TemplateValue) -> [UInt8] {
                    let name = template!
                    if firstJob[name] == i { Theme.names(in: value, into: &provided[name, default: []]) }
                    // Kept per page only for the memory: a page rendered again replaces its own.
                    return recording ? theme.renderBytes(name, value, usage: &pageUsage) : theme.renderBytes(name, value, usage: &usage)
                }
                func renderJob() -> [UInt8] {
                    switch jobs[i].job {
                    case .document(let document):
                        let links = base.bodyLinks[document.id] ?? [:]
                        var body = document.body.renderHTML { link in links[link.destination].map { views.url(of: $0) } }
                        body = keepingDatesWhole(body) ?? body
                        return page(views.documentPage(document, bodyHTML: body))
                    case .home: return page(views.homePage())
                    case .index(let kind): return page(views.indexPage(kind))
                    case .tags: return page(views.tagsPage(tags))
                    case .tag(let name, let documents): return page(views.tagPage(name, documents))
                    case .flags(let url, let label, let group, let documents):
                        return page(views.flagFilterPage(url: url, label: label, group: group, documents: documents))
                    case .api(let document): return export.document(document).bytes()
                    case .apiIndex: return export.index().bytes()
                    case .notFound: return page(views.notFoundPage())
                    case .feed: return page(views.atomFeed())
                    case .sitemap(let paths): return page(views.sitemap(pages: paths) ?? [:])
                    case .search(let n, _): return search.files[n].bytes
                    }
                }
                let (bytes, reads) = recording ? Reads.record {
                    jobs[i].job.noteInputs()
                    return renderJob()
                } : (renderJob(), [])
                if recording { pages.append((i, BuildMemory.Page(template: template, reads: reads, usage: pageUsage))) }
                do {
                    if try staging.write(bytes, to: jobs[i].path) { changed.append(i) }
                } catch {
                    failures.append("\(error)")
                }
            }
            return (failures, usage, provided, pages, changed)
        }
        let previous = staging.inPlace ? memory?.built : nil
        // Rewriting in place, the pages of the documents that changed (a few) are rendered and written before
        // anything else: a writer who just saved a file is looking at one of them.
        var eager: [Int] = []
        if let previous {
            for (i, job) in jobs.enumerated() {
                guard case .document(let document) = job.job, previous.base.document(id: document.id) !== document else { continue }
                eager.append(i)
                if eager.count > 16 { eager = []; break }
            }
        }
        let first = renderJobs(eager)
        let renderedFirst = Set(eager)
        lap("first")
        // What the memory keeps of this build, and what changed since the last one written into this output.
        let now = memory.map { memory in
            BuildMemory.Built(base: base, analysis: analysis, views: views, tags: tags,
                              sources: sources(checked.loaded, base, previous: memory.built, dataVersion: memory.dataVersion),
                              pages: [:], usage: NameUsage(), files: [], staticPaths: [], provided: [:],
                              problems: checked.problems, assets: checked.assets,
                              searchFiles: Dictionary(uniqueKeysWithValues: zip(search.files.map(\.path), search.hashes)))
        }
        lap("sources")
        let changedSinceLast = previous.map { changedKeys(before: $0, now: now!, delta: memory?.delta) } ?? []
        lap("changes")
        // The jobs to render: all of them without a last build in this output; else those whose page is new or
        // has another template, that read something that changed, or that now give a template's names (the first
        // page of each template gives them, for the help of the template check). Documents' own pages come
        // first: they are what a writer who just saved a file looks at.
        var toRender = Array(jobs.indices)
        var knownPages = 0
        if let previous {
            let chunks = 16
            let parts = parallelMap(chunks) { c -> (render: [Int], known: Int) in
                var render: [Int] = [], known = 0
                for i in stride(from: c, to: jobs.count, by: chunks) where !renderedFirst.contains(i) {
                    guard let page = previous.pages[jobs[i].path] else { render.append(i); continue }
                    known += 1
                    let template = jobs[i].job.template
                    if page.template != template || page.reads.meets(changedSinceLast)
                        || template.map({ firstJob[$0] == i && previous.provided[$0]?.path != jobs[i].path }) == true {
                        render.append(i)
                    }
                }
                return (render, known)
            }
            knownPages = parts.reduce(0) { $0 + $1.known } + eager.count { previous.pages[jobs[$0].path] != nil }
            toRender = parts.flatMap(\.render).sorted { a, b in
                let (x, y) = (jobs[a].job.isDocumentPage, jobs[b].job.isDocumentPage)
                return x != y ? x : a < b
            }
        }
        lap("select")
        // Each worker takes every `workers`-th job to render and records which template names resolved: in its
        // own `NameUsage` without a memory, per page with one (the usages tell names no page provided).
        let workers = max(1, min(toRender.count, 64))
        let done = parallelMap(workers) { w in renderJobs(stride(from: w, to: toRender.count, by: workers).map { toRender[$0] }) }
            + [first]
        lap("pages")
        let failures = done.flatMap(\.failures)
        // A page no longer written takes its names with it: the usage of all pages is then merged again.
        let removed = previous.map { knownPages < $0.pages.count } ?? false
        var built = now
        if let previous, built != nil {
            built!.pages = previous.pages
            if removed {
                let paths = Set(jobs.map(\.path))
                built!.pages = built!.pages.filter { paths.contains($0.key) }
            }
            built!.provided = previous.provided.filter { firstJob[$0.key] != nil }
            built!.usage = previous.usage
        }
        var merged = !removed
        for part in done {
            for (i, page) in part.pages {
                let old = built?.pages.updateValue(page, forKey: jobs[i].path)?.usage
                if old != page.usage, merged {
                    // The usage of all pages takes this one's only when it adds to what the old one recorded.
                    if old.map(page.usage.contains) ?? true { built!.usage.merge(page.usage) } else { merged = false }
                }
            }
            for (template, names) in part.provided { built?.provided[template] = (jobs[firstJob[template]!].path, names) }
        }
        if built != nil, !merged {
            built!.usage = NameUsage()
            for page in built!.pages.values { built!.usage.merge(page.usage) }
        }
        var usage = views.navigationUsage
        if let built { usage.merge(built.usage) } else { for part in done { usage.merge(part.usage) } }
        let unresolved = theme.unresolved(usage, provided: (built?.provided.values.map(\.names) ?? done.flatMap { $0.provided.values })
            .reduce(into: Set<String>()) { $0.formUnion($1) })
        lap("usage")
        if !unresolved.isEmpty {
            report(unresolved)
            return nil
        }
        if let failure = failures.first {
            report([Diagnostic(.outputFailed, "the output could not be written: \(failure)", at: nil,
                               help: "check the free space and the permissions of the output's parent folder")])
            return nil
        }
        return RenderedSite(written: jobs.map(\.path), pages: pages, built: built, rendered: eager.count + toRender.count,
                            changed: done.flatMap(\.changed).sorted().map { jobs[$0].path },
                            samePaths: previous != nil && !removed && knownPages == jobs.count)
    }

    /// What each document's content is made from, by id (see `Source`): a document the parse step kept (the same
    /// object as in the last build) is made from what it was made from then.
    private func sources(_ loaded: Loaded, _ base: KnowledgeBase, previous: BuildMemory.Built?, dataVersion: Int) -> [String: Source] {
        var out = previous?.sources ?? [:]
        var fresh: [Document] = []
        for document in base.allDocuments where previous?.base.document(id: document.id) !== document || out[document.id] == nil {
            fresh.append(document)
        }
        if !fresh.isEmpty {
            let paths = Set(fresh.map(\.path))
            var texts: [String: String] = [:]
            for file in loaded.files where paths.contains(file.path) { texts[file.path] = file.text }
            for document in fresh {
                out[document.id] = Source(path: document.path, text: texts[document.path] ?? "",
                                          dataVersion: document.kind == .experiment ? dataVersion : nil)
            }
        }
        if out.count != base.allDocuments.count {
            let ids = Set(base.allDocuments.map(\.id))
            out = out.filter { ids.contains($0.key) }
        }
        return out
    }
}

extension SiteViews {
    /// The URL a resolved reference or body link leads to.
    func url(of destination: Destination) -> String {
        switch destination {
        case .document(let id, let anchor):
            return urls.document(id: id) + (anchor.map { "#" + $0.addingFragmentEscapes() } ?? "")
        case .person(let handle):
            return person(handle).url ?? urls.home
        case .asset(let path):
            return urls.base + path.split(separator: "/").map { String($0).addingPathEscapes() }.joined(separator: "/")
        }
    }
}

extension String {
    /// Keeps a fragment readable while escaping what a URL cannot hold.
    func addingFragmentEscapes() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x21 || "\"<>`%#".unicodeScalars.contains(scalar) {
                for byte in String(scalar).utf8 { out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

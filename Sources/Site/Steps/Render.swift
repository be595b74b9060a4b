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
}

extension Build {
    /// Renders every page through the theme and the JSON export beside them, in one parallel sweep, writing
    /// each file into the staging folder as soon as it is rendered (nothing is held for a later write).
    ///
    /// With a memory (`almanac serve`), what each page reads is recorded; writing in place after an earlier
    /// build, a page whose reads are all unchanged is not rendered again (its file stays as it is).
    func render(_ checked: Checked, theme: Theme, into staging: Staging) -> RenderedSite? {
        let base = checked.base, analysis = checked.analysis
        // After changes of bodies alone (the last link and analysis kept), so are the views' indexes and the tags:
        // they are made from front matter.
        let kept = memory?.report.linkedWhole == false && staging.inPlace ? memory?.built : nil
        let views = kept.map { SiteViews(base: base, analysis: analysis, keepingIndexesOf: $0.views) }
            ?? SiteViews(base: base, analysis: analysis, theme: theme)
        let urls = views.urls
        let export = Export(base: base, analysis: analysis, urls: urls, relations: views.relations)
        let tags = kept?.tags ?? views.tags()
        enum Job {
            case document(Document), home, index(Kind), tags, tag(String, [Document]), flags(String, String, String, [Document]), api(Document), apiIndex, notFound, feed, sitemap([String]), searchIndex

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
                case .api, .apiIndex, .searchIndex: nil
                }
            }

            /// Notes what a job's page reads beyond what the views note themselves: its own document, and the
            /// lists computed before the sweep.
            func noteInputs() {
                switch self {
                case .document(let document), .api(let document):
                    Reads.note(.document(document.id))
                    Reads.note(.body(document.id))
                case .searchIndex: Reads.note(.all)
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
        jobs.append((SearchIndex.path, .searchIndex))
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
        // What the memory keeps of this build, and what changed since the last one written into this output.
        let now = memory.map { memory in
            BuildMemory.Built(base: base, analysis: analysis, views: views, tags: tags,
                              sources: sources(checked.loaded, base, dataVersion: memory.dataVersion), pages: [:], files: [],
                              provided: [:], problems: checked.problems, assets: checked.assets)
        }
        let previous = staging.inPlace ? memory?.built : nil
        let changedSinceLast = previous.map { changedKeys(before: $0, now: now!) } ?? []
        // Each worker takes every `workers`-th job and records which template names resolved in its own
        // `NameUsage`; the usages are merged to find names that no page provided (a typo in a template).
        let workers = min(jobs.count, 64)
        typealias Done = (failures: [String], usage: NameUsage, provided: [String: Set<String>], pages: [(Int, BuildMemory.Page)], changed: [Int], rendered: Int)
        let done = parallelMap(workers) { w -> Done in
            var usage = NameUsage(), failures: [String] = [], provided: [String: Set<String>] = [:]
            var kept: [(Int, BuildMemory.Page)] = [], changed: [Int] = [], rendered = 0
            for i in stride(from: w, to: jobs.count, by: workers) {
                let template = jobs[i].job.template
                // The first page of each template gives the names for the template check's help; unchanged, the
                // names it gave last time are the same.
                let first = template.flatMap { firstJob[$0] == i ? $0 : nil }
                if let page = previous?.pages[jobs[i].path], page.template == template, page.reads.isDisjoint(with: changedSinceLast),
                   first.map({ previous?.provided[$0]?.path == jobs[i].path }) ?? true {
                    if let first, let names = previous?.provided[first]?.names { provided[first] = names }
                    usage.merge(page.usage)
                    kept.append((i, page))
                    continue
                }
                var pageUsage = NameUsage()
                func page(_ value: TemplateValue) -> [UInt8] {
                    let name = template!
                    if firstJob[name] == i { Theme.names(in: value, into: &provided[name, default: []]) }
                    // Kept per page only for the memory: a page rendered again replaces its own.
                    return now == nil ? theme.renderBytes(name, value, usage: &usage) : theme.renderBytes(name, value, usage: &pageUsage)
                }
                func renderJob() -> [UInt8] {
                    switch jobs[i].job {
                    case .document(let document):
                        let links = base.bodyLinks[document.id] ?? [:]
                        let body = document.body.renderHTML { link in links[link.destination].map { views.url(of: $0) } }
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
                    case .searchIndex:
                        if let memory { return SearchIndex.bytes(of: base.documents, urls: urls, cache: memory.searchIndex) }
                        return SearchIndex(base.documents, urls: urls).bytes()
                    }
                }
                let (bytes, reads) = now == nil ? (renderJob(), []) : Reads.record {
                    jobs[i].job.noteInputs()
                    return renderJob()
                }
                rendered += 1
                if now != nil {
                    usage.merge(pageUsage)
                    kept.append((i, BuildMemory.Page(template: template, reads: reads, usage: pageUsage)))
                }
                do {
                    if try staging.write(bytes, to: jobs[i].path) { changed.append(i) }
                } catch {
                    failures.append("\(error)")
                }
            }
            return (failures, usage, provided, kept, changed, rendered)
        }
        let failures = done.flatMap(\.failures)
        var usage = views.navigationUsage
        for part in done { usage.merge(part.usage) }
        let unresolved = theme.unresolved(usage, provided: done.reduce(into: Set<String>()) { all, part in
            for names in part.provided.values { all.formUnion(names) }
        })
        if !unresolved.isEmpty {
            report(unresolved)
            return nil
        }
        if let failure = failures.first {
            report([Diagnostic(.outputFailed, "the output could not be written: \(failure)", at: nil,
                               help: "check the free space and the permissions of the output's parent folder")])
            return nil
        }
        var built = now
        for part in done {
            for (i, page) in part.pages { built?.pages[jobs[i].path] = page }
            for (template, names) in part.provided { built?.provided[template] = (jobs[firstJob[template]!].path, names) }
        }
        let rendered = done.reduce(0) { $0 + $1.rendered }
        return RenderedSite(written: jobs.map(\.path), pages: pages, built: built, rendered: rendered,
                            changed: done.flatMap(\.changed).sorted().map { jobs[$0].path })
    }

    /// What each document's content is made from, by id (see `Source`).
    private func sources(_ loaded: Loaded, _ base: KnowledgeBase, dataVersion: Int) -> [String: Source] {
        let texts = Dictionary(loaded.files.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        var out: [String: Source] = [:]
        for document in base.allDocuments {
            out[document.id] = Source(path: document.path, text: texts[document.path] ?? "",
                                      dataVersion: document.kind == .experiment ? dataVersion : nil)
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

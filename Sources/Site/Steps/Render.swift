import Analysis
import Diagnostics
import Model
import Templates

/// What the render step wrote into the staging folder.
struct RenderedSite {
    var written: [String]
    var pages: Int
}

extension Build {
    /// Renders every page through the theme and the JSON export beside them, in one parallel sweep, writing
    /// each file into the staging folder as soon as it is rendered (nothing is held for a later write).
    func render(_ base: KnowledgeBase, analysis: Analysis, theme: Theme, into staging: Staging) -> RenderedSite? {
        let views = SiteViews(base: base, analysis: analysis, theme: theme)
        let urls = views.urls
        let export = Export(base: base, analysis: analysis, urls: urls, relations: views.relations)
        let tags = views.tags()
        enum Job {
            case document(Document), home, index(Kind), tags, tag(String, [Document]), flags(String, String, String, [Document]), api(Document), apiIndex, notFound, feed, sitemap(TemplateValue), searchIndex

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
        }
        var jobs: [(path: String, job: Job)] = [(urls.file(for: urls.home), .home)]
        jobs += Kind.allCases.map { (urls.file(for: urls.index($0)), .index($0)) }
        jobs.append((urls.file(for: urls.tags), .tags))
        jobs += tags.map { (urls.file(for: urls.tag($0.name)), .tag($0.name, $0.documents)) }
        jobs += base.documents.map { (urls.file(for: urls.document($0.kind, $0.slug)), .document($0)) }
        jobs += views.flagFilterSets.map { (urls.file(for: $0.url), .flags($0.url, $0.label, $0.group, $0.documents)) }
        let sitemap = views.sitemap(pages: jobs.map(\.path))  // site files: see Support/Feeds.swift
        if theme.library.has("notfound") { jobs.append(("404.html", .notFound)) }
        let pages = jobs.count
        jobs.append(("feed.xml", .feed))
        if let sitemap { jobs.append(("sitemap.xml", .sitemap(sitemap))) }
        jobs += base.documents.map { ("api/\($0.kind.rawValue)/\($0.slug).json", .api($0)) }
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
        // Each worker takes every `workers`-th job and records which template names resolved in its own
        // `NameUsage`; the usages are merged to find names that no page provided (a typo in a template).
        let workers = min(jobs.count, 64)
        let done = parallelMap(workers) { w -> (failures: [String], usage: NameUsage, provided: Set<String>) in
            var usage = NameUsage(), failures: [String] = [], provided = Set<String>()
            for i in stride(from: w, to: jobs.count, by: workers) {
                func page(_ value: TemplateValue) -> [UInt8] {
                    let name = jobs[i].job.template!
                    if firstJob[name] == i { Theme.names(in: value, into: &provided) }
                    return theme.renderBytes(name, value, usage: &usage)
                }
                let bytes: [UInt8]
                switch jobs[i].job {
                case .document(let document):
                    let links = base.bodyLinks[document.id] ?? [:]
                    let body = document.body.renderHTML { link in links[link.destination].map { views.url(of: $0) } }
                    bytes = page(views.documentPage(document, bodyHTML: body))
                case .home: bytes = page(views.homePage())
                case .index(let kind): bytes = page(views.indexPage(kind))
                case .tags: bytes = page(views.tagsPage(tags))
                case .tag(let name, let documents): bytes = page(views.tagPage(name, documents))
                case .flags(let url, let label, let group, let documents):
                    bytes = page(views.flagFilterPage(url: url, label: label, group: group, documents: documents))
                case .api(let document): bytes = export.document(document).bytes()
                case .apiIndex: bytes = export.index().bytes()
                case .notFound: bytes = page(views.notFoundPage())
                case .feed: bytes = page(views.atomFeed())
                case .sitemap(let value): bytes = page(value)
                case .searchIndex: bytes = SearchIndex(base.documents, urls: urls).bytes()
                }
                do {
                    try staging.write(bytes, to: jobs[i].path)
                } catch {
                    failures.append("\(error)")
                }
            }
            return (failures, usage, provided)
        }
        let failures = done.flatMap(\.failures)
        var usage = views.navigationUsage
        for part in done { usage.merge(part.usage) }
        let unresolved = theme.unresolved(usage, provided: done.reduce(into: Set<String>()) { $0.formUnion($1.provided) })
        if !unresolved.isEmpty {
            report(unresolved)
            return nil
        }
        if let failure = failures.first {
            report([Diagnostic(.outputFailed, "the output could not be written: \(failure)", at: nil,
                               help: "check the free space and the permissions of the output's parent folder")])
            return nil
        }
        return RenderedSite(written: jobs.map(\.path), pages: pages)
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

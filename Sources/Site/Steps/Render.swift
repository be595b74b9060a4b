import Analysis
import Model

extension Build {
    /// Renders every page through the theme, in parallel, and the JSON export beside them.
    func render(_ base: KnowledgeBase, analysis: Analysis, theme: Theme) -> RenderedSite {
        let views = SiteViews(base: base, analysis: analysis)
        let urls = views.urls
        let tags = views.tags()
        /// Every page of the site, rendered in one parallel sweep: the large index pages alongside the documents.
        enum Page { case document(Document), home, index(Kind), tags, tag(String, [Document]) }
        let pagesToRender: [Page] = [.home] + Kind.allCases.map(Page.index) + [.tags] + tags.map { Page.tag($0.name, $0.documents) }
            + base.documents.map(Page.document)
        var files = parallelMap(pagesToRender.count) { i -> (String, String) in
            switch pagesToRender[i] {
            case .document(let document):
                let links = base.bodyLinks[document.id] ?? [:]
                document.body.rewriteLinks { link in links[link.destination].map { views.url(of: $0) } }
                let page = views.documentPage(document, bodyHTML: document.body.renderHTML())
                return (urls.file(for: urls.document(document.kind, document.slug)), theme.render(document.kind.rawValue, page))
            case .home:
                return (urls.file(for: urls.home), theme.render("home", views.homePage()))
            case .index(let kind):
                return (urls.file(for: urls.index(kind)), theme.render("index", views.indexPage(kind)))
            case .tags:
                return (urls.file(for: urls.tags), theme.render("tags", views.tagsPage(tags)))
            case .tag(let name, let documents):
                return (urls.file(for: urls.tag(name)), theme.render("tag", views.tagPage(name, documents)))
            }
        }
        let pages = files.count
        let export = Export(base: base, analysis: analysis, urls: urls)
        files += parallelMap(base.documents.count) { i in
            let d = base.documents[i]
            return ("api/\(d.kind.rawValue)/\(d.slug).json", export.document(d).serialized())
        }
        files.append(("api/index.json", export.index().serialized()))
        return RenderedSite(files: files.map { (path: $0.0, text: $0.1) }, pages: pages)
    }
}

extension SiteViews {
    /// The URL a resolved reference or body link leads to.
    func url(of destination: Destination) -> String {
        switch destination {
        case .document(let id, let anchor):
            return urls.document(id: id) + (anchor.map { "#" + $0.addingFragmentEscapes() } ?? "")
        case .person(let handle):
            return (person(handle)["url"] as? String) ?? urls.home
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

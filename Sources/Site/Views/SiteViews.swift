import Analysis
import Markdown
import Model
import Templates

/// Builds the view models of every page from the linked knowledge base and its analysis.
struct SiteViews {
    let base: KnowledgeBase
    let analysis: Analysis
    let urls: URLs

    /// Who owns what and which documents touch each service (see Relations.swift): built once, so that no page
    /// scans the whole knowledge base.
    let relations: Relations

    private(set) var navigationHTML: [Kind?: String] = [:]
    /// Which names the navigation's renderings resolved (see `Theme.unresolved`).
    private(set) var navigationUsage = NameUsage()
    /// The flag inventory's subsets (by owner, by type), computed once for the index and every filter page.
    /// They are made of the flags and their owning teams' titles (noted as such when a page reads them).
    var flagFilterSets: [(url: String, label: String, group: String, documents: [Document])] {
        Reads.note(.kind(.flag))
        Reads.note(.kind(.team))
        return flagFilterStore
    }
    private var flagFilterStore: [(url: String, label: String, group: String, documents: [Document])] = []

    init(base: KnowledgeBase, analysis: Analysis, theme: Theme) {
        self.base = base
        self.analysis = analysis
        self.urls = URLs(base: base.config.baseURL)
        defer {
            flagFilterStore = flagFilters()
            for kind in [nil] + Kind.allCases.map(Optional.some) {
                navigationHTML[kind] = theme.render("nav", navigation(current: kind), usage: &navigationUsage)
            }
        }
        self.relations = Relations(base)
    }

    /// The views of a knowledge base whose documents' front matter is that of `old`'s (only bodies changed): the
    /// indexes made from front matter (relations, flag filters, navigation) are kept.
    init(base: KnowledgeBase, analysis: Analysis, keepingIndexesOf old: SiteViews) {
        self.base = base
        self.analysis = analysis
        urls = old.urls
        relations = old.relations
        flagFilterStore = old.flagFilterStore
        navigationHTML = old.navigationHTML
        navigationUsage = old.navigationUsage
    }

    // MARK: Links to things

    func link(to id: String) -> InlinePart {
        guard let document = base.document(id: id) else { return text(id) }
        return Site.link(document.title, urls.document(id: id))
    }

    func link(_ kind: Kind, _ slug: String) -> InlinePart { link(to: "\(kind.rawValue)/\(slug)") }

    func links(_ kind: Kind, _ slugs: [String]) -> [InlinePart] { slugs.map { link(kind, $0) } }

    /// A link to a document's page, titled by the document.
    func documentLink(_ d: Document) -> InlinePart { Site.link(d.title, urls.document(d.kind, d.slug)) }

    /// A person's link: to their entry in the member list of their first team.
    func person(_ handle: String) -> InlinePart {
        guard let person = base.persons[handle], let team = person.teams.first else { return text(handle) }
        return Site.link("\(person.name) (\(handle))", urls.document(.team, team) + "#" + memberAnchor(handle))
    }

    func memberAnchor(_ handle: String) -> String { "member-" + Slugger.slug(String(handle.dropFirst())) }

    func owner(_ owner: Owner?) -> [InlinePart] {
        switch owner {
        case .team(let slug)?: [link(.team, slug)]
        case .person(let handle)?: [person(handle)]
        case nil: []
        }
    }

    func date(_ day: Day?) -> [InlinePart] { day.map { [text($0.description)] } ?? [] }

    // MARK: The frame of every page

    var site: TemplateValue {
        [
            "title": .text(base.config.title),
            "home": .text(urls.home),
            "css": .text(urls.asset("style.css")),
            "tags": .text(urls.tags),
            "feed": .text(urls.feed),
            "asOf": .text(analysis.asOf.description),
        ]
    }

    /// The context of the `nav` partial, for the section a page belongs to.
    func navigation(current: Kind?) -> TemplateValue {
        [
            "site": site,
            "nav": .list(Kind.allCases) { kind in
                ["title": .text(kind.title), "url": .text(urls.index(kind)), "current": .bool(kind == current)]
            },
        ]
    }

    /// The keys every page has; a page adds its own and makes the whole an object.
    func layout(title: String, current: Kind? = nil, description: String? = nil) -> TemplateObject {
        [
            "site": site,
            // The navigation differs only by the current section, so the theme's `nav` partial is rendered
            // once per section and reused by every page (`{{{navigation}}}` in the layout).
            "navigation": .html(navigationHTML[current] ?? ""),
            "pageTitle": .text(title),
            "description": TemplateValue(description),
        ]
    }

    // MARK: Documents

    /// The page of one document: header, structured front matter, body with its table of contents, backlinks.
    func documentPage(_ document: Document, bodyHTML: String) -> TemplateValue {
        var c = layout(title: document.title, current: document.kind, description: document.summary)
        c["doc"] = [
            "title": .text(document.title),
            "kind": .text(document.kind.rawValue),
            "kindTitle": .text(document.kind.singular),
            "kindURL": .text(urls.index(document.kind)),
            "api": .text(urls.api(document.kind, document.slug)),
            "source": .text(document.path),
            "summary": TemplateValue(document.summary),
            "tagList": .group(document.tags.map { Site.link($0, urls.tag($0)).value }),
        ]
        let details = detailView(document)
        let sections = details.sections.compactMap { $0 }, trailing = details.trailing.compactMap { $0 }
        c["facts"] = .group(details.facts.compactMap { $0 })
        c["figures"] = .group(details.figures)
        c["sections"] = .list(sections)
        c["trailing"] = .list(trailing)
        c["diagram"] = .html(details.diagram)
        c["banners"] = .group(details.banners)
        c["body"] = bodyHTML.isEmpty ? .null : .html(bodyHTML)
        c["toc"] = contents(sections: sections, body: bodyHTML.isEmpty ? [] : document.body.headings, trailing: trailing)
        c["backlinks"] = .group(backlinks(document.id))
        return .object(c)
    }

    /// The page's contents list, in page order: the sections before the body, the body's headings of level 2
    /// and 3 (a level-1 heading counts as 2), the sections after it; null when fewer than two entries.
    func contents(sections: [TemplateValue], body: [MarkdownDocument.Heading], trailing: [TemplateValue]) -> TemplateValue {
        func entry(_ section: TemplateValue) -> TemplateValue {
            ["text": section["title"] ?? .null, "id": section["id"] ?? .null, "nested": .bool(false)]
        }
        let headings = body.filter { $0.level <= 3 }.map { h -> TemplateValue in
            ["text": .text(h.text), "id": .text(h.id), "nested": .bool(h.level == 3)]
        }
        let items = sections.map(entry) + headings + trailing.map(entry)
        return items.count >= 2 ? .group(items) : .null
    }

    func backlinks(_ id: String) -> [TemplateValue] {
        let referrers = (base.backlinks[id] ?? []).compactMap { base.document(id: $0) }
        return Kind.allCases.compactMap { kind -> TemplateValue? in
            let items = referrers.filter { $0.kind == kind }
            guard !items.isEmpty else { return nil }
            return ["kind": .text(kind.title), "items": .list(items) { documentLink($0).value }]
        }
    }

    struct DetailView {
        var facts: [TemplateValue?] = []
        var figures: [TemplateValue] = []
        /// The sections shown before the body, in order; `trailing` those after it.
        var sections: [TemplateValue?] = []
        var trailing: [TemplateValue?] = []
        /// Banners above the facts: what a reader must know before trusting the page.
        var banners: [TemplateValue] = []
        /// Inline SVG drawn by Almanac (every text in it escaped), shown before the sections.
        var diagram: String?
    }

    func detailView(_ document: Document) -> DetailView {
        switch document.details {
        case .team(let team): teamView(document, team)
        case .service(let service): serviceView(document, service)
        case .integration(let integration): integrationView(document, integration)
        case .runbook(let runbook): runbookView(document, runbook)
        case .postmortem(let postmortem): postmortemView(document, postmortem)
        case .flag(let flag): flagView(document, flag)
        case .experiment(let experiment): experimentView(document, experiment)
        case .rollout(let rollout): rolloutView(document, rollout)
        case .sprint(let sprint): sprintView(document, sprint)
        case .page, nil: DetailView()
        }
    }

    /// Documents of `kinds` owned by a team or by one of its members, grouped by kind.
    func owned(by team: Document, members: [String], kinds: [Kind]) -> [TemplateValue?] {
        let owners: [Owner] = [.team(team.slug)] + members.map { .person($0) }
        let all = owners.flatMap { relations.owned[$0] ?? [] }
        return kinds.map { kind in
            let items = all.filter { $0.kind == kind }.sorted { $0.slug < $1.slug }
            return section("Owned \(kind.title.lowercased())", list: items.map { [documentLink($0)] })
        }
    }
}

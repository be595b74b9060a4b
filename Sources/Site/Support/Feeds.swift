import Analysis
import Diagrams
import Markdown
import Model
import Templates

/// The site files beside the pages: the Atom feed (`feed.xml`), the sitemap (`sitemap.xml`, only with an
/// absolute base URL) and the page for unknown URLs (`404.html`). Everything here is computed from the content
/// and the as-of date, never from the clock, so two builds give the same bytes.
extension URLs {
    public var feed: String { base + "feed.xml" }
    public var sitemap: String { base + "sitemap.xml" }

    /// True when the base URL names a host (`https://kb.example.com/`), so that absolute URLs can be written.
    public var isAbsolute: Bool {
        let lowered = base.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }

    /// The URL of the page written to `path` (a file under the output folder, such as `runbooks/db/index.html`).
    func page(forFile path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.last == "index.html" { segments[segments.count - 1] = "" }
        return base + segments.map { $0.addingPathEscapes() }.joined(separator: "/")
    }
}

/// Text for an XML template: the characters XML 1.0 forbids dropped; the template escapes the rest (`&`, `<`,
/// `>`, quotes), as the SVG writer does.
func xmlText(_ text: String) -> TemplateValue {
    .text(String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
        scalar.value >= 0x20 ? scalar.value != 0xFFFE && scalar.value != 0xFFFF : scalar == "\t" || scalar == "\n" || scalar == "\r"
    })))
}

/// An RFC 3339 timestamp in UTC, whole seconds: `2026-10-05T10:00:00Z`.
func rfc3339(_ secondsSinceEpoch: Double) -> String {
    let whole = Int(secondsSinceEpoch.rounded(.down))
    let days = Int((Double(whole) / 86400).rounded(.down))
    let rest = whole - days * 86400
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(Day(daysSinceEpoch: days))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
}

struct FeedEntry {
    var id: String
    var title: String
    var updated: Double
    var link: String
    var summary: String
}

extension SiteViews {
    static let feedLimit = 50

    /// An id for the feed and its entries: the absolute URL when the base URL is absolute, else a URN named
    /// after the site's title (ids must be absolute IRIs, and stay the same from build to build).
    func feedID(_ kind: Kind? = nil, _ slug: String = "", entry: String? = nil) -> String {
        if urls.isAbsolute {
            return (kind.map { urls.document($0, slug) } ?? urls.home) + (entry.map { "#" + $0 } ?? "")
        }
        let site = Slugger.slug(base.config.title)
        return "urn:almanac:" + (site.isEmpty ? "site" : site) + (kind.map { ":\($0.rawValue):" + slug } ?? "") + (entry.map { ":" + $0 } ?? "")
    }

    /// Postmortems (by start) and flag changes (by audit time), newest first, at most `feedLimit`.
    func feedEntries() -> [FeedEntry] {
        var entries: [FeedEntry] = []
        for d in base.documents {
            switch d.details {
            case .postmortem(let p):
                let ttr = analysis.postmortems[d.id].map { " Time to resolve: \(humanMinutes($0.ttr))." } ?? ""
                entries.append(FeedEntry(
                    id: feedID(.postmortem, d.slug), title: "Postmortem (\(p.severity.rawValue)): \(d.title)",
                    updated: p.timeline.started.secondsSinceEpoch, link: urls.document(.postmortem, d.slug),
                    summary: p.impact.summary + ttr))
            case .flag(let f):
                for (i, c) in f.changes.enumerated() {
                    let entry = c.entry
                    let change: String
                    switch entry.action {
                    case .created: change = "created in \(entry.environment)"
                    case .archived: change = "archived in \(entry.environment)"
                    case .enabled: change = "\(entry.environment) enabled"
                    case .disabled: change = "\(entry.environment) disabled"
                    case .rollout: change = "\(entry.environment) \(number(c.before.rollout)) % → \(number(c.after.rollout)) %"
                    case .targeting:
                        func names(_ c: [String]) -> String { c.isEmpty ? "all users" : c.joined(separator: ", ") }
                        change = "\(entry.environment) cohorts \(names(c.before.cohorts)) → \(names(c.after.cohorts))"
                    }
                    entries.append(FeedEntry(
                        id: feedID(.flag, d.slug, entry: "audit-\(i + 1)"), title: "flag \(d.slug): \(change) by \(entry.who)",
                        updated: entry.at.secondsSinceEpoch, link: urls.document(.flag, d.slug) + "#section-audit-log",
                        summary: entry.why))
                }
            default: break
            }
        }
        return Array(entries.sorted { ($1.updated, $0.id) < ($0.updated, $1.id) }.prefix(Self.feedLimit))
    }

    /// The view of `feed.xml`, the theme's `feed` template: an Atom feed (RFC 4287) whose own `updated` is the
    /// as-of date.
    func atomFeed() -> TemplateValue {
        [
            "id": xmlText(feedID()),
            "title": xmlText(base.config.title),
            "updated": .text(rfc3339(Double(analysis.asOf.daysSinceEpoch) * 86400)),
            "self": xmlText(urls.feed),
            "home": xmlText(urls.home),
            "entries": .list(feedEntries()) { e in
                ["id": xmlText(e.id), "title": xmlText(e.title), "updated": .text(rfc3339(e.updated)),
                 "link": xmlText(e.link), "summary": xmlText(e.summary)]
            },
        ]
    }

    /// The last date each page's content changed, where the content says: by output file path.
    func contentDates() -> [String: Day] {
        var out: [String: Day] = [:]
        var latest: Day?
        for d in base.documents {
            let dates: [Day]
            switch d.details {
            case .postmortem(let p): dates = [p.timeline.resolved.day] + p.actionItems.compactMap(\.closed)
            case .runbook(let r): dates = [r.lastReviewed] + (r.lastDrill.map { [$0] } ?? [])
            case .flag(let f): dates = [f.created] + f.audit.map(\.at.day)
            case .experiment(let e): dates = [e.start] + [e.end, e.results?.asOf].compactMap { $0 }
            case .sprint(let s): dates = [s.start, s.end]
            default: dates = []
            }
            // A page does not change after the as-of date.
            guard let day = dates.max().map({ min($0, analysis.asOf) }) else { continue }
            out[urls.file(for: urls.document(d.kind, d.slug))] = day
            let index = urls.file(for: urls.index(d.kind))
            out[index] = max(out[index] ?? day, day)
            latest = max(latest ?? day, day)
        }
        if let latest { out[urls.file(for: urls.home)] = latest }
        return out
    }

    /// The view of `sitemap.xml` (sitemaps.org 0.9), the theme's `sitemap` template: every HTML page, by the file
    /// it was written to; nil without an absolute base URL, since the protocol wants absolute URLs.
    func sitemap(pages: [String]) -> TemplateValue? {
        guard urls.isAbsolute else { return nil }
        let dates = contentDates()
        return ["urls": .list(pages.filter { $0.hasSuffix(".html") }) { path in
            ["loc": xmlText(urls.page(forFile: path)), "lastmod": TemplateValue(dates[path]?.description)]
        }]
    }

    /// `404.html`: a friendly message, a link home and the index of every kind.
    func notFoundPage() -> TemplateValue {
        var c = layout(title: "Page not found")
        c["kinds"] = kindCards()
        return .object(c)
    }
}

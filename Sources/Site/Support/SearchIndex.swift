import Diagnostics
import Markdown
import Model

/// The search index of the site, `search-index.json`, read by the theme's `assets/search.js` in the browser.
///
/// Compact on purpose: one array per document instead of an object with repeated keys, URLs relative to the
/// base URL, kinds as indexes into `kinds`, and the body as plain text cut to `bodyLimit` characters:
///
///     {"version":1,
///      "fields":["title","url","kind","owner","tags","summary","headings","body"],
///      "kinds":[["team","Team"],["service","Service"],...],
///      "docs":[["Checkout latency","runbooks/checkout-latency/",2,"payments",["latency"],"When p99...",
///               ["Symptoms","Roll back the deploy"],"Checkout p99 above 800 ms for ..."], ...]}
///
/// Documents keep the knowledge base's order (kind, then slug), every string is JSON-escaped with `<`, `>`
/// and `&` as `\u003c`... like the rest of the JSON export, and there is no whitespace: the same documents
/// give the same bytes.
public struct SearchIndex: Sendable {
    /// The file under the output folder (and the URL under the base URL).
    public static let path = "search-index.json"
    /// The format version, raised when the layout of `docs` changes.
    public static let version = 1
    /// The characters of body text kept per document: enough for the first screen of a document, small enough
    /// that the index stays a fraction of the site's HTML (see Benchmarks/search-results.md).
    public static let defaultBodyLimit = 1200

    public struct Entry: Sendable, Equatable {
        public var title: String
        /// Relative to the base URL, such as `runbooks/checkout-latency/`.
        public var url: String
        public var kind: Kind
        /// A team's slug or a person's handle (`@dana`); empty when the kind has no owner.
        public var owner: String
        public var tags: [String]
        public var summary: String
        public var headings: [String]
        public var body: String
    }

    public let entries: [Entry]

    /// Reads the documents' Markdown trees: call it before rendering, which changes them (headings become HTML).
    public init(_ documents: [Document], urls: URLs, bodyLimit: Int = SearchIndex.defaultBodyLimit) {
        entries = parallelMap(documents.count) { i in
            let d = documents[i]
            let url = urls.document(d.kind, d.slug)
            return Entry(
                title: d.title,
                url: url.hasPrefix(urls.base) ? String(url.dropFirst(urls.base.count)) : url,
                kind: d.kind,
                owner: d.owner?.description ?? "",
                tags: d.tags,
                summary: d.summary ?? "",
                headings: d.body.headings.map(\.text),
                body: d.body.searchText(limit: bodyLimit)
            )
        }
    }

    /// The JSON text, UTF-8 when written.
    public func json() -> String {
        let kinds = Kind.allCases
        let kindIndex = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($0.element, $0.offset) })
        return JSON.object([
            ("version", .int(Self.version)),
            ("fields", .array(["title", "url", "kind", "owner", "tags", "summary", "headings", "body"].map(JSON.string))),
            ("kinds", .array(kinds.map { .array([.string($0.rawValue), .string($0.singular)]) })),
            ("docs", .array(entries.map { e in
                .array([
                    .string(e.title), .string(e.url), .int(kindIndex[e.kind] ?? 0), .string(e.owner),
                    .array(e.tags.map(JSON.string)), .string(e.summary), .array(e.headings.map(JSON.string)),
                    .string(e.body),
                ])
            })),
        ]).serialized(pretty: false) + "\n"
    }
}

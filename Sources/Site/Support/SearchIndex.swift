import Foundation
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
    public static let defaultBodyLimit = MarkdownDocument.searchTextLimit

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

        init(_ d: Document, urls: URLs, bodyLimit: Int) {
            let url = urls.document(d.kind, d.slug)
            self.init(title: d.title, url: url.hasPrefix(urls.base) ? String(url.dropFirst(urls.base.count)) : url, kind: d.kind,
                      owner: d.owner?.description ?? "", tags: d.tags, summary: d.summary ?? "",
                      headings: d.body.headings.map(\.text), body: d.body.searchText(limit: bodyLimit))
        }

        public init(title: String, url: String, kind: Kind, owner: String, tags: [String], summary: String, headings: [String], body: String) {
            self.title = title
            self.url = url
            self.kind = kind
            self.owner = owner
            self.tags = tags
            self.summary = summary
            self.headings = headings
            self.body = body
        }

        /// Its array in `docs`.
        func bytes() -> [UInt8] {
            var d: [UInt8] = [UInt8(ascii: "[")]
            JSON.quote(title, into: &d); d.append(UInt8(ascii: ","))
            JSON.quote(url, into: &d); d.append(UInt8(ascii: ","))
            d += String(SearchIndex.kindIndex[kind] ?? 0).utf8; d.append(UInt8(ascii: ","))
            JSON.quote(owner, into: &d); d.append(UInt8(ascii: ","))
            SearchIndex.array(tags, into: &d); d.append(UInt8(ascii: ","))
            JSON.quote(summary, into: &d); d.append(UInt8(ascii: ","))
            SearchIndex.array(headings, into: &d); d.append(UInt8(ascii: ","))
            JSON.quote(body, into: &d)
            d.append(UInt8(ascii: "]"))
            return d
        }
    }

    public let entries: [Entry]

    /// Reads the documents' Markdown trees, which rendering leaves as they are: it may run at any time.
    public init(_ documents: [Document], urls: URLs, bodyLimit: Int = SearchIndex.defaultBodyLimit) {
        entries = parallelMap(documents.count) { Entry(documents[$0], urls: urls, bodyLimit: bodyLimit) }
    }

    /// The JSON as UTF-8, each document serialised on its own core, strings escaped by `JSON.quote` (as the JSON
    /// export's are).
    public func bytes() -> [UInt8] {
        Self.assemble(parallelMap(entries.count) { entries[$0].bytes() })
    }

    /// The same bytes for `documents`, reusing each document's array from `cache` when it was made from the same
    /// document (`almanac serve`: after an edit, one array is made again, not ten thousand).
    static func bytes(of documents: [Document], urls: URLs, cache: Cache) -> [UInt8] {
        let arrays = parallelMap(documents.count) { i -> [UInt8] in
            let d = documents[i]
            if let known = cache.entry(d.id), known.document === d { return known.bytes }
            let bytes = Entry(d, urls: urls, bodyLimit: defaultBodyLimit).bytes()
            cache.keep(d, bytes)
            return bytes
        }
        cache.keepOnly(Set(documents.map(\.id)))
        return assemble(arrays)
    }

    /// Each document's array of the index, by id, with the document it was made from.
    final class Cache: @unchecked Sendable {
        private var entries: [String: (document: Document, bytes: [UInt8])] = [:]
        private let lock = NSLock()
        func entry(_ id: String) -> (document: Document, bytes: [UInt8])? { lock.withLock { entries[id] } }
        func keep(_ document: Document, _ bytes: [UInt8]) { lock.withLock { entries[document.id] = (document, bytes) } }
        func keepOnly(_ ids: Set<String>) { lock.withLock { entries = entries.filter { ids.contains($0.key) } } }
    }

    private static let kindIndex = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($0.element, $0.offset) })

    /// The whole file around the documents' arrays.
    private static func assemble(_ docs: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out += "{\"version\":\(Self.version),\"fields\":".utf8
        Self.array(["title", "url", "kind", "owner", "tags", "summary", "headings", "body"], into: &out)
        out += ",\"kinds\":[".utf8
        for (i, kind) in Kind.allCases.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.array([kind.rawValue, kind.singular], into: &out)
        }
        out += "],\"docs\":[".utf8
        out.reserveCapacity(out.count + docs.reduce(0) { $0 + $1.count + 1 } + 3)
        for (i, doc) in docs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += doc
        }
        out += "]}\n".utf8
        return out
    }

    fileprivate static func array(_ strings: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, string) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.quote(string, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

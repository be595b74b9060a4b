import Foundation
import Diagnostics
import FrontMatter
import Markdown
import Model

/// The site's full-text search index, under `search/`, read by the theme's `assets/search.js` in the browser a
/// piece at a time, so that a query fetches only what it needs:
///
/// - `search/meta.json`, fetched when the page is idle (or the box gets the focus first): the format version, a hash of the whole index (put
///   on the other files' URLs, so a browser never mixes two builds), the number of documents, the kinds, and the
///   keys of the shards in order: `{"version":2,"hash":"…","docs":10000,"kinds":[["team","Team"],…],
///   "shards":["a","ab","ac",…]}`.
/// - `search/index/<n>.json`, the shard of `shards[n]`: every folded term that starts with the key (and with no
///   longer key) with its postings, three integers per document holding it, in document order:
///   `{"failover":[3,812,2, 5,640,1, …]}` — the document's number as the distance from the previous one, the
///   term's score in that document (times 100), and the section it occurs in most (0: the top of the page,
///   `i`: the text under the `i`-th heading). Keys are a term's first two characters (a one-character term is
///   its own key); a shard larger than `shardLimit` bytes is split by one more character, its own key keeping
///   only the terms no longer than it.
/// - `search/doc/<n>.json`, the fragment of document `n`, fetched for the results shown:
///   `{"t":title,"u":url,"k":kind,"s":summary,"m":front-matter text,"h":[[heading,id],…],"x":[section texts]}`.
///
/// What is indexed: every word of the title, of the runbook's `alerts`, of the headings, of the front matter's
/// other text (summary, tags, owner, services, flags, metric names, steps, action items: every string value but
/// dates) and of the whole body. A term's score is BM25-like: its inverse document frequency times a bonus for
/// the best field it occurs in (title and declared alert 8, heading 3, front matter 1.5) plus the saturated
/// frequency of the term in the body, so a word in the title or a declared alert outranks any number of mentions
/// in a body. Folding (`fold`) and words (`words`) are the same in `search.js`.
///
/// Documents keep the knowledge base's order (kind, then slug); every string is JSON-escaped with `<`, `>` and
/// `&` as `\u003c`…; the same documents give the same bytes.
public struct SearchIndex: Sendable {
    public static let metaPath = "search/meta.json"
    static func shardPath(_ n: Int) -> String { "search/index/\(n).json" }
    static func fragmentPath(_ n: Int) -> String { "search/doc/\(n).json" }
    /// The format version, raised when the layout of the files changes.
    public static let version = 2
    /// The bytes a shard may take before it is split by one more character of its terms.
    static let shardLimit = 24_000
    /// The UTF-16 units a term keeps (longer words are cut, in the browser too).
    static let termLimit = 40

    /// Where a term occurs, best first.
    enum Field: UInt8, Sendable { case title, alert, heading, meta, body }
    /// The score a term gets for the best field it occurs in, before the body's frequency is added.
    static let bonus: [Double] = [8, 8, 3, 1.5, 0]
    static let k1 = 1.2, b = 0.75

    /// One term of a document.
    struct Term: Sendable {
        var text: String
        var field: Field
        /// Occurrences in the body (headings included).
        var count: Int32
        var section: Int32
        /// Which of the `buckets` the term goes to (by its first two characters).
        var bucket: UInt8
    }

    /// What the index keeps of one document: its terms (by bucket, then text), the words of its body, its fragment.
    struct Entry: Sendable {
        var terms: [Term]
        var length: Int
        var fragment: [UInt8]

        init(_ d: Document, urls: URLs) {
            let headings = d.body.headings
            let sections = d.body.searchSections
            var meta: [String] = []
            SearchIndex.strings(of: d.frontMatter, skipping: "title", into: &meta)
            let alerts: [String] = if case .runbook(let runbook) = d.details { runbook.alerts } else { [] }
            // Sections come in order (a heading, then the text under it), so a term's count in the section being
            // read is compared with its best section's when the next section starts.
            struct Found { var field: Field; var count: Int32 = 0; var best: (section: Int32, n: Int32) = (0, 0); var current: (section: Int32, n: Int32) = (0, 0) }
            var found: [String: Found] = [:]
            var length = 0
            func add(_ text: String, _ field: Field, section: Int32 = 0) {
                for word in SearchIndex.words(text) {
                    var entry = found[word] ?? Found(field: field)
                    if field.rawValue < entry.field.rawValue { entry.field = field }
                    if field == .heading || field == .body {
                        entry.count += 1
                        length += 1
                        if entry.current.section != section {
                            if entry.current.n > entry.best.n { entry.best = entry.current }
                            entry.current = (section, 0)
                        }
                        entry.current.n += field == .heading ? 2 : 1
                    }
                    found[word] = entry
                }
            }
            add(d.title, .title)
            for alert in alerts { add(alert, .alert) }
            for text in meta { add(text, .meta) }
            for (i, text) in sections.enumerated() {
                if i > 0 { add(headings[i - 1].text, .heading, section: Int32(i)) }
                add(text, .body, section: Int32(i))
            }
            terms = found.map { text, value in
                // The section holding the most of it (a heading counting twice); the first of equals.
                let section = value.current.n > value.best.n ? value.current.section : value.best.section
                return Term(text: text, field: value.field, count: value.count, section: section, bucket: SearchIndex.bucket(of: text))
            }.sorted { ($0.bucket, $0.text) < ($1.bucket, $1.text) }
            self.length = length

            let url = urls.document(d.kind, d.slug)
            var f: [UInt8] = Array("{\"t\":".utf8)
            JSON.quote(d.title, into: &f)
            f += ",\"u\":".utf8
            JSON.quote(url.hasPrefix(urls.base) ? String(url.dropFirst(urls.base.count)) : url, into: &f)
            f += ",\"k\":\(SearchIndex.kindIndex[d.kind] ?? 0),\"s\":".utf8
            JSON.quote(d.summary ?? "", into: &f)
            f += ",\"m\":".utf8
            JSON.quote(meta.joined(separator: " · "), into: &f)
            f += ",\"h\":[".utf8
            for (i, heading) in headings.enumerated() {
                if i > 0 { f.append(UInt8(ascii: ",")) }
                SearchIndex.array([heading.text, heading.id], into: &f)
            }
            f += "],\"x\":".utf8
            SearchIndex.array(sections, into: &f)
            f += "}\n".utf8
            fragment = f
        }
    }

    /// The files, by path, in order: the manifest, the shards, the fragments.
    public let files: [(path: String, bytes: [UInt8])]
    /// The FNV-1a hash of each file's bytes, in the order of `files`.
    public let hashes: [UInt64]
    /// The keys of the shards, in order (`shards` of the manifest).
    let keys: [String]

    /// The index of `documents`, or with a cache (`almanac serve`) the last one when the documents are the same
    /// objects (a rebuild after a change of the theme or of a data file).
    public static func make(_ documents: [Document], urls: URLs, cache: Cache?) -> SearchIndex {
        if let last = cache?.last, last.documents.elementsEqual(documents, by: ===) { return last.index }
        let index = SearchIndex(documents, urls: urls, cache: cache)
        cache?.last = (documents, index)
        return index
    }

    /// The index of `documents`. With a cache, what each document gives is kept and reused while the document is
    /// the same object: after an edit, one document is read again, not ten thousand. (URLs are relative to the
    /// base URL: the files do not depend on it.)
    public init(_ documents: [Document], urls: URLs, cache: Cache? = nil) {
        let entries = parallelMap(documents.count) { i -> Entry in
            let d = documents[i]
            if let known = cache?.entry(d.id), known.document === d { return known.entry }
            let entry = Entry(d, urls: urls)
            cache?.keep(d, entry)
            return entry
        }
        cache?.keepOnly(Set(documents.map(\.id)))
        let count = Double(max(1, entries.count))
        let averageLength = Self.rounded(Double(entries.reduce(0) { $0 + $1.length }) / count)
        // Where each document's terms of each bucket start, then the shards of each bucket on its own core.
        let starts = parallelMap(entries.count) { i -> [Int] in
            var start = [Int](repeating: 0, count: Self.buckets + 1)
            var b = 0
            for (t, term) in entries[i].terms.enumerated() {
                while b < Int(term.bucket) { b += 1; start[b] = t }
            }
            while b < Self.buckets { b += 1; start[b] = entries[i].terms.count }
            return start
        }
        let shards = parallelMap(Self.buckets) { bucket -> [(key: String, bytes: [UInt8])] in
            var postings: [String: [(doc: Int32, term: Term)]] = [:]
            for (i, entry) in entries.enumerated() {
                for term in entry.terms[starts[i][bucket]..<starts[i][bucket + 1]] {
                    postings[term.text, default: []].append((Int32(i), term))
                }
            }
            var byKey: [String: [(text: String, list: [Int32])]] = [:]
            for (text, list) in postings {
                let df = Double(list.count)
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                var flat: [Int32] = []
                flat.reserveCapacity(list.count * 3)
                var last: Int32 = 0
                for (doc, term) in list {
                    let tf = Double(term.count)
                    let norm = 1 - Self.b + Self.b * Self.rounded(Double(entries[Int(doc)].length)) / averageLength
                    let score = idf * (Self.bonus[Int(term.field.rawValue)] + tf * (Self.k1 + 1) / (tf + Self.k1 * norm))
                    flat += [doc - last, Int32(max(1, min(1_000_000, (score * 100).rounded()))), term.section]
                    last = doc
                }
                byKey[Self.key(text, length: 2), default: []].append((text, flat))
            }
            return byKey.sorted { $0.key < $1.key }.flatMap { key, terms in
                Self.split(key, terms.sorted { $0.text < $1.text })
            }
        }.flatMap { $0 }.sorted { $0.key < $1.key }
        keys = shards.map(\.key)
        let fragments = entries.map(\.fragment)
        // The hash of each file, and of all but the manifest: on the URLs of the shards and fragments.
        let hashes = parallelMap(shards.count + fragments.count) { i -> UInt64 in
            var h = FNV()
            h.add(i < shards.count ? shards[i].bytes : fragments[i - shards.count])
            return h.value
        }
        var total = FNV()
        for h in hashes { withUnsafeBytes(of: h.littleEndian) { total.add($0) } }
        var meta: [UInt8] = Array("{\"version\":\(Self.version),\"hash\":\"".utf8)
        meta += String(total.value, radix: 16).utf8
        meta += "\",\"docs\":\(entries.count),\"kinds\":[".utf8
        for (i, kind) in Kind.allCases.enumerated() {
            if i > 0 { meta.append(UInt8(ascii: ",")) }
            Self.array([kind.rawValue, kind.singular], into: &meta)
        }
        meta += "],\"shards\":".utf8
        Self.array(keys, into: &meta)
        meta += "}\n".utf8
        var metaHash = FNV()
        metaHash.add(meta)
        self.hashes = [metaHash.value] + hashes
        files = [(Self.metaPath, meta)] + shards.enumerated().map { (Self.shardPath($0.offset), $0.element.bytes) }
            + fragments.enumerated().map { (Self.fragmentPath($0.offset), $0.element) }
    }

    /// A length rounded to a quarter of a power of two (at most 19 % off): BM25 needs no more, and a document
    /// edited a little (or the average of all moving a little) keeps the same scores, so that `almanac serve`
    /// rewrites only the shards of the words that changed.
    static func rounded(_ length: Double) -> Double {
        exp2((log2(max(1, length)) * 4).rounded() / 4)
    }

    /// The shard of `key`, split by one more character while it is too large and has longer terms.
    static func split(_ key: String, _ terms: [(text: String, list: [Int32])]) -> [(key: String, bytes: [UInt8])] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (i, term) in terms.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSON.quote(term.text, into: &bytes)
            bytes += ":[".utf8
            for (j, n) in term.list.enumerated() {
                if j > 0 { bytes.append(UInt8(ascii: ",")) }
                decimal(n, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes += "}\n".utf8
        let length = key.unicodeScalars.count
        guard bytes.count > shardLimit, terms.contains(where: { $0.text.unicodeScalars.count > length }) else { return [(key, bytes)] }
        var own: [(text: String, list: [Int32])] = []
        var longer: [String: [(text: String, list: [Int32])]] = [:]
        for term in terms {
            if term.text.unicodeScalars.count <= length { own.append(term) } else { longer[Self.key(term.text, length: length + 1), default: []].append(term) }
        }
        return (own.isEmpty ? [] : split(key, own)) + longer.sorted { $0.key < $1.key }.flatMap { split($0.key, $0.value) }
    }

    /// The decimal digits of `n` (not negative), without making a string.
    static func decimal(_ n: Int32, into out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0, rest = n
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// The first `length` Unicode scalars of a term.
    static func key(_ term: String, length: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: term.unicodeScalars.prefix(length))
        return String(scalars)
    }

    static let buckets = 64

    static func bucket(of term: String) -> UInt8 {
        var h = FNV()
        h.add(Array(key(term, length: 2).utf8))
        return UInt8(h.value % UInt64(buckets))
    }

    // MARK: Words

    /// Lowercase, accents removed: `Élan` → `elan`. The same as `fold` in `search.js`: canonical decomposition,
    /// combining diacritical marks (U+0300 to U+036F) dropped, Unicode's default lowercase mapping, and the final
    /// sigma `ς` as `σ` (JavaScript lowercases a word-final `Σ` to `ς`, Swift to `σ`).
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where !(0x300...0x36F).contains(scalar.value) {
            scalars.append(scalar)
        }
        return String(scalars).lowercased().replacingOccurrences(of: "\u{3C2}", with: "\u{3C3}")
    }

    /// The folded words of `text`, as the index keeps them: runs of ASCII letters and digits and of any
    /// character beyond ASCII, each cut to `termLimit` UTF-16 units. The same as `words` in `search.js`.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var folded = fold(text)
        if folded.utf8.allSatisfy({ $0 < 0x80 }) {
            folded.withUTF8 { u in
                var start = -1
                for i in 0...u.count {
                    let c = i < u.count ? u[i] : 0
                    if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                        if start < 0 { start = i }
                    } else if start >= 0 {
                        words.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<min(i, start + termLimit)]), as: UTF8.self))
                        start = -1
                    }
                }
            }
            return words
        }
        var word = String.UnicodeScalarView(), units = 0
        func end() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
            units = 0
        }
        for scalar in folded.unicodeScalars {
            let v = scalar.value
            guard (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v > 0x7F else { end(); continue }
            let width = v > 0xFFFF ? 2 : 1
            if units + width <= termLimit { word.append(scalar) }
            units += width
        }
        end()
        return words
    }

    /// Every string value under `value` (keys, dates and times left out), in order, except the top-level field `skipping`.
    static func strings(of value: Value, skipping: String? = nil, into out: inout [String]) {
        switch value.kind {
        case .string(let s):
            if !s.isEmpty && !isDate(s) { out.append(s) }
        case .list(let items):
            for item in items { strings(of: item, into: &out) }
        case .map(let entries):
            for entry in entries where entry.key != skipping { strings(of: entry.value, into: &out) }
        default:
            break
        }
    }

    /// A date `YYYY-MM-DD`, or a time starting with one (`2026-10-05T10:00:00Z`).
    private static func isDate(_ s: String) -> Bool {
        let u = s.utf8.prefix(11)
        guard u.count >= 10 else { return false }
        for (i, c) in u.enumerated() {
            switch i {
            case 4, 7: if c != UInt8(ascii: "-") { return false }
            case 10: if c != UInt8(ascii: "T") && c != UInt8(ascii: " ") { return false }
            default: if c < 0x30 || c > 0x39 { return false }
            }
        }
        return true
    }

    // MARK: Support

    /// Each document's entry, by id, with the document it was made from.
    public final class Cache: @unchecked Sendable {
        private var entries: [String: (document: Document, entry: Entry)] = [:]
        private let lock = NSLock()
        /// The last index made, and the documents it was made of (set between builds, never during one).
        var last: (documents: [Document], index: SearchIndex)?
        public init() {}
        func entry(_ id: String) -> (document: Document, entry: Entry)? { lock.withLock { entries[id] } }
        func keep(_ document: Document, _ entry: Entry) { lock.withLock { entries[document.id] = (document, entry) } }
        func keepOnly(_ ids: Set<String>) { lock.withLock { entries = entries.filter { ids.contains($0.key) } } }
    }

    /// 64-bit FNV-1a.
    struct FNV {
        var value: UInt64 = 0xcbf29ce484222325
        mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100000001b3 }
        }
    }

    private static let kindIndex = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($0.element, $0.offset) })

    fileprivate static func array(_ strings: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, string) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.quote(string, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

import Markdown
import Model

/// Where every page lives, under the site's base URL. Pages are folders with an `index.html`.
public struct URLs: Sendable {
    public let base: String

    public init(base: String) {
        self.base = base.hasSuffix("/") ? base : base + "/"
    }

    public var home: String { base }
    public func index(_ kind: Kind) -> String { base + kind.folder + "/" }
    public func document(_ kind: Kind, _ slug: String) -> String { base + kind.folder + "/" + slug + "/" }
    public func document(id: String) -> String {
        let parts = id.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else { return base }
        return document(kind, String(parts[1]))
    }
    public var tags: String { base + "tags/" }
    public func tag(_ name: String) -> String { base + "tags/" + tagSlug(name) + "/" }
    public func asset(_ path: String) -> String { base + "assets/" + path }
    public func api(_ kind: Kind, _ slug: String) -> String { base + "api/\(kind.rawValue)/\(slug).json" }

    /// A tag's URL segment: its GitHub-style slug, or a stable fallback for tags made only of punctuation.
    public func tagSlug(_ name: String) -> String {
        let slug = Slugger.slug(name)
        guard !slug.isEmpty, !slug.allSatisfy({ $0 == "-" }) else {
            return "tag-" + name.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-")
        }
        return slug.addingPathEscapes()
    }

    /// The file under the output folder for a page URL.
    public func file(for url: String) -> String {
        // Byte by byte: URLs are ASCII where it matters, and this runs for every page of every build.
        var path = url.utf8.starts(with: base.utf8) ? String(Substring(url.utf8.dropFirst(base.utf8.count))) : url
        if path.isEmpty || path.utf8.last == UInt8(ascii: "/") { path += "index.html" }
        return path.removingPercentEncoding()
    }
}

extension String {
    /// Percent-encodes what may not stand in a URL path segment.
    func addingPathEscapes() -> String {
        var out = ""
        for byte in utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == "~" {
                out.append(c)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

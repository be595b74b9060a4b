import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a request path maps onto the output folder. Never leaves the folder: `..` segments (also percent-encoded)
/// are refused, and a file reached through a symbolic link must still lie inside the folder.
public enum StaticFiles {
    public enum Resolution: Equatable, Sendable {
        /// The absolute path of the file to send.
        case file(String)
        /// A folder asked for without its trailing slash: where to redirect (the path with `/` appended).
        case redirect(String)
        case notFound
        /// A path trying to leave the output folder, or one that does not decode.
        case forbidden
    }

    /// Resolves a request path (percent-encoded, without the query) against `root`.
    public static func resolve(_ requestPath: String, root: String) -> Resolution {
        guard let decoded = requestPath.removingPercentEncoding, !decoded.contains("\0") else { return .forbidden }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." || segment.contains("\\") { return .forbidden }
            if segment == "." { continue }
            segments.append(String(segment))
        }
        guard let realRoot = realPath(root) else { return .notFound }
        let candidate = ([realRoot] + segments).joined(separator: "/")
        guard let real = realPath(candidate) else { return .notFound }
        guard real == realRoot || real.hasPrefix(realRoot + "/") else { return .forbidden }
        switch kind(real) {
        case .directory:
            if !decoded.hasSuffix("/") { return .redirect(requestPath + "/") }
            let index = real + "/index.html"
            return kind(index) == .file ? .file(index) : .notFound
        case .file:
            return .file(real)
        case .other:
            return .notFound
        }
    }

    /// The Content-Type of a file, by its extension.
    public static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json", "map": return "application/json"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        case "csv": return "text/csv; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    private enum Kind { case file, directory, other }

    private static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

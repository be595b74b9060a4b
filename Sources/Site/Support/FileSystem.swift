#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file operations: Foundation's `FileManager` is slow for whole trees on Linux (see PERF-NOTES).
public enum FileSystem {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var operation: String
        public var code: Int32
        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Every regular file under `root`, as paths relative to it, sorted; hidden entries are skipped.
    public static func files(under root: String) -> [String] {
        scan(root).files
    }

    /// What a walk of a folder found: its files, and the symbolic links it did not follow (broken ones, and
    /// ones that lead outside `root` or into a loop), as paths relative to `root`.
    public struct Scan {
        public var files: [String] = []
        public var brokenLinks: [String] = []
        public var escapingLinks: [String] = []
    }

    public static func scan(_ root: String) -> Scan {
        var scan = Scan()
        let realRoot = realPath(root) ?? root
        var visited = Set<String>()
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : root + "/" + relative
            if let real = realPath(full), !visited.insert(real).inserted { return }
            for name in entries(of: full) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = root + "/" + child
                if isSymbolicLink(path) {
                    guard let target = realPath(path) else { scan.brokenLinks.append(child); continue }
                    guard target == realRoot || target.hasPrefix(realRoot + "/") else { scan.escapingLinks.append(child); continue }
                }
                switch isDirectory(path) {
                case true?: walk(child)
                case false?: scan.files.append(child)
                case nil: scan.brokenLinks.append(child)
                }
            }
        }
        walk("")
        scan.files.sort()
        return scan
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a folder, without `.` and `..`, unsorted; empty when it cannot be read.
    public static func entries(of folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// True for a folder, false for a file, nil when nothing is there.
    public static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool { isDirectory(path) != nil }

    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    public static func readText(_ path: String) -> String? {
        read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Creates `path` and its missing parents.
    public static func makeDirectories(_ path: String) throws {
        if isDirectory(path) == true { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: path, operation: "mkdir", code: errno)
        }
    }

    /// Writes `bytes` unless the file already holds exactly them, so that unchanged files keep their inode,
    /// their modification time and the page cache.
    public static func writeIfChanged(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_RDONLY)
        if fd >= 0 {
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, Int(info.st_size) == bytes.count {
                var existing = [UInt8](repeating: 0, count: bytes.count)
                let n = existing.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, bytes.count) }
                if n == bytes.count, existing == bytes { return }
            }
        }
        var out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if out < 0, errno == EISDIR {
            remove(path)
            out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard out >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(out) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(out, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 { throw Failure(path: path, operation: "write", code: errno) }
            written += n
        }
    }

    public static func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw Failure(path: from, operation: "rename", code: errno) }
    }

    /// Removes a file or a whole folder tree; nothing there is not an error.
    public static func remove(_ path: String) {
        guard let directory = isDirectory(path) else { return }
        if !directory { unlink(path); return }
        for child in entries(of: path) { remove(path + "/" + child) }
        rmdir(path)
    }

    /// `path` made absolute and normalised (`.` and `..` resolved textually, no trailing slash).
    public static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder of the running process, for resolving relative paths in messages.
    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        return getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
    }
}

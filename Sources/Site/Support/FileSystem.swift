#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file operations: Foundation's `FileManager` is slow for whole trees on Linux.
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

    /// What a walk of a folder found: its files, and what it did not take, as paths relative to `root`: the
    /// symbolic links it did not follow (broken ones, ones that lead outside `root` or into a loop, and ones that
    /// lead to a hidden entry of `root`), the entries that are neither files nor folders (FIFOs, sockets,
    /// devices), and the hidden entries (names starting with `.`, not looked into).
    public struct Scan {
        public var files: [String] = []
        public var brokenLinks: [String] = []
        public var escapingLinks: [String] = []
        public var hiddenLinks: [String] = []
        public var special: [String] = []
        public var hidden: [String] = []
    }

    public static func scan(_ root: String) -> Scan {
        var scan = Scan()
        let realRoot = realPath(root) ?? root
        var visited = Set<String>()
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : root + "/" + relative
            if let real = realPath(full), !visited.insert(real).inserted { return }
            for name in entries(of: full) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if name.hasPrefix(".") { scan.hidden.append(child); continue }
                let path = root + "/" + child
                if kind(path) == .link {
                    guard let target = realPath(path) else { scan.brokenLinks.append(child); continue }
                    guard target == realRoot || target.hasPrefix(realRoot + "/") else { scan.escapingLinks.append(child); continue }
                    // A link must not publish what the walk skips: `.env`, `.git/config`.
                    if target.dropFirst(realRoot.count).split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                        scan.hiddenLinks.append(child)
                        continue
                    }
                }
                switch kind(path, following: true) {
                case .directory: walk(child)
                case .file: scan.files.append(child)
                case .missing: scan.brokenLinks.append(child)
                case .link, .special: scan.special.append(child)
                }
            }
        }
        walk("")
        scan.files.sort()
        return scan
    }

    /// What is at a path: `lstat` (the link itself) unless `following`.
    public enum Kind { case missing, file, directory, link, special }

    public static func kind(_ path: String, following: Bool = false) -> Kind {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .link
        default: return .special
        }
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
        // The name is read where it lies: a record may be shorter than `dirent`, so copying the whole struct
        // (`entry.pointee`) can read past the end of the last record of the page, into unmapped memory.
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// What tells one version of a file from another without reading it: inode, size, modification and change
    /// times (nanoseconds, as coarse as the file system keeps them).
    public struct Stamp: Equatable, Sendable {
        var inode: UInt64, size: Int, modified: Int, changed: Int
    }

    public static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec, changed = info.st_ctimespec
        #else
        let modified = info.st_mtim, changed = info.st_ctim
        #endif
        return Stamp(inode: UInt64(info.st_ino), size: Int(info.st_size),
                     modified: Int(modified.tv_sec) * 1_000_000_000 + Int(modified.tv_nsec),
                     changed: Int(changed.tv_sec) * 1_000_000_000 + Int(changed.tv_nsec))
    }

    /// True for a folder, false for a file, nil when nothing is there.
    public static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool { isDirectory(path) != nil }

    /// The bytes of a regular file; nil for anything else (a FIFO is never waited on) or when it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
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
    /// their modification time and the page cache. A symbolic link or a folder at `path` is replaced, never followed.
    public static func writeIfChanged(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, Int(info.st_size) == bytes.count {
                var existing = [UInt8](repeating: 0, count: bytes.count)
                let n = existing.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, bytes.count) }
                if n == bytes.count, existing == bytes { return }
            }
        }
        if kind(path) != .file { remove(path) }
        try writeNew(bytes, to: path)
    }

    /// Writes `bytes` unless the file already holds exactly them, through a temporary file renamed over it, so
    /// that a reader (the preview server) sees the old file or the new one, never a part.
    @discardableResult
    public static func replaceIfChanged(_ bytes: [UInt8], at path: String) throws -> Bool {
        if let stamp = stamp(path), stamp.size == bytes.count, kind(path) == .file, read(path) == bytes { return false }
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let temporary = String(path[..<slash]) + ".almanac-" + String(path[slash...])
        try writeIfChanged(bytes, to: temporary)
        if kind(path) == .directory { remove(path) }
        try rename(temporary, to: path)
        return true
    }

    /// Writes `bytes` to `path`, where nothing but a regular file may be (a symbolic link is not followed).
    public static func writeNew(_ bytes: [UInt8], to path: String) throws {
        let out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(out) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(out, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 { throw Failure(path: path, operation: "write", code: errno) }
            written += n
        }
        if let fault = injectedWriteFault, path.contains(fault.marker) { throw Failure(path: path, operation: "write", code: fault.code) }
    }

    /// A failure to report when writing a file whose path contains `marker`: the tests' stand-in for a fault
    /// they cannot make for real on the machine they run on (a full disk where no small file system can be mounted).
    nonisolated(unsafe) static var injectedWriteFault: (marker: String, code: Int32)?

    public static func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw Failure(path: from, operation: "rename", code: errno) }
    }

    /// Exchanges two paths in one step (`renameat2(RENAME_EXCHANGE)`), so that neither is ever missing; false,
    /// with nothing changed, when the system or the file system cannot (then rename them one after the other).
    static func exchange(_ a: String, _ b: String) throws -> Bool {
        guard let renameat2 else { return false }
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0 { return true }
        if [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(errno) { return false }
        throw Failure(path: b, operation: "exchange with \(a)", code: errno)
    }

    /// Glibc's `renameat2`, which Swift's Glibc module does not expose (looked up once; nil before glibc 2.28).
    private static let renameat2: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32)? = {
        dlsym(dlopen(nil, RTLD_NOW), "renameat2").map { unsafeBitCast($0, to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32).self) }
    }()

    /// Removes a file or a whole folder tree; nothing there is not an error. A symbolic link is removed itself,
    /// never followed: what it points at is left alone.
    public static func remove(_ path: String) {
        switch kind(path) {
        case .missing: return
        case .directory:
            for child in entries(of: path) { remove(path + "/" + child) }
            rmdir(path)
        default: unlink(path)
        }
    }

    /// The real path of where `path` would be: its parent's real path (of the nearest parent that exists,
    /// symbolic links resolved) followed by the rest; the last name is kept, so a link there is not followed.
    static func realLocation(_ path: String) -> String {
        let full = absolute(path)
        var parent = full, rest: [Substring] = []
        repeat {
            let slash = parent.lastIndex(of: "/")!
            rest.insert(parent[parent.index(after: slash)...], at: 0)
            parent = slash == parent.startIndex ? "/" : String(parent[..<slash])
        } while kind(parent, following: true) == .missing
        let real = realPath(parent) ?? parent
        return (real == "/" ? "" : real) + "/" + rest.joined(separator: "/")
    }

    /// True when `a` is `b` or inside it.
    static func isWithin(_ a: String, _ b: String) -> Bool {
        a == b || b == "/" || a.hasPrefix(b + "/")
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

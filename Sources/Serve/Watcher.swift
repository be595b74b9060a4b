import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices changed files by polling: each `poll()` walks the watched paths (files or folders, recursively) and
/// compares every file's modification time, size and inode with the previous walk. Polling is portable and
/// deterministic; a site of a few thousand files costs well under a millisecond per walk.
///
/// Hidden entries (`.swp` files, `.git/`) and editor backups ending in `~` are ignored.
public final class Watcher: @unchecked Sendable {
    public let paths: [String]
    private var last: [String: Stamp]

    struct Stamp: Equatable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int
        var inode: UInt64
    }

    public init(paths: [String]) {
        self.paths = paths
        last = Watcher.scan(paths)
    }

    /// The files added, removed or modified since the previous call (or since `init`), sorted; empty if none.
    public func poll() -> [String] {
        let now = Watcher.scan(paths)
        defer { last = now }
        var changed: [String] = []
        for (path, stamp) in now where last[path] != stamp { changed.append(path) }
        for path in last.keys where now[path] == nil { changed.append(path) }
        return changed.sorted()
    }

    static func scan(_ paths: [String]) -> [String: Stamp] {
        var out: [String: Stamp] = [:]
        for path in paths { walk(path, into: &out, depth: 0) }
        return out
    }

    private static func walk(_ path: String, into out: inout [String: Stamp], depth: Int) {
        var info = stat()
        guard depth < 64, stat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for (name, _) in entries(of: path) { walk(path + "/" + name, into: &out, depth: depth + 1) }
        } else {
            #if canImport(Darwin)
            let time = info.st_mtimespec
            #else
            let time = info.st_mtim
            #endif
            out[path] = Stamp(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec), size: Int(info.st_size),
                              inode: UInt64(info.st_ino))
        }
    }

    /// Whether a file or folder of this name is watched: not hidden, not an editor's backup.
    static func isWatched(_ name: String) -> Bool { !name.hasPrefix(".") && !name.hasSuffix("~") }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The watched entries of a folder, and whether each is a folder (links followed).
    static func entries(of folder: String) -> [(name: String, isFolder: Bool)] {
        FileSystem.entries(of: folder).filter(isWatched).sorted().map { ($0, isFolder(folder + "/" + $0)) }
    }
}

func clockSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    usleep(UInt32(min(seconds, 60) * 1_000_000))
}

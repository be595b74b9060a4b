import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder a build writes into before it replaces the output, so a failed build never touches `Output/`.
///
/// The tree that the last successful build replaced is kept beside the output as `.<name>.previous` and is
/// recycled as the next staging folder: files are overwritten in place (and not at all when unchanged), so a
/// rebuild allocates no new inodes for pages that still exist. Creating and deleting a whole tree per build
/// is what costs most on Linux file systems (see Benchmarks/README.md).
///
/// The new tree replaces the output in one step (`renameat2(RENAME_EXCHANGE)`), so `Output/` is whole at
/// every instant, even when the build is killed. A build holds a lock on `.<name>.lock` beside the output
/// from `lock` to `commit` or `abandon`, so two builds into one output never mix. Nothing here follows a
/// symbolic link when it removes or writes.
final class Staging: @unchecked Sendable {
    let output: String
    let path: String
    let previous: String
    let lockPath: String
    private var lockFile: Int32 = -1
    /// The staging folder was made empty by this build: nothing in it to compare with, replace or prune.
    private var fresh = false
    /// Files are written straight into the output, each atomically (`almanac serve`'s rebuilds; see `BuildMemory`).
    let inPlace: Bool

    /// Another build holds the output's lock.
    struct Busy: Error {}

    init(output: String, inPlace: Bool = false) {
        var output = output
        while output.count > 1, output.hasSuffix("/") { output.removeLast() }
        self.output = output
        self.inPlace = inPlace
        path = inPlace ? output : output + ".staging"
        let slash = output.lastIndex(of: "/")
        let parent = slash.map { String(output[...$0]) } ?? ""
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        previous = parent + "." + name + ".previous"
        lockPath = parent + "." + name + ".lock"
    }

    deinit { unlock() }

    /// Everything a build creates, replaces or removes beside the output.
    var workingPaths: [String] { [output, path, previous, lockPath] }

    /// Takes the output's lock, waiting at most `seconds` for another build to release it (`waiting` is called
    /// once when it has to wait); throws `Busy` when it is still held then.
    func lock(waitingAtMost seconds: Double, waiting: () -> Void) throws {
        if let slash = lockPath.lastIndex(of: "/"), slash != lockPath.startIndex {
            try FileSystem.makeDirectories(String(lockPath[..<slash]))
        }
        let file = open(lockPath, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw FileSystem.Failure(path: lockPath, operation: "open the lock file", code: errno) }
        let deadline = monotonicSeconds() + seconds
        var told = false
        while flock(file, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, monotonicSeconds() < deadline else {
                close(file)
                throw Busy()
            }
            if !told { waiting(); told = true }
            usleep(20_000)
        }
        lockFile = file
    }

    /// Releases the lock (the lock file stays: removing it would let a third build lock another file).
    private func unlock() {
        guard lockFile >= 0 else { return }
        close(lockFile)
        lockFile = -1
    }

    /// Makes the staging folder, from the previous tree when there is one, or from the staging folder a killed
    /// build left. A symbolic link in either place is removed, never followed.
    func prepare() throws {
        if inPlace { return }
        if FileSystem.isDirectory(output) == false {
            throw FileSystem.Failure(path: output, operation: "use as the output folder", code: 20 /* ENOTDIR */)
        }
        if FileSystem.kind(previous) == .directory {
            FileSystem.remove(path)
            try FileSystem.rename(previous, to: path)
        } else {
            FileSystem.remove(previous)
            if FileSystem.kind(path) != .directory {
                FileSystem.remove(path)
                try FileSystem.makeDirectories(path)
                fresh = true
            }
        }
    }

    /// Creates the folders the files will go in, before the parallel writes, so that they never race. In place,
    /// `write` makes a file's folder when it is missing instead.
    func makeFolders(for files: some Sequence<String>) throws {
        if inPlace { return }
        var folders = Set<String>()
        for file in files {
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        for folder in folders.sorted() {  // a parent sorts before its children
            let full = path + "/" + folder
            if fresh {
                if mkdir(full, 0o755) != 0 && errno != EEXIST {
                    throw FileSystem.Failure(path: full, operation: "mkdir", code: errno)
                }
                continue
            }
            if FileSystem.kind(full) != .directory { FileSystem.remove(full) }
            try FileSystem.makeDirectories(full)
        }
    }

    /// Writes one file; in place, returns whether its bytes changed (else true).
    @discardableResult
    func write(_ bytes: [UInt8], to relative: String) throws -> Bool {
        if inPlace {
            // Folders are made when a file needs one (most rebuilds write a few files into existing folders).
            if let slash = relative.lastIndex(of: "/"), FileSystem.kind(path + "/" + relative[..<slash]) != .directory {
                let folder = path + "/" + relative[..<slash]
                // A file where the folder goes is replaced; a folder another thread just made is kept.
                let found = FileSystem.kind(folder)
                if found != .missing && found != .directory { FileSystem.remove(folder) }
                try FileSystem.makeDirectories(folder)
            }
            return try FileSystem.replaceIfChanged(bytes, at: path + "/" + relative)
        } else if fresh {
            try FileSystem.writeNew(bytes, to: path + "/" + relative)
        } else {
            try FileSystem.writeIfChanged(bytes, to: path + "/" + relative)
        }
        return true
    }

    @discardableResult
    func copy(_ source: String, to relative: String) throws -> Bool {
        guard let bytes = FileSystem.read(source) else {
            throw FileSystem.Failure(path: source, operation: "read", code: 2 /* ENOENT */)
        }
        return try write(bytes, to: relative)
    }

    /// Removes what the recycled tree held that this build did not write, then swaps the staging folder in:
    /// in one step where the file system can exchange two names, else by two renames.
    func commit(keeping written: Set<String>) throws {
        defer { unlock() }
        if !fresh { prune("", keeping: written) }
        FileSystem.remove(previous)
        if FileSystem.kind(output) == .missing {
            try FileSystem.rename(path, to: output)
        } else if try FileSystem.exchange(path, output) {
            // The old site is now at `path`; were this rename lost, the next build recycles it from there.
            try? FileSystem.rename(path, to: previous)
        } else {
            try FileSystem.rename(output, to: previous)
            do {
                try FileSystem.rename(path, to: output)
            } catch {
                if FileSystem.kind(output) == .missing { try? FileSystem.rename(previous, to: output) }
                throw error
            }
        }
    }

    /// Ends a build in place: removes the files the last build wrote and this one did not (and folders left
    /// empty by that), then releases the lock.
    func commitInPlace(removing stale: some Sequence<String>) {
        defer { unlock() }
        var folders = Set<String>()
        for relative in stale {
            FileSystem.remove(path + "/" + relative)
            if let slash = relative.lastIndex(of: "/") { folders.insert(String(relative[..<slash])) }
        }
        // Deepest first, so that a parent is looked at after its children.
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            var current = Substring(folder)
            while !current.isEmpty, FileSystem.entries(of: path + "/" + current).isEmpty {
                FileSystem.remove(path + "/" + current)
                guard let slash = current.lastIndex(of: "/") else { break }
                current = current[..<slash]
            }
        }
    }

    /// Gives up this build's staging folder; it is kept as the tree to recycle next time. In place, only the
    /// lock is released: what was written stays.
    func abandon() {
        defer { unlock() }
        if inPlace { return }
        FileSystem.remove(previous)
        try? FileSystem.rename(path, to: previous)
    }

    /// Deletes files not written by this build, and folders left empty; true when the folder is now empty.
    @discardableResult
    private func prune(_ relative: String, keeping written: Set<String>) -> Bool {
        let full = relative.isEmpty ? path : path + "/" + relative
        var empty = true
        for name in FileSystem.entries(of: full) {
            let child = relative.isEmpty ? name : relative + "/" + name
            if FileSystem.kind(path + "/" + child) == .directory {
                if prune(child, keeping: written) { FileSystem.remove(path + "/" + child) } else { empty = false }
            } else if written.contains(child) {
                empty = false
            } else {
                FileSystem.remove(path + "/" + child)
            }
        }
        return empty
    }
}

import Diagnostics

/// The folder a build writes into before it replaces the output, so a failed build never touches `Output/`.
///
/// The tree that the last successful build replaced is kept beside the output as `.<name>.previous` and is
/// recycled as the next staging folder: files are overwritten in place (and not at all when unchanged), so a
/// rebuild allocates no new inodes for pages that still exist. Creating and deleting a whole tree per build
/// is what costs most on Linux file systems (see PERF-NOTES and Benchmarks/README.md).
final class Staging: @unchecked Sendable {
    let output: String
    let path: String
    let previous: String

    init(output: String) {
        var output = output
        while output.count > 1, output.hasSuffix("/") { output.removeLast() }
        self.output = output
        path = output + ".staging"
        let slash = output.lastIndex(of: "/")
        let parent = slash.map { String(output[...$0]) } ?? ""
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        previous = parent + "." + name + ".previous"
    }

    /// Makes the staging folder, from the previous tree when there is one.
    func prepare() throws {
        if FileSystem.isDirectory(output) == false {
            throw FileSystem.Failure(path: output, operation: "use as the output folder", code: 20 /* ENOTDIR */)
        }
        FileSystem.remove(path)
        if FileSystem.isDirectory(previous) == true {
            try FileSystem.rename(previous, to: path)
        } else {
            FileSystem.remove(previous)
            try FileSystem.makeDirectories(path)
        }
    }

    /// Creates the folders the files will go in, before the parallel writes, so that they never race.
    func makeFolders(for files: some Sequence<String>) throws {
        var folders = Set<String>()
        for file in files {
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        for folder in folders.sorted() {
            let full = path + "/" + folder
            if FileSystem.isDirectory(full) == false { FileSystem.remove(full) }
            try FileSystem.makeDirectories(full)
        }
    }

    func write(_ text: String, to relative: String) throws {
        try FileSystem.writeIfChanged(Array(text.utf8), to: path + "/" + relative)
    }

    func copy(_ source: String, to relative: String) throws {
        guard let bytes = FileSystem.read(source) else {
            throw FileSystem.Failure(path: source, operation: "read", code: 2 /* ENOENT */)
        }
        try FileSystem.writeIfChanged(bytes, to: path + "/" + relative)
    }

    /// Removes what the recycled tree held that this build did not write, then swaps the staging folder in.
    func commit(keeping written: Set<String>) throws {
        prune("", keeping: written)
        if FileSystem.exists(output) { try FileSystem.rename(output, to: previous) }
        do {
            try FileSystem.rename(path, to: output)
        } catch {
            if FileSystem.exists(previous), !FileSystem.exists(output) { try? FileSystem.rename(previous, to: output) }
            throw error
        }
    }

    /// Gives up this build's staging folder; it is kept as the tree to recycle next time.
    func abandon() {
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
            if FileSystem.isDirectory(path + "/" + child) == true {
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

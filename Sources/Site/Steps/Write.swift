import Diagnostics

/// The rendered site, ready to be written: output-relative paths and their contents.
struct RenderedSite {
    var files: [(path: String, text: String)]
    var pages: Int
}

extension Build {
    /// Writes everything into a fresh staging folder beside the output, then swaps it in with `rename`; a
    /// failure leaves the previous output exactly as it was.
    func write(_ site: RenderedSite, staticFiles: [(String, String)]) -> (pages: Int, files: Int)? {
        let output = options.output.hasSuffix("/") && options.output.count > 1 ? String(options.output.dropLast()) : options.output
        let staging = output + ".staging"
        let retired = output + ".previous"
        FileSystem.remove(staging)
        FileSystem.remove(retired)
        if FileSystem.isDirectory(output) == false {
            report([Diagnostic(.outputFailed, "`\(output)` exists and is not a folder", at: nil,
                               help: "remove it or choose another `--output`")])
            return nil
        }
        // Make every folder first, sequentially, so the parallel writes never race on `mkdir`.
        var folders = Set<String>()
        for path in site.files.map(\.path) + staticFiles.map(\.0) {
            if let slash = path.lastIndex(of: "/") { folders.insert(String(path[..<slash])) }
        }
        do {
            try FileSystem.makeDirectories(staging)
            for folder in folders.sorted() { try FileSystem.makeDirectories(staging + "/" + folder) }
        } catch {
            report([Diagnostic(.outputFailed, "the output could not be written: \(error)", at: nil)])
            FileSystem.remove(staging)
            return nil
        }
        let failures = parallelMap(site.files.count + staticFiles.count) { i -> String? in
            do {
                if i < site.files.count {
                    try FileSystem.write(site.files[i].text, to: staging + "/" + site.files[i].path)
                } else {
                    let (path, source) = staticFiles[i - site.files.count]
                    guard let bytes = FileSystem.read(source) else { return "\(source) could not be read" }
                    try FileSystem.write(bytes, to: staging + "/" + path)
                }
                return nil
            } catch {
                return "\(error)"
            }
        }.compactMap { $0 }
        if let failure = failures.first {
            report([Diagnostic(.outputFailed, "the output could not be written: \(failure)", at: nil,
                               help: "check the free space and the permissions of the output's parent folder")])
            FileSystem.remove(staging)
            return nil
        }
        do {
            if FileSystem.exists(output) { try FileSystem.rename(output, to: retired) }
            try FileSystem.rename(staging, to: output)
        } catch {
            report([Diagnostic(.outputFailed, "the new output could not be swapped in: \(error)", at: nil)])
            if !FileSystem.exists(output), FileSystem.exists(retired) { try? FileSystem.rename(retired, to: output) }
            FileSystem.remove(staging)
            return nil
        }
        FileSystem.remove(retired)
        return (site.pages, site.files.count + staticFiles.count)
    }
}

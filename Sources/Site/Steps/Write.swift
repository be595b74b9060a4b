import Diagnostics

extension Build {
    /// The files copied as they are: the theme's assets, then the site's own, which win over the theme's of the
    /// same name.
    func staticFiles(_ loaded: Loaded, theme: Theme) -> [(String, String)] {
        var files = Dictionary(theme.assets.map { ("assets/" + $0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        for (path, source) in loaded.staticFiles { files[path] = source }
        // Experiments' results files, at their place in the content folder, for readers to download.
        for path in loaded.dataFiles.keys { files[path] = options.content + "/" + path }
        return files.sorted { $0.key < $1.key }
    }

    /// Copies the static files into the staging folder, removes what a recycled tree held that this build did
    /// not write, and swaps the staging folder in with `rename`: the output changes only when all succeeded.
    func write(_ site: RenderedSite, staticFiles: [(String, String)], staging: Staging) -> (pages: Int, files: Int)? {
        do {
            try staging.makeFolders(for: staticFiles.map(\.0))
        } catch {
            report([Diagnostic(.outputFailed, "the output could not be written: \(error)", at: nil)])
            staging.abandon()
            return nil
        }
        let copies = parallelMap(staticFiles.count) { i -> (changed: Bool, failure: String?) in
            do {
                return (try staging.copy(staticFiles[i].1, to: staticFiles[i].0), nil)
            } catch {
                return (false, "\(error)")
            }
        }
        var failure = copies.lazy.compactMap(\.failure).first
        let staticPaths = staticFiles.map(\.0)
        // The same pages and static files as the last build in this output: the same files.
        let same = staging.inPlace && site.samePaths ? memory?.built.flatMap { $0.staticPaths == staticPaths ? $0.files : nil } : nil
        let files = same ?? Set(site.written + staticPaths)
        var removed: [String] = []
        if failure == nil {
            do {
                if staging.inPlace, let before = memory?.built?.files {
                    removed = same != nil ? [] : before.subtracting(files).sorted()
                    staging.commitInPlace(removing: removed)
                } else {
                    try staging.commit(keeping: files)
                }
            } catch {
                failure = "\(error)"
            }
        }
        if let failure {
            report([Diagnostic(.outputFailed, "the output could not be written: \(failure)", at: nil,
                               help: "check the free space and the permissions of the output's parent folder")])
            staging.abandon()
            return nil
        }
        if let memory, var built = site.built {
            built.files = files
            built.staticPaths = staticPaths
            memory.built = built
            let copied = zip(staticFiles, copies).filter { $0.1.changed }.map { $0.0.0 }
            memory.report.rendered = site.rendered
            memory.report.full = !staging.inPlace
            memory.report.changedFiles = (site.changed + copied + removed).sorted()
        }
        return (site.pages, site.written.count + staticFiles.count)
    }
}

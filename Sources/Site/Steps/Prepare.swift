import Diagnostics

import Glibc

extension Build {
    /// Makes the staging folder ready for the render step: refuses an output whose working folders overlap the
    /// content or the theme, takes the output's lock (waiting for another build writing into it), and prepares
    /// the staging tree (recycling the previous one).
    func prepare(inPlace: Bool = false) -> Staging? {
        let staging = Staging(output: options.output, inPlace: inPlace)
        if let overlap = overlap(staging) {
            report([overlap])
            return nil
        }
        do {
            try staging.lock(waitingAtMost: options.lockWait) {
                let text = "almanac: another build is writing into `\(options.output)`; waiting for it to finish\n"
                _ = text.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
            }
            try staging.prepare()
        } catch is Staging.Busy {
            report([Diagnostic(.outputFailed, "another build is still writing into `\(options.output)` after \(Int(options.lockWait)) s", at: nil,
                               expected: "no other `almanac build` or `almanac serve` writing into the same output",
                               found: "`\(staging.lockPath)` locked",
                               help: "wait for the other build to end (or stop that `almanac serve`), then build again")])
            return nil
        } catch {
            report([Diagnostic(.outputFailed, "the output folder cannot be prepared: \(error)", at: nil,
                               help: "check that `\(options.output)` is a folder (or absent) and that its parent is writable")])
            return nil
        }
        return staging
    }

    /// A diagnostic when one of the folders a build replaces or removes beside the output (the output, its
    /// staging and previous trees, its lock file) is, holds or lies inside the content or the theme. Real paths
    /// are compared, symbolic links resolved, so that no spelling of a path lets a build delete the sources.
    private func overlap(_ staging: Staging) -> Diagnostic? {
        let working = staging.workingPaths.map(FileSystem.realLocation)
        for (name, folder, option) in [("content", options.content, "--content"), ("theme", options.theme, "--theme")] {
            let protected = FileSystem.realPath(folder) ?? FileSystem.realLocation(folder)
            guard let clash = working.firstIndex(where: { FileSystem.isWithin($0, protected) || FileSystem.isWithin(protected, $0) }) else { continue }
            let what = ["the output folder", "the output's staging folder", "the output's previous tree", "the output's lock file"][clash]
            return Diagnostic(.outputFailed, "\(what) `\(staging.workingPaths[clash])` overlaps the \(name) folder `\(folder)`", at: nil,
                              expected: "an output folder whose working folders (`\(staging.workingPaths.joined(separator: "`, `"))`) are outside the content and the theme",
                              found: "`\(working[clash])` and `\(protected)`",
                              help: "pass an `--output` outside `\(folder)` that is not named after it, such as `--output \(suggestedOutput(avoiding: protected))`")
        }
        return nil
    }

    /// An output folder beside the current one that no build working path of it can clash with `protected`.
    private func suggestedOutput(avoiding protected: String) -> String {
        let candidates = ["Output", "Site", "almanac-output"]
        return candidates.first { name in
            Staging(output: name).workingPaths.map(FileSystem.realLocation).allSatisfy {
                !FileSystem.isWithin($0, protected) && !FileSystem.isWithin(protected, $0)
            }
        } ?? "/tmp/almanac-output"
    }

}

import Analysis
import Diagnostics
import Dispatch
import Markdown
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What to build, from where, to where.
public struct BuildOptions: Sendable {
    public var content: String
    public var theme: String
    public var output: String
    /// Overrides `as_of` of almanac.yaml; without either, today (UTC).
    public var asOf: Day?
    /// Overrides `base_url` of almanac.yaml.
    public var baseURL: String?
    /// Called with the name of each step as it starts, for progress on a terminal.
    public var progress: (@Sendable (String) -> Void)?
    /// False for `almanac check`: validate and analyse, but neither render nor write.
    public var render: Bool = true
    /// Warnings count as errors (`--strict`): they fail the build like errors do.
    public var strict: Bool = false
    /// How long to wait for another build writing into the same output before failing.
    public var lockWait: Double = 60

    public init(content: String = "Content", theme: String = "Themes/default", output: String = "Output",
                asOf: Day? = nil, baseURL: String? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.content = content
        self.theme = theme
        self.output = output
        self.asOf = asOf
        self.baseURL = baseURL
        self.progress = progress
    }
}

/// What a build did: its problems, what it wrote, and how long each step took.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// HTML pages written (zero when the build failed).
    public var pages: Int
    public var documents: Int
    public var files: Int
    public var timings: [(step: String, seconds: Double)]
    /// Timings measured inside steps (CPU seconds summed over threads), not part of `seconds`.
    public var measurements: [(step: String, seconds: Double)]
    public var succeeded: Bool { !diagnostics.hasErrors && files > 0 }
    /// The exit status of the command line: 0 clean, 1 errors in the content, 2 configuration or theme errors.
    public var exitStatus: Int32 {
        if diagnostics.contains(where: { $0.isError && $0.code.class != .userFixable }) { return 2 }
        return diagnostics.hasErrors ? 1 : 0
    }
    /// The text of the files the diagnostics point at, by the path they show.
    public var sources: [String: String]

    public var seconds: Double { timings.reduce(0) { $0 + $1.seconds } }
}

/// One build of a site: the pipeline of named steps, in the order they run.
///
///     load → parse (and decode) → link → analyse → render → write
///
/// Each step takes the previous step's value; diagnostics from every step are gathered, and the build stops
/// before `render` only when an error was found, so a writer sees every problem in one run.
public final class Build {
    public let options: BuildOptions
    private var diagnostics: [Diagnostic] = []
    private var timings: [(step: String, seconds: Double)] = []
    private var extraTimings: [(step: String, seconds: Double)] = []
    private var sources: [String: String] = [:]

    public init(_ options: BuildOptions) { self.options = options }

    public func run() -> BuildResult {
        var documents = 0
        let outcome: (pages: Int, files: Int)? = {
            guard let loaded = step("load", load) else { return nil }
            let parsed = step("parse") { parse(loaded) }
            guard let config = loaded.config else { return nil }
            documents = parsed.count
            let base = step("link") { link(parsed, config: config, assets: Set(loaded.staticFiles.map(\.0))) }
            let asOf = options.asOf ?? config.asOf ?? Day.today
            let analysis = step("analyse") { Analysis(base, asOf: asOf) }
            report(analysis.warnings(base).map(shown))
            guard options.render, !diagnostics.hasErrors, let theme = loaded.theme else { return nil }
            let staging = Staging(output: options.output)
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
            guard let site = step("render", { render(base, analysis: analysis, theme: theme, into: staging) }) else {
                staging.abandon()
                return nil
            }
            // The site's own assets win over the theme's of the same name.
            var staticFiles = Dictionary(theme.assets.map { ("assets/" + $0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
            for (path, source) in loaded.staticFiles { staticFiles[path] = source }
            return step("write") { write(site, staticFiles: staticFiles.sorted { $0.key < $1.key }, staging: staging) }
        }()
        return BuildResult(diagnostics: diagnostics.sortedForDisplay(), pages: outcome?.pages ?? 0, documents: documents,
                           files: outcome?.files ?? 0, timings: timings, measurements: extraTimings, sources: sources)
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

    func report(_ new: [Diagnostic]) {
        diagnostics += options.strict ? new.map { d in
            var d = d
            d.severity = .error
            return d
        } : new
    }

    func remember(source text: String, for path: String) { sources[path] = text }

    /// A timing measured inside a step (CPU time summed over threads), reported beside the steps' wall times.
    func record(_ name: String, seconds: Double) { extraTimings.append((name, seconds)) }

    /// Runs one step, timing it and telling the progress callback.
    private func step<T>(_ name: String, _ body: () -> T) -> T {
        options.progress?(name)
        let start = monotonicSeconds()
        let value = body()
        timings.append((name, monotonicSeconds() - start))
        return value
    }

    /// The path a writer sees for a file of the content folder.
    func display(_ relative: String) -> String {
        options.content == "." ? relative : options.content + "/" + relative
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

extension Day {
    /// Today's date in UTC.
    public static var today: Day {
        Day(daysSinceEpoch: Int(time(nil)) / 86400)
    }
}

/// Runs `body` for every index in parallel on all cores, collecting the results in order. Each slot of the
/// result is written by exactly one iteration, so no lock is needed.
func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots[i] = body(i)
            }
        }
    }
    return results.map { $0! }
}

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

/// One build of a site: the pipeline of named steps, in the order they run, each in its own file of `Steps/`.
///
///     load → parse → validate → link → analyse → prepare → render → write
///
/// Each step takes the previous steps' values; diagnostics from every step are gathered, and the build stops
/// before `prepare` only when an error was found, so a writer sees every problem in one run. `almanac check`
/// runs the first five steps (`check()`), `almanac build` all eight (`run()`).
public final class Build {
    public let options: BuildOptions
    private var diagnostics: [Diagnostic] = []
    private var timings: [(step: String, seconds: Double)] = []
    private var extraTimings: [(step: String, seconds: Double)] = []
    private var sources: [String: String] = [:]
    private var documents = 0

    /// What `almanac serve` keeps between builds (see `BuildMemory`); nil for a build that starts from nothing.
    let memory: BuildMemory?

    public init(_ options: BuildOptions, memory: BuildMemory? = nil) {
        self.options = options
        self.memory = memory
    }

    /// What the checking steps made: the knowledge base, linked and analysed, and what the load step found.
    struct Checked {
        var loaded: Loaded
        var base: KnowledgeBase
        var analysis: Analysis
        /// The link and analyse steps' diagnostics, apart (kept by the memory).
        var problems = LinkProblems()
        var assets: Set<String> = []
    }

    /// load → parse → validate → link → analyse: every check of the content, nothing written.
    public func check() -> BuildResult {
        result(checked(theme: false).map { _ in (pages: 0, files: 0) })
    }

    /// Every step: the checks, then prepare the output, render the site and write it.
    public func run() -> BuildResult {
        result(checked(theme: true).flatMap { checked -> (pages: Int, files: Int)? in
            guard !diagnostics.hasErrors, let theme = checked.loaded.theme else { return nil }
            // With a memory of the last build that the output still holds, pages are rewritten in place.
            let inPlace = memory?.built != nil && FileSystem.isDirectory(options.output) == true
            guard let staging = step("prepare", { prepare(inPlace: inPlace) }) else { return nil }
            guard let site = step("render", { render(checked, theme: theme, into: staging) }) else {
                staging.abandon()
                memory?.built = nil
                return nil
            }
            let written = step("write") { write(site, staticFiles: staticFiles(checked.loaded, theme: theme), staging: staging) }
            if written == nil { memory?.built = nil }
            return written
        })
    }

    private func checked(theme: Bool) -> Checked? {
        guard let loaded = step("load", { load(theme: theme) }) else { return nil }
        let asOf = options.asOf ?? loaded.config?.asOf ?? Day.today
        // What, changed, makes the memory of the last build useless.
        let environment = loaded.environment + "\u{1}\(asOf)\u{1}\(options.baseURL ?? "")\u{1}\(options.strict)\u{1}\(options.output)"
        if let memory, memory.environment != environment { memory.reset(environment: environment) }
        memory?.report = BuildMemory.Report(full: memory?.built == nil, parsed: 0, rendered: 0, changedFiles: [])
        memory?.delta = nil
        let results = parsedAndValidated(loaded)
        let valid = results.compactMap(\.document)
        documents = valid.count
        guard let config = loaded.config else { return nil }
        let assets = Set(loaded.staticFiles.map(\.0))
        var problems = LinkProblems()
        // After changes of documents that keep their files and ids, only those are linked and analysed again.
        var relinked: PartialLink?
        let base = step("link") { () -> KnowledgeBase in
            if let done = relinkingChanged(valid, loaded: loaded, assets: assets, problems: &problems) {
                relinked = done
                memory?.report.linkedWhole = false
                return done.base
            }
            return link(valid, config: config, assets: assets, unreadHandles: unreadHandles(valid, loaded: loaded), problems: &problems)
        }
        let analysis = step("analyse") {
            relinked.flatMap { reanalysing($0, problems: &problems) } ?? analyse(base, asOf: asOf, problems: &problems)
        }
        return Checked(loaded: loaded, base: base, analysis: analysis, problems: problems, assets: assets)
    }

    private func result(_ outcome: (pages: Int, files: Int)?) -> BuildResult {
        BuildResult(diagnostics: diagnostics.sortedForDisplay(), pages: outcome?.pages ?? 0, documents: documents,
                    files: outcome?.files ?? 0, timings: timings, measurements: extraTimings, sources: sources)
    }

    func report(_ new: [Diagnostic]) {
        diagnostics += options.strict ? new.map { d in
            var d = d
            d.severity = .error
            return d
        } : new
    }

    func remember(source text: String, for path: String) { sources[path] = text }
    func remember(sources more: [String: String]) { sources.merge(more) { _, new in new } }

    /// A timing measured inside a step (CPU time summed over threads), reported beside the steps' wall times.
    func record(_ name: String, seconds: Double) { extraTimings.append((name, seconds)) }

    /// Runs one step, timing it and telling the progress callback.
    func step<T>(_ name: String, _ body: () -> T) -> T {
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


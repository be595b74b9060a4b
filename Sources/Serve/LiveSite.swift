import Diagnostics
import Foundation
import Site

/// A site kept built while its sources change: the rebuild loop of `almanac serve`.
///
/// `rebuild()` runs one build and records its outcome; `startWatching()` waits for changes of the content folder
/// and the theme on a thread of its own (inotify, or polling) and rebuilds after each burst of changes. Rebuilds
/// are incremental (`BuildMemory`): only changed files are parsed, only pages whose inputs changed rendered, each
/// rewritten atomically. A build with errors stops before it writes anything, so the last good site stays served
/// while the diagnostics are shown.
public final class LiveSite: @unchecked Sendable {
    /// What the server tells the pages: which build they show and whether the last build failed.
    public struct Status: Sendable {
        /// Successful builds so far; a page reloads when it changes.
        public var generation: Int
        /// Builds tried so far, successful or not; the overlay is refreshed when it changes.
        public var attempt: Int
        /// True when the last build succeeded (or none ran yet).
        public var ok: Bool
        /// The last build's diagnostics, errors and warnings, sorted for display.
        public var diagnostics: [Diagnostic]
        /// The generation that last changed each page, by its path (`/runbooks/db/`), since the last full build
        /// (`everything`): an open page reloads only when its own file changed.
        var pageChanged: [String: Int] = [:]
        var everything = 0
        /// The files the last successful build changed, created or removed (relative to the output folder).
        public var changedFiles: [String] = []

        /// The generation of the build that last changed the page at `path` (a URL path; `index.html` may be
        /// left out).
        public func generation(ofPage path: String) -> Int {
            max(everything, pageChanged[LiveSite.pagePath(path)] ?? 0)
        }

        /// `{"generation": 3, "attempt": 4, "ok": false, "errors": 1, "warnings": 0}`
        public var json: JSON { json(page: nil) }

        /// With `page` (a URL path), also the generation that last changed that page (`"page": 2`).
        public func json(page: String?) -> JSON {
            var fields: [(String, JSON)] = [
                ("generation", .int(generation)), ("attempt", .int(attempt)), ("ok", .bool(ok)),
                ("errors", .int(diagnostics.errorCount)), ("warnings", .int(diagnostics.warningCount)),
            ]
            if let page { fields.append(("page", .int(generation(ofPage: page)))) }
            return .object(fields)
        }

        /// The status with every diagnostic, as `almanac build --format json` prints them.
        public var diagnosticsJSON: JSON {
            .object([
                ("generation", .int(generation)), ("attempt", .int(attempt)), ("ok", .bool(ok)),
                ("diagnostics", .array(diagnostics.map(\.json))),
            ])
        }
    }

    public let options: BuildOptions
    /// The files and folders watched: the content folder (almanac.yaml included) and the theme folder.
    public let watched: [String]
    /// The longest the watching thread waits before it looks whether to stop (and, polling, between two walks).
    public var pollInterval: Double = 0.3
    /// A burst of changes is over when nothing more has changed for `quietPeriod` seconds; it may delay a
    /// rebuild by `settleLimit` seconds at most.
    public var quietPeriod: Double
    public var settleLimit: Double = 2
    /// Where changes come from: inotify on Linux, FSEvents on macOS, else polling (see `makeChangeSource`).
    public let changes: any ChangeSource

    private let lock = NSLock()
    private var current = Status(generation: 0, attempt: 0, ok: true, diagnostics: [])
    /// The last build, kept so that a rebuild redoes only what a change reaches (see `BuildMemory`).
    public let memory = BuildMemory()
    private let onBuild: @Sendable (BuildResult, [String]) -> Void
    private var thread: Thread?
    private var stopRequested = false
    private let stopped = DispatchSemaphore(value: 0)

    /// `onBuild` is called after every build with its result and the files whose change caused it (empty for
    /// the first build), on the thread that built.
    public init(options: BuildOptions, onBuild: @escaping @Sendable (BuildResult, [String]) -> Void = { _, _ in }) {
        self.options = options
        watched = [options.content, options.theme]
        changes = makeChangeSource(paths: watched, pollInterval: pollInterval)
        // An editor's save (a temporary file renamed over the original) takes a few milliseconds; a walk of the
        // files is needed to see anything at all when polling.
        quietPeriod = changes is PollingChanges ? 0.1 : 0.03
        self.onBuild = onBuild
    }

    public var status: Status { lock.withLock { current } }

    /// `Status.diagnosticsJSON` serialized, made once per attempt: every open page fetches it after each build,
    /// and a large site may have thousands of warnings.
    public var diagnosticsBody: Data {
        let status = self.status
        if let cached = lock.withLock({ diagnosticsCache?.attempt == status.attempt ? diagnosticsCache?.body : nil }) { return cached }
        let body = Data(status.diagnosticsJSON.serialized(pretty: false).utf8)
        lock.withLock { if (diagnosticsCache?.attempt ?? -1) < status.attempt { diagnosticsCache = (status.attempt, body) } }
        return body
    }
    private var diagnosticsCache: (attempt: Int, body: Data)?

    /// Builds the site once and records the outcome; `changed` is passed on to `onBuild`.
    @discardableResult
    public func rebuild(changed: [String] = []) -> BuildResult {
        // The watcher's list is complete: taken over the files' stamps (whose times may be too coarse to tell two
        // saves apart), and, naming only edited documents, over a walk of the folder. A change outside the
        // content folder (the theme) or none named: every file is looked at.
        let root = options.content.hasSuffix("/") ? options.content : options.content + "/"
        memory.changes = changed.isEmpty || changed.contains { !$0.hasPrefix(root) } ? nil
            : Set(changed.map { String($0.dropFirst(root.count)) })
        let result = Build(options, memory: memory).run()
        let report = memory.report
        lock.withLock {
            current.attempt += 1
            current.ok = result.succeeded
            current.diagnostics = result.diagnostics
            guard result.succeeded else { return }
            current.generation += 1
            current.changedFiles = report.changedFiles
            // A full build, or a changed stylesheet or script, may change how every page looks.
            if report.full || report.changedFiles.contains(where: { $0.hasPrefix("assets/") }) {
                current.everything = current.generation
                current.pageChanged = [:]
            } else {
                for file in report.changedFiles where file.hasSuffix(".html") {
                    current.pageChanged[LiveSite.pagePath("/" + file)] = current.generation
                }
            }
        }
        onBuild(result, changed)
        return result
    }

    /// A page's URL path as the generations are kept: `/runbooks/db/index.html` and `/runbooks/db/` are one.
    static func pagePath(_ path: String) -> String {
        path.hasSuffix("/index.html") ? String(path.dropLast("index.html".count)) : path
    }

    /// Looks once whether watched files changed (waiting at most `waiting` seconds); when some did, waits for
    /// the burst to end and rebuilds. Returns the build's result, or nil when nothing changed.
    @discardableResult
    public func rebuildIfChanged(waiting: Double = 0) -> BuildResult? {
        let changed = changes.changes(waitingAtMost: waiting)
        guard !changed.isEmpty else { return nil }
        return rebuild(changed: changes.settle(after: changed, quiet: quietPeriod, limit: settleLimit))
    }

    /// Starts polling on a thread of its own. Call `stopWatching()` to end it.
    public func startWatching() {
        lock.withLock {
            guard thread == nil else { return }
            stopRequested = false
            let thread = Thread { [self] in
                while !lock.withLock({ stopRequested }) {
                    rebuildIfChanged(waiting: pollInterval)
                }
                stopped.signal()
            }
            thread.name = "almanac-watch"
            self.thread = thread
            thread.start()
        }
    }

    /// Stops the polling thread, waiting for a build in progress to end.
    public func stopWatching() {
        let running: Bool = lock.withLock {
            guard thread != nil else { return false }
            stopRequested = true
            thread = nil
            return true
        }
        if running { stopped.wait() }
    }
}

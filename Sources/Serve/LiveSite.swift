import Diagnostics
import Foundation
import Site

/// A site kept built while its sources change: the rebuild loop of `almanac serve`.
///
/// `rebuild()` runs one build and records its outcome; `startWatching()` polls the content folder and the theme
/// on a thread of its own and rebuilds after each burst of changes. A failed build leaves the output as it was
/// (the build only swaps a complete site in), so the last good site stays served while the diagnostics are shown.
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

        /// `{"generation": 3, "attempt": 4, "ok": false, "errors": 1, "warnings": 0}`
        public var json: JSON {
            .object([
                ("generation", .int(generation)), ("attempt", .int(attempt)), ("ok", .bool(ok)),
                ("errors", .int(diagnostics.errorCount)), ("warnings", .int(diagnostics.warningCount)),
            ])
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
    /// Seconds between two polls, and the longest a burst of changes may delay a rebuild.
    public var pollInterval: Double = 0.3
    public var settleLimit: Double = 2

    private let lock = NSLock()
    private var current = Status(generation: 0, attempt: 0, ok: true, diagnostics: [])
    /// The last build, kept so that a rebuild redoes only what a change reaches (see `BuildMemory`).
    public let memory = BuildMemory()
    private let watcher: Watcher
    private let onBuild: @Sendable (BuildResult, [String]) -> Void
    private var thread: Thread?
    private var stopRequested = false
    private let stopped = DispatchSemaphore(value: 0)

    /// `onBuild` is called after every build with its result and the files whose change caused it (empty for
    /// the first build), on the thread that built.
    public init(options: BuildOptions, onBuild: @escaping @Sendable (BuildResult, [String]) -> Void = { _, _ in }) {
        self.options = options
        watched = [options.content, options.theme]
        watcher = Watcher(paths: watched)
        self.onBuild = onBuild
    }

    public var status: Status { lock.withLock { current } }

    /// Builds the site once and records the outcome; `changed` is passed on to `onBuild`.
    @discardableResult
    public func rebuild(changed: [String] = []) -> BuildResult {
        let result = Build(options, memory: memory).run()
        lock.withLock {
            current.attempt += 1
            if result.succeeded { current.generation += 1 }
            current.ok = result.succeeded
            current.diagnostics = result.diagnostics
        }
        onBuild(result, changed)
        return result
    }

    /// Polls the watched files once; when some changed, waits for the burst to end and rebuilds.
    /// Returns the build's result, or nil when nothing changed.
    @discardableResult
    public func rebuildIfChanged() -> BuildResult? {
        let changed = watcher.poll()
        guard !changed.isEmpty else { return nil }
        return rebuild(changed: watcher.settle(after: changed, interval: min(pollInterval, 0.1), limit: settleLimit))
    }

    /// Starts polling on a thread of its own. Call `stopWatching()` to end it.
    public func startWatching() {
        lock.withLock {
            guard thread == nil else { return }
            stopRequested = false
            let thread = Thread { [self] in
                while !lock.withLock({ stopRequested }) {
                    sleepSeconds(pollInterval)
                    if lock.withLock({ stopRequested }) { break }
                    rebuildIfChanged()
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

#if os(macOS)
import CoreServices
import Foundation

/// FSEvents, macOS's file events: one stream for the trees under the watched paths, reporting each file created,
/// changed, renamed or removed (`kFSEventStreamCreateFlagFileEvents`) at once (no latency, no deferral), rather
/// than walking every file. Paths are reported as the watched paths were given (FSEvents names them with symbolic
/// links resolved: `/var` is `/private/var`); when events were dropped, the watched path itself is reported, so the
/// next build looks at every file.
///
/// Compiled on macOS only; the Linux machines this project is tested on use `FileEvents` (inotify).
public final class FSEventsChanges: ChangeSource, @unchecked Sendable {
    private var stream: FSEventStreamRef?
    private let queue = DispatchQueue(label: "almanac.file-events")
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private var pending = Set<String>()
    /// Each watched path as given, and as FSEvents names it.
    private let roots: [(given: String, real: String)]

    /// Nil when the stream cannot be made or started (then poll instead).
    public init?(paths: [String]) {
        roots = paths.map { path in
            guard let resolved = realpath(path, nil) else { return (path, path) }
            defer { free(resolved) }
            return (path, String(cString: resolved))
        }
        var context = FSEventStreamContext(version: 0, info: Unmanaged.passUnretained(self).toOpaque(),
                                           retain: nil, release: nil, copyDescription: nil)
        let callback: FSEventStreamCallback = { _, info, count, paths, flags, _ in
            guard let info else { return }
            let source = Unmanaged<FSEventsChanges>.fromOpaque(info).takeUnretainedValue()
            let names = paths.assumingMemoryBound(to: UnsafePointer<CChar>.self)
            source.receive((0..<count).map { (String(cString: names[$0]), flags[$0]) })
        }
        let flags = FSEventStreamCreateFlags(kFSEventStreamCreateFlagFileEvents | kFSEventStreamCreateFlagNoDefer)
        guard let stream = FSEventStreamCreate(kCFAllocatorDefault, callback, &context, roots.map(\.real) as CFArray,
                                               FSEventStreamEventId(kFSEventStreamEventIdSinceNow), 0, flags) else { return nil }
        FSEventStreamSetDispatchQueue(stream, queue)
        guard FSEventStreamStart(stream) else {
            FSEventStreamInvalidate(stream)
            FSEventStreamRelease(stream)
            return nil
        }
        self.stream = stream
    }

    deinit {
        guard let stream else { return }
        FSEventStreamStop(stream)
        FSEventStreamInvalidate(stream)
        FSEventStreamRelease(stream)
    }

    /// On the stream's queue: keeps the watched files among `events`, as `FileEvents` does (no hidden entries, no
    /// editor backups ending in `~`), and wakes `changes`.
    private func receive(_ events: [(path: String, flags: FSEventStreamEventFlags)]) {
        let lost = FSEventStreamEventFlags(kFSEventStreamEventFlagMustScanSubDirs | kFSEventStreamEventFlagUserDropped
                                           | kFSEventStreamEventFlagKernelDropped | kFSEventStreamEventFlagRootChanged)
        var changed = Set<String>()
        for (path, flags) in events {
            guard let root = roots.first(where: { path == $0.real || path.hasPrefix($0.real + "/") }) else { continue }
            if flags & lost != 0 {
                changed.insert(root.given)
                continue
            }
            let inside = path.dropFirst(root.real.count).split(separator: "/").map(String.init)
            guard inside.allSatisfy(Watcher.isWatched) else { continue }
            changed.insert(([root.given] + inside).joined(separator: "/"))
        }
        guard !changed.isEmpty else { return }
        lock.withLock { pending.formUnion(changed) }
        arrived.signal()
    }

    public func changes(waitingAtMost timeout: Double) -> [String] {
        if lock.withLock({ pending.isEmpty }) { _ = arrived.wait(timeout: .now() + max(0, timeout)) }
        let out: [String] = lock.withLock {
            defer { pending.removeAll() }
            return pending.sorted()
        }
        while arrived.wait(timeout: .now()) == .success {}  // the signals of what was just taken
        return out
    }
}
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `almanac serve` learns that files changed: the kernel's file events where there are some (inotify on
/// Linux, FSEvents on macOS), else polling (`Watcher`). Either way, hidden entries (`.swp` files, `.git/`) and editor backups
/// ending in `~` are left out, and a burst of saves (an editor writing a temporary file and renaming it over
/// the original) is gathered into one list before a rebuild.
public protocol ChangeSource: AnyObject, Sendable {
    /// Waits at most `timeout` seconds for a change; returns the files changed (empty when none).
    func changes(waitingAtMost timeout: Double) -> [String]
    /// After `initial`, gathers further changes until none has come for `quiet` seconds (at most `limit`
    /// seconds in all); returns them all, sorted.
    func settle(after initial: [String], quiet: Double, limit: Double) -> [String]
}

extension ChangeSource {
    public func settle(after initial: [String], quiet: Double, limit: Double) -> [String] {
        gather(after: initial, limit: limit) { _ in quiet }
    }

    /// `initial` and the changes that follow until none has come for `quiet(changes so far)` seconds (at most
    /// `limit` seconds in all), sorted.
    func gather(after initial: [String], limit: Double, quiet: (Set<String>) -> Double) -> [String] {
        var all = Set(initial)
        let deadline = clockSeconds() + limit
        while clockSeconds() < deadline {
            let more = changes(waitingAtMost: min(quiet(all), max(0, deadline - clockSeconds())))
            if more.isEmpty { break }
            all.formUnion(more)
        }
        return all.sorted()
    }
}

/// The best change source for `paths` on this system: inotify on Linux, FSEvents on macOS (unless the system
/// refuses them, for instance when its limit of watches is reached), else polling every `pollInterval` seconds.
public func makeChangeSource(paths: [String], pollInterval: Double) -> any ChangeSource {
    #if os(Linux)
    if let events = FileEvents(paths: paths) { return events }
    #elseif os(macOS)
    if let events = FSEventsChanges(paths: paths) { return events }
    #endif
    return PollingChanges(paths: paths, interval: pollInterval)
}

/// Polling: a walk of the watched folders compared with the previous one (see `Watcher`).
public final class PollingChanges: ChangeSource, @unchecked Sendable {
    let watcher: Watcher
    let interval: Double

    public init(paths: [String], interval: Double) {
        watcher = Watcher(paths: paths)
        self.interval = interval
    }

    public func changes(waitingAtMost timeout: Double) -> [String] {
        sleepSeconds(min(timeout, interval))
        return watcher.poll()
    }
}

#if os(Linux)
/// inotify: one watch per folder under the watched paths (folders that appear are watched as they come, and
/// the files already in them reported), woken by the kernel rather than walking every file.
public final class FileEvents: ChangeSource, @unchecked Sendable {
    private let descriptor: Int32
    /// The folder of each watch.
    private var folders: [Int32: String] = [:]
    private let roots: [String]
    /// Files written to (created or modified) and not closed yet: a burst is not over while one is open.
    private var open = Set<String>()
    /// How long a burst must be quiet when every file written has been closed: long enough for an editor's
    /// rename of its temporary file over the original, which follows the close at once.
    public var closedQuiet = 0.005
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                                     | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Nil when inotify is not available or a folder cannot be watched (then poll instead).
    public init?(paths: [String]) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        roots = paths
        for path in paths where Watcher.isFolder(path) {
            guard watchTree(path) != nil else {
                close(descriptor)
                return nil
            }
        }
    }

    deinit { close(descriptor) }

    /// Watches `folder` and every folder under it; returns the files found in them (nil when a watch failed).
    @discardableResult
    private func watchTree(_ folder: String, depth: Int = 0) -> [String]? {
        guard depth < 64 else { return [] }
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        guard watch >= 0 else { return nil }
        folders[watch] = folder
        var files: [String] = []
        for (name, isFolder) in Watcher.entries(of: folder) {
            let path = folder + "/" + name
            if isFolder {
                guard let inside = watchTree(path, depth: depth + 1) else { return nil }
                files += inside
            } else {
                files.append(path)
            }
        }
        return files
    }

    public func changes(waitingAtMost timeout: Double) -> [String] {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, Int32(max(0, timeout) * 1000)) > 0 else { return [] }
        var changed = Set<String>()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let name = String(decoding: buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }, as: UTF8.self)
                offset = nameStart + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost: say that everything may have changed.
                    changed.formUnion(roots)
                    continue
                }
                if mask & UInt32(IN_IGNORED) != 0 { folders[watch] = nil; continue }
                guard let folder = folders[watch] else { continue }
                if name.isEmpty {  // the watched folder itself was deleted or moved
                    changed.insert(folder)
                    continue
                }
                if !Watcher.isWatched(name) { continue }
                let path = folder + "/" + name
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        // A new folder: watch it, and report what was written into it before the watch began.
                        changed.formUnion(watchTree(path) ?? [path])
                    }
                    changed.insert(path)
                } else {
                    if mask & UInt32(IN_CREATE | IN_MODIFY) != 0 { open.insert(path) }
                    if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM) != 0 { open.remove(path) }
                    changed.insert(path)
                }
            }
        }
        return changed.sorted()
    }

    /// As `ChangeSource.settle`, but when the burst so far is one file and it has been closed (a writer's save is
    /// complete), it ends after `closedQuiet` seconds without events rather than `quiet`. Once a burst holds
    /// several files (a checkout, a folder copied) it waits the whole `quiet` between them, which makes a rebuild
    /// from a half-copied folder less likely; a gap longer than `closedQuiet` after the first file still ends it
    /// (the next burst rebuilds again).
    public func settle(after initial: [String], quiet: Double, limit: Double) -> [String] {
        defer { open.removeAll() }
        return gather(after: initial, limit: limit) { all in open.isEmpty && all.count <= 1 ? min(quiet, closedQuiet) : quiet }
    }
}
#endif

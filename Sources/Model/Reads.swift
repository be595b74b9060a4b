#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing a page can read of the linked knowledge base or its analysis. `almanac serve` records the keys each
/// page read while it was built; after a change, a page is built again only when one of its keys changed.
public enum ReadKey: Hashable, Sendable {
    /// Every document with its body: a change of any file changes it (the search index reads it).
    case all
    /// The documents of one kind, in order, and the front matter of each.
    case kind(Kind)
    /// One document's front matter (its title, fields, references), by id.
    case document(String)
    /// One document's body (its Markdown: HTML, headings, links, text), by id.
    case body(String)
    /// A document's resolved references, body links and backlinks, by id.
    case links(String)
    /// A person declared by a team, by handle.
    case person(String)
    /// A document's computed figures (staleness, statistics, critical path, sprint report), by id.
    case analysis(String)
    /// What the analysis computes over the whole knowledge base: the current sprint, overlapping experiments.
    case analysisGlobal
    /// A list derived from many documents (owned documents, a service's runbooks): its name and key.
    case relation(String, String)
    /// A list of the whole site (its tags, its pages), by name.
    case site(String)
}

/// The keys read on one thread while a page is built (see `Reads.record`).
public final class ReadLog {
    public var keys: Set<ReadKey> = []
    public init() {}
}

/// Records what a page reads: off unless a `ReadLog` is installed on the current thread by `record`, so the
/// accessors that call `note` cost one thread-local load when nothing records.
public enum Reads {
    nonisolated(unsafe) private static let slot: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Notes that the page being recorded on this thread read `key`.
    @inline(__always)
    public static func note(_ key: ReadKey) {
        guard let raw = pthread_getspecific(slot) else { return }
        Unmanaged<ReadLog>.fromOpaque(raw).takeUnretainedValue().keys.insert(key)
    }

    /// `body()`'s value and the keys it read on this thread (recordings nest: the outer one gets the inner's keys).
    public static func record<T>(_ body: () -> T) -> (T, Set<ReadKey>) {
        let outer = pthread_getspecific(slot)
        let log = ReadLog()
        pthread_setspecific(slot, Unmanaged.passUnretained(log).toOpaque())
        let value = withExtendedLifetime(log) { body() }
        pthread_setspecific(slot, outer)
        if let outer { Unmanaged<ReadLog>.fromOpaque(outer).takeUnretainedValue().keys.formUnion(log.keys) }
        return (value, log.keys)
    }
}

/// A dictionary by id whose lookups are noted as reads (`Reads.note`) under the key `key(id)`.
public struct RecordedMap<Value: Sendable>: Sendable {
    public let storage: [String: Value]
    private let key: @Sendable (String) -> ReadKey

    public init(_ storage: [String: Value], key: @escaping @Sendable (String) -> ReadKey) {
        self.storage = storage
        self.key = key
    }

    public subscript(id: String) -> Value? {
        Reads.note(key(id))
        return storage[id]
    }
}

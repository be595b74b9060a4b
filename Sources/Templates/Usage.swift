/// Which name tags of a library's templates were evaluated, and whether their names resolved: what finds a typo
/// like `{{titel}}`, which renders nothing and says nothing. Give each thread its own and `merge` them after;
/// a usage belongs to the library it was recorded with.
public struct NameUsage: Sendable, Equatable {
    /// Per template (the library's order), per name tag: bit 0 evaluated, bit 1 resolved.
    var flags: [[UInt8]] = []

    public init() {}

    static let evaluated: UInt8 = 1
    static let resolved: UInt8 = 2

    /// Whether no name tag was evaluated.
    public var isEmpty: Bool { !flags.contains { $0.contains { $0 != 0 } } }

    /// Adds what `other` recorded (with the same library).
    public mutating func merge(_ other: NameUsage) {
        if flags.count < other.flags.count { flags += Array(repeating: [], count: other.flags.count - flags.count) }
        for (t, theirs) in other.flags.enumerated() where !theirs.isEmpty {
            if flags[t].isEmpty {
                flags[t] = theirs
            } else {
                for k in 0..<min(flags[t].count, theirs.count) { flags[t][k] |= theirs[k] }
            }
        }
    }

    /// Whether every name `other` recorded (with the same library) is recorded here too.
    public func contains(_ other: NameUsage) -> Bool {
        for (t, theirs) in other.flags.enumerated() where !theirs.isEmpty {
            let mine = t < flags.count ? flags[t] : []
            for (k, bits) in theirs.enumerated() where bits & ~(k < mine.count ? mine[k] : 0) != 0 { return false }
        }
        return true
    }

    /// Sizes the flags for `library`'s templates (once per usage; cheap after).
    mutating func prepare(for templates: ContiguousArray<CompiledTemplate>) {
        if flags.count != templates.count { flags = templates.map { Array(repeating: 0, count: $0.tags.count) } }
        for (t, template) in templates.enumerated() where flags[t].count != template.tags.count {
            flags[t] = Array(repeating: 0, count: template.tags.count)
        }
    }
}

/// The recorder a render with a `NameUsage` runs with: the usage's flags, moved in for the render and back after.
struct UsageRecorder: Recorder {
    var flags: [[UInt8]]

    @inline(__always) mutating func record(_ template: Int, _ tag: Int32, _ resolved: Bool) {
        flags[template][Int(tag)] |= resolved ? NameUsage.evaluated | NameUsage.resolved : NameUsage.evaluated
    }
}

/// A name tag that was evaluated and whose name never resolved: most likely a typo, or a field the view does not
/// give.
public struct UnresolvedName: Sendable, Hashable {
    public let template: String
    public let name: String
    public let kind: NameTag.Kind
    public let location: TemplateLocation
}

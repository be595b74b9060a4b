import Diagnostics

/// A name written in front matter that must resolve: a document, a person, an environment or a cohort.
public struct Reference: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case document(Kind)
        /// A team slug or a person's `@handle`.
        case owner
        case person
        case environment
        case cohort
    }

    public var target: Target
    public var name: String
    public var location: SourceLocation
    /// The front-matter field it was written in (`owner`, `services`, `steps[2].runbook`), for messages.
    public var field: String

    public init(_ target: Target, _ name: String, at location: SourceLocation, field: String) {
        self.target = target
        self.name = name
        self.location = location
        self.field = field
    }
}

/// An owner: a team, or a person declared as a member of some team.
public enum Owner: Sendable, Hashable, CustomStringConvertible {
    case team(String)
    case person(String)

    public init(_ text: String) {
        self = text.hasPrefix("@") ? .person(text) : .team(text)
    }

    public var description: String {
        switch self {
        case .team(let slug): slug
        case .person(let handle): handle
        }
    }
}

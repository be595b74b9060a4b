import FrontMatter
/// A team: its members (whose handles are the persons of the knowledge base), channel and on-call.
public struct Team: Sendable {
    public struct Member: Sendable {
        public var name: String
        public var handle: String
        public var role: String?
    }

    public var members: [Member]
    public var channel: String?
    public var oncall: String?

    static func decode(_ f: Fields) -> Team? {
        let members = f.required("members", "a list of `{ name, handle, role? }`", f.list(f.object { m -> Member? in
            let name = m.required("name", "the member's name", m.string)
            let handle = m.required("handle", "a handle such as `\"@alice\"`", m.handle)
            let role = m.optional("role", m.string)
            guard let name, let handle else { return nil }
            return Member(name: name, handle: handle, role: role)
        }, nonEmpty: true))
        let channel = f.optional("channel", f.string)
        let oncall = f.optional("oncall", f.string)
        guard let members else { return nil }
        return Team(members: members, channel: channel, oncall: oncall)
    }
}

extension Fields {
    /// A person's handle as declared in a team: `@` then letters, digits, `-`, `_` or `.`.
    func handle(_ value: Value, _ field: String) -> String? {
        guard let text = string(value, field) else { return nil }
        let body = text.dropFirst()
        guard text.hasPrefix("@"), !body.isEmpty,
              body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            context.report(.init(
                .invalidValue, "`\(field)` must be a handle starting with `@`", at: value.location,
                expected: "a quoted handle such as `\"@alice\"`", found: value.quoted,
                help: text.hasPrefix("@") ? nil : "write it as `\"@\(text)\"` (quoted: YAML reserves `@`)"))
            return nil
        }
        return text
    }
}

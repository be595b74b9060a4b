import Diagnostics

/// A front-matter value that remembers where it was written: the tree every later step reads.
public struct Value: Sendable {
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case integer(Int)
        case number(Double)
        case string(String)
        case list([Value])
        case map([Entry])
    }

    /// One `key: value` pair of a mapping, in the order written.
    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: Value
        public init(key: String, keyLocation: SourceLocation, value: Value) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The scalar exactly as written (without quotes), for messages; nil for collections.
    public var text: String?

    public init(_ kind: Kind, at location: SourceLocation, text: String? = nil) {
        self.kind = kind
        self.location = location
        self.text = text
    }

    public var string: String? { if case .string(let s) = kind { return s } else { return nil } }
    public var list: [Value]? { if case .list(let l) = kind { return l } else { return nil } }
    public var entries: [Entry]? { if case .map(let m) = kind { return m } else { return nil } }
    public var isNull: Bool { if case .null = kind { return true } else { return false } }

    /// The value under `key` of a mapping.
    /// How an item of a list is named in a field's path: by its `id` when it has one (a rollout step:
    /// `steps[prod-50]`), else by its position from 0 (`action_items[0]`).
    public func itemLabel(_ index: Int) -> String {
        if let id = self["id"]?.string, !id.isEmpty, !id.contains(where: { "[]. `".contains($0) }) { return id }
        return String(index)
    }

    public subscript(key: String) -> Value? {
        entries?.first { $0.key == key }?.value
    }

    /// A name for the type of this value, as a writer would say it ("a list", "a string").
    public var typeName: String {
        switch kind {
        case .null: return "nothing (null)"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// The type and the value, for "found:" lines: "a string `high`", "a list of 2".
    public var described: String {
        text == nil || isNull ? quoted : "\(typeName) \(quoted)"
    }

    /// A short quotation of the value.
    public var quoted: String {
        switch kind {
        case .list(let items): return "a list of \(items.count)"
        case .map(let entries): return "a mapping with \(entries.count) key\(entries.count == 1 ? "" : "s")"
        case .null: return "nothing"
        default: return "`\(text ?? "")`"
        }
    }
}

import Diagnostics
import FrontMatter

extension JSON {
    /// The front matter as written, dates and all other strings kept as strings.
    public init(_ value: Value) {
        switch value.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .integer(let i): self = .int(i)
        case .number(let d): self = d.isFinite ? .number(d) : .string(value.text ?? "")
        case .string(let s): self = .string(s)
        case .list(let items): self = .array(items.map(JSON.init))
        case .map(let entries): self = .object(entries.map { ($0.key, JSON($0.value)) })
        }
    }
}

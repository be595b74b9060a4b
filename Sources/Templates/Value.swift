/// What a template renders: a typed value, never `Any`. Views build these directly; the engine looks names up
/// in `.object`s and prints `.text` escaped, `.html` as it is.
public enum TemplateValue: Sendable, Equatable {
    /// Absent: falsy, prints nothing. Also what a view gives for a field it has no value for.
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    /// Text from content: HTML-escaped by `{{name}}`, written as it is by `{{{name}}}` and `{{& name}}`.
    case text(String)
    /// Markup the build made and escaped itself (rendered Markdown, SVG): never escaped again.
    case html(String)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// Text, or `.null` when there is none.
    public init(_ text: String?) { self = text.map(TemplateValue.text) ?? .null }
    /// Markup, or `.null` when there is none.
    public static func html(_ markup: String?) -> TemplateValue { markup.map(TemplateValue.html) ?? .null }
    /// A list of values made from `items`.
    public static func list<S: Sequence>(_ items: S, _ transform: (S.Element) -> TemplateValue) -> TemplateValue {
        .list(items.map(transform))
    }

    /// Mustache's truthiness: null, false and the empty list are falsy; everything else (0 and "" too) is truthy.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .list(let items): !items.isEmpty
        default: true
        }
    }

    /// The value of `key` when this is an object.
    public subscript(key: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

extension TemplateValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

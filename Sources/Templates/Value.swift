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
    case object(TemplateObject)

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
        self = .object(TemplateObject(elements))
    }
}

/// The fields of an object value: a short list of names and values in the order they were set. Views build
/// one per page element and the engine looks a few names up in each, so a list beats a hash table here: no
/// hashing of every key when it is built, one allocation, and a lookup that compares lengths before bytes.
public struct TemplateObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: TemplateValue)
    private var entries: [Element]

    public init(minimumCapacity: Int) {
        entries = []
        entries.reserveCapacity(minimumCapacity)
    }
    /// The pairs in order; a name given twice reads as its last value (names are looked up from the end).
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, TemplateValue) {
        entries = pairs.map { (key: $0.0, value: $0.1) }
    }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }

    public var count: Int { entries.count }
    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    @inline(__always)
    private func index(of key: String) -> Int? {
        let length = key.utf8.count
        var i = entries.count - 1
        while i >= 0 {
            if entries[i].key.utf8.count == length, entries[i].key == key { return i }
            i -= 1
        }
        return nil
    }

    /// The value of `key`; setting nil removes it, setting a name already there replaces its value in place.
    public subscript(key: String) -> TemplateValue? {
        get { index(of: key).map { entries[$0].value } }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Equal when both have the same names with equal values, in any order (as dictionaries compare).
    public static func == (a: TemplateObject, b: TemplateObject) -> Bool {
        a.count == b.count && a.entries.allSatisfy { b[$0.key] == $0.value }
    }
}

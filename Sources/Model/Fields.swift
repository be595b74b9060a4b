import Diagnostics
import FrontMatter

/// Collects what decoding a file finds: problems, and the references to resolve in the link step.
public final class DecodingContext {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var references: [Reference] = []
    /// The part of `diagnostics` no schema checks (a schema's `format: date` takes year 0000): kept when the
    /// schema's diagnostics replace the decoder's.
    public private(set) var beyondSchema: [Diagnostic] = []

    public init(file: String) { self.file = file }

    func report(_ diagnostic: Diagnostic, beyondSchema: Bool = false) {
        diagnostics.append(diagnostic)
        if beyondSchema { self.beyondSchema.append(diagnostic) }
    }
    func refer(_ reference: Reference) { references.append(reference) }
}

/// Reads the fields of one mapping of front matter into typed values. Every problem (missing key, wrong type,
/// unknown key) becomes a located diagnostic; decoding goes on so that one run reports them all.
public final class Fields {
    let context: DecodingContext
    let entries: [Value.Entry]
    let location: SourceLocation
    /// The path of this mapping in the front matter (`action_items[1]`), for messages.
    let path: String
    private var seen: Set<String> = []

    init(_ value: Value, context: DecodingContext, path: String) {
        self.context = context
        self.entries = value.entries ?? []
        // A mapping is located at its first key: for `{ id: x }` that is `id`, not the brace.
        self.location = value.entries?.first?.keyLocation ?? value.location
        self.path = path
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The last key of a qualified field: `review_every_days` of `runbooks.review_every_days`.
    static func key(of field: String) -> String { field.split(separator: ".").last.map(String.init) ?? field }

    /// The raw value under `key`, marking the key as known.
    func value(_ key: String) -> Value? {
        seen.insert(key)
        return entries.first { $0.key == key }?.value
    }

    /// Reads a required field; reports it missing at the mapping that lacks it.
    func required<T>(_ key: String, _ what: String, _ decode: (Value, String) -> T?) -> T? {
        guard let raw = value(key), !raw.isNull else {
            let found = entries.first { $0.key == key }
            context.report(Diagnostic(
                .missingField, "missing required field `\(qualified(key))`",
                at: found?.keyLocation ?? location,
                expected: "`\(key):` with \(what)", found: found == nil ? "no `\(key)` key" : "an empty value",
                help: found == nil ? "add `\(key): ...` to \(path.isEmpty ? "the front matter" : "`\(path)`")" : "give `\(key)` a value"))
            return nil
        }
        return decode(raw, qualified(key))
    }

    func optional<T>(_ key: String, _ decode: (Value, String) -> T?) -> T? {
        guard let raw = value(key), !raw.isNull else { return nil }
        return decode(raw, qualified(key))
    }

    /// Reports every key that no reader asked for, suggesting the nearest known one.
    func finish(allowing extra: Set<String> = []) {
        let known = seen.union(extra)
        for entry in entries where !known.contains(entry.key) {
            let written = Set(entries.map(\.key))
            let hint = Suggestions.didYouMean(entry.key, in: known.subtracting(written).sorted())
            context.report(Diagnostic(
                .unknownField, "unknown field `\(qualified(entry.key))`", at: entry.keyLocation,
                expected: "one of " + known.sorted().map { "`\($0)`" }.joined(separator: ", "),
                found: "`\(entry.key)`",
                help: hint ?? "remove it: the fields each kind accepts are listed in docs/writers-guide.md"))
        }
    }

    // MARK: Decoders for scalar types

    func mismatch(_ value: Value, _ field: String, expected: String) {
        context.report(Diagnostic(
            .wrongType, "`\(field)` must be \(expected)", at: value.location,
            expected: expected, found: value.described,
            help: value.text != nil && value.string == nil && expected.contains("string") ? "quote the value to make it a string" : nil))
    }

    func string(_ value: Value, _ field: String) -> String? {
        switch value.kind {
        case .string(let s): return s
        // A writer who types `title: 404` means the text "404".
        case .integer, .number, .bool: return value.text
        default: mismatch(value, field, expected: "a string"); return nil
        }
    }

    func integer(_ value: Value, _ field: String) -> Int? {
        if case .integer(let i) = value.kind { return i }
        mismatch(value, field, expected: "an integer")
        return nil
    }

    /// A whole number within `range` of `unit` (the domains are in `Bounds`); `example` is a typical value.
    func integer(in range: ClosedRange<Int>, _ unit: String, example: Int) -> (Value, String) -> Int? {
        { value, field in
            func outside() -> Int? {
                let key = Fields.key(of: field)
                let (low, high) = (Bounds.text(range.lowerBound), Bounds.text(range.upperBound))
                self.context.report(Diagnostic(
                    .outOfRange, "`\(field)` must be from \(low) to \(high) \(unit)", at: value.location,
                    expected: "a whole number from \(low) to \(high)", found: value.quoted,
                    help: "write a number of \(unit) in that range, such as `\(key): \(example)`"))
                return nil
            }
            // Digits too many for an Int come as a number: out of range rather than of the wrong type.
            if case .number(let d) = value.kind, d.isFinite, abs(d) >= 0x1p63 { return outside() }
            guard let n = self.integer(value, field) else { return nil }
            return range.contains(n) ? n : outside()
        }
    }

    func number(_ value: Value, _ field: String) -> Double? {
        switch value.kind {
        case .integer(let i): return Double(i)
        case .number(let d) where d.isFinite: return d
        default: mismatch(value, field, expected: "a number"); return nil
        }
    }

    func bool(_ value: Value, _ field: String) -> Bool? {
        if case .bool(let b) = value.kind { return b }
        mismatch(value, field, expected: "`true` or `false`")
        return nil
    }

    func percent(_ value: Value, _ field: String) -> Double? {
        guard let n = number(value, field) else { return nil }
        guard (0...100).contains(n) else {
            context.report(Diagnostic(
                .outOfRange, "`\(field)` must be a percentage from 0 to 100", at: value.location,
                expected: "a number from 0 to 100", found: value.quoted))
            return nil
        }
        return n
    }

    /// Year 0000 passes a schema's `format: date` (RFC 3339 allows it) but is no year a writer means.
    func refuseYearZero(_ value: Value, _ field: String) -> Bool {
        guard let text = value.string, Day.isYearZero(text) else { return false }
        context.report(Diagnostic(
            .invalidDate, "`\(field)` is in year 0000", at: value.location,
            expected: "a year from 0001 to 9999", found: value.quoted,
            help: "write the year in full, such as `2026\(text.dropFirst(4))`"), beyondSchema: true)
        return true
    }

    func day(_ value: Value, _ field: String) -> Day? {
        if refuseYearZero(value, field) { return nil }
        guard let text = value.string ?? value.text, let day = Day(text), value.string != nil else {
            context.report(Diagnostic(
                .invalidDate, "`\(field)` must be a date", at: value.location,
                expected: "a date written `YYYY-MM-DD`, such as `2026-03-04`", found: value.quoted))
            return nil
        }
        return day
    }

    func instant(_ value: Value, _ field: String) -> Instant? {
        if refuseYearZero(value, field) { return nil }
        guard let text = value.string, let instant = Instant(text) else {
            let help = value.string.flatMap { Day($0) } != nil ? "add a time and a zone: `\(value.text ?? "")T00:00:00Z`" : nil
            context.report(Diagnostic(
                .invalidDate, "`\(field)` must be a date and time", at: value.location,
                expected: "an RFC 3339 date-time such as `2026-03-04T10:15:00Z`", found: value.quoted, help: help))
            return nil
        }
        return instant
    }

    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> (Value, String) -> E? where E.RawValue == String {
        { value, field in
            guard let text = self.string(value, field) else { return nil }
            if let e = E(rawValue: text) { return e }
            let names = E.allCases.map(\.rawValue)
            self.context.report(Diagnostic(
                .invalidValue, "`\(field)` cannot be `\(text)`", at: value.location,
                expected: "one of " + names.map { "`\($0)`" }.joined(separator: ", "), found: "`\(text)`",
                help: Suggestions.didYouMean(text, in: names)))
            return nil
        }
    }

    func list<T>(_ element: @escaping (Value, String) -> T?, nonEmpty: Bool = false, max: Int? = nil) -> (Value, String) -> [T]? {
        { value, field in
            guard let items = value.list else {
                if let text = value.text, !value.isNull {
                    let key = Fields.key(of: field)
                    self.context.report(Diagnostic(
                        .wrongType, "`\(field)` must be a list", at: value.location,
                        expected: "a list", found: value.described,
                        help: "write a list, even of one item: `\(key): [\(text)]`"))
                } else {
                    self.mismatch(value, field, expected: "a list")
                }
                return nil
            }
            if nonEmpty && items.isEmpty {
                self.context.report(Diagnostic(
                    .missingField, "`\(field)` needs at least one item", at: value.location,
                    expected: "a list of at least one item", found: "an empty list"))
            }
            if let max, items.count > max {
                self.context.report(Diagnostic(
                    .outOfRange, "`\(field)` has \(items.count) items; at most \(max) are allowed", at: items[max].location,
                    expected: "at most \(max) items", found: "\(items.count) items",
                    help: "keep the \(max) that matter most; a long list of actions is a list nobody finishes"))
            }
            return items.enumerated().compactMap { index, item in element(item, "\(field)[\(item.itemLabel(index))]") }
        }
    }

    /// A nested mapping read by `read`, which must call `finish()` on the `Fields` it gets.
    /// One value or a list of them (`reverts: a` or `reverts: [a, b]`).
    func oneOrMany<T>(_ element: @escaping (Value, String) -> T?) -> (Value, String) -> [T]? {
        { value, field in value.list != nil ? self.list(element, nonEmpty: true)(value, field) : element(value, field).map { [$0] } }
    }

    func object<T>(_ read: @escaping (Fields) -> T?) -> (Value, String) -> T? {
        { value, field in
            guard value.entries != nil else {
                self.mismatch(value, field, expected: "a mapping of fields")
                return nil
            }
            let fields = Fields(value, context: self.context, path: field)
            let result = read(fields)
            fields.finish()
            return result
        }
    }

    /// A mapping from names to values, in the order written.
    func dictionary<T>(_ element: @escaping (Value, String) -> T?) -> (Value, String) -> [(key: String, value: T, location: SourceLocation)]? {
        { value, field in
            guard let entries = value.entries else {
                self.mismatch(value, field, expected: "a mapping")
                return nil
            }
            return entries.compactMap { entry in
                element(entry.value, "\(field).\(entry.key)").map { (entry.key, $0, entry.keyLocation) }
            }
        }
    }

    // MARK: References

    /// A string that names something to resolve in the link step.
    func reference(_ target: Reference.Target) -> (Value, String) -> String? {
        { value, field in
            guard let name = self.string(value, field) else { return nil }
            self.context.refer(Reference(target, name, at: value.location, field: field))
            return name
        }
    }

    func owner(_ value: Value, _ field: String) -> Owner? {
        reference(.owner)(value, field).map(Owner.init)
    }
}

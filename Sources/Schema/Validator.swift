import Diagnostics
import Foundation
import FrontMatter

/// A step of an instance path.
enum PathToken {
    case key(String)
    /// A list's item: its position, and how messages name it (see `Value.itemLabel`).
    case index(Int, String)
}

/// Runs a `Program` over one instance. In quiet mode it stops at the first failure; in collecting mode it
/// gathers every error, with messages.
struct Evaluator {
    let program: Program
    let nodes: [Node]
    var collecting: Bool
    var errors: [SchemaError] = []
    var path: [PathToken] = []
    /// The nodes applied to the current instance value, innermost last, to catch `$ref` loops that never
    /// move into the instance (`{"$ref": "#"}`).
    var chain: [Int] = []
    var chainBase = 0
    /// The path depth at which the value is a field name under `propertyNames`, for messages.
    var fieldNameDepth = -1

    init(program: Program, collecting: Bool) {
        self.program = program
        self.nodes = program.nodes
        self.collecting = collecting
    }

    // MARK: Driving

    mutating func evaluate(_ index: Int, _ value: Value) -> Bool {
        let node = nodes[index]
        switch node.body {
        case .always(true):
            return true
        case .always(false):
            if collecting {
                report(value, keyword: "false", node: node, message: "\(subject()) is not allowed here",
                       expected: "no value here", found: value.described,
                       help: path.last.flatMap { if case .key(let k) = $0 { "remove `\(k)`" } else { nil } })
            }
            return false
        case .checks(let checks):
            for i in chain[chainBase...] where i == index {
                if collecting {
                    report(value, keyword: "$ref", node: node,
                           message: "the schema refers to itself in an endless loop at `#\(node.schemaPath)`")
                }
                return false
            }
            chain.append(index)
            defer { chain.removeLast() }
            var valid = true
            for check in checks where !apply(check, node: node, value) {
                valid = false
                if !collecting { return false }
                // A value of the wrong type fails every other keyword for the same reason: say it once.
                if case .type = check { break }
            }
            return valid
        }
    }

    /// Evaluates a subschema on a child of the current value.
    mutating func descend(_ token: PathToken, _ index: Int, _ value: Value) -> Bool {
        path.append(token)
        let savedBase = chainBase
        chainBase = chain.count
        defer {
            path.removeLast()
            chainBase = savedBase
        }
        return evaluate(index, value)
    }

    /// Evaluates without collecting errors (for `anyOf`, `not`, `if`, `contains`).
    mutating func quietly(_ index: Int, _ value: Value) -> Bool {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        return evaluate(index, value)
    }

    mutating func quietly(_ token: PathToken, _ index: Int, _ value: Value) -> Bool {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        return descend(token, index, value)
    }

    // MARK: Keywords

    mutating func apply(_ check: Check, node: Node, _ value: Value) -> Bool {
        switch check {
        case .type(let types):
            if case .number(let d) = value.kind, !d.isFinite, !types.isDisjoint(with: [.number, .integer]) {
                // `1e999` reads as infinity: no formula can use it.
                if collecting {
                    let written = value.text ?? String(d)
                    report(value, keyword: "maximum", node: node, message: "\(subject()) is `\(written)`, beyond the numbers Almanac computes with",
                           expected: "a finite number, at most about 1.8e308 in size", found: "`\(written)`",
                           help: "write the value itself: a number this large is a slip (an exponent or digits too many)")
                }
                return false
            }
            if types.contains(value) { return true }
            if collecting { reportType(types, node: node, value) }
            return false

        case .constant(let expected):
            if jsonEqual(value, expected) { return true }
            if collecting { reportAllowed([expected], keyword: "const", node: node, value) }
            return false

        case .enumeration(let allowed):
            for candidate in allowed where jsonEqual(value, candidate) { return true }
            if collecting { reportAllowed(allowed, keyword: "enum", node: node, value) }
            return false

        case .format(let format):
            guard case .string(let s) = value.kind, !format.accepts(s) else { return true }
            if collecting {
                var error = makeError(value, keyword: "format", node: node,
                                      message: "\(subject()) must be \(format.expectation)",
                                      expected: format.expectation, found: value.described,
                                      help: formatHelp(format, s))
                error.schemaFormat = format
                errors.append(error)
            }
            return false

        case .minLength(let n):
            guard case .string(let s) = value.kind else { return true }
            let length = s.unicodeScalars.count
            if length >= n { return true }
            if collecting {
                report(value, keyword: "minLength", node: node,
                       message: "\(subject()) must be at least \(plural(n, "character")) long; found \(length)",
                       expected: "at least \(plural(n, "character"))", found: "\(plural(length, "character")): \(value.quoted)")
            }
            return false

        case .maxLength(let n):
            guard case .string(let s) = value.kind else { return true }
            // Counting stops early: a long string only needs to be longer than n.
            var length = 0
            for _ in s.unicodeScalars {
                length += 1
                if length > n && !collecting { return false }
            }
            if length <= n { return true }
            if collecting {
                report(value, keyword: "maxLength", node: node,
                       message: "\(subject()) must be at most \(plural(n, "character")) long; found \(length)",
                       expected: "at most \(plural(n, "character"))", found: plural(length, "character"),
                       help: "shorten it by \(plural(length - n, "character"))")
            }
            return false

        case .pattern(let regex, let description):
            guard case .string(let s) = value.kind, !regex.matches(s) else { return true }
            if collecting {
                if let description {
                    report(value, keyword: "pattern", node: node, message: "\(subject()) must be \(description)",
                           expected: description, found: value.described)
                } else {
                    report(value, keyword: "pattern", node: node,
                           message: "\(subject()) must match the pattern `\(regex.source)`",
                           expected: "text matching `\(regex.source)`", found: value.described)
                }
            }
            return false

        case .minimum(let limit):
            return compareBound(value, limit, node: node, keyword: "minimum", ok: { $0 >= 0 }, phrase: "at least")
        case .maximum(let limit):
            return compareBound(value, limit, node: node, keyword: "maximum", ok: { $0 <= 0 }, phrase: "at most")
        case .exclusiveMinimum(let limit):
            return compareBound(value, limit, node: node, keyword: "exclusiveMinimum", ok: { $0 > 0 }, phrase: "greater than")
        case .exclusiveMaximum(let limit):
            return compareBound(value, limit, node: node, keyword: "exclusiveMaximum", ok: { $0 < 0 }, phrase: "less than")

        case .multipleOf(let divisor, let exact):
            guard let n = Number(value) else { return true }
            let ok: Bool
            if case .int(let x) = n, case .int(let d) = divisor {
                ok = x % d == 0
            } else if let x = ExactDecimal(n) {
                ok = x.isMultiple(of: exact)
            } else {
                ok = false
            }
            if ok { return true }
            if collecting {
                report(value, keyword: "multipleOf", node: node,
                       message: "\(subject()) must be a multiple of \(divisor.text)",
                       expected: "a multiple of \(divisor.text)", found: value.described)
            }
            return false

        case .minItems(let n):
            guard case .list(let items) = value.kind, items.count < n else { return true }
            if collecting {
                report(value, keyword: "minItems", node: node,
                       message: "at least \(plural(n, "item")) \(n == 1 ? "is" : "are") required; found \(items.count)",
                       expected: "at least \(plural(n, "item"))", found: value.quoted)
            }
            return false

        case .maxItems(let n):
            guard case .list(let items) = value.kind, items.count > n else { return true }
            if collecting {
                // Point at the first item too many, where the list should end.
                report(items[n], keyword: "maxItems", node: node,
                       message: "at most \(plural(n, "item")) \(n == 1 ? "is" : "are") allowed; found \(items.count)",
                       expected: "at most \(plural(n, "item"))", found: value.quoted,
                       help: "remove \(plural(items.count - n, "item")) from \(subject())")
            }
            return false

        case .uniqueItems:
            guard case .list(let items) = value.kind, items.count > 1 else { return true }
            return checkUnique(items, node: node)

        case .items(let prefix, let rest):
            guard case .list(let items) = value.kind else { return true }
            var valid = true
            for (i, item) in items.enumerated() {
                let schema: Int
                if i < prefix.count { schema = prefix[i] } else if let rest { schema = rest } else { break }
                if !descend(.index(i, item.itemLabel(i)), schema, item) {
                    valid = false
                    if !collecting { return false }
                }
            }
            return valid

        case .contains(let schema, let minimum, let maximum):
            guard case .list(let items) = value.kind else { return true }
            var matches = 0
            for (i, item) in items.enumerated() where quietly(.index(i, item.itemLabel(i)), schema, item) {
                matches += 1
                if maximum == nil && matches >= minimum && !collecting { return true }
                if let maximum, matches > maximum, !collecting { return false }
            }
            let described = describe(schema).map { "that \($0)" } ?? "of the required form"
            if matches < minimum {
                if collecting {
                    report(value, keyword: minimum == 1 ? "contains" : "minContains", node: node,
                           message: "\(subject()) must contain at least \(plural(minimum, "item")) \(described); found \(matches)",
                           expected: "at least \(plural(minimum, "item")) \(described)", found: "\(matches) among \(plural(items.count, "item"))")
                }
                return false
            }
            if let maximum, matches > maximum {
                if collecting {
                    report(value, keyword: "maxContains", node: node,
                           message: "\(subject()) may contain at most \(plural(maximum, "item")) \(described); found \(matches)",
                           expected: "at most \(plural(maximum, "item")) \(described)", found: "\(matches)")
                }
                return false
            }
            return true

        case .required(let names):
            guard case .map(let entries) = value.kind else { return true }
            var valid = true
            for name in names where !entries.contains(where: { sameScalars($0.key, name) }) {
                valid = false
                if !collecting { return false }
                reportMissing(name, entries: entries, value, keyword: "required", node: node,
                              message: "missing required field `\(name)`" + locationSuffix())
            }
            return valid

        case .minProperties(let n):
            guard case .map(let entries) = value.kind, entries.count < n else { return true }
            if collecting {
                report(value, keyword: "minProperties", node: node,
                       message: "at least \(plural(n, "field")) \(n == 1 ? "is" : "are") required; found \(entries.count)",
                       expected: "at least \(plural(n, "field"))", found: value.quoted)
            }
            return false

        case .maxProperties(let n):
            guard case .map(let entries) = value.kind, entries.count > n else { return true }
            if collecting {
                report(value, keyword: "maxProperties", node: node,
                       message: "at most \(plural(n, "field")) \(n == 1 ? "is" : "are") allowed; found \(entries.count)",
                       expected: "at most \(plural(n, "field"))", found: value.quoted)
            }
            return false

        case .object(let check):
            guard case .map(let entries) = value.kind else { return true }
            return checkObject(check, entries: entries, node: node)

        case .propertyNames(let schema):
            guard case .map(let entries) = value.kind else { return true }
            var valid = true
            let savedDepth = fieldNameDepth
            fieldNameDepth = path.count + 1
            defer { fieldNameDepth = savedDepth }
            for entry in entries {
                let name = Value(.string(entry.key), at: entry.keyLocation, text: entry.key)
                if !descend(.key(entry.key), schema, name) {
                    valid = false
                    if !collecting { return false }
                }
            }
            return valid

        case .dependentRequired(let dependencies):
            guard case .map(let entries) = value.kind else { return true }
            var valid = true
            for dependency in dependencies where entries.contains(where: { sameScalars($0.key, dependency.key) }) {
                for name in dependency.then where !entries.contains(where: { sameScalars($0.key, name) }) {
                    valid = false
                    if !collecting { return false }
                    reportMissing(name, entries: entries, value, keyword: "dependentRequired", node: node,
                                  message: "missing field `\(name)`, which is required when `\(dependency.key)` is given" + locationSuffix())
                }
            }
            return valid

        case .dependentSchemas(let dependencies):
            guard case .map(let entries) = value.kind else { return true }
            var valid = true
            for dependency in dependencies where entries.contains(where: { sameScalars($0.key, dependency.key) }) {
                if !evaluate(dependency.then, value) {
                    valid = false
                    if !collecting { return false }
                }
            }
            return valid

        case .ref(let target):
            return evaluate(target, value)

        case .allOf(let branches):
            var valid = true
            for branch in branches where !evaluate(branch, value) {
                valid = false
                if !collecting { return false }
            }
            return valid

        case .anyOf(let branches):
            for branch in branches where quietly(branch, value) { return true }
            if collecting { reportBestBranch(branches, keyword: "anyOf", node: node, value) }
            return false

        case .oneOf(let branches):
            var passing: [Int] = []
            for (i, branch) in branches.enumerated() where quietly(branch, value) {
                passing.append(i)
                if passing.count > 1 && !collecting { return false }
            }
            if passing.count == 1 { return true }
            if collecting {
                if passing.isEmpty {
                    reportBestBranch(branches, keyword: "oneOf", node: node, value)
                } else {
                    let numbers = passing.map { String($0 + 1) }
                    let options = numbers.dropLast().joined(separator: ", ") + " and " + numbers.last!
                    report(value, keyword: "oneOf", node: node,
                           message: "\(subject()) matches more than one of the allowed forms (options \(options)); it must match exactly one",
                           expected: "exactly one of \(branches.count) forms", found: value.described)
                }
            }
            return false

        case .not(let schema):
            if !quietly(schema, value) { return true }
            if collecting {
                let forbidden = describe(schema).map { "a value that \($0)" }
                report(value, keyword: "not", node: node,
                       message: forbidden.map { "\(subject()) must not be \($0)" } ?? "\(subject()) has a value that is not allowed here",
                       expected: forbidden.map { "anything but \($0)" }, found: value.described)
            }
            return false

        case .conditional(let condition, let then, let otherwise):
            if quietly(condition, value) {
                if let then { return evaluate(then, value) }
            } else if let otherwise {
                return evaluate(otherwise, value)
            }
            return true
        }
    }

    mutating func compareBound(
        _ value: Value, _ limit: Number, node: Node, keyword: String, ok: (Int) -> Bool, phrase: String
    ) -> Bool {
        guard let n = Number(value) else { return true }
        if ok(Number.compare(n, limit)) { return true }
        if collecting {
            report(value, keyword: keyword, node: node,
                   message: "\(subject()) must be \(phrase) \(limit.text)",
                   expected: "a number \(phrase) \(limit.text)", found: value.described,
                   help: "replace `\(value.text ?? "the value")` with a number \(phrase) \(limit.text)")
        }
        return false
    }

    mutating func checkObject(_ check: ObjectCheck, entries: [Value.Entry], node: Node) -> Bool {
        var valid = true
        for entry in entries {
            var matched = false
            if let property = check.properties[entry.key], sameScalars(property.name, entry.key) {
                matched = true
                if !descend(.key(entry.key), property.node, entry.value) {
                    valid = false
                    if !collecting { return false }
                }
            }
            for pattern in check.patterns where pattern.regex.matches(entry.key) {
                matched = true
                if !descend(.key(entry.key), pattern.node, entry.value) {
                    valid = false
                    if !collecting { return false }
                }
            }
            guard !matched, let additional = check.additional else { continue }
            if check.additionalIsFalse {
                valid = false
                if !collecting { return false }
                reportUnknown(entry, declared: check.declared, written: entries.map(\.key), node: node)
            } else if !descend(.key(entry.key), additional, entry.value) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    mutating func checkUnique(_ items: [Value], node: Node) -> Bool {
        var valid = true
        func duplicate(_ j: Int, of i: Int) {
            path.append(.index(j, items[j].itemLabel(j)))
            report(items[j], keyword: "uniqueItems", node: node,
                   message: "\(subject()) repeats `\(written(path.dropLast()))[\(items[i].itemLabel(i))]`; every item must be different",
                   expected: "items that are all different", found: items[j].described,
                   help: "remove the repeated \(items[j].quoted)")
            path.removeLast()
        }
        if items.count <= 16 {
            for j in 1..<items.count {
                for i in 0..<j where jsonEqual(items[i], items[j]) {
                    valid = false
                    if !collecting { return false }
                    duplicate(j, of: i)
                    break
                }
            }
            return valid
        }
        var seen: [HashableValue: Int] = [:]
        for (j, item) in items.enumerated() {
            if let i = seen[HashableValue(value: item)] {
                valid = false
                if !collecting { return false }
                duplicate(j, of: i)
            } else {
                seen[HashableValue(value: item)] = j
            }
        }
        return valid
    }

    // MARK: Errors

    func pointer() -> String {
        var out = ""
        for token in path {
            switch token {
            case .key(let k): out += "/" + jsonPointerEscaped(k)
            case .index(let i, _): out += "/" + String(i)
            }
        }
        return out
    }

    /// How the failing value is named in a message, by its path as every diagnostic writes it: "`owner`",
    /// "`action_items[3].due`", "`steps[prod-50].needs`" (a list's item by its `id`, else its position from 0),
    /// "the value".
    func subject(_ tokens: ArraySlice<PathToken>? = nil) -> String {
        let tokens = tokens ?? path[...]
        guard let last = tokens.last else { return "the value" }
        let parent = tokens.dropLast()
        if case .key(let k) = last, tokens.count == fieldNameDepth {
            return parent.isEmpty ? "the field name `\(k)`" : "the field name `\(k)` in \(subject(parent))"
        }
        return "`\(written(tokens))`"
    }

    /// A path as diagnostics write it: `action_items[3].due`.
    func written(_ tokens: ArraySlice<PathToken>) -> String {
        var out = ""
        for token in tokens {
            switch token {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(_, let label): out += "[\(label)]"
            }
        }
        return out
    }

    /// " in `meta`" for a field missing from a nested mapping; nothing at the root.
    func locationSuffix() -> String {
        path.isEmpty ? "" : " in \(subject())"
    }

    func makeError(
        _ value: Value, keyword: String, node: Node, message: String,
        expected: String? = nil, found: String? = nil, help: String? = nil, location: SourceLocation? = nil
    ) -> SchemaError {
        var error = SchemaError(
            location: location ?? value.location, path: pointer(), keyword: keyword,
            schemaPath: node.schemaPath + "/" + keyword, message: message,
            expected: expected, found: found, help: help)
        error.depth = path.count
        return error
    }

    mutating func report(
        _ value: Value, keyword: String, node: Node, message: String,
        expected: String? = nil, found: String? = nil, help: String? = nil
    ) {
        errors.append(makeError(value, keyword: keyword, node: node, message: message, expected: expected, found: found, help: help))
    }

    mutating func reportType(_ types: TypeSet, node: Node, _ value: Value) {
        var help: String? = nil
        if value.isNull, case .key(let k)? = path.last {
            help = "`\(k)` is empty: write a value after `\(k):`, or remove the line"
        } else if types.contains(.string), !types.contains(.number), let text = value.text {
            switch value.kind {
            case .integer, .number, .bool: help = "write it in quotes to keep it as text: \"\(text)\""
            default: break
            }
        } else if types == .array, value.string != nil, let text = value.text {
            help = "write a list, as in [\(text)], or one item per line starting with `- `"
        }
        report(value, keyword: "type", node: node, message: "\(subject()) must be \(types.phrase)",
               expected: types.phrase, found: value.described, help: help)
    }

    mutating func reportAllowed(_ allowed: [Value], keyword: String, node: Node, _ value: Value) {
        let listed = Evaluator.listValues(allowed)
        let message = allowed.count == 1 ? "\(subject()) must be \(listed)" : "\(subject()) must be one of \(listed)"
        var error = makeError(value, keyword: keyword, node: node, message: message,
                              expected: allowed.count == 1 ? listed : "one of \(listed)", found: value.described,
                              help: Evaluator.suggestion(for: value, among: allowed))
        error.allowed = allowed
        errors.append(error)
    }

    static func listValues(_ values: [Value]) -> String {
        let shown = values.prefix(12).map { v -> String in
            if let s = v.string { return "`\(s)`" }
            return "`\(JSONText.serialize(v))`"
        }
        return shown.joined(separator: ", ") + (values.count > 12 ? ", … (\(values.count) in all)" : "")
    }

    static func suggestion(for value: Value, among allowed: [Value]) -> String? {
        guard let s = value.string else {
            // YAML reads `priority: 1` as a number; the schema may want the text "1".
            if let text = value.text, !value.isNull, allowed.contains(where: { $0.string.map { sameScalars($0, text) } ?? false }) {
                return "write it in quotes to keep it as text: \"\(text)\""
            }
            return nil
        }
        return Suggestions.didYouMean(s, in: allowed.compactMap(\.string))
    }

    mutating func reportMissing(_ name: String, entries: [Value.Entry], _ value: Value, keyword: String, node: Node, message: String) {
        let near = Suggestions.nearest(to: name, in: entries.map(\.key), limit: 1).first
        // The mapping that lacks the key, at its first key: for `{ a: 1 }` that is `a`, not the brace.
        var error = makeError(
            value, keyword: keyword, node: node, message: message,
            expected: "a field `\(name)`",
            found: entries.isEmpty ? "no fields" : "no `\(name)` among " + Evaluator.fieldList(entries.map(\.key)),
            help: near.map { "`\($0)` is written here: did you mean `\(name)`?" } ?? missingHelp(name, node: node),
            location: entries.first.map { SourceLocation(file: $0.keyLocation.file, line: $0.keyLocation.line, column: $0.keyLocation.column) })
        error.missingKey = name
        errors.append(error)
    }

    static func fieldList(_ names: [String]) -> String {
        names.prefix(8).map { "`\($0)`" }.joined(separator: ", ") + (names.count > 8 ? ", …" : "")
    }

    /// An unknown key; the suggestion is among the declared fields not written yet (renaming `ticket` to a
    /// `title` that is there would only make a key twice).
    mutating func reportUnknown(_ entry: Value.Entry, declared: [String], written: [String], node: Node) {
        let suffix = locationSuffix()
        path.append(.key(entry.key))
        defer { path.removeLast() }
        var error = makeError(
            entry.value, keyword: "additionalProperties", node: node,
            message: "unknown field `\(entry.key)`" + suffix,
            expected: declared.isEmpty ? "no other fields" : "one of the fields " + Evaluator.fieldList(declared),
            found: "`\(entry.key)`",
            help: Suggestions.didYouMean(entry.key, in: declared.filter { !written.contains($0) }) ?? "remove `\(entry.key)`",
            location: entry.keyLocation)
        error.unknownKey = entry.key
        errors.append(error)
    }

    /// "add a line `severity: sev1` (or another of …)" when the field takes one of a list of values; else
    /// "add a line `name: …`".
    func missingHelp(_ name: String, node: Node) -> String {
        guard case .checks(let checks) = node.body else { return "add a line `\(name): …`" }
        for check in checks {
            guard case .object(let object) = check, let property = object.properties[name],
                  let values = allowedValues(property.node), let first = values.first else { continue }
            let written = first.string ?? JSONText.serialize(first)
            let others = values.dropFirst()
            return "add a line `\(name): \(written)`" + (others.isEmpty ? "" : ", or with another of \(Evaluator.listValues(Array(others)))")
        }
        return "add a line `\(name): …`"
    }

    /// The values a schema allows, when it lists them (`enum`, `const`, through `$ref`).
    func allowedValues(_ index: Int) -> [Value]? {
        guard case .checks(let checks) = nodes[index].body else { return nil }
        for check in checks {
            switch check {
            case .enumeration(let values): return values
            case .constant(let value): return [value]
            case .ref(let target): if let values = allowedValues(target) { return values }
            default: continue
            }
        }
        return nil
    }

    /// A short phrase for simple schemas ("is `oncall`", "is a string"), for `contains` and `not`.
    func describe(_ index: Int) -> String? {
        guard case .checks(let checks) = nodes[index].body, checks.count == 1 else { return nil }
        switch checks[0] {
        case .constant(let v): return "is \(Evaluator.listValues([v]))"
        case .enumeration(let vs): return "is one of \(Evaluator.listValues(vs))"
        case .type(let t): return "is \(t.phrase)"
        case .ref(let target): return describe(target)
        default: return nil
        }
    }

    /// For a failed `anyOf`/`oneOf`: one summary when every option failed on the value itself
    /// ("must be a string or a list"), otherwise the errors of the option that got furthest.
    mutating func reportBestBranch(_ branches: [Int], keyword: String, node: Node, _ value: Value) {
        var outcomes: [[SchemaError]] = []
        for branch in branches {
            let start = errors.count
            _ = evaluate(branch, value)
            outcomes.append(Array(errors[start...]))
            errors.removeSubrange(start...)
        }
        let depth = path.count
        // Failures of the value itself (not of something inside it) that one phrase can summarise.
        let shallowKeywords: Set<String> = ["type", "enum", "const", "false", "pattern", "format"]
        let allShallow = outcomes.allSatisfy { branch in
            !branch.isEmpty && branch.allSatisfy { $0.depth == depth && shallowKeywords.contains($0.keyword) }
        }
        if allShallow {
            var expectations: [String] = []
            var allowed: [Value] = []
            for error in outcomes.joined() {
                if !error.allowed.isEmpty {
                    allowed.append(contentsOf: error.allowed)
                } else if error.keyword != "false", let expected = error.expected, !expectations.contains(expected) {
                    expectations.append(expected)
                }
            }
            if !allowed.isEmpty {
                expectations.append(allowed.count == 1 ? Evaluator.listValues(allowed) : "one of \(Evaluator.listValues(allowed))")
            }
            let phrase = joinedAlternatives(expectations)
            var error = makeError(value, keyword: keyword, node: node, message: "\(subject()) must be \(phrase)",
                                  expected: phrase, found: value.described,
                                  help: Evaluator.suggestion(for: value, among: allowed))
            error.allowed = allowed
            // Several options that each failed on `type` are still a wrong type (for the diagnostic code).
            let failed = outcomes.joined()
            if let first = failed.first, failed.allSatisfy({ $0.keyword == first.keyword && $0.schemaFormat == first.schemaFormat }) {
                error.codeKeyword = first.keyword
                error.schemaFormat = first.schemaFormat
            }
            errors.append(error)
            return
        }
        // The option whose errors are deepest in the value got furthest; fewer errors break ties.
        var best = -1
        var bestScore = (Int.min, Int.min)
        for (i, branch) in outcomes.enumerated() where !branch.isEmpty {
            let shallow = branch.allSatisfy { $0.depth == depth && shallowKeywords.contains($0.keyword) }
            let score = (shallow ? -1 : branch.map(\.depth).max()!, -branch.count)
            if score > bestScore {
                bestScore = score
                best = i
            }
        }
        if best >= 0 {
            errors.append(contentsOf: outcomes[best])
        } else {
            report(value, keyword: keyword, node: node, message: "\(subject()) does not match any of the allowed forms",
                   found: value.described)
        }
    }

    /// Sorted in document order (stable, so keywords at one place keep the schema's order), duplicates removed.
    func finishedErrors() -> [SchemaError] {
        let ordered = errors.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            if x.file != y.file { return a.offset < b.offset }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
        var unique: [SchemaError] = []
        var seen = Set<SchemaError>()
        for error in ordered where seen.insert(error).inserted { unique.append(error) }
        return unique
    }
}

func plural(_ n: Int, _ word: String) -> String {
    "\(n) \(word)\(n == 1 ? "" : "s")"
}

/// Hints for the date mistakes writers make; where the value can be read another way, the help gives it
/// corrected, in backquotes, ready to replace the value.
func formatHelp(_ format: Format, _ s: String) -> String? {
    let b = Array(s.utf8)
    switch format {
    case .date:
        if b.count > 10, FormatCheck.fullDate(b, 0) { return "write only the date: `\(String(decoding: b[0..<10], as: UTF8.self))`" }
        if let help = dateHelp(b) { return help }
        let readings = DateReading.days(s)
        if readings.count == 1 { return "write it `\(readings[0].text)`" }
        if readings.count == 2 {
            return "write `\(readings[0].text)` if you mean \(readings[0].spoken), or `\(readings[1].text)` for \(readings[1].spoken)"
        }
        return nil
    case .dateTime:
        if b.count == 10, FormatCheck.fullDate(b, 0) { return "add a time and a time zone, as in `\(s)T09:00:00Z`" }
        if let fixed = DateReading.dateTime(s) {
            return "write it `\(fixed.text)`" + (fixed.zoneAdded ? " (in UTC; write an offset such as +02:00 instead of Z for local time)" : "")
        }
        return b.count >= 10 ? dateHelp(Array(b[0..<10])) : nil
    default:
        return nil
    }
}

/// Other ways writers put dates, read as the content model writes them.
enum DateReading {
    struct Day { var text: String; var spoken: String }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// `2027-1-31`, `2027/01/31`, `31.01.2027`, `12/31/2026`, `31/12/2026`: the valid dates it may mean (two when
    /// day and month may be either).
    static func days(_ s: String) -> [Day] {
        let parts = s.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return [] }
        let n = parts.map { Int($0)! }
        var out: [Day] = []
        func add(_ year: Int, _ month: Int, _ day: Int) {
            guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= FormatCheck.daysIn(month: month, year: year) else { return }
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            if !out.contains(where: { $0.text == text }) { out.append(Day(text: text, spoken: "\(months[month - 1]) \(day)")) }
        }
        if parts[0].count == 4 {
            add(n[0], n[1], n[2])
        } else if parts[2].count == 4 {
            add(n[2], n[0], n[1])  // month first
            add(n[2], n[1], n[0])  // day first
        }
        return out
    }

    /// `2026-11-03 09:12`, `2026-11-03T9:12`, `2026-11-03T09:12:00` and the like: the full date and time, with
    /// `Z` when no zone was written.
    static func dateTime(_ s: String) -> (text: String, zoneAdded: Bool)? {
        var rest = Substring(s.trimmingCharacters(in: .whitespaces))
        guard let cut = rest.firstIndex(where: { $0 == "T" || $0 == " " || $0 == "t" }) else { return nil }
        let day = days(String(rest[..<cut]))
        guard day.count == 1 else { return nil }
        rest = rest[rest.index(after: cut)...].drop { $0 == " " }
        var zone = ""
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            zone = "Z"
            rest = rest.dropLast()
        } else if rest.hasSuffix(" UTC") || rest.hasSuffix("UTC") {
            zone = "Z"
            rest = rest.dropLast(3).drop { $0 == " " }
            while rest.hasSuffix(" ") { rest = rest.dropLast() }
        } else if rest.count > 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-",
                  rest.suffix(5).range(of: #"^[0-9]{2}:[0-9]{2}$"#, options: .regularExpression) != nil {
            zone = String(rest.suffix(6))
            rest = rest.dropLast(6)
        }
        let time = rest.split(separator: ":").map(String.init)
        guard (2...3).contains(time.count), time.allSatisfy({ (1...2).contains($0.count) && Int($0) != nil }) else { return nil }
        let (h, m, sec) = (Int(time[0])!, Int(time[1])!, time.count == 3 ? Int(time[2])! : 0)
        guard h < 24, m < 60, sec < 60 else { return nil }
        let text = day[0].text + String(format: "T%02d:%02d:%02d", h, m, sec) + (zone.isEmpty ? "Z" : zone)
        return (text, zone.isEmpty)
    }
}

private func dateHelp(_ b: [UInt8]) -> String? {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
          let year = FormatCheck.number(b, 0, 4), let month = FormatCheck.number(b, 5, 2), let day = FormatCheck.number(b, 8, 2)
    else { return nil }
    if month < 1 || month > 12 { return "there is no month \(month); months go from 01 to 12" }
    let days = FormatCheck.daysIn(month: month, year: year)
    if day < 1 || day > days {
        return "month \(String(decoding: b[5..<7], as: UTF8.self)) of \(year) has \(days) days"
    }
    return nil
}

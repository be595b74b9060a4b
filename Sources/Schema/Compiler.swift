import Foundation
import Diagnostics
import FrontMatter

/// Turns a schema document into a `Program`: finds every resource (`$id`) and anchor first, then compiles
/// subschemas on demand, once each, by their place in the document.
final class Compiler {
    struct Place {
        var tokens: [String]
        var value: Value
    }

    /// The base URI of a schema document without `$id`; relative `$ref`s resolve against it.
    static let defaultBase = URIReference("https://almanac.invalid/schema.json")

    let document: Value
    var nodes: [Node?] = []
    var memo: [String: Int] = [:]
    /// Schema resources by absolute URI (without fragment).
    var resources: [String: Place] = [:]
    /// `$anchor`s by absolute URI with the anchor as fragment.
    var anchors: [String: Place] = [:]
    /// The base URI of every subschema found by the scan, by its document pointer.
    var bases: [String: URIReference] = [:]
    var regexes: [String: CompiledRegex] = [:]

    /// False when `format` is only an annotation (the default vocabulary of draft 2020-12).
    let formatAssertion: Bool

    init(document: Value, formatAssertion: Bool) {
        self.document = document
        self.formatAssertion = formatAssertion
    }

    static func compile(_ document: Value, formatAssertion: Bool = true) throws(SchemaCompileError) -> Program {
        let compiler = Compiler(document: document, formatAssertion: formatAssertion)
        compiler.resources[defaultBase.text] = Place(tokens: [], value: document)
        compiler.scan(document, tokens: [], base: defaultBase)
        let root = try compiler.compile(document, tokens: [], base: defaultBase)
        var declared: [String] = []
        if let properties = document["properties"]?.entries { declared = properties.map(\.key) }
        let nodes = compiler.nodes.map { $0! }
        if let looping = endlessLoop(nodes) {
            let pointer = nodes[looping].schemaPath
            var value: Value? = document
            for token in pointer.split(separator: "/").map({ String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }) {
                value = value?[token] ?? Int(token).flatMap { i in value?.list.flatMap { i < $0.count ? $0[i] : nil } }
            }
            throw SchemaCompileError("the schema refers to itself in an endless loop at `#\(pointer)`: it would check a value against itself forever",
                                     at: value?.location ?? document.location)
        }
        return Program(nodes: nodes, root: root, rootPropertyNames: declared)
    }

    /// A subschema that applies itself to the same value again without end (`{ "$ref": "#/properties/x" }` at
    /// `properties/x`, or two `$ref`s, `allOf`s, ... that name each other), found by a depth-first search over
    /// the keywords that apply a subschema to the same value; nil when there is none.
    static func endlessLoop(_ nodes: [Node]) -> Int? {
        func sameValue(_ node: Node) -> [Int] {
            guard case .checks(let checks) = node.body else { return [] }
            return checks.flatMap { check -> [Int] in
                switch check {
                case .ref(let target), .not(let target): return [target]
                case .allOf(let all), .anyOf(let all), .oneOf(let all): return all
                case .conditional(let condition, let then, let otherwise): return [condition] + [then, otherwise].compactMap { $0 }
                case .dependentSchemas(let dependencies): return dependencies.map(\.then)
                default: return []
                }
            }
        }
        var state = [UInt8](repeating: 0, count: nodes.count)  // 0 unseen, 1 on the path, 2 done
        func visit(_ n: Int) -> Int? {
            state[n] = 1
            for next in sameValue(nodes[n]) {
                if state[next] == 1 { return next }
                if state[next] == 0, let found = visit(next) { return found }
            }
            state[n] = 2
            return nil
        }
        for n in nodes.indices where state[n] == 0 {
            if let found = visit(n) { return found }
        }
        return nil
    }

    static func pointer(_ tokens: [String]) -> String {
        var out = ""
        for token in tokens { out += "/" + jsonPointerEscaped(token) }
        return out
    }

    // MARK: Scan: resources and anchors

    static let schemaMapKeywords: Set<String> = ["$defs", "properties", "patternProperties", "dependentSchemas"]
    static let schemaKeywords: Set<String> = [
        "items", "contains", "not", "if", "then", "else", "additionalProperties", "propertyNames",
    ]
    static let schemaListKeywords: Set<String> = ["prefixItems", "allOf", "anyOf", "oneOf"]

    func scan(_ value: Value, tokens: [String], base: URIReference) {
        guard case .map(let entries) = value.kind else { return }
        var base = base
        if let id = value["$id"]?.string {
            base = base.resolving(URIReference(id)).withoutFragment
            resources[base.text] = Place(tokens: tokens, value: value)
        }
        bases[Compiler.pointer(tokens)] = base
        if let anchor = value["$anchor"]?.string {
            anchors[base.text + "#" + anchor] = Place(tokens: tokens, value: value)
        }
        for entry in entries {
            if Compiler.schemaMapKeywords.contains(entry.key), let children = entry.value.entries {
                for child in children { scan(child.value, tokens: tokens + [entry.key, child.key], base: base) }
            } else if Compiler.schemaKeywords.contains(entry.key) {
                scan(entry.value, tokens: tokens + [entry.key], base: base)
            } else if Compiler.schemaListKeywords.contains(entry.key), let items = entry.value.list {
                for (i, item) in items.enumerated() { scan(item, tokens: tokens + [entry.key, String(i)], base: base) }
            }
        }
    }

    // MARK: Compile

    /// How many keywords deep a subschema may be: compiling recurses once per level, and a deeper schema (the JSON
    /// parser allows 512 levels) overflowed the stack (Tests/Fixtures/fuzz/schema/deep-nesting.schema.json).
    static let maximumDepth = 128

    func compile(_ value: Value, tokens: [String], base: URIReference) throws(SchemaCompileError) -> Int {
        if tokens.count > Compiler.maximumDepth {
            throw SchemaCompileError("the schema is nested more than \(Compiler.maximumDepth) keywords deep", at: value.location)
        }
        let path = Compiler.pointer(tokens)
        if let index = memo[path] { return index }
        let index = nodes.count
        nodes.append(nil)
        memo[path] = index
        switch value.kind {
        case .bool(let b):
            nodes[index] = Node(body: .always(b), schemaPath: path)
        case .map(let entries):
            var base = base
            if let scanned = bases[path] {
                base = scanned
            } else if let id = value["$id"]?.string {
                base = base.resolving(URIReference(id)).withoutFragment
            }
            let checks = try compileChecks(entries, tokens: tokens, base: base)
            nodes[index] = Node(body: .checks(checks), schemaPath: path)
        default:
            throw SchemaCompileError("a schema must be an object or `true`/`false`, not \(value.typeName)", at: value.location)
        }
        return index
    }

    private func compileChecks(_ entries: [Value.Entry], tokens: [String], base: URIReference) throws(SchemaCompileError) -> [Check] {
        var keywords: [String: Value.Entry] = [:]
        for entry in entries where keywords[entry.key] == nil { keywords[entry.key] = entry }
        func value(_ keyword: String) -> Value? { keywords[keyword]?.value }
        func sub(_ keyword: String, _ value: Value) throws(SchemaCompileError) -> Int {
            try compile(value, tokens: tokens + [keyword], base: base)
        }
        func subs(_ keyword: String) throws(SchemaCompileError) -> [Int]? {
            guard let v = value(keyword) else { return nil }
            guard let items = v.list, !items.isEmpty else {
                throw SchemaCompileError("`\(keyword)` must be a non-empty array of schemas", at: v.location)
            }
            var out: [Int] = []
            for (i, item) in items.enumerated() {
                out.append(try compile(item, tokens: tokens + [keyword, String(i)], base: base))
            }
            return out
        }
        func count(_ keyword: String) throws(SchemaCompileError) -> Int? {
            guard let v = value(keyword) else { return nil }
            guard let n = Number(v), n.isInteger, Number.compare(n, .int(0)) >= 0 else {
                throw SchemaCompileError("`\(keyword)` must be a non-negative integer", at: v.location)
            }
            if case .int(let i) = n { return i }
            return n.double >= 9.2e18 ? Int.max : Int(n.double)
        }
        func number(_ keyword: String) throws(SchemaCompileError) -> Number? {
            guard let v = value(keyword) else { return nil }
            guard let n = Number(v) else { throw SchemaCompileError("`\(keyword)` must be a number", at: v.location) }
            return n
        }

        var checks: [Check] = []

        if let v = value("type") {
            var set = TypeSet()
            let names = v.list ?? [v]
            for name in names {
                guard let s = name.string, let t = TypeSet.names.first(where: { $0.0 == s })?.1 else {
                    throw SchemaCompileError(
                        "`type` must name one of string, integer, number, boolean, array, object, null", at: name.location)
                }
                set.insert(t)
            }
            checks.append(.type(set))
        }
        if let v = value("const") { checks.append(.constant(v)) }
        if let v = value("enum") {
            guard let items = v.list else { throw SchemaCompileError("`enum` must be an array", at: v.location) }
            checks.append(.enumeration(items))
        }
        if formatAssertion, let v = value("format"), let name = v.string, let format = Format(rawValue: name) {
            checks.append(.format(format))
        }
        if let n = try count("minLength") { checks.append(.minLength(n)) }
        if let n = try count("maxLength") { checks.append(.maxLength(n)) }
        if let v = value("pattern") {
            // A `description` beside a pattern says in words what the pattern wants, for its error messages.
            checks.append(.pattern(try regex(v), description: value("description")?.string))
        }
        if let n = try number("minimum") { checks.append(.minimum(n)) }
        if let n = try number("maximum") { checks.append(.maximum(n)) }
        if let n = try number("exclusiveMinimum") { checks.append(.exclusiveMinimum(n)) }
        if let n = try number("exclusiveMaximum") { checks.append(.exclusiveMaximum(n)) }
        if let n = try number("multipleOf") {
            guard Number.compare(n, .int(0)) > 0, let exact = ExactDecimal(n) else {
                throw SchemaCompileError("`multipleOf` must be a number greater than 0", at: value("multipleOf")!.location)
            }
            checks.append(.multipleOf(n, exact))
        }

        if let n = try count("minItems") { checks.append(.minItems(n)) }
        if let n = try count("maxItems") { checks.append(.maxItems(n)) }
        if let v = value("uniqueItems") {
            guard case .bool(let b) = v.kind else { throw SchemaCompileError("`uniqueItems` must be true or false", at: v.location) }
            if b { checks.append(.uniqueItems) }
        }
        let prefix = try subs("prefixItems") ?? []
        let rest = try value("items").map { v throws(SchemaCompileError) in try sub("items", v) }
        if !prefix.isEmpty || rest != nil { checks.append(.items(prefix: prefix, rest: rest)) }
        if let v = value("contains") {
            let schema = try sub("contains", v)
            checks.append(.contains(schema: schema, min: try count("minContains") ?? 1, max: try count("maxContains")))
        }

        if let v = value("required") {
            guard let names = v.list?.compactMap(\.string), names.count == v.list?.count else {
                throw SchemaCompileError("`required` must be an array of field names", at: v.location)
            }
            if !names.isEmpty { checks.append(.required(names)) }
        }
        if let n = try count("minProperties") { checks.append(.minProperties(n)) }
        if let n = try count("maxProperties") { checks.append(.maxProperties(n)) }
        let properties = value("properties")
        let patternProperties = value("patternProperties")
        let additional = value("additionalProperties")
        if properties != nil || patternProperties != nil || additional != nil {
            var check = ObjectCheck(properties: [:], declared: [], patterns: [], additional: nil, additionalIsFalse: false)
            if let properties {
                guard let entries = properties.entries else {
                    throw SchemaCompileError("`properties` must be an object of schemas", at: properties.location)
                }
                for entry in entries {
                    let node = try compile(entry.value, tokens: tokens + ["properties", entry.key], base: base)
                    check.properties[entry.key] = PropertySchema(name: entry.key, node: node)
                    check.declared.append(entry.key)
                }
            }
            if let patternProperties {
                guard let entries = patternProperties.entries else {
                    throw SchemaCompileError("`patternProperties` must be an object of schemas", at: patternProperties.location)
                }
                for entry in entries {
                    let source = Value(.string(entry.key), at: entry.keyLocation, text: entry.key)
                    let node = try compile(entry.value, tokens: tokens + ["patternProperties", entry.key], base: base)
                    check.patterns.append(PatternSchema(regex: try regex(source), node: node))
                }
            }
            if let additional {
                check.additional = try sub("additionalProperties", additional)
                if case .bool(false) = additional.kind { check.additionalIsFalse = true }
            }
            checks.append(.object(check))
        }
        if let v = value("propertyNames") { checks.append(.propertyNames(try sub("propertyNames", v))) }
        if let v = value("dependentRequired") {
            guard let entries = v.entries else { throw SchemaCompileError("`dependentRequired` must be an object", at: v.location) }
            var dependencies: [Dependency<[String]>] = []
            for entry in entries {
                guard let names = entry.value.list?.compactMap(\.string), names.count == entry.value.list?.count else {
                    throw SchemaCompileError("each entry of `dependentRequired` must be an array of field names", at: entry.value.location)
                }
                dependencies.append(Dependency(key: entry.key, then: names))
            }
            checks.append(.dependentRequired(dependencies))
        }
        if let v = value("dependentSchemas") {
            guard let entries = v.entries else { throw SchemaCompileError("`dependentSchemas` must be an object", at: v.location) }
            var dependencies: [Dependency<Int>] = []
            for entry in entries {
                let node = try compile(entry.value, tokens: tokens + ["dependentSchemas", entry.key], base: base)
                dependencies.append(Dependency(key: entry.key, then: node))
            }
            checks.append(.dependentSchemas(dependencies))
        }

        if let v = value("$ref") {
            guard let ref = v.string else { throw SchemaCompileError("`$ref` must be a string", at: v.location) }
            checks.append(.ref(try resolve(ref, base: base, at: v.location)))
        }
        if let branches = try subs("allOf") { checks.append(.allOf(branches)) }
        if let branches = try subs("anyOf") { checks.append(.anyOf(branches)) }
        if let branches = try subs("oneOf") { checks.append(.oneOf(branches)) }
        if let v = value("not") { checks.append(.not(try sub("not", v))) }
        if let v = value("if") {
            let condition = try sub("if", v)
            let then = try value("then").map { v throws(SchemaCompileError) in try sub("then", v) }
            let otherwise = try value("else").map { v throws(SchemaCompileError) in try sub("else", v) }
            if then != nil || otherwise != nil { checks.append(.conditional(if: condition, then: then, else: otherwise)) }
        }
        // `$defs` are compiled when referenced; they are still checked to be schemas.
        if let v = value("$defs"), v.entries == nil {
            throw SchemaCompileError("`$defs` must be an object of schemas", at: v.location)
        }
        return checks
    }

    private func regex(_ v: Value) throws(SchemaCompileError) -> CompiledRegex {
        guard let source = v.string else { throw SchemaCompileError("a pattern must be a string", at: v.location) }
        if let cached = regexes[source] { return cached }
        do {
            let compiled = try CompiledRegex(source)
            regexes[source] = compiled
            return compiled
        } catch {
            throw SchemaCompileError("`\(source)` is not a valid regular expression: \(error)", at: v.location)
        }
    }

    // MARK: References

    private func resolve(_ ref: String, base: URIReference, at location: SourceLocation) throws(SchemaCompileError) -> Int {
        let target = base.resolving(URIReference(ref))
        let resourceURI = target.withoutFragment.text
        let fragment = percentDecoded(target.fragment ?? "")
        guard let resource = resources[resourceURI] else {
            throw SchemaCompileError(
                "`$ref` names `\(target.text)`, which is not in this schema document (remote references are not supported)",
                at: location)
        }
        let resourceBase = URIReference(resourceURI)
        if fragment.isEmpty {
            return try compile(resource.value, tokens: resource.tokens, base: resourceBase)
        }
        if let pointer = jsonPointerTokens(fragment) {
            var value = resource.value
            var base = bases[Compiler.pointer(resource.tokens)] ?? resourceBase
            for (i, token) in pointer.enumerated() {
                guard let next = Compiler.child(of: value, token) else {
                    throw SchemaCompileError("`$ref` points at `#\(fragment)`, which is not in the schema", at: location)
                }
                value = next
                // A sub-resource on the way changes the base of what is below it; the target's own `$id`
                // is applied when it is compiled.
                if i < pointer.count - 1, let id = value["$id"]?.string {
                    base = base.resolving(URIReference(id)).withoutFragment
                }
            }
            return try compile(value, tokens: resource.tokens + pointer, base: base)
        }
        guard let anchored = anchors[resourceURI + "#" + fragment] else {
            throw SchemaCompileError("`$ref` names the anchor `\(fragment)`, which no `$anchor` declares", at: location)
        }
        return try compile(anchored.value, tokens: anchored.tokens, base: resourceBase)
    }

    static func child(of value: Value, _ token: String) -> Value? {
        switch value.kind {
        case .map(let entries):
            return entries.first { sameScalars($0.key, token) }?.value
        case .list(let items):
            guard let i = Int(token), i >= 0, i < items.count, token == String(i) else { return nil }
            return items[i]
        default:
            return nil
        }
    }
}

import Diagnostics
import FrontMatter

/// A compiled schema: every subschema of the document as a node, `$ref`s turned into node indices.
final class Program: Sendable {
    let nodes: [Node]
    let root: Int
    let rootPropertyNames: [String]

    init(nodes: [Node], root: Int, rootPropertyNames: [String]) {
        self.nodes = nodes
        self.root = root
        self.rootPropertyNames = rootPropertyNames
    }
}

/// One subschema.
struct Node: Sendable {
    enum Body: Sendable {
        case always(Bool)
        case checks([Check])
    }

    var body: Body
    /// The JSON pointer of the subschema in the schema document.
    var schemaPath: String
}

/// The JSON Schema types, as a set.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let object = TypeSet(rawValue: 4)
    static let array = TypeSet(rawValue: 8)
    static let number = TypeSet(rawValue: 16)
    static let string = TypeSet(rawValue: 32)
    static let integer = TypeSet(rawValue: 64)

    static let names: [(String, TypeSet)] = [
        ("string", .string), ("integer", .integer), ("number", .number), ("boolean", .boolean),
        ("array", .array), ("object", .object), ("null", .null),
    ]

    func contains(_ value: Value) -> Bool {
        switch value.kind {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .string: return contains(.string)
        case .list: return contains(.array)
        case .map: return contains(.object)
        case .integer: return contains(.number) || contains(.integer)
        case .number(let d): return contains(.number) || (contains(.integer) && isIntegral(d))
        }
    }

    /// As a writer says it: "a string or a list".
    var phrase: String {
        var parts: [String] = []
        if contains(.string) { parts.append("a string") }
        if contains(.number) { parts.append("a number") } else if contains(.integer) { parts.append("a whole number") }
        if contains(.boolean) { parts.append("true or false") }
        if contains(.array) { parts.append("a list") }
        if contains(.object) { parts.append("a mapping") }
        if contains(.null) { parts.append("empty (null)") }
        return joinedAlternatives(parts)
    }
}

struct PropertySchema: Sendable {
    var name: String
    var node: Int
}

struct PatternSchema: Sendable {
    var regex: CompiledRegex
    var node: Int
}

/// `properties`, `patternProperties` and `additionalProperties` of one schema, applied in one pass.
struct ObjectCheck: Sendable {
    var properties: [String: PropertySchema]
    /// The declared names in the order written, for "did you mean".
    var declared: [String]
    var patterns: [PatternSchema]
    var additional: Int?
    var additionalIsFalse: Bool
}

struct Dependency<T: Sendable>: Sendable {
    var key: String
    var then: T
}

/// One assertion or applicator keyword, ready to run.
enum Check: Sendable {
    case type(TypeSet)
    case constant(Value)
    case enumeration([Value])
    case format(Format)
    case minLength(Int)
    case maxLength(Int)
    /// A pattern, and the schema's `description` (what the pattern wants, in words) when it has one.
    case pattern(CompiledRegex, description: String?)
    case minimum(Number)
    case maximum(Number)
    case exclusiveMinimum(Number)
    case exclusiveMaximum(Number)
    case multipleOf(Number, ExactDecimal)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case items(prefix: [Int], rest: Int?)
    case contains(schema: Int, min: Int, max: Int?)
    case required([String])
    case minProperties(Int)
    case maxProperties(Int)
    case object(ObjectCheck)
    case propertyNames(Int)
    case dependentRequired([Dependency<[String]>])
    case dependentSchemas([Dependency<Int>])
    case ref(Int)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)

    var keyword: String {
        switch self {
        case .type: return "type"
        case .constant: return "const"
        case .enumeration: return "enum"
        case .format: return "format"
        case .minLength: return "minLength"
        case .maxLength: return "maxLength"
        case .pattern: return "pattern"
        case .minimum: return "minimum"
        case .maximum: return "maximum"
        case .exclusiveMinimum: return "exclusiveMinimum"
        case .exclusiveMaximum: return "exclusiveMaximum"
        case .multipleOf: return "multipleOf"
        case .minItems: return "minItems"
        case .maxItems: return "maxItems"
        case .uniqueItems: return "uniqueItems"
        case .items: return "items"
        case .contains: return "contains"
        case .required: return "required"
        case .minProperties: return "minProperties"
        case .maxProperties: return "maxProperties"
        case .object: return "properties"
        case .propertyNames: return "propertyNames"
        case .dependentRequired: return "dependentRequired"
        case .dependentSchemas: return "dependentSchemas"
        case .ref: return "$ref"
        case .allOf: return "allOf"
        case .anyOf: return "anyOf"
        case .oneOf: return "oneOf"
        case .not: return "not"
        case .conditional: return "if"
        }
    }
}

/// "a", "a or b", "a, b or c".
func joinedAlternatives(_ parts: [String]) -> String {
    switch parts.count {
    case 0: return "nothing"
    case 1: return parts[0]
    default: return parts.dropLast().joined(separator: ", ") + " or " + parts.last!
    }
}

import Diagnostics
import FrontMatter

/// A JSON Schema (draft 2020-12 subset), compiled once, that validates positioned front-matter values.
///
/// Keywords: `type`, `enum`, `const`, `required`, `properties`, `additionalProperties`, `patternProperties`,
/// `propertyNames`, `items`, `prefixItems`, `contains`, `minContains`, `maxContains`, `minItems`, `maxItems`,
/// `uniqueItems`, `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf`, `minProperties`, `maxProperties`, `dependentRequired`, `dependentSchemas`,
/// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `$ref` (beside other keywords), `$defs`, `$anchor`,
/// `$id`, and boolean schemas. `format` is an assertion for `date`, `date-time`, `email`, `uri` and `uuid`;
/// other formats and unknown keywords are ignored. References must stay inside the schema document.
///
/// Compiling resolves every `$ref` and compiles every `pattern` up front; the result is immutable, so one
/// `JSONSchema` can validate documents from many threads at once.
public struct JSONSchema: Sendable {
    let program: Program

    /// Compiles the schema document `schema` (as read by `JSON.parse` or the YAML reader). `format` is an
    /// assertion, as Almanac's schemas need (draft 2020-12's format-assertion vocabulary); pass
    /// `formatAssertion: false` for the default vocabulary, where `format` is only an annotation.
    public init(_ schema: Value, formatAssertion: Bool = true) throws(SchemaCompileError) {
        program = try Compiler.compile(schema, formatAssertion: formatAssertion)
    }

    /// Parses and compiles a schema written as JSON text; `file` names it in locations.
    public init(json: String, file: String) throws(SchemaCompileError) {
        let value: Value
        do {
            value = try JSONText.parse(json, file: file)
        } catch {
            throw SchemaCompileError("the schema is not valid JSON: \(error.message)", at: error.location)
        }
        try self.init(value)
    }

    /// Every problem of `instance`, in document order; empty when it is valid.
    public func validate(_ instance: Value) -> [SchemaError] {
        var quick = Evaluator(program: program, collecting: false)
        if quick.evaluate(program.root, instance) { return [] }
        var full = Evaluator(program: program, collecting: true)
        _ = full.evaluate(program.root, instance)
        return full.finishedErrors()
    }

    /// Whether `instance` is valid; faster than `validate` as it stops at the first problem.
    public func isValid(_ instance: Value) -> Bool {
        var quick = Evaluator(program: program, collecting: false)
        return quick.evaluate(program.root, instance)
    }

    /// The problems of `instance` as diagnostics with Almanac's codes (see `SchemaError.code`).
    public func diagnostics(_ instance: Value) -> [Diagnostic] {
        validate(instance).map { $0.diagnostic() }
    }

    /// The names of the root schema's `properties`, in the order written (for docs and suggestions).
    public var declaredProperties: [String] { program.rootPropertyNames }
}

/// One way an instance breaks its schema, written for the writer who has to fix it.
public struct SchemaError: Sendable, Hashable, CustomStringConvertible {
    /// Where the failing value is written; for `required`, the mapping that lacks the field; for an unknown
    /// field (`additionalProperties: false`), the key.
    public var location: SourceLocation
    /// The JSON pointer of the failing value in the instance, such as `/action_items/3`.
    public var path: String
    /// The keyword that failed: `type`, `enum`, `required`, `additionalProperties`, `format`, ...
    public var keyword: String
    /// Where the keyword is in the schema document, as a JSON pointer (`/properties/severity/enum`).
    public var schemaPath: String
    /// One sentence: "`severity` must be one of `sev1`, `sev2`", "missing required field `owner`".
    public var message: String
    public var expected: String?
    public var found: String?
    /// What to type: "did you mean `sev2`?".
    public var help: String?
    /// For `required` and `dependentRequired`: the field that is missing.
    public var missingKey: String?
    /// For `additionalProperties`: the field that the schema does not declare.
    public var unknownKey: String?
    /// How many levels deep the failing value is (the number of tokens of `path`).
    var depth: Int = 0
    /// The allowed values, for `enum` and `const` failures (to merge branches of `anyOf`).
    var allowed: [Value] = []

    public init(
        location: SourceLocation, path: String, keyword: String, schemaPath: String, message: String,
        expected: String? = nil, found: String? = nil, help: String? = nil,
        missingKey: String? = nil, unknownKey: String? = nil
    ) {
        self.location = location
        self.path = path
        self.keyword = keyword
        self.schemaPath = schemaPath
        self.message = message
        self.expected = expected
        self.found = found
        self.help = help
        self.missingKey = missingKey
        self.unknownKey = unknownKey
    }

    public var description: String { "\(location): \(message) [\(keyword) at \(path.isEmpty ? "/" : path)]" }

    /// The diagnostic code this kind of failure is reported under.
    public var code: Code {
        switch codeKeyword ?? keyword {
        case "required", "dependentRequired": return .missingField
        case "type": return .wrongType
        case "additionalProperties" where unknownKey != nil: return .unknownField
        case "enum", "const": return .invalidValue
        case "format" where schemaFormat == .date || schemaFormat == .dateTime: return .invalidDate
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
             "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties", "minContains", "maxContains":
            return .outOfRange
        default: return .invalidValue
        }
    }

    /// This error as a `Diagnostic`, under `code` unless another is given.
    public func diagnostic(_ code: Code? = nil, severity: Diagnostic.Severity? = nil) -> Diagnostic {
        Diagnostic(code ?? self.code, message, at: location, expected: expected, found: found, help: help, severity: severity)
    }

    /// The format of a failed `format` keyword.
    var schemaFormat: Format?
    /// For an `anyOf`/`oneOf` summary whose options all failed the same keyword: that keyword.
    var codeKeyword: String?

    public static func == (a: SchemaError, b: SchemaError) -> Bool {
        a.location == b.location && a.path == b.path && a.keyword == b.keyword && a.schemaPath == b.schemaPath
            && a.message == b.message && a.expected == b.expected && a.found == b.found && a.help == b.help
            && a.missingKey == b.missingKey && a.unknownKey == b.unknownKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
        hasher.combine(path)
        hasher.combine(keyword)
        hasher.combine(message)
    }
}

/// A schema that cannot be compiled: not a schema, a `$ref` that names nothing in the document, a bad pattern.
public struct SchemaCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }

    /// As a diagnostic: a broken schema is the operator's to fix.
    public var diagnostic: Diagnostic { Diagnostic(.configInvalid, message, at: location) }
}

import Diagnostics
import Foundation
import FrontMatter
import Testing
@testable import Schema

/// What a writer reads: messages, locations and suggestions of schema errors.
@Suite("Schema error messages")
struct MessageTests {
    static let incidentSchema = """
    {
      "type": "object",
      "required": ["title", "owner", "severity"],
      "properties": {
        "title": { "type": "string", "minLength": 3 },
        "owner": { "type": "string" },
        "severity": { "enum": ["sev1", "sev2", "sev3", "sev4"] },
        "date": { "type": "string", "format": "date" },
        "tags": { "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] },
        "action_items": {
          "type": "array",
          "maxItems": 3,
          "items": {
            "type": "object",
            "required": ["owner"],
            "properties": { "owner": { "type": "string" }, "done": { "type": "boolean" } },
            "additionalProperties": false
          }
        }
      },
      "additionalProperties": false
    }
    """

    func schema(_ json: String = incidentSchema) throws -> JSONSchema {
        try JSONSchema(json: json, file: "incident.schema.json")
    }

    func document(_ json: String) throws -> Value {
        try Value(json: json, file: "incidents/checkout.md")
    }

    @Test("an enum failure names the allowed values and suggests the nearest")
    func enumDidYouMean() throws {
        let errors = try schema().validate(document(#"{"title": "Checkout down", "owner": "@alice", "severity": "Sev2"}"#))
        try #require(errors.count == 1)
        let error = errors[0]
        #expect(error.keyword == "enum")
        #expect(error.path == "/severity")
        #expect(error.message == "`severity` must be one of `sev1`, `sev2`, `sev3`, `sev4`")
        #expect(error.found == "a string `Sev2`")
        #expect(error.help?.hasPrefix("did you mean `sev2`") == true)
        #expect(error.location == SourceLocation(file: "incidents/checkout.md", line: 1, column: 59, length: 6))
        #expect(error.code == .invalidValue)
    }

    @Test("a missing required field points at the mapping that lacks it")
    func requiredPointsAtObject() throws {
        let json = """
        {
          "title": "Checkout down",
          "severity": "sev2",
          "ownr": "@alice"
        }
        """
        let errors = try schema().validate(document(json))
        let missing = try #require(errors.first { $0.keyword == "required" })
        #expect(missing.message == "missing required field `owner`")
        #expect(missing.missingKey == "owner")
        #expect(missing.path == "")
        #expect(missing.location.line == 2 && missing.location.column == 3, "at the first key of the object that lacks it")
        #expect(missing.help == "`ownr` is written here: did you mean `owner`?")
        #expect(missing.code == .missingField)
        // The misspelt key is also an unknown field, reported at the key itself.
        let unknown = try #require(errors.first { $0.keyword == "additionalProperties" })
        #expect(unknown.unknownKey == "ownr")
        #expect(unknown.location.line == 4 && unknown.location.column == 3)
        #expect(unknown.help == "did you mean `owner`?")
        #expect(unknown.code == .unknownField)
        #expect(errors.map(\.keyword) == ["required", "additionalProperties"], "document order")
    }

    @Test("an unknown field in a nested mapping points at its key, with a suggestion among the declared fields")
    func unknownNestedField() throws {
        let json = """
        {"title": "Down", "owner": "@a", "severity": "sev1",
         "action_items": [{"owner": "@b"}, {"owner": "@c", "dnoe": true}]}
        """
        let errors = try schema().validate(document(json))
        try #require(errors.count == 1)
        #expect(errors[0].message == "unknown field `dnoe` in `action_items[1]`")
        #expect(errors[0].path == "/action_items/1/dnoe")
        #expect(errors[0].location == SourceLocation(file: "incidents/checkout.md", line: 2, column: 52, length: 6))
        #expect(errors[0].help == "did you mean `done`?")
        #expect(errors[0].expected == "one of the fields `owner`, `done`")
    }

    @Test("maxItems says how many are allowed and how many were found")
    func maxItems() throws {
        let json = """
        {"title": "Down", "owner": "@a", "severity": "sev1",
         "action_items": [{"owner": "@b"}, {"owner": "@c"}, {"owner": "@d"}, {"done": false}]}
        """
        let errors = try schema().validate(document(json))
        #expect(errors.map(\.message) == [
            "at most 3 items are allowed; found 4",
            "missing required field `owner` in `action_items[3]`",
        ])
        #expect(errors[0].path == "/action_items")
        // Located at the first item too many.
        #expect(errors[0].location.line == 2 && errors[0].location.column == 70)
        #expect(errors[1].path == "/action_items/3")
        #expect(errors[1].location.column == 71)
    }

    @Test("a malformed date says how to write one, and why this one is wrong")
    func dateFormat() throws {
        let errors = try schema().validate(document(#"{"title": "Down", "owner": "@a", "severity": "sev1", "date": "2023-02-30"}"#))
        try #require(errors.count == 1)
        #expect(errors[0].message == "`date` must be a date written YYYY-MM-DD")
        #expect(errors[0].help == "month 02 of 2023 has 28 days")
        #expect(errors[0].code == .invalidDate)
        #expect(errors[0].diagnostic().code == .invalidDate)
    }

    @Test("a failed anyOf is summarised when every option fails on the value itself")
    func anyOfSummary() throws {
        let errors = try schema().validate(document(#"{"title": "Down", "owner": "@a", "severity": "sev1", "tags": 7}"#))
        try #require(errors.count == 1)
        #expect(errors[0].message == "`tags` must be a string or a list")
        #expect(errors[0].found == "an integer `7`")
    }

    @Test("a failed anyOf reports the option that got furthest")
    func anyOfFurthest() throws {
        let errors = try schema().validate(document(#"{"title": "Down", "owner": "@a", "severity": "sev1", "tags": ["a", 2]}"#))
        try #require(errors.count == 1)
        #expect(errors[0].path == "/tags/1")
        #expect(errors[0].message == "`tags[1]` must be a string")
        #expect(errors[0].help == "write it in quotes to keep it as text: \"2\"")
    }

    @Test("a wrong type is said once, not once per keyword")
    func typeOnce() throws {
        let errors = try schema().validate(document(#"{"title": 12, "owner": null, "severity": "sev1"}"#))
        #expect(errors.map(\.message) == ["`title` must be a string", "`owner` must be a string"])
        #expect(errors[1].found == "nothing")
        #expect(errors[1].help == "`owner` is empty: write a value after `owner:`, or remove the line")
    }

    @Test("errors come in document order with JSON pointers")
    func order() throws {
        let json = """
        {"severity": "high",
         "title": "x",
         "zzz": 1}
        """
        let errors = try schema().validate(document(json))
        #expect(errors.map(\.path) == ["", "/severity", "/title", "/zzz"])
        #expect(errors.map(\.keyword) == ["required", "enum", "minLength", "additionalProperties"])
    }

    @Test("front matter read by the YAML reader is validated in place")
    func yamlFrontMatter() throws {
        let yaml = "title: Checkout down\nowner: \"@alice\"\nseverity: sev5\ntags:\n  - payments\n  - 3\n"
        let (value, problems) = YAML.parse(yaml, file: "incidents/checkout.md", firstLine: 2)
        #expect(problems.isEmpty)
        let errors = try schema().validate(try #require(value))
        #expect(errors.map(\.message) == ["`severity` must be one of `sev1`, `sev2`, `sev3`, `sev4`", "`tags[1]` must be a string"])
        #expect(errors.map(\.location.line) == [4, 7])
        #expect(errors[0].help?.contains("`sev1`") == true)
    }

    @Test("isValid agrees with validate")
    func isValid() throws {
        let s = try schema()
        #expect(s.isValid(try document(#"{"title": "Down", "owner": "@a", "severity": "sev1", "tags": ["x"]}"#)))
        #expect(!s.isValid(try document(#"{"title": "Down"}"#)))
        #expect(s.declaredProperties == ["title", "owner", "severity", "date", "tags", "action_items"])
    }

    @Test("const and oneOf messages")
    func constAndOneOf() throws {
        let s = try JSONSchema(json: #"{"properties": {"kind": {"const": "incident"}, "n": {"oneOf": [{"type": "integer"}, {"minimum": 0}]}}}"#, file: "s.json")
        let errors = s.validate(try document(#"{"kind": "incidnet", "n": 3}"#))
        #expect(errors.map(\.message) == [
            "`kind` must be `incident`",
            "`n` matches more than one of the allowed forms (options 1 and 2); it must match exactly one",
        ])
        #expect(errors[0].help == "did you mean `incident`?")
    }

    @Test("numbers: bounds and multipleOf with decimals and huge values")
    func numbers() throws {
        let s = try JSONSchema(json: #"{"properties": {"p": {"minimum": 0, "maximum": 100}, "m": {"multipleOf": 0.0001}, "i": {"type": "integer", "multipleOf": 0.123456789}}}"#, file: "s.json")
        #expect(s.isValid(try document(#"{"p": 100, "m": 0.0075, "i": 1.0}"#)) == false) // 1 is not a multiple of 0.123456789
        #expect(s.isValid(try document(#"{"p": 100.0, "m": 0.0075}"#)))
        #expect(!s.isValid(try document(#"{"m": 0.00751}"#)))
        #expect(!s.isValid(try document(#"{"i": 1e308}"#)))
        let errors = s.validate(try document(#"{"p": 101}"#))
        #expect(errors.map(\.message) == ["`p` must be at most 100"])
        #expect(errors[0].code == .outOfRange)
    }

    @Test("a schema that refers to itself forever is rejected when compiled, at the place of the loop")
    func endlessReference() throws {
        do {
            _ = try JSONSchema(json: ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}}}"##, file: "s.json")
            Issue.record("compiled")
        } catch {
            #expect(error.message.contains("endless loop at `#/$defs/"), "\(error.message)")
            #expect(error.location.file == "s.json" && error.location.column > 1)
        }
        // Recursion that moves into the value (a tree of items) is no loop.
        let tree = try JSONSchema(json: ##"{"properties": {"children": {"items": {"$ref": "#"}}}}"##, file: "t.json")
        #expect(tree.isValid(try document(#"{"children": [{"children": []}]}"#)))
    }

    @Test("broken schemas are rejected when compiled, with a location")
    func compileErrors() throws {
        #expect(throws: SchemaCompileError.self) { try JSONSchema(json: #"{"$ref": "other.json#/x"}"#, file: "s.json") }
        #expect(throws: SchemaCompileError.self) { try JSONSchema(json: ##"{"$ref": "#/$defs/missing"}"##, file: "s.json") }
        #expect(throws: SchemaCompileError.self) { try JSONSchema(json: #"{"type": "text"}"#, file: "s.json") }
        do {
            _ = try JSONSchema(json: "{\n  \"pattern\": \"([a-z\"\n}", file: "s.json")
            Issue.record("a bad pattern compiled")
        } catch {
            #expect(error.location.line == 2)
            #expect(error.location.column == 14)
        }
    }

    @Test("one schema validates from many threads at once")
    func concurrent() throws {
        let s = try schema()
        let documents = try (0..<200).map { i in
            try document(#"{"title": "Title \#(i)", "owner": "@a", "severity": "sev\#(i % 6)", "tags": ["a", "b"]}"#)
        }
        let expected = documents.map { s.validate($0).map(\.message) }
        let results = Results(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { i in
            results.set(i, s.validate(documents[i]).map(\.message))
        }
        #expect(results.all() == expected)
        #expect(expected.filter { !$0.isEmpty }.count == 67) // sev0 and sev5
    }
}

/// A lock-protected array for the concurrency test.
final class Results: @unchecked Sendable {
    private var values: [[String]]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [String]) { lock.lock(); values[i] = v; lock.unlock() }
    func all() -> [[String]] { lock.lock(); defer { lock.unlock() }; return values }
}

@Suite("Schema error messages, more")
struct MoreMessageTests {
    @Test("propertyNames failures name the field and point at the key")
    func propertyNames() throws {
        let s = try JSONSchema(json: #"{"propertyNames": {"pattern": "^[a-z_]+$"}}"#, file: "s.json")
        let errors = s.validate(try Value(json: "{\n  \"Title\": 1}", file: "d.json"))
        #expect(errors.map(\.message) == ["the field name `Title` must match the pattern `^[a-z_]+$`"])
        #expect(errors.first?.location.line == 2 && errors.first?.location.column == 3)
    }

    @Test("a number where the schema wants the same text suggests quotes")
    func numberForText() throws {
        let s = try JSONSchema(json: #"{"properties": {"priority": {"enum": ["1", "2", "3"]}}}"#, file: "s.json")
        let errors = s.validate(try Value(json: #"{"priority": 2}"#, file: "d.json"))
        #expect(errors.first?.help == "write it in quotes to keep it as text: \"2\"")
    }
}

@Suite("Schema error summaries")
struct SummaryTests {
    @Test("options that each fail a pattern are summarised together")
    func patterns() throws {
        let s = try JSONSchema(json: #"{"properties": {"owner": {"anyOf": [{"type": "string", "pattern": "^@[a-z]+$"}, {"type": "string", "pattern": "^[a-z]+-team$"}]}}}"#, file: "s.json")
        let errors = s.validate(try Value(json: #"{"owner": "Alice"}"#, file: "d.json"))
        #expect(errors.map(\.message) == ["`owner` must be text matching `^@[a-z]+$` or text matching `^[a-z]+-team$`"])
        #expect(errors.first?.keyword == "anyOf")
        let typeErrors = s.validate(try Value(json: #"{"owner": 3}"#, file: "d.json"))
        #expect(typeErrors.map(\.message) == ["`owner` must be a string"])
        #expect(typeErrors.first?.code == .wrongType)
    }
}

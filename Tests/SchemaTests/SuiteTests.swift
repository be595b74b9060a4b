import Foundation
import FrontMatter
import Testing
@testable import Schema

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12) against `JSONSchema`.
@Suite("JSON Schema Test Suite")
struct SuiteTests {
    /// What is skipped, and why: only what Almanac's validator deliberately leaves out. A whole file when
    /// `group` is nil; a group when `test` is nil; otherwise one test case.
    struct Skip: CustomStringConvertible {
        var file: String
        var group: String?
        var test: String?
        var reason: String

        init(_ file: String, group: String? = nil, test: String? = nil, _ reason: String) {
            self.file = file
            self.group = group
            self.test = test
            self.reason = reason
        }

        func covers(file: String, group: String, test: String) -> Bool {
            self.file == file && (self.group == nil || self.group == group) && (self.test == nil || self.test == test)
        }

        var description: String { [file, group, test].compactMap { $0 }.joined(separator: " / ") + " — " + reason }
    }


    static let skips: [Skip] = [
        Skip("dynamicRef.json", "$dynamicRef/$dynamicAnchor are out of scope"),
        Skip("refRemote.json", "remote references are out of scope"),
        Skip("vocabulary.json", "$vocabulary is out of scope"),
        Skip("unevaluatedItems.json", "unevaluatedItems is out of scope"),
        Skip("unevaluatedProperties.json", "unevaluatedProperties is out of scope"),
        Skip("ref.json", group: "remote ref, containing refs itself",
             "remote reference (the 2020-12 metaschema at json-schema.org)"),
        Skip("defs.json", group: "validate definition against metaschema",
             "remote reference (the 2020-12 metaschema at json-schema.org)"),
        Skip("ref.json", group: "ref creates new scope when adjacent to keywords", "needs unevaluatedProperties"),
        Skip("not.json", group: "collect annotations inside a 'not', even if collection is disabled",
             "needs unevaluatedProperties"),
    ]

    /// The optional format files for the formats Almanac asserts.
    static let optionalFormats = ["date", "date-time", "email", "uri", "uuid"]

    /// A copy of the suite's draft 2020-12 tests, with its licence: `Tests/Fixtures/json-schema-test-suite`.
    static var suiteFolder: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/json-schema-test-suite")
    }

    @Test("every in-scope test of draft 2020-12 passes")
    func suite() throws {
        let tests = Self.suiteFolder.appendingPathComponent("tests/draft2020-12")
        let names = try FileManager.default.contentsOfDirectory(atPath: tests.path).filter { $0.hasSuffix(".json") }.sorted()
        try #require(!names.isEmpty, "no suite files in \(tests.path)")
        var files = names.map { (name: $0, url: tests.appendingPathComponent($0)) }
        for format in Self.optionalFormats {
            files.append((name: "optional/format/\(format).json", url: tests.appendingPathComponent("optional/format/\(format).json")))
        }

        var passed = 0, failed = 0, skipped = 0
        var used = Set<String>()
        var failures: [String] = []
        for file in files {
            let text = try String(contentsOf: file.url, encoding: .utf8)
            let groups = try Value(json: text, file: file.name)
            for group in groups.list ?? [] {
                let groupName = group["description"]?.string ?? "?"
                let cases = group["tests"]?.list ?? []
                var schema: JSONSchema?
                var compileError: String?
                func skip(for test: String) -> Skip? {
                    Self.skips.first { $0.covers(file: file.name, group: groupName, test: test) }
                }
                let needsSchema = cases.contains { skip(for: $0["description"]?.string ?? "") == nil }
                if needsSchema, let schemaValue = group["schema"] {
                    // The main folder tests `format` as an annotation (the default vocabulary);
                    // optional/format tests it as an assertion, which is what Almanac uses.
                    let assertFormat = file.url.path.contains("/optional/format/")
                    do { schema = try JSONSchema(schemaValue, formatAssertion: assertFormat) } catch { compileError = error.description }
                }
                for test in cases {
                    let testName = test["description"]?.string ?? "?"
                    if let skip = skip(for: testName) {
                        skipped += 1
                        used.insert(skip.description)
                        continue
                    }
                    guard let schema, let data = test["data"], case .bool(let expected)? = test["valid"]?.kind else {
                        failed += 1
                        failures.append("\(file.name) / \(groupName) / \(testName): schema does not compile: \(compileError ?? "?")")
                        continue
                    }
                    let errors = schema.validate(data)
                    let quick = schema.isValid(data)
                    if errors.isEmpty == expected && quick == expected {
                        passed += 1
                    } else {
                        failed += 1
                        failures.append("\(file.name) / \(groupName) / \(testName): expected \(expected ? "valid" : "invalid"), "
                            + "validate gave \(errors.count) error(s) \(errors.map(\.message)), isValid gave \(quick)")
                    }
                }
            }
        }
        print("json-schema-test-suite: \(passed) passed, \(failed) failed, \(skipped) skipped")
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        #expect(failed == 0)
        let unused = Self.skips.map(\.description).filter { !used.contains($0) }
        #expect(unused.isEmpty, "skips that match no test: \(unused)")
    }
}

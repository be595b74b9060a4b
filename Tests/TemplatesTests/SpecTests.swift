import Foundation
import Testing
import Templates

/// The Mustache spec's tests (a copy with its licence: `Tests/Fixtures/mustache-spec`), every file, each test
/// rendered through a `TemplateLibrary` made of its template and partials.
@Suite("Mustache spec")
struct SpecTests {
    /// The spec tests Almanac's engine does not run, and why.
    struct Skip {
        let file: String
        /// A test name, or nil for the whole file.
        let test: String?
        let reason: String
    }

    static let skips = [
        Skip(file: "~lambdas.json", test: nil,
             reason: "lambdas are not supported: a TemplateValue holds no code, only data"),
        Skip(file: "~inheritance.json", test: "Text inside parent",
             reason: "the spec ignores text directly inside a parent; Almanac reports it (contentInsideParent), "
                 + "which `textInsideParentIsAnError` checks on these very tests"),
    ]

    static let files = [
        "comments.json", "delimiters.json", "interpolation.json", "inverted.json", "partials.json", "sections.json",
        "~dynamic-names.json", "~inheritance.json", "~lambdas.json",
    ]

    static var specFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mustache-spec/specs")
    }

    struct Case {
        let file: String
        let name: String
        let data: TemplateValue
        let template: String
        let partials: [String: String]
        let expected: String
    }

    static func cases() throws -> [Case] {
        var cases: [Case] = []
        for file in files {
            let spec = try SpecJSON.read(specFolder.appendingPathComponent(file)) as? [String: Any]
            for test in spec?["tests"] as? [[String: Any]] ?? [] {
                cases.append(Case(file: file, name: test["name"] as? String ?? "?", data: SpecJSON.value(test["data"] ?? NSNull()),
                                  template: test["template"] as? String ?? "",
                                  partials: test["partials"] as? [String: String] ?? [:],
                                  expected: test["expected"] as? String ?? ""))
            }
        }
        return cases
    }

    /// The name the test's own template gets in the library: no spec partial is called so.
    static let templateName = "(spec template)"

    static func library(_ test: Case, options: TemplateLibrary.Options = .init()) -> TemplateLibrary {
        var sources = [templateName: TemplateSource(test.template, path: "\(test.file)/\(test.name)")]
        for (name, text) in test.partials { sources[name] = TemplateSource(text, path: "\(test.file)/\(test.name)/\(name)") }
        return TemplateLibrary(sources: sources, options: options)
    }

    static func skip(_ test: Case) -> Skip? {
        skips.first { $0.file == test.file && ($0.test == nil || $0.test == test.name) }
    }

    @Test("every spec test passes, but the listed skips")
    func spec() throws {
        let cases = try Self.cases()
        try #require(!cases.isEmpty, "no spec tests in \(Self.specFolder.path)")
        var passed = 0, failed = 0, skipped = 0
        for test in cases {
            if Self.skip(test) != nil {
                skipped += 1
                continue
            }
            let library = Self.library(test)
            let output = library.render(Self.templateName, test.data)
            if library.errors.isEmpty, output == test.expected {
                passed += 1
            } else {
                failed += 1
                Issue.record("""
                    \(test.file) “\(test.name)”: \(library.errors.map(\.description).joined(separator: "; "))
                      template: \(test.template.debugDescription)
                      expected: \(test.expected.debugDescription)
                      rendered: \(output.debugDescription)
                    """)
            }
        }
        print("mustache-spec: \(passed) passed, \(failed) failed, \(skipped) skipped")
        #expect(failed == 0)
        #expect(passed + skipped == cases.count)
    }

    @Test("text directly inside a parent, which the spec ignores, is an error here")
    func textInsideParentIsAnError() throws {
        let tests = try Self.cases().filter { $0.file == "~inheritance.json" && $0.name == "Text inside parent" }
        #expect(tests.count == 2)
        for test in tests {
            let errors = Self.library(test).errors
            #expect(errors.count == 1)
            guard let error = errors.first else { continue }
            #expect(error.kind == .contentInsideParent(parent: "parent"))
            #expect(error.location.line == 1 && error.location.column == 13)
            #expect(error.location.length == "asdfasd".count || error.location.length == "asdfasd asdfasdfasdf".count)
        }
    }

    @Test("no spec test Almanac's escaping changes: none escapes a `'`")
    func apostropheEscapingAgreesWithTheSpec() throws {
        for test in try Self.cases() where Self.skip(test) == nil {
            let value = test.data
            let specOnly = Self.library(test, options: .init(escapesApostrophe: false))
            #expect(specOnly.render(Self.templateName, value) == Self.library(test).render(Self.templateName, value),
                    "\(test.file) \(test.name)")
        }
    }
}

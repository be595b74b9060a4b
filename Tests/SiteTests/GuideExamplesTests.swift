import Diagnostics
import Foundation
import Testing
@testable import Site

/// The writer's guide keeps its word: every example marked as a complete document —
/// `<!-- example: PATH -->` (or `<!-- example: PATH expect: W0501 E0301 -->`) on the line before a fenced block —
/// is written at PATH of one site, with the other marked examples, and built; each file must give exactly the
/// diagnostic codes its mark says (none when it says none).
@Suite("The guide's examples")
struct GuideExamplesTests {
    struct Example {
        var path: String
        var expected: [String]
        var text: String
        var line: Int
    }

    static func examples() throws -> [Example] {
        let guide = try String(contentsOf: Fixture.repository.appendingPathComponent("docs/writers-guide.md"), encoding: .utf8)
        let lines = guide.components(separatedBy: "\n")
        var out: [Example] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("<!-- example: ") && line.hasSuffix(" -->") {
            let words = line.dropFirst("<!-- example: ".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            guard let path = words.first, i + 1 < lines.count, lines[i + 1].hasPrefix("```") else {
                Issue.record("docs/writers-guide.md:\(i + 1): an example mark not followed by a fenced block")
                continue
            }
            let expected = words.count > 2 && words[1] == "expect:" ? Array(words[2...]) : []
            guard let end = lines[(i + 2)...].firstIndex(where: { $0.hasPrefix("```") }) else { continue }
            out.append(Example(path: path, expected: expected, text: lines[(i + 2)..<end].joined(separator: "\n") + "\n", line: i + 1))
        }
        return out
    }

    @Test("every complete example of the writer's guide builds with exactly the diagnostics the guide says")
    func examplesBuild() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 9, "the guide marks \(examples.count) examples")
        let site = try Fixture("")
        defer { site.cleanUp() }
        var files = "-- almanac.yaml --\ntitle: The guide's examples\nenvironments: [staging, production]\n"
        for example in examples { files += "-- \(example.path) --\n\(example.text)" }
        try site.write(files)
        let result = site.build(asOf: "2026-11-25")
        for example in examples {
            let found = result.diagnostics.filter { $0.location?.file == site.content + "/" + example.path }
            #expect(found.map(\.code.id).sorted() == example.expected.sorted(),
                    "docs/writers-guide.md:\(example.line) (\(example.path)): \(found.map { "\($0.code) \($0.location!.line):\($0.location!.column) \($0.message)" })")
        }
    }
}

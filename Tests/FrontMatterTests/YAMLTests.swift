import Diagnostics
import Testing
@testable import FrontMatter

@Suite("Front matter")
struct YAMLTests {
    func parse(_ yaml: String, firstLine: Int = 2) -> Value? {
        YAML.parse(yaml, file: "doc.md", firstLine: firstLine).0
    }

    @Test("YAML 1.1 surprises stay strings", arguments: ["no", "off", "yes", "on", "12:30", "0123", "2026-01-02", "0x1F", "1_000", "~x"])
    func yaml11Surprises(_ scalar: String) throws {
        let value = try #require(parse("key: \(scalar)")?["key"])
        #expect(value.string == scalar)
    }

    @Test("core schema values are typed")
    func coreTypes() throws {
        let value = try #require(parse("a: true\nb: 42\nc: -1.5\nd: null\ne: ~\nf: 1e3\ng: \"42\"\nh: !!str 7\ni: 0"))
        if case .bool(true) = value["a"]?.kind {} else { Issue.record("a") }
        if case .integer(42) = value["b"]?.kind {} else { Issue.record("b") }
        if case .number(-1.5) = value["c"]?.kind {} else { Issue.record("c") }
        #expect(value["d"]?.isNull == true)
        #expect(value["e"]?.isNull == true)
        if case .number(1000) = value["f"]?.kind {} else { Issue.record("f") }
        #expect(value["g"]?.string == "42")
        #expect(value["h"]?.string == "7")
        if case .integer(0) = value["i"]?.kind {} else { Issue.record("i") }
    }

    @Test("positions are lines of the file, counting the opening ---")
    func positions() throws {
        let value = try #require(parse("title: T\nlist:\n  - one\n  - two\nmap: { k: v }"))
        #expect(value["title"]?.location.line == 2)
        #expect(value["title"]?.location.column == 8)
        let two = try #require(value["list"]?.list?[1])
        #expect(two.location.line == 5)
        #expect(two.location.column == 5)
        let entry = try #require(value.entries?.first { $0.key == "map" })
        #expect(entry.keyLocation.line == 6)
        #expect(entry.value["k"]?.location.column == 11)
    }

    @Test("a non-scalar key is a diagnostic, not a crash")
    func complexKey() {
        let (value, diagnostics) = YAML.parse("? [a, b]\n: value\nok: 1", file: "doc.md", firstLine: 2)
        #expect(value?["ok"] != nil)
        #expect(diagnostics.first?.code == .nonScalarKey)
        #expect(diagnostics.first?.location?.line == 2)
    }

    @Test("front matter is split from the body on UTF-8 bytes")
    func split() {
        let doc = SplitDocument.split("---\ntitle: x\n---\n# Body\n")
        #expect(doc.yaml == "title: x\n")
        #expect(doc.body == "# Body\n")
        #expect(doc.bodyFirstLine == 4)
        #expect(!doc.unclosed)
        let crlf = SplitDocument.split("\u{FEFF}---\r\ntitle: x\r\n---\r\nBody")
        #expect(crlf.yaml == "title: x\r\n")
        #expect(crlf.body == "Body")
        #expect(SplitDocument.split("# No front matter").yaml == nil)
        #expect(SplitDocument.split("---\ntitle: x\n").unclosed)
        #expect(SplitDocument.split("---\na: 1\n...\nbody").body == "body")
    }

    @Test("suggestions find near names")
    func suggestions() {
        #expect(Suggestions.nearest(to: "chekout-api", in: ["checkout-api", "search", "feed"]) == ["checkout-api"])
        #expect(Suggestions.didYouMean("zzz", in: ["checkout-api"]) == nil)
        #expect(Suggestions.nearest(to: "prodution", in: ["experimental", "production", "deprecated"]) == ["production"])
    }
}

import Diagnostics
import FrontMatter
import Testing
@testable import Schema

/// The strict JSON reader that schemas and test data go through.
@Suite("JSON reader")
struct JSONTests {
    func parse(_ text: String) throws -> Value { try Value(json: text, file: "x.json") }

    func error(_ text: String) -> JSONError? {
        do { _ = try Value(json: text, file: "x.json"); return nil } catch { return error }
    }

    @Test("scalars keep their kind and text")
    func scalars() throws {
        let v = try parse(#"{"i": -12, "d": 1.0, "e": 1e308, "big": 12345678901234567890, "t": true, "n": null, "s": "a\"b"}"#)
        if case .integer(-12) = v["i"]?.kind {} else { Issue.record("i") }
        if case .number(1.0) = v["d"]?.kind {} else { Issue.record("d") }
        if case .number(1e308) = v["e"]?.kind {} else { Issue.record("e") }
        if case .number(12345678901234567890.0) = v["big"]?.kind {} else { Issue.record("big") }
        if case .bool(true) = v["t"]?.kind {} else { Issue.record("t") }
        #expect(v["n"]?.isNull == true)
        #expect(v["s"]?.string == "a\"b")
        #expect(v["big"]?.text == "12345678901234567890")
        #expect(v["d"]?.text == "1.0")
    }

    @Test("escapes, including surrogate pairs")
    func escapes() throws {
        let v = try parse(#"["\u00e9\ud83d\ude00\n\t\/\\", "日本"]"#)
        #expect(v.list?[0].string == "é😀\n\t/\\")
        #expect(v.list?[1].string == "日本")
    }

    @Test("locations count lines and Unicode scalars; keys keep their own location")
    func locations() throws {
        let v = try parse("{\n  \"é\": \"日本\",\n  \"b\": [1, {\"c\": null}]\n}")
        #expect(v.location == SourceLocation(file: "x.json", line: 1, column: 1))
        let entries = try #require(v.entries)
        #expect(entries[0].keyLocation == SourceLocation(file: "x.json", line: 2, column: 3, length: 3))
        #expect(entries[0].value.location == SourceLocation(file: "x.json", line: 2, column: 8, length: 4))
        #expect(entries[1].value.location.line == 3 && entries[1].value.location.column == 8)
        #expect(entries[1].value.list?[1]["c"]?.location.column == 18)
    }

    @Test("invalid JSON is rejected with a line and column", arguments: [
        ("[1, 2,]", 1, 7), ("{\"a\": 1,}", 1, 9), ("{'a': 1}", 1, 2), ("[01]", 1, 2), ("[1.]", 1, 4),
        ("\"a\u{01}b\"", 1, 3), ("\"a\nb\"", 1, 3), ("[\"\\ud800\"]", 1, 3), ("[\"\\x\"]", 1, 3), ("{\"a\" 1}", 1, 6),
        ("[1]\n  x", 2, 3), ("", 1, 1), ("[1e400]", 1, 2), ("{\"a\": 1, \"a\": 2}", 1, 10), ("[NaN]", 1, 2), ("[tru]", 1, 2),
        ("[-]", 1, 3), ("[+1]", 1, 2), ("{\"a\":1} // c", 1, 9),
    ])
    func rejects(_ text: String, _ line: Int, _ column: Int) {
        let e = error(text)
        #expect(e != nil, "\(text) should be rejected")
        #expect(e?.location.line == line, "\(text): \(e?.description ?? "")")
        #expect(e?.location.column == column, "\(text): \(e?.description ?? "")")
    }

    @Test("serialize writes compact JSON back")
    func serialize() throws {
        let text = #"{"a":[1,2.5,"x\n"],"b":{"c":null,"d":true},"e":1e308}"#
        #expect(try parse(text).jsonText == text)
    }
}

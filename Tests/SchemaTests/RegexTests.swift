import Testing
@testable import Schema

/// The fast matcher for simple patterns must agree with Swift's `Regex` (ECMA-262 options) on everything.
@Suite("Patterns")
struct RegexTests {
    static let patterns = [
        "^[a-z0-9][a-z0-9-]*$", "^@[a-z0-9-]+$", "abc", "^a*$", "a+b?c{2,3}", "^\\d{4}-\\d{2}-\\d{2}$", "\\w+@\\w+\\.com",
        "^[^aeiou]+$", "x.y", "^.{3,}$", "^[\\s\\S]$", "[\\u00e9-\\u00ff]", "^\\x41\\/$", "a*?b", "^(a|b)$", "^[-a]$",
        "^[a-]$", "^[\\d_-]+$", "^\\S+$", "\\D\\W", "^é+$", "^🐲*$", "^a{2}$", "^a{0,1}b$", "^\\.$", "^[.]$", "^\\t$", "",
    ]
    static let subjects = [
        "", "a", "abc", "ab-c", "@alice", "@Alice", "2024-01-31", "2024-1-31", "١٢٣٤-٠١-٣١", "bob@mail.com", "xyz", "x\ny",
        "aaa", "abcc", "abccc", "ccc", "-", "é", "ééé", "🐲🐲", "A/", "b", "ab", "aab", ".", "\t", " ", "\u{2003}", "1z-9", "x y",
        "\u{FEFF}", "\u{2028}", "a\u{301}",
    ]

    @Test("the simple matcher agrees with Regex", arguments: patterns)
    func agrees(_ pattern: String) throws {
        let compiled = try CompiledRegex(pattern)
        for subject in Self.subjects {
            let reference = subject.contains(compiled.regex)
            #expect(compiled.matches(subject) == reference, "pattern \(pattern) on \(subject.debugDescription)")
        }
    }

    @Test("simple patterns use the fast matcher; others fall back to Regex")
    func coverage() throws {
        #expect(try CompiledRegex("^[a-z0-9][a-z0-9-]*$").simple != nil)
        #expect(try CompiledRegex("^\\d{4}-\\d{2}$").simple != nil)
        #expect(try CompiledRegex("^(a|b)$").simple == nil)
        #expect(try CompiledRegex("\\bword\\b").simple == nil)
        #expect(try CompiledRegex("^\\p{L}+$").simple == nil)
    }

    @Test("ECMA-262 details: \\d is ASCII, \\s includes U+FEFF, \\cX is a control character")
    func ecma() throws {
        #expect(try !CompiledRegex("^\\d+$").matches("١٢"))
        #expect(try CompiledRegex("^\\s$").matches("\u{FEFF}"))
        #expect(try CompiledRegex("^(\\s)$").matches("\u{FEFF}"))
        #expect(try CompiledRegex("^\\cC$").matches("\u{03}"))
        #expect(try !CompiledRegex("^a$").matches("a\n"))
    }
}

import Foundation
import Testing
import Templates

/// A library of `sources` (name → text), each template's path `name.mustache`.
func library(_ sources: [String: String], options: TemplateLibrary.Options = .init()) -> TemplateLibrary {
    let sources = sources.map { ($0.key, TemplateSource($0.value, path: "\($0.key).mustache")) }
    return TemplateLibrary(sources: Dictionary(uniqueKeysWithValues: sources), options: options)
}

/// The one error of compiling `text` as template `t`.
func compileError(_ text: String) -> TemplateError? {
    let errors = library(["t": text]).errors
    #expect(errors.count == 1, "\(text.debugDescription) compiled with \(errors.count) errors")
    return errors.first
}

@Suite("Errors are located")
struct ErrorTests {
    func expect(_ error: TemplateError?, _ kind: TemplateError.Kind, line: Int, column: Int, length: Int,
                help: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else {
            Issue.record("no error", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.location.template == "t" && error.location.path == "t.mustache", sourceLocation: sourceLocation)
        let at: [Int] = [error.location.line, error.location.column, error.location.length]
        #expect(at == [line, column, length], "\(error)", sourceLocation: sourceLocation)
        if let help { #expect(error.help.contains(help), "\(error.help)", sourceLocation: sourceLocation) }
    }

    @Test("a section never closed points at its opening tag")
    func unclosedSection() {
        expect(compileError("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n"), .unclosedSection(name: "items"),
               line: 2, column: 3, length: 10, help: "add `{{/items}}` where the section `items` should end")
        // The innermost one that is open at the end; an inverted section, a block and a parent alike.
        expect(compileError("{{#a}}{{^b}}"), .unclosedSection(name: "b"), line: 1, column: 7, length: 6)
        expect(compileError("x\n{{$main}}"), .unclosedSection(name: "main"), line: 2, column: 1, length: 9)
        expect(compileError("{{<layout}}"), .unclosedSection(name: "layout"), line: 1, column: 1, length: 11)
    }

    @Test("a section closed with another name points at the closing tag and names the open one")
    func mismatchedClose() {
        expect(compileError("{{#a}}\n  {{#b}}x{{/a}}"), .mismatchedClose(name: "a", open: "b", openLine: 2, openColumn: 3),
               line: 2, column: 10, length: 6, help: "the section `b` opened at 2:3 is still open: close it with `{{/b}}`")
    }

    @Test("a closing tag with nothing open")
    func unexpectedClose() {
        expect(compileError("ok\nthen {{/list}}"), .unexpectedClose(name: "list"), line: 2, column: 6, length: 9,
               help: "`{{#list}}`")
    }

    @Test("an opening delimiter never closed points at it, to the end of its line")
    func unclosedTag() {
        expect(compileError("<p>\n<b>{{name</b>\n</p>"), .unclosedTag, line: 2, column: 4, length: 10)
        expect(compileError("{{{raw}}"), .unclosedTag, line: 1, column: 1, length: 8)
        expect(compileError("{{=<% %>=}}\n<%name"), .unclosedTag, line: 2, column: 1, length: 6, help: "add `%>`")
    }

    @Test("a malformed set-delimiter tag")
    func malformedDelimiters() {
        expect(compileError("a {{=<%=}}"), .malformedDelimiters(content: "<%"), line: 1, column: 3, length: 8)
        expect(compileError("{{= < % > =}}"), .malformedDelimiters(content: " < % > "), line: 1, column: 1, length: 13)
        expect(compileError("{{=a= b=}}"), .malformedDelimiters(content: "a= b"), line: 1, column: 1, length: 10)
    }

    @Test("text or a tag other than a block directly inside a parent")
    func contentInsideParent() {
        let help = "move it into a block of the parent"
        expect(compileError("{{<layout}}\n  <h1>Title</h1>\n  {{$main}}x{{/main}}\n{{/layout}}"),
               .contentInsideParent(parent: "layout"), line: 2, column: 3, length: 14, help: help)
        expect(compileError("{{<layout}}\n{{title}}\n{{/layout}}"), .contentInsideParent(parent: "layout"),
               line: 2, column: 1, length: 9, help: help)
        expect(compileError("{{<layout}}{{>header}}{{/layout}}"), .contentInsideParent(parent: "layout"),
               line: 1, column: 12, length: 11, help: help)
        expect(compileError("{{<layout}}{{#a}}{{/a}}{{/layout}}"), .contentInsideParent(parent: "layout"),
               line: 1, column: 12, length: 6, help: help)
        // Blank lines, comments and set-delimiter tags are fine; so is anything inside a block.
        #expect(library(["t": "{{<layout}}\n\n  {{! the page }}\n{{=<% %>=}}<%$main%>x <%y%><%/main%>\n<%/layout%>"]).errors.isEmpty)
    }

    @Test("a tag without a name")
    func emptyName() {
        expect(compileError("a {{ }}"), .emptyName, line: 1, column: 3, length: 5)
        expect(compileError("{{#}}{{/}}"), .emptyName, line: 1, column: 1, length: 5)
        expect(compileError("\n\n  {{>  }}"), .emptyName, line: 3, column: 3, length: 7)
        expect(compileError("{{>*}}"), .emptyName, line: 1, column: 1, length: 6)
        expect(compileError("{{{}}}"), .emptyName, line: 1, column: 1, length: 6)
    }

    @Test("sections nested deeper than the limit are an error, not a stack overflow")
    func nestingTooDeep() {
        let limit = TemplateLibrary.maxNesting
        let fine = String(repeating: "{{#a}}", count: limit) + "x" + String(repeating: "{{/a}}", count: limit)
        #expect(library(["t": fine]).errors.isEmpty)
        let deep = String(repeating: "{{#a}}", count: limit + 1) + String(repeating: "{{/a}}", count: limit + 1)
        expect(compileError(deep), .nestingTooDeep(limit: limit), line: 1, column: 6 * limit + 1, length: 6)
        let deeper = String(repeating: "{{#a}}", count: 100_000)
        expect(compileError(deeper), .nestingTooDeep(limit: limit), line: 1, column: 6 * limit + 1, length: 6)
    }

    @Test("columns and lengths count Unicode scalars, not bytes")
    func columnsInScalars() {
        expect(compileError("é€😀 {{/x}}"), .unexpectedClose(name: "x"), line: 1, column: 5, length: 6)
        expect(compileError("a\r\nb {{/ é }}"), .unexpectedClose(name: "é"), line: 2, column: 3, length: 8)
    }

    @Test("a template that does not compile is left out; the others are there")
    func failedTemplateLeftOut() throws {
        let library = library(["bad": "{{#a}}", "good": "[{{>bad}}]"])
        #expect(!library.has("bad") && library.has("good"))
        #expect(library.names == ["good"])
        #expect(library.render("good", [:]) == "[]")
        #expect(library.unknownReferences.isEmpty)
        #expect(library.errors.map(\.location.template) == ["bad"])
        #expect(throws: TemplateError.self) { try TemplateLibrary.compiled(["bad": TemplateSource("{{#a}}", path: "bad")]) }
        #expect(library.errors[0].description == "bad.mustache:1:1: error: the section `a` is never closed (help: add `{{/a}}` where the section `a` should end)")
    }
}

@Suite("What a template refers to")
struct ReferenceTests {
    @Test("partial and parent references, with locations; those no template provides")
    func references() {
        let library = library([
            "page": "{{<layout}}\n{{$main}}\n  {{>header}}\n  {{> missing }}\n{{/main}}\n{{/layout}}",
            "layout": "<main>{{$main}}{{/main}}</main>", "header": "<h1>{{title}}</h1>",
        ])
        #expect(library.errors.isEmpty)
        let references = library.references(in: "page")
        #expect(references.map(\.name) == ["layout", "header", "missing"])
        #expect(references.map(\.kind) == [.parent, .partial, .partial])
        #expect(references.map { [$0.location.line, $0.location.column, $0.location.length] as [Int] } == [[1, 1, 11], [3, 3, 11], [4, 3, 14]])
        #expect(library.unknownReferences.map(\.name) == ["missing"])
        #expect(library.unknownReferences.first?.location.description == "page.mustache:4:3")
    }

    @Test("every name tag, by index, with its kind and location")
    func nameTags() {
        let library = library(["t": "{{#doc}}\n  <h1>{{title}}</h1>{{{body}}}\n{{/doc}}{{^doc}}{{& none.at.all}}{{/doc}}{{>*which}}{{.}}"])
        let tags = library.nameTags(in: "t")
        #expect(tags.map(\.index) == Array(0..<7))
        #expect(tags.map(\.name) == ["doc", "title", "body", "doc", "none.at.all", "which", "."])
        #expect(tags.map(\.kind) == [.section, .variable, .variable, .inverted, .variable, .dynamicPartial, .variable])
        #expect(tags.map { [$0.location.line, $0.location.column, $0.location.length] as [Int] }
            == [[1, 1, 8], [2, 7, 9], [2, 21, 10], [3, 9, 8], [3, 17, 17], [3, 42, 11], [3, 53, 5]])
    }
}

@Suite("Rendering")
struct RenderTests {
    @Test("text is escaped, html never; `'` too unless the library is told not to")
    func escaping() {
        let value: TemplateValue = ["t": "<a href=\"x\">Tom & Jerry's</a>", "h": .html("<b>it's</b> & more")]
        let template = "{{t}}|{{{t}}}|{{&t}}|{{h}}|{{{h}}}"
        #expect(library(["p": template]).render("p", value)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|<a href=\"x\">Tom & Jerry's</a>|<a href=\"x\">Tom & Jerry's</a>|<b>it's</b> & more|<b>it's</b> & more")
        #expect(library(["p": "{{t}}"], options: .init(escapesApostrophe: false)).render("p", value)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry's&lt;/a&gt;")
        // Multi-byte text around the escapes is copied as it is.
        #expect(library(["p": "{{t}}"]).render("p", ["t": "«é» <€> 😀&"]) == "«é» &lt;€&gt; 😀&amp;")
        #expect(library(["p": "{{t}}"]).render("p", ["t": ""]) == "")
    }

    @Test("numbers, booleans, null, lists and objects print as documented")
    func scalars() {
        let library = library(["p": "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}} [{{i}}] [{{j}}] [{{k}}] {{l}}"])
        let value: TemplateValue = ["a": 0, "b": -42, "c": .int(Int.min), "d": 1.21, "e": 1.0, "f": -0.5, "g": 1e20,
                                    "h": true, "i": nil, "j": [1, 2], "k": ["x": 1], "l": false]
        #expect(library.render("p", value) == "0 -42 \(Int.min) 1.21 1 -0.5 1e+20 true [] [] [] false")
    }

    @Test("sections: lists iterate, objects and truthy scalars render once with the value pushed, 0 and \"\" are truthy")
    func sections() {
        let library = library(["p": "{{#l}}<{{.}}>{{/l}}{{#o}}({{k}}){{/o}}{{#s}}[{{.}}]{{/s}}{{#z}}z{{.}}{{/z}}{{#e}}e{{/e}}{{^n}}no{{/n}}{{^m}}no m{{/m}}"])
        #expect(library.render("p", ["l": [1, "a"], "o": ["k": "v"], "s": .html("<i>"), "z": 0, "e": "", "n": nil])
            == "<1><a>(v)[<i>]z0enono m")
        #expect(library.render("p", ["l": [], "m": true]) == "no")
    }

    @Test("indentation: a standalone partial's lines and a block's, not the lines of a partial included inline")
    func indentation() {
        let partials = library([
            "page": "<ul>\n  {{>items}}\n</ul>\n", "items": "<li>a</li>\n{{>inline}} <li>c</li>\n  {{>more}}\n",
            "inline": "<li>b</li>\n<li>b2</li>", "more": "<li>d</li>\n\n<li>{{{value}}}</li>\n",
        ])
        #expect(partials.render("page", ["value": "e\nf"])
            == "<ul>\n  <li>a</li>\n  <li>b</li>\n<li>b2</li> <li>c</li>\n    <li>d</li>\n\n    <li>e\nf</li>\n</ul>\n")
        let blocks = library([
            "layout": "<main>\n  {{$main}}\n  {{/main}}\n</main>\n",
            "page": "{{<layout}}\n{{$main}}\n    <h1>T</h1>\n      <p>x</p>\n{{/main}}\n{{/layout}}\n",
        ])
        #expect(blocks.render("page", nil) == "<main>\n  <h1>T</h1>\n    <p>x</p>\n</main>\n")
    }

    @Test("an unknown template renders as nothing; into a byte buffer, after what is there")
    func bytes() {
        let library = library(["p": "é{{x}}"])
        #expect(library.render("nope", ["x": 1]) == "")
        var out = Array("> ".utf8)
        library.render("p", ["x": 2], into: &out)
        library.render("p", ["x": 3], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "> é2é3")
    }

    @Test("the default theme's templates compile, and a page renders through layout, parent and partials")
    func theme() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes/default/templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        try #require(!names.isEmpty)
        var sources: [String: TemplateSource] = [:]
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            sources[String(name.dropLast(".mustache".count))] = TemplateSource(text, path: "templates/\(name)")
        }
        let library = TemplateLibrary(sources: sources)
        #expect(library.errors.isEmpty, "\(library.errors)")
        #expect(library.unknownReferences.isEmpty)
        let page = library.render("document", BenchmarkTests.page)
        #expect(page.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>Checkout runbook · Almanac</title>"))
        #expect(page.contains("<h1>Checkout runbook</h1>"))
        #expect(page.contains("<dt>Owner 3</dt><dd><a href=\"../teams/payments.html\">Payments</a></dd>"))
        #expect(page.hasSuffix("</html>\n"))
    }
}

@Suite("Bounds")
struct BoundTests {
    @Test("a partial that includes itself forever stops at the include depth")
    func selfInclusion() {
        let library = library(["p": "<{{>p}}>", "a": "a{{>b}}", "b": "b{{<a}}{{/a}}"])
        let depth = TemplateLibrary.maxIncludeDepth
        #expect(library.render("p", nil) == String(repeating: "<", count: depth + 1) + String(repeating: ">", count: depth + 1))
        #expect(library.render("a", nil) == "a" + String(repeating: "ba", count: depth / 2))
    }

    @Test("deep recursion through partials and sections stays on a small thread stack")
    func smallStack() async {
        // 64 includes of a partial that nests 8 sections each: the render depth bound cuts it at 512 levels.
        let nest = String(repeating: "{{#a}}", count: 8) + "{{>p}}" + String(repeating: "{{/a}}", count: 8)
        let library = library(["p": nest])
        let output = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: library.render("p", ["a": true])) }
            // A secondary thread's default on macOS is 512 KiB; a level takes about 0.4 KiB in a release build
            // (so 512 levels about 200 KiB), but about 1.8 KiB in a debug build.
            #if DEBUG
            thread.stackSize = 2048 * 1024
            #else
            thread.stackSize = 512 * 1024
            #endif
            thread.start()
        }
        #expect(output == "")
    }

    @Test("deeply nested data")
    func deepData() {
        var value: TemplateValue = "leaf"
        for _ in 0..<10_000 { value = ["a": value] }
        let deepData = String(repeating: "{{#a}}", count: 200) + "x" + String(repeating: "{{/a}}", count: 200)
        #expect(TemplatesTests.library(["d": deepData]).render("d", value) == "x")
    }

}

@Suite("Many threads")
struct ConcurrencyTests {
    @Test("one library renders the same page from many threads at once")
    func concurrentRenders() {
        let library = library([
            "page": "{{<layout}}{{$main}}{{#items}}{{>item}}{{/items}}{{/main}}{{/layout}}",
            "layout": "<main>\n  {{$main}}{{/main}}\n</main>\n", "item": "<li>{{name}} {{n}}</li>\n",
        ])
        let value: TemplateValue = ["items": .list((0..<200).map { ["name": .text("item <\($0)>"), "n": .int($0)] })]
        let expected = library.render("page", value)
        #expect(expected.contains("<li>item &lt;199&gt; 199</li>"))
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            var usage = NameUsage()
            var mismatches = 0
            for _ in 0..<50 {
                if library.render("page", value, usage: &usage) != expected { mismatches += 1 }
                if library.render("page", value) != expected { mismatches += 1 }
            }
            results.add(mismatches, usage)
        }
        #expect(results.mismatches == 0)
        #expect(!results.usage.isEmpty)
        #expect(library.unresolvedTags(results.usage).isEmpty)
    }

    /// What the threads found, gathered under a lock.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var mismatches = 0
        private(set) var usage = NameUsage()

        func add(_ mismatches: Int, _ usage: NameUsage) {
            lock.lock()
            defer { lock.unlock() }
            self.mismatches += mismatches
            self.usage.merge(usage)
        }
    }
}

@Suite("Name usage")
struct UsageTests {
    @Test("a typo'd name is reported at its tag; a name that resolved to null is not, nor a tag never evaluated")
    func typo() throws {
        let library = library(["page": "<h1>{{titel}}</h1>\n{{#doc}}{{subtitle}}{{summary.text}}{{/doc}}{{^doc}}{{never}}{{/doc}}{{#missing}}{{inside}}{{/missing}}"])
        var usage = NameUsage()
        _ = library.render("page", ["title": "T", "doc": ["subtitle": nil, "summary": ["txt": "s"]]], usage: &usage)
        let unresolved = library.unresolvedTags(usage)
        #expect(unresolved.map(\.name) == ["titel", "summary.text", "missing"])
        let typo = try #require(unresolved.first)
        #expect(typo.template == "page" && typo.kind == .variable)
        #expect(typo.location == TemplateLocation(template: "page", path: "page.mustache", line: 1, column: 5, length: 9))
        #expect(typo.location.path == "page.mustache")
    }

    @Test("a name unresolved in one render but resolved in another is not reported; usages merge")
    func merge() {
        let library = library(["p": "{{#items}}{{note}}{{/items}}", "q": "{{other}}"])
        var first = NameUsage(), second = NameUsage()
        _ = library.render("p", ["items": [["x": 1]]], usage: &first)
        #expect(library.unresolvedTags(first).map(\.name) == ["note"])
        _ = library.render("p", ["items": [["note": "n"]]], usage: &second)
        _ = library.render("q", [:], usage: &second)
        first.merge(second)
        #expect(library.unresolvedTags(first).map(\.name) == ["other"])
        // Recording in a usage gives the same output as not.
        var usage = NameUsage()
        #expect(library.render("p", ["items": [["note": "<n>"]]], usage: &usage) == library.render("p", ["items": [["note": "<n>"]]]))
    }

    @Test("partials, parents' blocks and dynamic partial names record in their own template")
    func acrossTemplates() {
        let library = library([
            "page": "{{<layout}}{{$main}}{{bodyy}}{{/main}}{{/layout}}{{>*which}}",
            "layout": "{{$main}}{{/main}}{{>foot}}", "foot": "{{year}}{{yeer}}",
        ])
        var usage = NameUsage()
        _ = library.render("page", ["year": 2026, "body": "b"], usage: &usage)
        #expect(library.unresolvedTags(usage).map { "\($0.template):\($0.name)" } == ["foot:yeer", "page:bodyy", "page:which"])
    }
}

@Suite("Template objects")
struct TemplateObjectTests {
    @Test("a name given twice reads as its last value; setting replaces in place, nil removes; equality ignores order")
    func fields() {
        var object: TemplateObject = ["a": 1, "b": "x", "a": 2]
        #expect(object["a"] == 2 && object["b"] == "x" && object["c"] == nil)
        object["b"] = "y"
        object["c"] = true
        #expect(object.map(\.key) == ["a", "b", "a", "c"] && object["b"] == "y")
        object["c"] = nil
        #expect(object["c"] == nil && object.count == 3)
        let one: TemplateObject = ["x": 1, "yy": "t"], other: TemplateObject = ["yy": "t", "x": 1]
        #expect(one == other && one != ["x": 1, "yy": "u"] && one != ["x": 1])
        // A key of another length is never compared byte by byte, and one of the same length still must match.
        #expect(TemplateValue.object(["ab": 1, "ba": 2])["ba"] == 2)
    }
}

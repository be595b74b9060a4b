import Testing
@testable import Markdown

@Suite("Plain text of a body for the search index")
struct SearchTextTests {
    func text(_ markdown: String, limit: Int = .max) -> String {
        MarkdownDocument(parsing: markdown).searchText(limit: limit)
    }

    @Test("inline markup is joined as written, blocks and breaks become one space, headings and raw HTML are left out")
    func joins() {
        #expect(text("# Title\n\nSome **bold** text, don't [link](x.md) & `code`!\nNext line.\n\n## Part\n\n- one\n- two\n")
                == "Some bold text, don't link & code! Next line. one two")
        #expect(text("| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw</div>\n\n```sh\nkubectl   rollout undo\n```\n")
                == "a b 1 2 kubectl rollout undo")
        #expect(text("") == "")
    }

    @Test("the limit cuts at a word boundary near it, never above it")
    func limit() {
        let body = String(repeating: "lorem ipsum ", count: 100)
        let cut = text(body, limit: 50)
        #expect(cut.count <= 50 && cut.count >= 40)
        #expect(!cut.hasSuffix(" ") && (cut.hasSuffix("lorem") || cut.hasSuffix("ipsum")))
        #expect(text(String(repeating: "x", count: 80), limit: 30).count == 30)
    }

    @Test("the sections: the text before the first heading, then the text under each heading, one per heading")
    func sections() {
        let doc = MarkdownDocument(parsing: "Intro *text*.\n\n# One\n\nFirst **part**.\n\n## Two\n\n> quoted\n> ## Inner\n> more\n\n### Three\n")
        #expect(doc.searchSections == ["Intro text.", "First part.", "quoted", "more", ""])
        #expect(doc.searchSections.count == doc.headings.count + 1)
        #expect(doc.headings.map(\.text) == ["One", "Two", "Inner", "Three"])
        #expect(MarkdownDocument(parsing: "# Only").searchSections == ["", ""])
        #expect(MarkdownDocument(parsing: "").searchSections == [""])
        let long = String(repeating: "word ", count: 2_000) + "tail"
        #expect(MarkdownDocument(parsing: long).searchSections == [long], "the whole body, not a first part")
    }
}

import Diagnostics
import Testing
@testable import Site

@Suite("Themes and escaping")
struct ThemeTests {
    @Test("a site overrides a template by putting one of the same name in Content/_theme/templates")
    func templateOverride() throws {
        let site = try Fixture(minimalSite + """

        -- _theme/templates/page.mustache --
        {{<document}}{{$details}}<p class="custom-marker">Custom page: {{doc.title}}</p>{{/details}}{{/document}}
        -- _theme/assets/extra.css --
        body { color: red; }
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("pages/welcome/index.html"))
        #expect(page.contains("<p class=\"custom-marker\">Custom page: Welcome</p>"))
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(!runbook.contains("custom-marker"), "other kinds keep the theme's template")
        #expect(site.read("assets/extra.css") == "body { color: red; }\n")
    }

    @Test("the feed and the sitemap are templates a site overrides; a typo in one is E0906 at its tag")
    func feedAndSitemapTemplates() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "title: Test Almanac\n", with: "title: Test Almanac\nbase_url: https://kb.example.com/\n") + """

        -- _theme/templates/feed.mustache --
        <feed>{{#entries}}<e>{{title}}</e>{{/entries}}</feed>
        -- _theme/templates/sitemap.mustache --
        <urls>{{#urls}}<u>{{loc}}</u>{{/urls}}</urls>
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        let feed = try #require(site.read("feed.xml"))
        #expect(feed.hasPrefix("<feed><e>") && feed.contains("API outage"))
        let sitemap = try #require(site.read("sitemap.xml"))
        #expect(sitemap.hasPrefix("<urls><u>https://kb.example.com/</u>"))

        try site.write("-- _theme/templates/sitemap.mustache --\n<urls>{{#urls}}<u>{{lok}}</u>{{/urls}}</urls>\n")
        let typo = site.build()
        let error = try #require(typo.diagnostics(.unknownTemplateName).first)
        #expect(error.location?.file.hasSuffix("_theme/templates/sitemap.mustache") == true)
        #expect(error.location?.column == 19)
        #expect(error.help?.contains("loc") == true, "\(error.help ?? "")")
        #expect(!typo.succeeded)
    }

    @Test("a key a view has no value for is null, so a template never reads an outer value of that name")
    func nullStopsTheLookup() throws {
        // The page has facts and each section an id; a section without facts, a row without an id must show none.
        let site = try Fixture(minimalSite + """

        -- _theme/templates/runbook.mustache --
        {{<document}}{{$trailing}}{{#trailing}}<s id="{{id}}">[{{#facts}}F{{/facts}}|{{#table}}{{#rows}}<r{{#id}} id="{{id}}"{{/id}}>{{/rows}}{{/table}}]</s>{{/trailing}}{{/trailing}}{{/document}}
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("runbooks/api-down/index.html"))
        #expect(page.contains("<s id=\"section-failure-modes\">[|<r>]</s>"))
    }

    @Test("a template that does not parse is an operator-fixable error")
    func brokenTemplate() throws {
        let site = try Fixture(minimalSite + "\n-- _theme/templates/page.mustache --\n{{#doc}}unclosed\n")
        defer { site.cleanUp() }
        let result = site.build()
        let error = try #require(result.diagnostics(.templateSyntax).first)
        #expect(error.class == .operatorFixable)
        #expect(error.location?.file.hasSuffix("_theme/templates/page.mustache") == true)
    }

    @Test("hostile strings in titles, fields and bodies are escaped where they land")
    func escaping() throws {
        let site = try Fixture(minimalSite + """

        -- pages/evil.md --
        ---
        title: "<script>alert('t')</script> & \\"quotes\\""
        summary: "<img src=x onerror=alert(1)>"
        tags: ["<b>tag</b>", "a\\"b"]
        ---
        # Heading <i>x</i>

        <script>alert('body')</script>

        <div onclick="x()">raw block</div>

        [click](javascript:alert(1)) and ![img](javascript:alert(2))

        Inline <span onmouseover="y()">html</span>.
        -- services/db.md --
        ---
        title: Database
        owner: "@alice"
        tier: 1
        lifecycle: production
        dashboards: [{ title: "</a><script>x</script>", url: "https://example.com/'onmouseover='alert(3)" }]
        ---
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        let page = try #require(site.read("pages/evil/index.html"))
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("onclick"))
        #expect(!page.contains("onmouseover"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(page.contains("<!-- raw HTML omitted -->"))
        let db = try #require(site.read("services/db/index.html"))
        #expect(!db.contains("<script>"))
        #expect(!db.contains("'onmouseover"))
        #expect(db.contains("https://example.com/&#39;onmouseover=&#39;alert(3)"))
        let json = try #require(site.read("api/page/evil.json"))
        #expect(json.contains("\\u003cscript\\u003e"))
        let tags = try #require(site.read("tags/index.html"))
        #expect(!tags.contains("<b>tag</b>"))
    }

    @Test("raw HTML passes only when almanac.yaml turns it on")
    func rawHTMLSetting() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "cohorts: [everyone, moderators]", with: "cohorts: [everyone, moderators]\nmarkdown: { raw_html: true }") + """

        -- pages/raw.md --
        ---
        title: Raw
        ---
        <details><summary>More</summary>Hidden</details>

        <script>bad()</script>
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("pages/raw/index.html"))
        #expect(page.contains("<details><summary>More</summary>Hidden</details>"))
        #expect(page.contains("&lt;script&gt;bad()"), "the sanitizer shows <script> as text")
    }
}

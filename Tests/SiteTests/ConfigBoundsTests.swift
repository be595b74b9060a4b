import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

/// Every number of the configuration and of the content model has a domain: a value outside it is a located
/// diagnostic, never a trap (`Day.adding(days:)` used to trap on `review_every_days: 9223372036854775807`).
@Suite("Bounds of numbers and dates")
struct ConfigBoundsTests {
    /// Int.max, Int.min, more digits than an Int holds (either sign), negative, zero, one past ten years.
    static let extremes = ["9223372036854775807", "-9223372036854775808", "99999999999999999999", "-99999999999999999999",
                           "-1", "0", "3651"]

    /// Each number of almanac.yaml, written with `X` for the value; all on line 3.
    static let configNumbers = [
        "runbooks: { review_every_days: X }",
        "flags: { lifetime_days: { release: X } }",
        "flags: { lifetime_days: { experiment: X } }",
        "flags: { lifetime_days: { operational: X } }",
        "experiments: { min_days: X }",
        "experiments: { alpha: X }",
        "experiments: { power: X }",
        "experiments: { srm_p: X }",
    ]

    @Test("the sequential tuning and the prior's sd must be above 0; a prior needs both its mean and sd")
    func gbstatsSettingsAreBounded() throws {
        for (template, value) in [("experiments: { sequential_tuning: X }", "0"), ("experiments: { sequential_tuning: X }", "-5"),
                                  ("experiments: { prior: { mean: 0, sd: X } }", "0")] {
            let text = "title: T\nenvironments: [production]\n" + template.replacingOccurrences(of: "X", with: value) + "\n"
            let (config, diagnostics) = SiteConfig.parse(text, file: "almanac.yaml")
            #expect(config == nil, "\(value) was accepted in \(template)")
            let d = try #require(diagnostics.first)
            #expect(diagnostics.count == 1 && d.code == .configInvalid && d.message.contains("must be above 0"), "\(d)")
            let column = try #require(template.firstIndex(of: "X")).utf16Offset(in: template) + 1
            #expect(d.location?.line == 3 && d.location?.column == column, "\(d)")
            #expect(d.help?.contains(template.contains("sd") ? "sd: 0.3" : "sequential_tuning: 5000") == true, "\(d)")
        }
        let (missing, problems) = SiteConfig.parse("title: T\nenvironments: [production]\nexperiments: { prior: { mean: 0 } }\n", file: "almanac.yaml")
        #expect(missing == nil && problems.first?.message == "missing required field `experiments.prior.sd`", "\(problems)")
        let (config, none) = SiteConfig.parse("title: T\nenvironments: [production]\nexperiments: { sequential_tuning: 1000, prior: { mean: 0.01, sd: 0.2 } }\n",
                                              file: "almanac.yaml")
        #expect(none.isEmpty && config?.sequentialTuning == 1000 && config?.prior?.mean == 0.01 && config?.prior?.sd == 0.2)
    }

    @Test(arguments: configNumbers)
    func everyNumberOfTheConfigurationIsBounded(_ template: String) throws {
        let column = try #require(template.firstIndex(of: "X")).utf16Offset(in: template) + 1
        for value in Self.extremes {
            let text = "title: T\nenvironments: [production]\n" + template.replacingOccurrences(of: "X", with: value) + "\n"
            let (config, diagnostics) = SiteConfig.parse(text, file: "almanac.yaml")
            #expect(config == nil, "\(value) was accepted in \(template)")
            let d = try #require(diagnostics.first, "\(template) with \(value)")
            #expect(diagnostics.count == 1 && d.code == .configInvalid)
            #expect(d.location?.line == 3 && d.location?.column == column, "\(template) with \(value): \(d)")
            #expect(d.expected?.contains(template.contains("_days") ? "from 1 to 3,650" : "between 0 and 1") == true, "\(d)")
            #expect(d.found?.contains(value) == true, "\(d)")
            #expect(d.help?.isEmpty == false, "\(template) with \(value) has no help")
        }
    }

    @Test("the crash of issue 11: review_every_days of Int.max is a located error of the build, not a trap")
    func reviewEveryDaysOfIntMaxFailsTheBuild() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("-- almanac.yaml --\ntitle: T\nenvironments: [staging, production]\nrunbooks: { review_every_days: 9223372036854775807 }\n")
        let result = site.build()
        #expect(!result.succeeded && result.exitStatus == 2)
        let d = try #require(result.diagnostics(.configInvalid).first, "\(result.report)")
        #expect(d.location?.file.hasSuffix("almanac.yaml") == true && d.location?.line == 3 && d.location?.column == 32)
        #expect(d.message == "`runbooks.review_every_days` must be from 1 to 3,650 days")
        #expect(d.help == "write a number of days in that range, such as `review_every_days: 90`")
    }

    /// Each whole number of the front matter that feeds date arithmetic or a sum, with `X` for the value.
    static let frontMatterNumbers: [(file: String, text: String)] = [
        ("runbooks/api-down.md", "---\ntitle: API down\nowner: core\nservices: [api]\nlast_reviewed: 2026-10-01\nreview_every_days: X\n---\n"),
        ("experiments/editor-test.md", experiment(traffic: "X", units: "100", conversions: "10")),
        ("experiments/editor-test.md", experiment(traffic: "5000", units: "X", conversions: "10")),
        ("experiments/editor-test.md", experiment(traffic: "5000", units: "100", conversions: "X")),
        ("postmortems/outage.md", """
            ---
            title: API outage
            owner: core
            severity: sev2
            status: draft
            services: [api]
            timeline: { started: 2026-10-05T10:00:00Z, detected: 2026-10-05T10:07:30Z, mitigated: 2026-10-05T10:45:00Z, resolved: 2026-10-05T12:00:00Z }
            impact: { summary: Errors, users_affected: X }
            root_causes: [A bad deploy]
            ---

            """),
    ]

    /// The experiment of `minimalSite` with the given traffic, and results giving both variants the same figures.
    static func experiment(traffic: String, units: String, conversions: String) -> String {
        let design = minimalSite.components(separatedBy: "-- experiments/editor-test.md --\n")[1].components(separatedBy: "\n---\n-- ")[0]
        return design.replacingOccurrences(of: "daily_traffic: 5000", with: "daily_traffic: \(traffic)") + """

            results:
              as_of: 2026-11-01
              variants:
                control: { units: \(units), metrics: { posts: { conversions: \(conversions) } } }
                treatment: { units: \(units), metrics: { posts: { conversions: \(conversions) } } }
            ---

            """
    }

    @Test(arguments: 0..<frontMatterNumbers.count)
    func everyNumberOfTheFrontMatterIsBounded(_ index: Int) throws {
        let (file, template) = Self.frontMatterNumbers[index]
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("X") }) + 1
        let column = try #require(lines[line - 1].firstIndex(of: "X")).utf16Offset(in: lines[line - 1]) + 1
        for value in ["9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "1000000000001"] {
            let site = try Fixture(minimalSite)
            defer { site.cleanUp() }
            try site.write("-- \(file) --\n" + template.replacingOccurrences(of: "X", with: value))
            let result = site.build()
            #expect(!result.succeeded, "\(file) accepted \(value)")
            let errors = result.errors.filter { $0.location?.file.hasSuffix(file) == true }
            #expect(errors.contains { $0.location?.line == line && $0.location?.column == column && $0.code == .outOfRange && $0.help != nil },
                    "\(file) with \(value): \(result.report)")
        }
    }

    @Test("the ends of every domain are taken, and a site at the ends of the calendar builds")
    func theEndsOfEveryDomainBuild() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("""
            -- almanac.yaml --
            title: T
            environments: [staging, production]
            cohorts: [everyone, moderators]
            runbooks: { review_every_days: 3650 }
            flags: { lifetime_days: { release: 1, experiment: 3650, operational: 1 } }
            experiments: { min_days: 3650 }
            -- runbooks/db-slow.md --
            ---
            title: DB slow
            owner: core
            services: [db]
            last_reviewed: 9999-12-31
            review_every_days: 3650
            last_drill: 0001-01-01
            ---
            ## Diagnose
            -- experiments/editor-test.md --
            \(Self.experiment(traffic: "1000000000000", units: "1000000000000", conversions: "1000000000000"))
            -- sprints/s1.md --
            ---
            title: Sprint 1
            start: 0001-01-01
            end: 9999-12-31
            goals:
              - { title: Launch the editor, rollout: editor-launch, status: done }
            ---
            """)
        for asOf in ["0001-01-01", "9999-12-31"] {
            let result = site.build(asOf: asOf)
            let succeeded = result.succeeded
            #expect(succeeded, "as of \(asOf): \(result.report)")
            #expect(site.read("runbooks/db-slow/index.html")?.contains("10009-12-28") == true, "the review is due ten years after 9999")
        }
    }

    @Test("a results file with counts too large for their sums is a located error")
    func resultsFileCountsAreBounded() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let design = Self.experiment(traffic: "5000", units: "1", conversions: "1")
        let withoutResults = design.components(separatedBy: "\nresults:")[0] + "\nresults_file: experiments/data/t.csv\n---\n"
        try site.write("""
            -- experiments/editor-test.md --
            \(withoutResults)
            -- experiments/data/t.csv --
            variant,metric,units,conversions,mean,sd
            control,posts,9223372036854775807,10,,
            treatment,posts,9223372036854775807,10,,
            """)
        let result = site.build()
        let errors = result.diagnostics(.resultsFileNumber)
        #expect(errors.map { [$0.location?.line, $0.location?.column] } == [[2, 15], [3, 17]], "\(result.report)")
        #expect(errors.first?.help?.contains("1,000,000,000,000") == true)
    }

    @Test("year 0000 is refused at the value, in a date and in a date-time")
    func yearZeroIsRefused() throws {
        #expect(Day("0000-03-01") == nil && Day("0001-01-01") != nil && Day("9999-12-31") != nil)
        #expect(Instant("0000-01-01T00:00:00Z") == nil)
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("-- runbooks/db-slow.md --\n---\ntitle: DB slow\nowner: core\nservices: [db]\nlast_reviewed: 0000-03-01\n---\n")
        let result = site.build()
        let d = try #require(result.diagnostics(.invalidDate).first, "\(result.report)")
        #expect(d.location?.line == 5 && d.location?.column == 16)
        #expect(d.expected == "a year from 0001 to 9999" && d.help == "write the year in full, such as `2026-03-01`")

        let (config, problems) = SiteConfig.parse("title: T\nenvironments: [production]\nas_of: 0000-01-01\n", file: "almanac.yaml")
        #expect(config == nil && problems.first?.location?.line == 3 && problems.first?.location?.column == 8)
    }

    @Test("date arithmetic saturates instead of trapping")
    func dateArithmeticNeverTraps() {
        let last = Day(daysSinceEpoch: .max), first = Day(daysSinceEpoch: .min)
        #expect(last.daysSinceEpoch == Day.representable.upperBound && first.daysSinceEpoch == Day.representable.lowerBound)
        #expect(last.adding(days: .max) == last && first.adding(days: .min) == first)
        #expect(Day("9999-12-31")!.adding(days: .max) == last && Day("0001-01-01")!.adding(days: .min) == first)
        #expect(last.days(since: first) == Day.representable.upperBound - Day.representable.lowerBound)
        #expect(first.days(since: last) < 0)
        #expect(last.description == "999999-12-31" && first.description == "-999999-01-01")
        #expect(!last.readable.isEmpty)
        let instant = Instant("2026-01-01T00:00:00Z")!
        var far = instant
        far.secondsSinceEpoch = .greatestFiniteMagnitude
        #expect(far.minutes(since: instant) > 0 && far.day == last && !far.readable.isEmpty)
        far.secondsSinceEpoch = .nan
        #expect(far.minutes(since: instant) == 0)
    }

    @Test("almanac new takes any number of a site's schema without trapping")
    func scaffoldOfHugeSchemaNumbers() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("""
            -- _schemas/runbook.schema.json --
            {
              "properties": {
                "pages": { "type": "integer", "minimum": 1e300 },
                "share": { "type": "number", "minimum": -1e300 },
                "regions": { "type": "array", "items": { "type": "string" }, "minItems": 1e300 },
                "note": { "type": "string", "minLength": 9223372036854775807 }
              },
              "required": ["pages", "share", "regions", "note"]
            }
            """)
        let text = try Scaffold.create(kind: .runbook, slug: "huge", content: site.content, date: Day("2026-11-25")!).text
        #expect(text.contains("pages: 1e+300") && text.contains("share: -1e+300"), "\(text)")
        #expect(text.count < 10_000, "placeholders are bounded: \(text.count) characters")
    }

    // MARK: base_url

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)//", "vbscript:x", "data:text/html,x", "//evil.example/",
                      "docs/", "https://", "https:///x", "/a b/", "/a\"b/", "/a<b>/", "/a?q=1", "/a#x", "/ü/", "/a%zz/", "ftp://x/"])
    func unsafeBaseURLsAreRefused(_ url: String) throws {
        let (config, diagnostics) = SiteConfig.parse("title: T\nenvironments: [production]\nbase_url: '\(url)'\n", file: "almanac.yaml")
        #expect(config == nil)
        let d = try #require(diagnostics.first)
        #expect(d.code == .configInvalid && d.location?.line == 3 && d.location?.column == 11)
        #expect(d.expected == SiteConfig.baseURLExpectation && d.help != nil)
        #expect(SiteConfig.baseURLProblem(url) != nil)
    }

    @Test(arguments: ["/", "/docs", "/docs/", "/a%20b/", "https://kb.example.com", "http://localhost:4000/x/", "HTTPS://KB.example.com/a&b/"])
    func pathsAndHTTPURLsAreTaken(_ url: String) {
        let (config, diagnostics) = SiteConfig.parse("title: T\nenvironments: [production]\nbase_url: '\(url)'\n", file: "almanac.yaml")
        #expect(diagnostics.isEmpty && config?.baseURL.hasSuffix("/") == true)
    }

    @Test("the base URL is escaped where it lands: pages, feed and sitemap")
    func baseURLIsEscapedWhereItLands() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let result = site.build(baseURL: "https://kb.example.com/a&b/")
        #expect(result.succeeded, "\(result.report)")
        for file in ["index.html", "feed.xml", "sitemap.xml"] {
            let text = try #require(site.read(file), "\(file)")
            #expect(text.contains("https://kb.example.com/a&amp;b/"), "\(file)")
            #expect(!text.contains("https://kb.example.com/a&b/"), "\(file) has the base unescaped")
        }
    }
}

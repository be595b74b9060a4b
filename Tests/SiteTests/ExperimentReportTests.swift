import Diagnostics
import Foundation
import Testing
@testable import Site

/// Fixture experiments with known answers. The expected figures come from scipy 1.17 and statsmodels
/// (`ttest_ind_from_stats(equal_var=False)`, `proportions_ztest`, `chisquare`, `multipletests(method="holm")`,
/// and the delta-method interval written out), computed once by hand and written here.
@Suite("Experiment reports")
struct ExperimentReportTests {
    static func experiment(_ slug: String, _ body: String) -> String {
        """
        -- experiments/\(slug).md --
        ---
        title: \(slug)
        owner: core
        hypothesis: It helps.
        \(body)
        ---
        """
    }

    static let proportion = "primary_metric: { name: clicks, kind: proportion, baseline: 0.2, expected_lift: 0.05, direction: increase }"
    static let twoVariants = """
        variants:
          - { name: control, weight: 50, control: true }
          - { name: green, weight: 50 }
        """

    static let sites = minimalSite + "\n" + [
        experiment("srm", """
            status: running
            surface: checkout
            start: 2026-11-01
            daily_traffic: 10000
            \(twoVariants)
            \(proportion)
            results:
              as_of: 2026-11-20
              variants:
                control: { units: 50000, metrics: { clicks: { conversions: 10000 } } }
                green: { units: 48500, metrics: { clicks: { conversions: 10100 } } }
            """),
        experiment("guardrail", """
            status: concluded
            surface: profile
            start: 2026-10-01
            end: 2026-10-31
            daily_traffic: 5000
            \(twoVariants)
            primary_metric: { name: minutes, kind: mean, baseline: 12, sd: 8, expected_lift: 0.02, direction: increase }
            guardrails:
              - { metric: crash_rate, kind: proportion, max_regression: 0.05, bad_direction: increase }
            results:
              as_of: 2026-10-31
              variants:
                control: { units: 20000, metrics: { minutes: { mean: 12.0, sd: 8.0 }, crash_rate: { conversions: 400 } } }
                green: { units: 20100, metrics: { minutes: { mean: 12.3, sd: 8.1 }, crash_rate: { conversions: 520 } } }
            decision: iterate
            """),
        experiment("premature", """
            status: running
            surface: search
            start: 2026-11-20
            daily_traffic: 1000
            \(twoVariants)
            \(proportion)
            results:
              as_of: 2026-11-23
              variants:
                control: { units: 1500, metrics: { clicks: { conversions: 300 } } }
                green: { units: 1500, metrics: { clicks: { conversions: 330 } } }
            """),
        experiment("three", """
            status: running
            surface: onboarding
            start: 2026-10-01
            daily_traffic: 10000
            variants:
              - { name: control, weight: 34, control: true }
              - { name: a, weight: 33 }
              - { name: b, weight: 33 }
            \(proportion)
            results:
              as_of: 2026-10-20
              variants:
                control: { units: 10000, metrics: { clicks: { conversions: 2000 } } }
                a: { units: 10000, metrics: { clicks: { conversions: 2150 } } }
                b: { units: 10000, metrics: { clicks: { conversions: 2080 } } }
            """),
        experiment("zero", """
            status: running
            surface: settings
            start: 2026-10-01
            daily_traffic: 10000
            variants:
              - { name: control, weight: 34, control: true }
              - { name: a, weight: 33 }
              - { name: empty, weight: 33 }
            \(proportion)
            results:
              as_of: 2026-10-20
              variants:
                control: { units: 1000, metrics: { clicks: { conversions: 0 } } }
                a: { units: 1000, metrics: { clicks: { conversions: 5 } } }
                empty: { units: 0, metrics: { clicks: { conversions: 0 } } }
            """),
        experiment("overlap-a", """
            status: running
            surface: digest
            start: 2026-11-01
            daily_traffic: 10000
            \(twoVariants)
            \(proportion)
            """),
        experiment("overlap-b", """
            status: running
            surface: digest
            start: 2026-11-05
            daily_traffic: 10000
            segments: { locale: [de] }
            \(twoVariants)
            \(proportion)
            """),
        // A second surface, whose later-starting experiment comes first by name.
        experiment("overlap-c", """
            status: running
            surface: search-box
            start: 2026-11-03
            daily_traffic: 10000
            \(twoVariants)
            \(proportion)
            """),
        experiment("overlap-d", """
            status: running
            surface: search-box
            start: 2026-11-02
            daily_traffic: 10000
            \(twoVariants)
            \(proportion)
            """),
    ].joined(separator: "\n")

    /// The `computed` object of an experiment's JSON export.
    static func computed(_ site: Fixture, _ slug: String) throws -> [String: Any] {
        let text = try #require(site.read("api/experiment/\(slug).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(json["computed"] as? [String: Any])
    }

    static func close(_ a: Any?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a = a as? Double else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func comparisons(_ c: [String: Any]) -> [[String: Any]] { c["comparisons"] as? [[String: Any]] ?? [] }

    @Test("known answers: SRM, a failed guardrail, premature results, three variants, zero conversions, overlaps")
    func knownAnswers() throws {
        let site = try Fixture(Self.sites)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.errors.isEmpty, "\(result.report)")

        let srm = try Self.computed(site, "srm")
        #expect(srm["sample_size_per_variant"] as? Int == 25256)
        #expect(srm["min_days"] as? Int == 7)
        #expect(Self.close(srm["srm_p"], 1.758213586906355e-06, 1e-7))
        #expect(srm["srm"] as? Bool == true)
        let s = try #require(Self.comparisons(srm).first)
        #expect(Self.close(s["lift"], 0.04123711340206185))
        #expect(Self.close(s["ci_low"], 0.015553066583457606))
        #expect(Self.close(s["ci_high"], 0.06692116022066609))
        #expect(Self.close(s["p_value"], 0.0013228797785241877))
        #expect(s["significant"] as? Bool == true)
        // The experiment `zero` has a variant without units: a mismatch too.
        #expect(result.diagnostics(.sampleRatioMismatch).compactMap { $0.location?.file.split(separator: "/").last }.sorted()
                == ["srm.md", "zero.md"])
        let srmPage = try #require(site.read("experiments/srm/index.html"))
        #expect(srmPage.contains("banner-danger") && srmPage.contains("Sample-ratio mismatch"))

        let guardrail = try Self.computed(site, "guardrail")
        #expect(guardrail["sample_size_per_variant"] as? Int == 17442)
        #expect(guardrail["min_days"] as? Int == 7)
        #expect(guardrail["srm"] as? Bool == false)
        let primary = try #require(Self.comparisons(guardrail).first { $0["metric"] as? String == "minutes" })
        #expect(Self.close(primary["lift"], 0.025))
        #expect(Self.close(primary["ci_low"], 0.011704289799959298))
        #expect(Self.close(primary["ci_high"], 0.03829571020004082))
        #expect(Self.close(primary["p_value"], 0.00019072830273932702))
        let rail = try #require((guardrail["guardrails"] as? [[String: Any]])?.first)
        #expect(rail["result"] as? String == "fail")
        #expect(Self.close(rail["lift"], 0.29353233830845765))
        #expect(Self.close(rail["bound"], 0.43343098829203))
        let guardrailPage = try #require(site.read("experiments/guardrail/index.html"))
        #expect(guardrailPage.contains("badge-stale\">fail</span>"))

        let premature = try Self.computed(site, "premature")
        #expect(premature["min_days"] as? Int == 51)
        #expect(premature["days_run"] as? Int == 3)
        #expect(premature["premature"] as? Bool == true)
        #expect(try #require(site.read("experiments/premature/index.html")).contains("Premature."))

        let three = try Self.computed(site, "three")
        let byVariant = Dictionary(uniqueKeysWithValues: Self.comparisons(three).map { ($0["variant"] as? String ?? "", $0) })
        #expect(Self.close(byVariant["a"]?["p_value"], 0.008907673122574964))
        #expect(Self.close(byVariant["b"]?["p_value"], 0.16038021106566025))
        #expect(Self.close(byVariant["a"]?["p_value_holm"], 0.01781534624514993, 1e-8))
        #expect(Self.close(byVariant["b"]?["p_value_holm"], 0.16038021106566025))
        #expect(three["multiple_comparisons_corrected"] as? Bool == false)
        #expect(try #require(site.read("experiments/three/index.html")).contains("not corrected for multiple comparisons"))

        // Edge cases are answered, not NaN: an undefined lift says why; a variant without units says so.
        let zero = try Self.computed(site, "zero")
        let z = Dictionary(uniqueKeysWithValues: Self.comparisons(zero).map { ($0["variant"] as? String ?? "", $0) })
        #expect(z["a"]?["lift"] is NSNull)
        #expect((z["a"]?["notes"] as? [String])?.contains { $0.contains("relative lift is undefined") } == true)
        #expect((z["a"]?["notes"] as? [String])?.contains { $0.contains("normal approximation") } == true)
        #expect((z["empty"]?["notes"] as? [String]) == ["this variant has no units yet"])
        let zeroJSON = try #require(site.read("api/experiment/zero.json"))
        #expect(!zeroJSON.contains("NaN") && !zeroJSON.contains("nan") && !zeroJSON.contains("inf"))

        #expect(try Self.computed(site, "overlap-a")["overlaps"] as? [String] == ["overlap-b"])
        #expect(try Self.computed(site, "overlap-b")["overlaps"] as? [String] == ["overlap-a"])
        #expect(try Self.computed(site, "overlap-c")["overlaps"] as? [String] == ["overlap-d"])
        #expect(try Self.computed(site, "overlap-d")["overlaps"] as? [String] == ["overlap-c"])
        // Pairs only within a surface, reported at the one that started later, in document order.
        let overlap = result.diagnostics(.overlappingExperiments)
        #expect(overlap.compactMap { $0.location?.file.split(separator: "/").last } == ["overlap-b.md", "overlap-c.md"])
        for slug in ["overlap-a", "overlap-b", "overlap-c", "overlap-d"] {
            #expect(try #require(site.read("experiments/\(slug)/index.html")).contains("Overlapping experiments."))
        }
        let index = try #require(site.read("experiments/index.html"))
        #expect(index.contains(">SRM<") && index.contains("1 guardrail failed") && index.contains(">overlaps<"))
    }

    /// The figures of gbstats 0.8.0 on the `srm` and `guardrail` experiments' results (SequentialTwoSidedTTest,
    /// EffectBayesianABTest, `inverse` for the guardrail whose bad direction is an increase), computed once with
    /// `.build/gbstats-venv` (see scripts/gbstats-vectors.py) and written here.
    @Test("each comparison carries gbstats' sequential and Bayesian readings; almanac.yaml tunes them")
    func sequentialAndBayesian() throws {
        let site = try Fixture(Self.sites)
        defer { site.cleanUp() }
        #expect(site.build().errors.isEmpty)
        let s = try #require(Self.comparisons(try Self.computed(site, "srm")).first)
        #expect(Self.close(s["seq_ci_low"], -0.0024626209599048834) && Self.close(s["seq_ci_high"], 0.08493684776402857))
        #expect(Self.close(s["seq_p_value"], 0.09157646772904979))
        #expect(Self.close(s["chance_to_win"], 0.9991747376237181))
        #expect(Self.close(s["risk_control"], 0.041240066504044916) && Self.close(s["risk_treatment"], 2.9531019830687353e-06))
        #expect(Self.close(s["bayes_ci_low"], 0.015553066583457602) && Self.close(s["bayes_ci_high"], 0.06692116022066609))
        let crash = try #require(Self.comparisons(try Self.computed(site, "guardrail")).first { $0["metric"] as? String == "crash_rate" })
        #expect(Self.close(crash["chance_to_win"], 0.0002790535332262145), "lower is better for a guardrail that must not rise")
        #expect(Self.close(crash["risk_control"], 6.033175977023401e-06) && Self.close(crash["risk_treatment"], 0.2935383714844347))
        let page = try #require(site.read("experiments/srm/index.html"))
        #expect(page.contains("Known now (sequential), green: ") && page.contains("not yet distinguishable from the control"))
        #expect(page.contains("a &gt;\u{00A0}99.9\u{00A0}% chance to beat the control"))
        #expect(page.contains("id=\"section-sequential-and-bayesian-readings\""))

        let tuned = try Fixture(Self.sites.replacingOccurrences(of: "cohorts: [everyone, moderators]",
                                                              with: "cohorts: [everyone, moderators]\nexperiments: { sequential_tuning: 1000, prior: { mean: 0, sd: 0.05 } }"))
        defer { tuned.cleanUp() }
        #expect(tuned.build().errors.isEmpty)
        let t = try #require(Self.comparisons(try Self.computed(tuned, "srm")).first)
        #expect(Self.close(t["seq_ci_low"], -0.005408499387053768) && Self.close(t["seq_p_value"], 0.19917867095114894))
        #expect(Self.close(t["chance_to_win"], 0.9988327913142016))
    }

    /// CUPED, a ratio guardrail, a p95 guardrail, segments and a pilot, against gbstats 0.8.0 (TwoSidedTTest with
    /// regression-adjusted, ratio and quantile statistics; SequentialTwoSidedTTest; EffectBayesianABTest, `inverse` for
    /// the latency) and scipy's chi-square for Cochran's Q, computed once with `.build/gbstats-venv` and written here.
    @Test("CUPED, ratio and quantile metrics, segments and pilots equal gbstats' figures and are shown")
    func growthBookMetrics() throws {
        let site = try Fixture(minimalSite + "\n" + Self.experiment("rich", """
            status: running
            surface: profile
            start: 2026-11-01
            daily_traffic: 20000
            segments: { lifecycle: [newcomers, regulars] }
            \(Self.twoVariants)
            primary_metric: { name: minutes, kind: mean, baseline: 12, sd: 8, expected_lift: 0.02, direction: increase }
            pilot: rich-pilot
            guardrails:
              - { metric: clicks_per_session, kind: ratio, max_regression: 0.05, bad_direction: decrease }
              - { metric: latency_p95, kind: quantile, quantile: 0.95, max_regression: 0.05, bad_direction: increase }
            results:
              as_of: 2026-11-20
              variants:
                control:
                  units: 10000
                  metrics:
                    minutes: { mean: 12, sd: 8, pre_mean: 11.5, pre_sd: 7.5, covariance: 40 }
                    clicks_per_session: { numerator_mean: 3.0, numerator_sd: 2.0, denominator_mean: 1.5, denominator_sd: 0.8, covariance: 1.0 }
                    latency_p95: { estimate: 400, lower: 396, upper: 404, events: 50000 }
                green:
                  units: 10100
                  metrics:
                    minutes: { mean: 12.4, sd: 8.2, pre_mean: 11.6, pre_sd: 7.6, covariance: 42 }
                    clicks_per_session: { numerator_mean: 3.2, numerator_sd: 2.1, denominator_mean: 1.52, denominator_sd: 0.82, covariance: 1.1 }
                    latency_p95: { estimate: 410, lower: 406, upper: 414.5, events: 50500 }
              segments:
                lifecycle=newcomers:
                  control: { units: 4000, metrics: { minutes: { mean: 11.0, sd: 8.0 } } }
                  green: { units: 4050, metrics: { minutes: { mean: 11.8, sd: 8.3 } } }
                lifecycle=regulars:
                  control: { units: 6000, metrics: { minutes: { mean: 12.7, sd: 7.9 } } }
                  green: { units: 6050, metrics: { minutes: { mean: 12.8, sd: 8.1 } } }
            """) + "\n" + Self.experiment("rich-pilot", """
            status: pilot
            surface: profile pilot
            start: 2026-10-01
            end: 2026-10-10
            daily_traffic: 2000
            \(Self.twoVariants)
            primary_metric: { name: minutes, kind: mean, baseline: 12, sd: 8, expected_lift: 0.02, direction: increase }
            results:
              as_of: 2026-10-10
              variants:
                control: { units: 2000, metrics: { minutes: { mean: 11.0, sd: 9.0 } } }
                green: { units: 2000, metrics: { minutes: { mean: 11.2, sd: 9.1 } } }
            """))
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let computed = try Self.computed(site, "rich")
        let all = Self.comparisons(computed)
        let minutes = try #require(all.first { $0["metric"] as? String == "minutes" })
        #expect(Self.close(minutes["cuped_lift"], 0.027338175727059877))
        #expect(Self.close(minutes["cuped_ci_low"], 0.013257773549563947) && Self.close(minutes["cuped_ci_high"], 0.0414185779045558))
        #expect(Self.close(minutes["variance_reduction"], 0.4492006448539756))
        let ratio = try #require(all.first { $0["metric"] as? String == "clicks_per_session" })
        #expect(Self.close(ratio["lift"], 0.05263157894736836) && Self.close(ratio["ci_low"], 0.03731387690581944))
        #expect(Self.close(ratio["ci_high"], 0.06794928098891728) && Self.close(ratio["p_value"], 1.68551839152542e-11))
        #expect(Self.close(ratio["seq_ci_low"], 0.028189348351737174) && Self.close(ratio["seq_p_value"], 1.6165684322043174e-09))
        #expect(Self.close(ratio["chance_to_win"], 0.9999999999917942) && Self.close(ratio["risk_control"], 0.0526315789473775))
        let latency = try #require(all.first { $0["metric"] as? String == "latency_p95" })
        #expect(Self.close(latency["lift"], 0.025) && Self.close(latency["ci_low"], 0.01023673293583516))
        #expect(Self.close(latency["p_value"], 0.000903636804755914))
        #expect(Self.close(latency["chance_to_win"], 0.00045165742477637494), "lower latency is better: the chance it improved")
        #expect(Self.close(latency["risk_treatment"], 0.025000891648485582))
        let rails = try #require(computed["guardrails"] as? [[String: Any]])
        let p95 = try #require(rails.first { $0["metric"] as? String == "latency_p95" })
        #expect(p95["result"] as? String == "pass" && Self.close(p95["bound"], 0.0373896891663045, 1e-8),
                "+2.5 % with a one-sided bound of +3.7 %: inside the allowed +5 % \(p95)")
        let segments = try #require(computed["segments"] as? [[String: Any]])
        #expect(segments.map { $0["value"] as? String } == ["newcomers", "regulars"])
        let newcomers = try #require(Self.comparisons(segments[0]).first)
        #expect(Self.close(newcomers["lift"], 0.0727272727272728))
        #expect(Self.close((computed["heterogeneity_p"] as? [String: Any])?["lifecycle"], 0.0016663415549141832))
        let pilot = try #require(computed["pilot"] as? [String: Any])
        #expect(pilot["slug"] as? String == "rich-pilot" && Self.close(pilot["baseline"], 11.0) && Self.close(pilot["baseline_off"], 1.0 / 11))
        #expect((pilot["sample_size_per_variant"] as? Int ?? 0) > (computed["sample_size_per_variant"] as? Int ?? 0), "a lower baseline and a wider sd need more units")
        let page = try #require(site.read("experiments/rich/index.html"))
        for id in ["section-cuped", "section-segments-lifecycle", "section-sequential-and-bayesian-readings"] {
            #expect(page.contains("id=\"\(id)\""), "\(id)")
        }
        #expect(page.contains("Exploratory: slicing results finds differences by chance") && page.contains("the effect differs between segments"))
        #expect(page.contains("Sample size from the pilot") && page.contains("href=\"/experiments/rich-pilot/\""))
        #expect(page.contains("By lifecycle, green: the effect differs between segments (Cochran&#39;s p = 0.0017)")
                || page.contains("By lifecycle, green: the effect differs between segments (Cochran's p = 0.0017)"), "the verdict says it")
        #expect(page.contains("With CUPED, green: lift +2.73"), "the verdict gives the adjusted lift")
    }
}

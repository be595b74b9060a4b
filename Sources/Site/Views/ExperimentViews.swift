import Analysis
import Diagrams
import Model
import Templates

/// An experiment's page: the verdict in words (what is known now, sequential and Bayesian, then the fixed-horizon
/// result), the design, the power panel, the results (forest plot and table, the sequential and Bayesian readings,
/// CUPED's adjusted lifts), the guardrails, the results by segment (exploratory, a forest plot per dimension and
/// the test of whether the effect differs) and the pilot.
extension SiteViews {
    func experimentView(_ document: Document, _ e: Experiment) -> DetailView {
        var view = DetailView()
        let report = analysis.experiments[document.id]
        view.facts = [
            fact("Owner", owner(e.owner)),
            fact("Status", [text(e.status.rawValue, badge: e.status.rawValue)]),
            fact("Flag", e.flag.map { [link(.flag, $0)] } ?? []),
            fact("Surface", e.surface),
            fact("Layer", e.layer),
            fact("Start", e.start.description),
            fact("End", e.end?.description ?? "runs through \(analysis.asOf)"),
            fact("Allocation", percent(e.allocation ?? 100) + " of eligible traffic"),
            fact("Daily traffic", grouped(e.dailyTraffic) + " eligible units"),
            fact("Alpha", number(e.alpha ?? base.config.alpha) + " (two-sided)"),
            fact("Power", number(e.power ?? base.config.power)),
            fact("Decision", e.decision.map { [text($0.rawValue, badge: $0.rawValue)] } ?? []),
        ]
        if let report { view.banners = experimentBanners(report) }
        // The verdict, then the design (hypothesis, metric, variants, segments), then the body; the tables after.
        view.sections.append(verdictSection(document, e, report))
        view.sections.append(section("Hypothesis", paragraph: prose(document, e.hypothesis)))
        let m = e.primaryMetric
        view.sections.append(section("Primary metric", facts: [
            fact("Metric", m.name), fact("Kind", m.kind.rawValue), fact("Baseline", number(m.baseline)),
            fact("Standard deviation", m.sd.map(number)),
            fact("Expected lift", signedPercent(m.direction == .increase ? m.expectedLift : -m.expectedLift) + " (\(m.direction.rawValue))"),
            fact("Pilot", e.pilot.map { [link(.experiment, $0)] + (report?.pilot.map { [text("observed baseline " + metricValue($0.baseline, m.kind) + ($0.sd.map { ", sd " + number($0) } ?? ""))] } ?? []) } ?? []),
        ]))
        view.sections.append(section("Variants", table: table(
            ["Variant", "Weight", "Role", "Units so far"],
            e.variants.map { v in
                let units = e.results?.variants.first { $0.name == v.name }?.units
                return [[text(v.name)], [text(percent(v.weight))], [text(v.control ? "control" : "treatment")],
                        [text(units.map(grouped) ?? "–")]]
            })))
        let s = e.segments
        view.sections.append(section("Segments", facts: [
            fact("Lifecycle", (s?.lifecycle ?? ["all"]).map { text($0) }),
            fact("Locale", (s?.locale ?? ["all"]).map { text($0) }),
            fact("Device", (s?.device ?? ["all"]).map { text($0) }),
        ]))
        if let report {
            view.figures = experimentFigures(report) + pilotFigures(report, e)
            if let problem = report.sampleSizeProblem, report.sampleSizePerVariant == nil {
                view.sections.append(section("Power", paragraph: text("No sample size can be computed: \(problem).")))
            }
            view.trailing.append(resultsSection(document.slug, e, report))
            view.trailing.append(readingsSection(report))
            view.trailing.append(cupedSection(report))
            view.trailing.append(guardrailSection(report))
            view.trailing += segmentSections(document, e, report)
        }
        if let file = e.resultsFile {
            // Copied into the site beside where it is in the content folder (see `staticFiles`).
            let name = file.split(separator: "/").last.map(String.init) ?? file
            view.trailing.append(section("Results file", facts: [fact("File", [InlinePart(text: name + " (CSV)", url: url(of: .asset(file)))])]))
        }
        return view
    }

    /// Red for a sample-ratio mismatch, amber for premature results and for overlaps with other experiments.
    func experimentBanners(_ r: ExperimentReport) -> [TemplateValue] {
        var banners: [TemplateValue] = []
        if r.srm, let p = r.srmP {
            banners.append(banner("danger", "Sample-ratio mismatch.", [text(
                "The units are not split as the weights say (chi-square p = \(pValue(p)), below the threshold \(number(base.config.srmP))). "
                + "Assignment or logging is broken: do not trust these results until the cause is found.")]))
        }
        if r.premature, let min = r.minDays {
            banners.append(banner("warning", "Premature.", [text(
                "These results come after \(days(r.daysRun)) of the \(days(min)) the design needs; a verdict now would be premature.")]))
        }
        if !r.overlaps.isEmpty {
            banners.append(banner("warning", "Overlapping experiments.",
                                  [text("Users may see this experiment and ")] + links(.experiment, r.overlaps).enumerated().map { i, l in
                                      var l = l
                                      if i > 0 { l.text = ", " + l.text }
                                      return l
                                  } + [text(" at the same time (same surface, overlapping dates and segments, not in one layer).")]))
        }
        return banners
    }

    /// What is known, in words, before any table: the decision, the primary metric's verdict per treatment, the
    /// guardrails, the learnings. Each line says better or worse in words, its badge only repeats it.
    func verdictSection(_ document: Document, _ e: Experiment, _ r: ExperimentReport?) -> TemplateValue? {
        var lines: [[InlinePart]] = []
        if let decision = e.decision { lines.append([text("Decision: "), text(decision.rawValue, badge: decision.rawValue)]) }
        let primary = r?.comparisons.filter(\.isPrimary) ?? []
        if let r, !primary.isEmpty {
            for c in primary {
                lines += knownNow(c, e)
                var line = [text("Fixed-horizon\(e.status == .running || e.status == .pilot ? " (valid only at the planned sample size)" : ""), \(c.variant) against the control, \(c.metric): "),
                            text(verdict(c, r, e), badge: c.significant ? (goodChange(c, e) ? "better" : "worse") : nil)]
                if let lift = c.lift { line.append(text(" (lift \(signedPercent(lift))" + (interval(c.ciLow, c.ciHigh).map { ", interval " + $0 } ?? "") + ")")) }
                lines.append(line)
                if let lift = c.cupedLift, let low = c.cupedCiLow, let high = c.cupedCiHigh, let removed = c.varianceReduction {
                    lines.append([text("With CUPED, \(c.variant): lift \(signedPercent(lift)), interval \(interval(low, high)) (pre-experiment values remove \(percent((removed * 1000).rounded() / 10)) of the variance).")])
                }
            }
            for h in r.heterogeneity {
                lines.append([text("By \(h.dimension), \(h.variant): " + (h.pValue < r.alpha
                    ? "the effect differs between segments (Cochran's p = \(pValue(h.pValue))); see Results by \(h.dimension), and confirm before acting on one segment."
                    : "no evidence that the effect differs between segments (Cochran's p = \(pValue(h.pValue))); read the segments as exploratory."))])
            }
        } else {
            lines.append([text(e.results == nil ? "No results yet." : "No comparison of the primary metric can be made yet.")])
        }
        if let guardrails = r?.guardrails, !guardrails.isEmpty {
            let failed = guardrails.filter { $0.verdict == .fail }, passed = guardrails.filter { $0.verdict == .pass }
            var line = [text("Guardrails: ")]
            if !failed.isEmpty {
                line.append(text("\(failed.count) failed", badge: "worse"))
                line.append(text(" (" + failed.map { "\($0.metric), \($0.variant)" }.joined(separator: "; ") + ")"))
            }
            let rest = guardrails.count - failed.count - passed.count
            line.append(text((failed.isEmpty ? "" : "; ") + "\(passed.count) of \(guardrails.count) passed" + (rest > 0 ? ", \(rest) without a verdict yet" : "") + "."))
            lines.append(line)
        }
        if let learnings = e.learnings { lines.append([text("Learnings: " + learnings)]) }
        return section("Verdict", list: lines, listSeparator: "")
    }

    /// What may be concluded now, whenever one looks: the always-valid sequential interval (it stays valid however
    /// often the results are read), and the Bayesian chance to beat the control with the expected losses.
    func knownNow(_ c: ExperimentReport.Comparison, _ e: Experiment) -> [[InlinePart]] {
        var lines: [[InlinePart]] = []
        if let low = c.seqCiLow, let high = c.seqCiHigh {
            let bounds = "always-valid interval \(interval(low, high))" + (c.seqPValue.map { ", p = \(pValue($0))" } ?? "")
            let decided = low > 0 || high < 0
            let better = (low > 0) != c.lowerIsBetter
            lines.append([text("Known now (sequential), \(c.variant): "),
                          decided ? text(better ? "better than the control" : "worse than the control", badge: better ? "better" : "worse")
                                  : text("not yet distinguishable from the control"),
                          text(" (\(bounds)); this holds at any look" + (decided ? "." : ": keep it running, or stop at the planned sample size."))])
        }
        if let win = c.chanceToWin, let riskC = c.riskControl, let riskT = c.riskTreatment {
            lines.append([text("Bayesian, \(c.variant): a \(chance(win)) chance to beat the control; choosing it risks losing \(riskPercent(riskT)) of \(c.metric), keeping the control \(riskPercent(riskC))"
                               + (interval(c.bayesCiLow, c.bayesCiHigh).map { " (credible interval \($0))" } ?? "") + ".")])
        }
        return lines
    }

    /// A probability as a percentage with one decimal, "> 99.9 %" and "< 0.1 %" at the ends (never a certain 100 % or 0 %).
    func chance(_ p: Double) -> String {
        p > 0.999 ? ">\u{00A0}99.9\u{00A0}%" : p < 0.001 ? "<\u{00A0}0.1\u{00A0}%" : percent((p * 1000).rounded() / 10)
    }

    /// A share as a percentage with two decimals, "< 0.01 %" when it rounds to zero without being zero.
    func riskPercent(_ x: Double) -> String {
        x > 0 && x < 0.00005 ? "< 0.01\u{00A0}%" : percent((x * 10000).rounded() / 100)
    }

    /// The sequential and Bayesian figures of every comparison, beside the fixed-horizon table.
    func readingsSection(_ r: ExperimentReport) -> TemplateValue? {
        let rows = r.comparisons.filter { $0.seqCiLow != nil || $0.chanceToWin != nil }.map { c -> [[InlinePart]] in
            func share(_ x: Double?) -> [InlinePart] { [text(x.map(riskPercent) ?? "–")] }
            return [[text(c.metric + (c.isPrimary ? " (primary)" : ""))], [text(c.variant)], [text(interval(c.seqCiLow, c.seqCiHigh) ?? "–")],
                    [text(c.seqPValue.map(pValue) ?? "–")], [text(c.chanceToWin.map(chance) ?? "–")], share(c.riskControl), share(c.riskTreatment),
                    [text(interval(c.bayesCiLow, c.bayesCiHigh) ?? "–")]]
        }
        return section("Sequential and Bayesian readings", table: nonEmptyTable(
            ["Metric", "Variant", "Always-valid interval", "Sequential p", "Chance to beat control", "Risk of control", "Risk of treatment",
             "\(number((1 - r.alpha) * 100)) % credible interval"], rows),
            note: "Always-valid intervals and p-values (Waudby-Smith et al. 2023, tuned for \(grouped(Int(r.sequentialTuning))) units) may be read at any time; risk is the expected relative loss of choosing that side (GrowthBook's effect test, \(base.config.prior == nil ? "flat prior" : "the site's prior")).")
    }

    /// The power panel: the sample size and duration the design needs, and how far the experiment has come.
    func experimentFigures(_ r: ExperimentReport) -> [TemplateValue] {
        var figures: [TemplateValue] = []
        if let n = r.sampleSizePerVariant {
            figures.append(figure("Sample size", grouped(n), note: "units per variant for α \(number(r.alpha)), power \(number(r.power))"))
        }
        if let min = r.minDays { figures.append(figure("Minimum duration", days(min))) }
        if let n = r.sampleSizePerVariant, let units = r.smallestVariantUnits {
            let share = n > 0 ? Double(units) / Double(n) * 100 : 100
            figures.append(figure("Units so far", grouped(units), note: "smallest variant, \(percent(share.rounded())) of \(grouped(n))",
                                  badge: units >= n ? "ok" : "pending"))
        }
        figures.append(figure("Days run", days(r.daysRun), note: r.minDays.map { "of \(days($0)) needed, to \(r.resultsDay)" },
                              badge: r.minDays.map { r.daysRun >= $0 ? "ok" : "pending" }))
        if let p = r.srmP {
            figures.append(figure("Sample ratio", r.srm ? "mismatch" : "as designed", note: "chi-square p = \(pValue(p))",
                                  badge: r.srm ? "stale" : "ok"))
        }
        return figures
    }

    func resultsSection(_ slug: String, _ e: Experiment, _ r: ExperimentReport) -> TemplateValue? {
        guard !r.comparisons.isEmpty else {
            return section("Results", paragraph: text(e.results == nil ? "No results yet." : "No comparison can be made: the results lack the control or every treatment."))
        }
        let holm = r.comparisons.contains { $0.pValueHolm != nil }
        var columns = ["Metric", "Variant", "Control", "Treatment", "Lift", "\(number((1 - r.alpha) * 100)) % interval", "p-value"]
        if holm { columns.append("p (Holm)") }
        columns.append("Verdict")
        let rows: [[[InlinePart]]] = r.comparisons.map { c in
            var row: [[InlinePart]] = [
                [text(c.metric + (c.isPrimary ? " (primary)" : ""))], [text(c.variant)],
                [text(metricValue(c.control, c.kind) + " · n " + grouped(c.controlUnits))],
                [text(metricValue(c.treatment, c.kind) + " · n " + grouped(c.treatmentUnits))],
                [text(c.lift.map(signedPercent) ?? "–")],
                [text(interval(c.ciLow, c.ciHigh) ?? "–")],
                [text(c.pValue.map(pValue) ?? "–")],
            ]
            if holm { row.append([text(c.pValueHolm.map(pValue) ?? "–")]) }
            row.append([text(verdict(c, r, e), badge: c.significant ? (goodChange(c, e) ? "better" : "worse") : nil)]
                       + c.notes.map { text(" " + $0 + ".") })
            return row
        }
        var notes: [String] = []
        if r.multipleTreatments {
            notes.append("Several treatments are each compared with the control; the p-values are not corrected for multiple comparisons (Holm–Bonferroni adjusted p-values are shown beside them).")
        }
        if r.premature { notes.append("Premature: the minimum duration has not passed.") }
        notes.append("Lift is relative to the control; intervals by the delta method, p-values by the pooled two-proportion z-test or Welch's t-test.")
        return section("Results", table: table(columns, rows), note: notes.joined(separator: " "), chart: forestPlot(slug, e, r))
    }

    func guardrailSection(_ r: ExperimentReport) -> TemplateValue? {
        guard !r.guardrails.isEmpty else { return nil }
        return section("Guardrails", table: table(
            ["Metric", "Variant", "Allowed regression", "Lift", "One-sided bound", "Verdict"],
            r.guardrails.map { g in
                let allowed = signedPercent(g.badDirection == .increase ? g.maxRegression : -g.maxRegression)
                let verdict = g.verdict.map { [text($0.rawValue, badge: $0 == .pass ? "ok" : $0 == .fail ? "stale" : "pending")] }
                    ?? [text("no verdict")]
                return [[text(g.metric)], [text(g.variant)], [text(allowed + " (bad: \(g.badDirection.rawValue))")],
                        [text(g.lift.map(signedPercent) ?? "–")], [text(g.bound.map(signedPercent) ?? "–")],
                        verdict + (g.note.map { [text(" " + $0 + ".")] } ?? [])]
            }), note: "Pass: the one-sided bound at 1 − α stays within the allowed regression. Fail: the observed lift itself goes beyond it. Inconclusive: neither yet.")
    }

    /// The verdict in words: which way the metric moved and whether that is better or worse for it.
    func verdict(_ c: ExperimentReport.Comparison, _ r: ExperimentReport, _ e: Experiment) -> String {
        guard c.pValue != nil else { return "no test" }
        let premature = r.premature ? " (premature)" : ""
        guard c.significant else { return "no significant difference" + premature }
        guard let lift = c.lift else { return "significant difference" + premature }
        return (lift >= 0 ? "significantly higher" : "significantly lower") + (goodChange(c, e) ? ", better" : ", worse") + premature
    }

    /// Whether a comparison's change is good for its metric: up for the primary metric when it should increase,
    /// down when it should decrease; away from a guardrail's bad direction.
    func goodChange(_ c: ExperimentReport.Comparison, _ e: Experiment) -> Bool {
        let up = (c.lift ?? 0) >= 0
        if c.metric == e.primaryMetric.name { return up == (e.primaryMetric.direction == .increase) }
        if let guardrail = e.guardrails.first(where: { $0.metric == c.metric }) { return up == (guardrail.badDirection == .decrease) }
        return up
    }

    /// The forest plot of every comparison's lift and interval; nil when no comparison has an interval.
    func forestPlot(_ slug: String, _ e: Experiment, _ r: ExperimentReport) -> String? {
        let rows = r.comparisons.compactMap { c -> ForestPlot.Row? in
            guard let lift = c.lift, let low = c.ciLow, let high = c.ciHigh else { return nil }
            let label = (r.multipleTreatments ? c.variant + " · " : "") + c.metric
            return ForestPlot.Row(label: label, estimate: lift, low: low, high: high,
                                  note: c.pValue.map { "p " + pValue($0) },
                                  significance: c.significant ? (goodChange(c, e) ? .better : .worse) : .neutral)
        }
        guard !rows.isEmpty else { return nil }
        let m = e.primaryMetric
        let expected = m.direction == .increase ? m.expectedLift : -m.expectedLift
        return ForestPlot(id: "forest-\(slug)", title: "Relative lift of each treatment against the control",
                          description: "Each row is a treatment and metric: the point is the observed lift, the line its "
                              + "\(number((1 - r.alpha) * 100)) % interval; the solid line is no change, the dashed line the lift the design expects for \(m.name).",
                          rows: rows, expected: expected, expectedLabel: "expected").svg()
    }

    /// CUPED: each mean metric with pre-experiment figures, its lift before and after the adjustment.
    func cupedSection(_ r: ExperimentReport) -> TemplateValue? {
        let rows = r.comparisons.compactMap { c -> [[InlinePart]]? in
            guard let lift = c.cupedLift, let low = c.cupedCiLow, let high = c.cupedCiHigh else { return nil }
            return [[text(c.metric)], [text(c.variant)], [text(c.lift.map(signedPercent) ?? "–")],
                    [text(signedPercent(lift))], [text(interval(low, high))],
                    [text(c.varianceReduction.map { percent(($0 * 1000).rounded() / 10) } ?? "–")]]
        }
        return section("CUPED", table: nonEmptyTable(["Metric", "Variant", "Lift", "Adjusted lift", "\(number((1 - r.alpha) * 100)) % interval",
                                                      "Variance removed"], rows),
                       note: "Regression adjustment with each unit's pre-experiment value (CUPED, as GrowthBook computes it): the adjusted lift's interval is narrower by the variance removed.")
    }

    /// The results by segment: a warning that slicing is exploratory, then per dimension a forest plot of the
    /// primary metric's lift in each segment and a table of every comparison, with Holm's p across the dimension's
    /// segments and Cochran's test of whether the effect differs between them.
    func segmentSections(_ document: Document, _ e: Experiment, _ r: ExperimentReport) -> [TemplateValue?] {
        guard !r.segments.isEmpty else { return [] }
        var dimensions: [String] = []
        for s in r.segments where !dimensions.contains(s.dimension) { dimensions.append(s.dimension) }
        return dimensions.map { dimension in
            let members = r.segments.filter { $0.dimension == dimension }
            let rows = members.flatMap { s in
                s.comparisons.map { c -> [[InlinePart]] in
                    [[text(s.value)], [text(c.metric + (c.isPrimary ? " (primary)" : ""))], [text(c.variant)], [text(grouped(s.units))],
                     [text(c.lift.map(signedPercent) ?? "–")],
                     [text(interval(c.ciLow, c.ciHigh) ?? "–")],
                     [text(c.pValue.map(pValue) ?? "–")], [text(c.pValueHolm.map(pValue) ?? "–")],
                     [text(c.chanceToWin.map(chance) ?? "–")]]
                }
            }
            let plotRows = members.compactMap { s -> ForestPlot.Row? in
                guard let c = s.comparisons.first(where: \.isPrimary), let lift = c.lift, let low = c.ciLow, let high = c.ciHigh else { return nil }
                let significant = (c.pValueHolm ?? c.pValue).map { $0 < r.alpha } ?? false
                return ForestPlot.Row(label: s.value + (r.multipleTreatments ? " · " + c.variant : ""), estimate: lift, low: low, high: high,
                                      note: "n = " + grouped(s.units), significance: significant ? (goodChange(c, e) ? .better : .worse) : .neutral)
            }
            let chart = plotRows.isEmpty ? nil : ForestPlot(
                id: "segments-\(dimension)", title: "Lift of \(e.primaryMetric.name) by \(dimension)",
                description: "Each row is a \(dimension) segment: the point is the lift against the control in that segment, the line its \(number((1 - r.alpha) * 100)) % interval.",
                rows: plotRows).svg()
            let differs = r.heterogeneity.filter { $0.dimension == dimension }.map { h in
                "\(h.variant): Cochran's Q = \(number((h.q * 100).rounded() / 100)), p = \(pValue(h.pValue))" + (h.pValue < r.alpha ? ", the effect differs between segments" : ", no evidence that the effect differs")
            }
            return section("Results by \(dimension)", id: "section-segments-\(dimension)",
                           table: nonEmptyTable(["Segment", "Metric", "Variant", "Units", "Lift", "\(number((1 - r.alpha) * 100)) % interval", "p-value",
                                                 "p (Holm, across segments)", "Chance to beat control"], rows),
                           paragraph: text("Exploratory: slicing results finds differences by chance. Segment p-values are corrected across the \(members.count) \(dimension) segments (Holm); act on a segment only when the effect differs (below) and a follow-up experiment confirms it."),
                           note: differs.isEmpty ? nil : "Does the effect differ between \(dimension) segments? " + differs.joined(separator: "; ") + ".",
                           chart: chart)
        }
    }

    /// The pilot's observed baseline and the design recomputed from it, beside the planned figures.
    func pilotFigures(_ r: ExperimentReport, _ e: Experiment) -> [TemplateValue] {
        guard let p = r.pilot else { return [] }
        let off = p.baselineOff.map { " (planned \(number(e.primaryMetric.baseline)), \(signedPercent($0)) off)" } ?? ""
        return [figure("Sample size from the pilot", p.sampleSizePerVariant.map(grouped) ?? "–",
                       note: "units per variant with the pilot's baseline \(metricValue(p.baseline, e.primaryMetric.kind))" + off
                           + (p.minDays.map { "; \(days($0)) minimum" } ?? ""),
                       badge: (p.baselineOff.map { abs($0) > 0.2 } ?? false) ? "pending" : "ok")]
    }
}

import Analysis
import Diagrams
import Model
import Templates

/// The parts of an experiment's page beyond the fixed-horizon results: CUPED's adjusted lifts, the results by
/// segment (exploratory, with a forest plot per dimension and the test of whether the effect differs), the pilot.
extension SiteViews {
    /// CUPED: each mean metric with pre-experiment figures, its lift before and after the adjustment.
    func cupedSection(_ r: ExperimentReport) -> TemplateValue? {
        let rows = r.comparisons.compactMap { c -> [[InlinePart]]? in
            guard let lift = c.cupedLift, let low = c.cupedCiLow, let high = c.cupedCiHigh else { return nil }
            return [[text(c.metric)], [text(c.variant)], [text(c.lift.map(signedPercent) ?? "–")],
                    [text(signedPercent(lift))], [text("\(signedPercent(low)) to \(signedPercent(high))")],
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
                     [text(c.ciLow.flatMap { low in c.ciHigh.map { "\(signedPercent(low)) to \(signedPercent($0))" } } ?? "–")],
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

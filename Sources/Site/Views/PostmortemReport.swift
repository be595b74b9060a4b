import Analysis
import Diagrams
import Model
import Templates

/// Operations reports on postmortems: the to-scale timeline strip of one incident, and the charts of the
/// postmortems index (incidents per month by severity, time to resolve over time).
extension SiteViews {
    /// The strip of one incident: started → detected → mitigated → resolved, to scale.
    func postmortemStrip(_ document: Document, _ p: Postmortem, _ f: PostmortemFigures) -> String {
        IncidentStrip(id: "incident-strip", title: "Timeline of \(document.title)",
                      detected: f.ttd, mitigated: f.ttm, resolved: f.ttr,
                      startLabel: "Started " + p.timeline.started.readable,
                      endLabel: "Resolved " + p.timeline.resolved.readable).svg()
    }

    /// The charts above an index's table, as `{{#charts}}<figure>{{{svg}}}</figure>{{/charts}}` items; null when none.
    func indexCharts(_ kind: Kind, _ documents: [Document]) -> TemplateValue {
        let charts = kind == .postmortem ? postmortemCharts(documents) : kind == .sprint ? sprintCharts(documents) : []
        return charts.isEmpty ? .null : .list(charts) { ["svg": .html($0)] }
    }

    /// The incidents with their figures, oldest first.
    private func incidents(_ documents: [Document]) -> [(document: Document, postmortem: Postmortem, figures: PostmortemFigures)] {
        documents.compactMap { d -> (Document, Postmortem, PostmortemFigures)? in
            guard case .postmortem(let p) = d.details, let f = analysis.postmortems[d.id] else { return nil }
            return (d, p, f)
        }.sorted { ($0.1.timeline.started, $0.0.slug) < ($1.1.timeline.started, $1.0.slug) }
    }

    /// Incidents per month by severity (stacked bars), and time to resolve per incident over time with a mean
    /// line per severity; none without postmortems.
    func postmortemCharts(_ documents: [Document]) -> [String] {
        let all = incidents(documents)
        guard let first = all.first, let last = all.last else { return [] }
        func month(_ p: Postmortem) -> Int {
            let c = p.timeline.started.day.components
            return c.year * 12 + c.month - 1
        }
        let from = month(first.postmortem), to = month(last.postmortem)
        let months = Array(from...max(from, to))
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let categories = months.enumerated().map { i, m in
            m % 12 == 0 || i == 0 ? "\(names[m % 12]) \(m / 12)" : names[m % 12]
        }
        let severities = Postmortem.Severity.allCases
        let series = severities.map { sev in
            BarChart.Series(name: sev.rawValue, values: months.map { m in
                Double(all.filter { $0.postmortem.severity == sev && month($0.postmortem) == m }.count)
            }, className: sev.rawValue)
        }
        let perMonth = BarChart(
            id: "incidents-per-month", title: "Incidents per month by severity",
            description: "\(all.count) incident\(all.count == 1 ? "" : "s") from \(categories[0]) to \(names[months.last! % 12]) \(months.last! / 12), stacked by severity: "
                + severities.map { sev in "\(sev.rawValue) \(all.filter { $0.postmortem.severity == sev }.count)" }.joined(separator: ", ") + ".",
            categories: categories, series: series, width: 1040).svg()

        let hours = ChartFormat.unit("h")
        var points: [LineChart.Series] = []
        var means: [LineChart.Reference] = []
        for sev in severities {
            let these = all.filter { $0.postmortem.severity == sev }
            guard !these.isEmpty else { continue }
            points.append(LineChart.Series(name: sev.rawValue, points: these.map { i in
                LineChart.Point(x: Double(chartDay(i.postmortem.timeline.started.day).daysSince1970), y: Double(i.figures.ttr) / 60,
                                label: i.document.title, url: urls.document(.postmortem, i.document.slug))
            }, interpolation: .points, className: sev.rawValue))
            let mean = Double(these.map(\.figures.ttr).reduce(0, +)) / Double(these.count) / 60
            means.append(LineChart.Reference(label: "\(sev.rawValue) mean \(hours(mean))", value: mean, className: sev.rawValue))
        }
        let ttr = LineChart(
            id: "time-to-resolve", title: "Time to resolve per incident over time",
            description: "Time to resolve in hours of each incident by its start day, per severity, with the mean per severity: "
                + means.map(\.label).joined(separator: ", ") + ".",
            series: points, references: means, xAxis: .days, yFormat: hours, width: 1040).svg()
        return [perMonth, ttr]
    }

    /// The open action items of a postmortem: their count, with badges for the overdue and escalated ones.
    func openActionItems(_ p: Postmortem, _ f: PostmortemFigures) -> [InlinePart] {
        let open = p.actionItems.indices.filter { p.actionItems[$0].status == .open }
        let escalated = open.filter { f.actionItems[$0].escalated }.count
        let overdue = open.filter { f.actionItems[$0].overdue && !f.actionItems[$0].escalated }.count
        var parts = [text(String(open.count))]
        if overdue > 0 { parts.append(text("\(overdue) overdue", badge: "overdue")) }
        if escalated > 0 { parts.append(text("\(escalated) escalated", badge: "escalated")) }
        return parts
    }
}

import Analysis
import Diagrams
import Model
import Templates

/// The home page, the index of each kind, and the tag pages.
extension SiteViews {
    func indexPage(_ kind: Kind) -> TemplateValue {
        let documents = base.documents(of: kind)
        return listPage(title: kind.title, current: kind, count: documents.count, table: indexTable(kind, documents),
                        diagram: kind == .service ? serviceDiagram() : nil,
                        chart: kind == .experiment ? experimentTimeline(documents) : nil,
                        charts: indexCharts(kind, documents),
                        filters: kind == .flag && !documents.isEmpty ? flagIndexFilters() : .null,
                        sections: kind == .service ? catalogSections(documents) : [])
    }

    /// The reliability catalog across services, below the services index: every alert with its service and
    /// runbook (and the runbooks' alerts no service declares), every objective, every synthetic check by journey.
    func catalogSections(_ documents: [Document]) -> [TemplateValue] {
        let services = documents.compactMap { d -> (Document, Service)? in
            if case .service(let s) = d.details { return (d, s) } else { return nil }
        }
        let declaredAlerts: [(Document, Service.Alert)] = services.flatMap { d, s in s.alerts.map { (d, $0) } }.sorted { $0.1.name < $1.1.name }
        var alerts: [[[InlinePart]]] = declaredAlerts.map { d, a -> [[InlinePart]] in
            let runbook: [InlinePart] = a.runbook.map { [link(.runbook, $0)] } ?? [text(a.notify == .page ? "none" : "–", badge: a.notify == .page ? "stale" : nil)]
            return [[text(a.name)], [documentLink(d)], [text(a.type.rawValue, badge: a.type.rawValue)], [text(a.notify.rawValue, badge: a.notify.rawValue)], runbook]
        }
        let declared = Set(services.flatMap { $0.1.alerts.map(\.name) })
        if !declared.isEmpty {
            for d in base.documents(of: .runbook) {
                guard case .runbook(let r) = d.details else { continue }
                for name in r.alerts where !declared.contains(name) {
                    alerts.append([[text(name)], [text("none", badge: "stale")], [], [], [documentLink(d)]])
                }
            }
        }
        let objectives = services.flatMap { d, s in
            s.slos.map { o in [[documentLink(d)], [text(o.name)], [text(number(o.objective) + " %")], [text(o.window.text)], [text(o.indicator)]] }
        }
        let allChecks: [(Document, Service.SyntheticCheck)] = services.flatMap { d, s in s.syntheticChecks.map { (d, $0) } }.sorted { $0.1.journey < $1.1.journey }
        let checks = allChecks.map { d, c -> [[InlinePart]] in
            [[text(c.journey)], [documentLink(d)], c.locations.map { text($0) }, [text(c.interval.text)],
             [text(c.pages ? "pages" : "does not page", badge: c.pages ? "page" : "stale")]]
        }
        return [
            section("Alert coverage", table: nonEmptyTable(["Alert", "Service", "On", "Notifies", "Runbook"], alerts),
                    note: "Every alert a service declares, with its runbook; a paging alert without one, and a runbook's alert that no service declares, are gaps."),
            section("Service level objectives", id: "section-objectives", table: nonEmptyTable(["Service", "Objective", "Target", "Window", "Indicator"], objectives)),
            section("Synthetic coverage", table: nonEmptyTable(["Journey", "Service", "From", "Every", "Pages"], checks)),
        ].compactMap { $0 }
    }

    /// The context of the `index` template: a kind's index, or the flag inventory filtered to one owner or type.
    func listPage(title: String, current: Kind, count: Int, table rows: ([String], [[[InlinePart]]]), diagram: String? = nil,
                  chart: String? = nil, charts: TemplateValue = .null, filters: TemplateValue, sections: [TemplateValue] = []) -> TemplateValue {
        var c = layout(title: title, current: current)
        c["kindTitle"] = .text(title)
        c["count"] = .int(count)
        c["table"] = nonEmptyTable(rows.0, rows.1) ?? .null
        c["diagram"] = .html(diagram)
        c["chart"] = .html(chart)
        c["charts"] = charts
        c["filters"] = filters
        c["sections"] = .list(sections)
        return .object(c)
    }

    /// Experiments per surface across time: one lane per surface, a bar per experiment from its start to its end
    /// (or the as-of date), overlapping ones marked; nil without experiments.
    func experimentTimeline(_ documents: [Document]) -> String? {
        var lanes: [String: [TimelineChart.Bar]] = [:]
        for d in documents {
            guard case .experiment(let e) = d.details else { continue }
            let overlapping = !(analysis.experiments[d.id]?.overlaps.isEmpty ?? true)
            let style = overlapping ? "overlap" : e.status == .draft ? "planned" : e.status == .running ? "running" : "concluded"
            let end = max(e.end ?? analysis.asOf, e.start)
            lanes[e.surface, default: []].append(TimelineChart.Bar(
                label: d.title + (overlapping ? " (overlaps)" : ""), start: chartDay(e.start), end: chartDay(end),
                url: urls.document(.experiment, d.slug), style: style))
        }
        guard !lanes.isEmpty else { return nil }
        let overlaps = analysis.collisions.overlaps.count
        return TimelineChart(
            id: "experiments-timeline", title: "Experiments per surface across time",
            description: "\(documents.count) experiments on \(lanes.count) surfaces; \(overlaps == 0 ? "none overlap" : "\(overlaps) overlapping pair\(overlaps == 1 ? "" : "s")"). Bars run from start to end, or to the as-of date \(analysis.asOf).",
            lanes: lanes.keys.sorted().map { TimelineChart.Lane(label: $0, bars: lanes[$0]!) },
            asOf: chartDay(analysis.asOf), asOfLabel: "as of", width: 1040).svg()
    }

    func chartDay(_ day: Day) -> ChartDay {
        let c = day.components
        return ChartDay(year: c.year, month: c.month, day: c.day)
    }

    /// The primary metric's lift and interval for each treatment, its badge saying whether a significant change
    /// is better or worse for the metric (see `goodChange`).
    func primaryResult(_ r: ExperimentReport, _ e: Experiment) -> [InlinePart] {
        let primary = r.comparisons.filter(\.isPrimary)
        guard !primary.isEmpty else { return [text("no results yet")] }
        return primary.map { c in
            let interval = c.ciLow.flatMap { low in c.ciHigh.map { " [\(signedPercent(low)), \(signedPercent($0))]" } } ?? ""
            let badge = c.significant ? (goodChange(c, e) ? "better" : "worse") : nil
            return text("\(primary.count > 1 ? c.variant + ": " : "")\(c.lift.map(signedPercent) ?? "–")\(interval)", badge: badge)
        }
    }

    /// Badges for what needs a reader's attention: a sample-ratio mismatch, failed guardrails, overlaps, prematurity.
    func experimentChecks(_ r: ExperimentReport) -> [InlinePart] {
        var checks: [InlinePart] = []
        if r.srm { checks.append(text("SRM", badge: "stale")) }
        let failed = r.guardrails.filter { $0.verdict == .fail }.count
        if failed > 0 { checks.append(text("\(failed) guardrail\(failed == 1 ? "" : "s") failed", badge: "stale")) }
        if !r.overlaps.isEmpty {
            checks.append(text("overlaps", badge: "pending"))
            checks += links(.experiment, r.overlaps)
        }
        if r.premature { checks.append(text("premature", badge: "pending")) }
        return checks.isEmpty ? [text("ok", badge: "ok")] : checks
    }

    private func titleCell(_ d: Document) -> [InlinePart] { [documentLink(d)] }

    func indexTable(_ kind: Kind, _ documents: [Document]) -> ([String], [[[InlinePart]]]) {
        switch kind {
        case .team:
            return (["Team", "Members", "Channel", "On-call"], documents.map { d in
                guard case .team(let t) = d.details else { return [titleCell(d)] }
                return [titleCell(d), [text(String(t.members.count))], t.channel.map { [text($0)] } ?? [], t.oncall.map { [text($0)] } ?? []]
            })
        case .service:
            return (["Service", "Owner", "Tier", "Lifecycle", "Depends on"], documents.map { d in
                guard case .service(let s) = d.details else { return [titleCell(d)] }
                return [titleCell(d), owner(s.owner), [text(String(s.tier), badge: "tier\(s.tier)")],
                        [text(s.lifecycle.rawValue, badge: s.lifecycle.rawValue)], links(.service, s.dependsOn)]
            })
        case .integration:
            return integrationIndexTable(documents)
        case .runbook:
            return (["Runbook", "Owner", "Services", "Last reviewed", "Review due"], runbooksByReviewDue(documents).map { d in
                guard case .runbook(let r) = d.details, let f = analysis.runbooks[d.id] else { return [titleCell(d)] }
                return [titleCell(d), owner(r.owner), links(.service, r.services), [text(r.lastReviewed.description)],
                        reviewDueCell(f)]
            })
        case .postmortem:
            let sorted = documents.sorted { a, b in
                guard case .postmortem(let x) = a.details, case .postmortem(let y) = b.details else { return a.slug < b.slug }
                return (y.timeline.started, a.slug) < (x.timeline.started, b.slug)
            }
            return (["Postmortem", "Severity", "Status", "Owner", "Started", "Time to detect", "Time to mitigate", "Time to resolve",
                     "Open action items"], sorted.map { d in
                guard case .postmortem(let p) = d.details, let f = analysis.postmortems[d.id] else { return [titleCell(d)] }
                return [titleCell(d), [text(p.severity.rawValue, badge: p.severity.rawValue)], [text(p.status.rawValue, badge: p.status.rawValue)],
                        owner(p.owner), [text(p.timeline.started.day.description)], [text(humanMinutes(f.ttd))], [text(humanMinutes(f.ttm))],
                        [text(humanMinutes(f.ttr))], openActionItems(p, f)]
            })
        case .flag:
            return flagInventoryTable(documents)
        case .experiment:
            let sorted = documents.sorted { a, b in
                guard case .experiment(let x) = a.details, case .experiment(let y) = b.details else { return a.slug < b.slug }
                return (y.start, a.slug) < (x.start, b.slug)
            }
            return (["Experiment", "Owner", "Status", "Surface", "Dates", "Primary result", "Checks"], sorted.map { d in
                guard case .experiment(let e) = d.details, let r = analysis.experiments[d.id] else { return [titleCell(d)] }
                return [titleCell(d), owner(e.owner), [text(e.status.rawValue, badge: e.status.rawValue)],
                        [text(e.surface + (e.layer.map { " · layer " + $0 } ?? ""))],
                        [text("\(e.start) – \(e.end?.description ?? "ongoing")")],
                        primaryResult(r, e), experimentChecks(r)]
            })
        case .rollout:
            return (["Rollout", "Owner", "Sprint", "Steps done"], documents.map { d in
                guard case .rollout(let r) = d.details else { return [titleCell(d)] }
                return [titleCell(d), owner(r.owner), r.sprint.map { [link(.sprint, $0)] } ?? [],
                        [text(analysis.rollouts[d.id]?.stepsDone ?? "–")]]
            })
        case .sprint:
            let sorted = documents.sorted { a, b in
                guard case .sprint(let x) = a.details, case .sprint(let y) = b.details else { return a.slug < b.slug }
                return (y.start, a.slug) < (x.start, b.slug)
            }
            let teams = sorted.contains { if case .sprint(let s) = $0.details { s.team != nil } else { false } }
            return (["Sprint"] + (teams ? ["Team"] : []) + ["Start", "End", "Goals done", "Incidents"], sorted.map { d in
                guard case .sprint(let s) = d.details, let r = analysis.sprints[d.id] else { return [titleCell(d)] }
                return [titleCell(d) + (analysis.isCurrent(d) ? [text("current", badge: "current")] : [])]
                    + (teams ? [s.team.map { [link(.team, $0)] } ?? [text("all")]] : []) + [
                        [text(s.start.description)], [text(s.end.description)],
                        [text("\(r.goalsDone) of \(r.goals) (\(percent(r.completion)))")], [text(String(r.incidents.count))]]
            })
        case .page:
            return (["Page", "Summary", "Tags"], documents.map { d in
                [titleCell(d), d.summary.map { [text($0)] } ?? [], d.tags.map { Site.link($0, urls.tag($0)) }]
            })
        }
    }

    /// Every tag, with the documents that carry it, in a stable order. Tags that share a URL (`On Call` and
    /// `on-call`) share a page, named by the first spelling in sorted order.
    func tags() -> [(name: String, documents: [Document])] {
        var bySlug: [String: (names: Set<String>, documents: [Document])] = [:]
        for d in base.documents {
            for tag in Set(d.tags) {
                let slug = urls.tagSlug(tag)
                bySlug[slug, default: ([], [])].names.insert(tag)
                if bySlug[slug]!.documents.last !== d { bySlug[slug]!.documents.append(d) }
            }
        }
        return bySlug.sorted { $0.key < $1.key }.map { ($0.value.names.sorted()[0], $0.value.documents) }
    }

    func tagsPage(_ all: [(name: String, documents: [Document])]) -> TemplateValue {
        var c = layout(title: "Tags")
        c["tags"] = .list(all) { ["name": .text($0.name), "url": .text(urls.tag($0.name)), "count": .int($0.documents.count)] }
        return .object(c)
    }

    func tagPage(_ name: String, _ documents: [Document]) -> TemplateValue {
        var c = layout(title: "Tagged “\(name)”")
        c["tag"] = .text(name)
        c["groups"] = .list(Kind.allCases.compactMap { kind -> TemplateValue? in
            let items = documents.filter { $0.kind == kind }
            guard !items.isEmpty else { return nil }
            return ["kind": .text(kind.title), "items": .list(items) { documentLink($0).value(with: ["summary": TemplateValue($0.summary)]) }]
        })
        return .object(c)
    }
}

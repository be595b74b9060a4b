import Analysis
import Model
import Templates

/// The home page: a dashboard of what needs attention as of the as-of date, each item linking to the page
/// that explains it, with the figures at the top and the overview of the kinds below.
extension SiteViews {
    func homePage() -> TemplateValue {
        var c = layout(title: base.config.title)
        c["kinds"] = kindCards()
        let items = attentionActionItems()
        let escalated = items.filter(\.escalated).count
        let runbooks = staleRunbooks(), flags = lapsedFlags(), experiments = troubledExperiments(), overlaps = overlappingPairs()
        let gaps = analysis.allGaps.sorted { $0.key < $1.key }.compactMap { id, list in base.document(id: id).map { d in list.map { (d, $0) } } }.flatMap { $0 }
        c["dashboardFigures"] = [
            figure("Escalated action items", String(escalated), badge: escalated > 0 ? "stale" : "ok"),
            figure("Overdue action items", String(items.count - escalated), badge: items.count > escalated ? "pending" : "ok"),
            figure("Stale runbooks", String(runbooks.count), badge: runbooks.isEmpty ? "ok" : "stale"),
            figure("Stale or expired flags", String(flags.count), badge: flags.isEmpty ? "ok" : "stale"),
            figure("Experiments in trouble", String(experiments.count), badge: experiments.isEmpty ? "ok" : "stale"),
            figure("Overlapping experiments", String(overlaps.count), note: "pairs", badge: overlaps.isEmpty ? "ok" : "pending"),
            figure("Reliability gaps", String(gaps.count), note: gaps.isEmpty ? nil : "in \(Set(gaps.map(\.0.id)).count) documents",
                   badge: gaps.isEmpty ? "ok" : "pending"),
        ]
        c["dashboard"] = [
            dashboardGroup("Action items", id: "dashboard-action-items", empty: "Nothing overdue or escalated.",
                           columns: ["Action item", "Postmortem", "Owner", "Due", "Late", "State"], rows: items.map(\.cells)),
            dashboardGroup("Stale runbooks", id: "dashboard-runbooks", empty: "Nothing: every runbook was reviewed in time.",
                           columns: ["Runbook", "Owner", "Review due", "Overdue by"], rows: runbooks),
            dashboardGroup("Stale and expired flags", id: "dashboard-flags", empty: "Nothing stale or expired.",
                           columns: ["Flag", "Owner", "Status", "Why"], rows: flags),
            dashboardGroup("Experiments with a sample-ratio mismatch or failing guardrails", id: "dashboard-experiments",
                           empty: "Nothing: no sample-ratio mismatch, no failed guardrail.",
                           columns: ["Experiment", "Owner", "Status", "Problem"], rows: experiments),
            dashboardGroup("Overlapping experiments", id: "dashboard-overlaps", empty: "Nothing overlaps.",
                           columns: ["Experiment", "Overlaps", "Surface"], rows: overlaps),
            dashboardGroup("Reliability gaps", id: "dashboard-gaps", empty: "None: every paging alert has a runbook, every dependency a contract, every critical service a synthetic check.",
                           columns: ["Document", "Owner", "Gap"], rows: gaps.map { d, gap in [[documentLink(d)], owner(d.owner), [text(gapText(gap))]] }),
        ]
        c["sprint"] = currentSprintSummary() ?? .null
        c["incidents"] = nonEmptyTable(["Postmortem", "Severity", "Started", "Time to resolve", "Status"], recentIncidents()) ?? .null
        return .object(c)
    }

    /// `{ title, url, count }` for every kind: the cards of the home page and of the 404 page.
    func kindCards() -> TemplateValue {
        .list(Kind.allCases) { kind in
            ["title": .text(kind.title), "url": .text(urls.index(kind)), "count": .int(base.documents(of: kind).count)]
        }
    }

    private func dashboardGroup(_ title: String, id: String, empty: String, columns: [String], rows: [[[InlinePart]]]) -> TemplateValue {
        ["title": .text(title), "id": .text(id), "count": .int(rows.count), "empty": .text(empty),
         "table": nonEmptyTable(columns, rows) ?? .null]
    }

    struct AttentionItem {
        var escalated: Bool
        var late: Int
        var key: String
        var cells: [[InlinePart]]
    }

    /// Open action items past their due date: escalated first, then the latest first.
    func attentionActionItems() -> [AttentionItem] {
        var out: [AttentionItem] = []
        for d in base.documents(of: .postmortem) {
            guard case .postmortem(let p) = d.details, let figures = analysis.postmortems[d.id] else { continue }
            for (i, item) in p.actionItems.enumerated() where i < figures.actionItems.count {
                let f = figures.actionItems[i]
                guard f.overdue || f.escalated else { continue }
                let late = analysis.asOf.days(since: item.due)
                let state = f.escalated ? "escalated" : "overdue"
                out.append(AttentionItem(escalated: f.escalated, late: late, key: d.slug + "\u{0}" + String(i), cells: [
                    [Site.link(item.title, urls.document(.postmortem, d.slug) + "#section-action-items")],
                    [documentLink(d)], owner(item.owner), [text(item.due.description)], [text(days(max(late, 0)))],
                    [text(state, badge: state)],
                ]))
            }
        }
        return out.sorted { a, b in
            if a.escalated != b.escalated { return a.escalated }
            if a.late != b.late { return a.late > b.late }
            return a.key < b.key
        }
    }

    /// Runbooks past their review date, the most overdue first.
    func staleRunbooks() -> [[[InlinePart]]] {
        base.documents(of: .runbook).compactMap { d -> (Int, String, [[InlinePart]])? in
            guard case .runbook(let r) = d.details, let f = analysis.runbooks[d.id], f.stale else { return nil }
            let late = analysis.asOf.days(since: f.reviewDue)
            return (late, d.slug, [[documentLink(d)], owner(r.owner), [text(f.reviewDue.description)], [text(days(late), badge: "stale")]])
        }.sorted { ($1.0, $0.1) < ($0.0, $1.1) }.map(\.2)
    }

    /// Flags whose status is expired or stale, expired first.
    func lapsedFlags() -> [[[InlinePart]]] {
        base.documents(of: .flag).compactMap { d -> (Int, String, [[InlinePart]])? in
            guard case .flag(let f) = d.details, let status = analysis.flags[d.id]?.status,
                  status == .expired || status == .stale else { return nil }
            let why: String
            if status == .expired, let expires = f.expires {
                why = "expired on \(expires), \(days(analysis.asOf.days(since: expires))) ago"
            } else {
                let last = f.audit.map(\.at).max()?.day
                let lifetime = base.config.lifetimeDays[f.type].map { ", longer than its \(days($0)) lifetime" } ?? ""
                why = "at 100\u{00A0}% in production, unchanged for \(last.map { days(analysis.asOf.days(since: $0)) } ?? "a while")\(lifetime)"
            }
            return (status == .expired ? 0 : 1, d.slug, [[documentLink(d)], owner(f.owner), [text(status.rawValue, badge: status.rawValue)], [text(why)]])
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// Experiments whose units are not split as designed, or with a failed guardrail.
    func troubledExperiments() -> [[[InlinePart]]] {
        base.documents(of: .experiment).compactMap { d -> [[InlinePart]]? in
            guard case .experiment(let e) = d.details, let r = analysis.experiments[d.id] else { return nil }
            var problems: [InlinePart] = []
            if r.srm {
                problems.append(text("sample-ratio mismatch" + (r.srmP.map { " (p = \(pValue($0)))" } ?? ""), badge: "stale"))
            }
            let failed = r.guardrails.filter { $0.verdict == .fail }
            if !failed.isEmpty {
                problems.append(text("guardrail failed: " + failed.map { "\($0.metric) (\($0.variant))" }.joined(separator: ", "), badge: "stale"))
            }
            guard !problems.isEmpty else { return nil }
            return [[documentLink(d)], owner(e.owner), [text(e.status.rawValue, badge: e.status.rawValue)], problems]
        }
    }

    /// Pairs of experiments that may reach the same users at once.
    func overlappingPairs() -> [[[InlinePart]]] {
        analysis.collisions.overlaps.compactMap { a, b -> [[InlinePart]]? in
            guard let x = base.document(id: a), let y = base.document(id: b), case .experiment(let e) = x.details else { return nil }
            return [[documentLink(x)], [documentLink(y)], [text(e.surface)]]
        }
    }

    /// The current sprint: its link, dates and completion.
    func currentSprintSummary() -> TemplateValue? {
        guard let slug = analysis.currentSprint, let d = base.document(id: "sprint/\(slug)"), case .sprint(let s) = d.details else { return nil }
        let r = analysis.sprints[d.id]
        return documentLink(d).value(with: [
            "dates": .text("\(s.start) – \(s.end)"),
            "completion": TemplateValue(r.map { "\($0.goalsDone) of \($0.goals) goals done (\(percent($0.completion)))" }),
            "ended": TemplateValue(s.end < analysis.asOf ? "ended \(days(analysis.asOf.days(since: s.end))) ago" : nil),
        ])
    }

    /// The five latest postmortems by start.
    func recentIncidents() -> [[[InlinePart]]] {
        base.documents(of: .postmortem).compactMap { d -> (Instant, Document, Postmortem)? in
            if case .postmortem(let p) = d.details { return (p.timeline.started, d, p) } else { return nil }
        }.sorted { ($1.0, $0.1.slug) < ($0.0, $1.1.slug) }.prefix(5).map { started, d, p in
            [[documentLink(d)], [text(p.severity.rawValue, badge: p.severity.rawValue)], [text(started.day.description)],
             [text(analysis.postmortems[d.id].map { humanMinutes($0.ttr) } ?? "–")], [text(p.status.rawValue, badge: p.status.rawValue)]]
        }
    }
}

import Analysis
import Diagrams
import Model
import Templates

/// The sprint report on a sprint's page (goals, rollouts and their step progress, flag changes, experiments,
/// incidents, action items, runbooks), the current-sprint banner, and the charts of the sprints index.
extension SiteViews {
    /// The banner of the sprint holding the as-of date; none for another sprint.
    func sprintBanners(_ document: Document, _ s: Sprint) -> [TemplateValue] {
        // A cooldown says what its weeks are for: the writer's purpose, or what cooldowns are for.
        let cooldown = s.cooldown ? [banner("info", "Cooldown.", [s.purpose.map { prose(document, $0) } ?? text(
            "The weeks between two cycles" + (s.cycle.map { " (after \($0))" } ?? "")
            + ": for fixing what the cycle left, exploring and shaping the next cycle's work; nothing is committed to.")])] : []
        guard analysis.isCurrent(document) else { return cooldown }
        let left = s.end.days(since: analysis.asOf)
        return cooldown + [banner("info", "Current sprint.", [
            text("This sprint holds the as-of date \(analysis.asOf)" + (left > 0 ? ", \(days(left)) before it ends" : "")
                 + "; its report counts what happened up to then."),
        ])]
    }

    /// The figures and sections of a sprint's report.
    func sprintReport(_ document: Document, _ s: Sprint, _ report: SprintReport) -> (figures: [TemplateValue], sections: [TemplateValue?]) {
        let activity = analysis.sprintActivity(document, in: base) ?? SprintActivity()
        let overdue = activity.actionItemsOverdue, escalated = activity.actionItemsEscalated
        let late: String? = overdue + escalated == 0 ? nil : "\(overdue) overdue, \(escalated) escalated"
        let figures = [
            figure("Completion", percent(report.completion), note: "\(report.goalsDone) of \(report.goals) goals done"),
            figure("Incidents", String(report.incidents.count)),
            figure("Flag changes", String(report.flagChanges)),
            figure("Action items due", String(report.actionItemsDue),
                   note: late,
                   badge: escalated > 0 ? "escalated" : overdue > 0 ? "overdue" : nil),
        ]
        var sections: [TemplateValue?] = []
        sections.append(section("Goals", table: table(
            ["Goal", "Rollout", "Status"],
            s.goals.map { [[prose(document, $0.title)], $0.rollout.map { [link(.rollout, $0)] } ?? [], [text($0.status.rawValue, badge: $0.status.rawValue)]] }),
            note: "\(report.goalsDone) of \(report.goals) goals done: \(percent(report.completion)) complete."))
        sections.append(sprintRollouts(document, activity))
        sections.append(sprintFlagChanges(activity))
        sections.append(sprintExperiments(report, activity))
        sections.append(sprintIncidents(report))
        sections.append(sprintActionItems(activity))
        sections.append(sprintRunbooks(activity))
        sections.append(sprintCatalog(activity))
        return (figures, sections)
    }

    /// The rollouts of the sprint: a stacked bar of their steps by status, and a table of steps done.
    func sprintRollouts(_ document: Document, _ activity: SprintActivity) -> TemplateValue? {
        guard !activity.rollouts.isEmpty else { return nil }
        let rollouts = activity.rollouts
        func title(_ slug: String) -> String { base.document(id: "rollout/\(slug)")?.title ?? slug }
        let statuses: [(String, String, (SprintActivity.RolloutProgress) -> Int)] = [
            ("done", "step-done", \.done), ("in progress", "step-in-progress", \.inProgress), ("pending", "step-pending", \.pending),
            ("failed", "step-failed", \.failed), ("skipped", "step-skipped", \.skipped), ("not needed", "step-not-needed", \.notNeeded),
        ]
        let chart = BarChart(
            id: "sprint-rollouts-\(document.slug)", title: "Rollout steps by status",
            description: rollouts.map { "\(title($0.slug)): \($0.done) of \($0.steps - $0.notNeeded) steps done" }.joined(separator: "; ") + ".",
            categories: rollouts.map { title($0.slug) },
            series: statuses.map { name, cls, count in BarChart.Series(name: name, values: rollouts.map { Double(count($0)) }, className: cls) },
            format: ChartFormat.number(decimals: 0), width: 720, height: 220).svg()
        return section("Rollouts", table: table(
            ["Rollout", "Steps done", "Progress", "In progress", "Failed"],
            rollouts.map { r in
                [[link(.rollout, r.slug)], [text("\(r.done) of \(r.steps - r.notNeeded)")],
                        [text(percent(r.percentDone), badge: r.steps > r.notNeeded && r.done == r.steps - r.notNeeded ? "done" : nil)],
                        [text(String(r.inProgress))], r.failed > 0 ? [text(String(r.failed), badge: "failed")] : [text("0")]]
            }), note: "Rollouts named by a goal of this sprint or planned for it; steps without a status count as pending, rollback steps whose trigger did not fire as not needed (and not in the steps to do).",
            chart: chart)
    }

    /// Every audit entry of every flag inside the sprint.
    func sprintFlagChanges(_ activity: SprintActivity) -> TemplateValue? {
        guard !activity.flagChanges.isEmpty else { return nil }
        return section("Flag changes", table: table(
            ["When", "Flag", "Environment", "Change", "Who", "Why"],
            activity.flagChanges.map { c in
                [[text(c.entry.at.readable)], [link(.flag, c.flag)], [text(c.entry.environment)],
                 [text(flagChange(c.entry))], [person(c.entry.who)], [text(c.entry.why)]]
            }))
    }

    /// The experiments that ran in the sprint, marked started and concluded, concluded ones with their primary result.
    func sprintExperiments(_ report: SprintReport, _ activity: SprintActivity) -> TemplateValue? {
        let slugs = Set(activity.experimentsRunning + report.experimentsStarted + report.experimentsConcluded).sorted()
        guard !slugs.isEmpty else { return nil }
        let started = Set(report.experimentsStarted), concluded = Set(report.experimentsConcluded)
        let rows = slugs.compactMap { slug -> [[InlinePart]]? in
            guard let d = base.document(id: "experiment/\(slug)"), case .experiment(let e) = d.details else { return nil }
            var when: [InlinePart] = []
            if started.contains(slug) { when.append(text("started", badge: "planned")) }
            if activity.experimentsRunning.contains(slug) && !concluded.contains(slug) { when.append(text("running", badge: "running")) }
            if concluded.contains(slug) { when.append(text("concluded", badge: "concluded")) }
            let result: [InlinePart] = concluded.contains(slug)
                ? (analysis.experiments[d.id].map { primaryResult($0, e) } ?? []) + (e.decision.map { [text($0.rawValue, badge: $0.rawValue)] } ?? [])
                : []
            return [[link(.experiment, slug)], [text(e.status.rawValue, badge: e.status.rawValue)],
                    [text("\(e.start) – \(e.end?.description ?? "ongoing")")], when, result]
        }
        return section("Experiments", table: table(["Experiment", "Status", "Dates", "In this sprint", "Primary result"], rows),
                       note: "Started: its start is in the sprint. Running: it ran on a day of the sprint. Concluded: concluded, and its end is in the sprint.")
    }

    /// The postmortems of incidents started in the sprint, with their times to detect, mitigate and resolve.
    func sprintIncidents(_ report: SprintReport) -> TemplateValue? {
        let rows = report.incidents.compactMap { slug -> [[InlinePart]]? in
            guard let d = base.document(id: "postmortem/\(slug)"), case .postmortem(let p) = d.details,
                  let f = analysis.postmortems[d.id] else { return nil }
            return [[link(.postmortem, slug)], [text(p.severity.rawValue, badge: p.severity.rawValue)],
                    [text(p.timeline.started.readable)], [text(humanMinutes(f.ttd))], [text(humanMinutes(f.ttm))], [text(humanMinutes(f.ttr))]]
        }
        guard !rows.isEmpty else { return nil }
        return section("Incidents", table: table(["Postmortem", "Severity", "Started", "Time to detect", "Time to mitigate", "Time to resolve"], rows))
    }

    /// The action items due in the sprint, with their state as of the build date.
    func sprintActionItems(_ activity: SprintActivity) -> TemplateValue? {
        guard !activity.actionItems.isEmpty else { return nil }
        return section("Action items due", table: table(
            ["Action item", "Postmortem", "Owner", "Due", "Status"],
            activity.actionItems.map { a in
                var state = [text(a.item.status.rawValue, badge: a.item.status == .open ? "pending" : a.item.status.rawValue)]
                if a.escalated { state.append(text("escalated", badge: "escalated")) } else if a.overdue { state.append(text("overdue", badge: "overdue")) }
                return [[text(a.item.title)], [link(.postmortem, a.postmortem)], owner(a.item.owner), [text(a.item.due.description)], state]
            },
            rowClasses: activity.actionItems.map { $0.escalated ? "escalated" : $0.overdue ? "overdue" : nil }),
            note: "As of \(analysis.asOf): \(activity.actionItemsOverdue) overdue (open past their due date), \(activity.actionItemsEscalated) escalated (open since before the previous sprint started).")
    }

    /// The runbooks reviewed in the sprint, and those whose review fell due in it.
    func sprintRunbooks(_ activity: SprintActivity) -> TemplateValue? {
        var rows: [[[InlinePart]]] = activity.runbooksReviewed.map { slug in
            [[link(.runbook, slug)], [text("reviewed", badge: "done")],
             [text(analysis.runbooks["runbook/\(slug)"]?.reviewDue.description ?? "")]]
        }
        rows += activity.reviewsDue.map { r in
            [[link(.runbook, r.slug)], [r.stale ? text("gone stale", badge: "stale") : text("review due", badge: "pending")], [text(r.reviewDue.description)]]
        }
        guard !rows.isEmpty else { return nil }
        return section("Runbooks", table: table(["Runbook", "In this sprint", "Review due"], rows),
                       note: "Reviewed: its last review is in the sprint. Gone stale: its review fell due in the sprint and is still not done.")
    }

    /// The contracts verified and the synthetic checks added in the sprint.
    func sprintCatalog(_ activity: SprintActivity) -> TemplateValue? {
        let rows = activity.contractsVerified.map { e in [[link(.service, e.service)], [text("contract verified")], [link(.service, e.subject)], [text(e.day.description)]] }
            + activity.checksAdded.map { e in [[link(.service, e.service)], [text("synthetic check added")], [text(e.subject)], [text(e.day.description)]] }
        return section("Contracts and checks", table: nonEmptyTable(["Service", "In this sprint", "Provider or journey", "Day"], rows),
                       note: "Contracts whose last verification is in the sprint, and synthetic checks added in it (by their added day).")
    }

    // MARK: The sprints index

    /// The sprints oldest first, with their reports.
    private func sprintsInOrder(_ documents: [Document]) -> [(document: Document, sprint: Sprint, report: SprintReport)] {
        documents.compactMap { d -> (Document, Sprint, SprintReport)? in
            guard case .sprint(let s) = d.details, let r = analysis.sprints[d.id] else { return nil }
            return (d, s, r)
        }.sorted { ($0.1.start, $0.0.slug) < ($1.1.start, $1.0.slug) }
    }

    /// Completion per sprint (bars), and incidents per sprint stacked by severity; none without sprints. The charts
    /// follow the site's series (sprints without `team`) when there is one: a team's sprints overlap it.
    func sprintCharts(_ documents: [Document]) -> [String] {
        let ordered = sprintsInOrder(documents)
        let siteWide = ordered.filter { $0.sprint.team == nil }
        let all = siteWide.isEmpty ? ordered : siteWide
        guard !all.isEmpty else { return [] }
        let categories = all.map(\.document.title)
        let completion = BarChart(
            id: "sprint-completion", title: "Completion per sprint",
            description: "Share of goals done per sprint, oldest first: "
                + all.map { "\($0.document.title) \(percent($0.report.completion))" }.joined(separator: ", ") + ".",
            categories: categories,
            series: [BarChart.Series(name: "goals done", values: all.map(\.report.completion), className: "completion")],
            format: ChartFormat.unit("%", decimals: 0), width: 1040).svg()
        let severities = Postmortem.Severity.allCases
        func severity(_ slug: String) -> Postmortem.Severity? {
            if case .postmortem(let p)? = base.document(id: "postmortem/\(slug)")?.details { return p.severity } else { return nil }
        }
        let counts = all.map { s in Dictionary(grouping: s.report.incidents.compactMap(severity), by: { $0 }).mapValues(\.count) }
        let incidents = BarChart(
            id: "sprint-incidents", title: "Incidents per sprint by severity",
            description: "Incidents started in each sprint, oldest first, stacked by severity: "
                + zip(all, counts).map { s, c in "\(s.document.title) \(c.values.reduce(0, +))" }.joined(separator: ", ") + ".",
            categories: categories,
            series: severities.map { sev in
                BarChart.Series(name: sev.rawValue, values: counts.map { Double($0[sev] ?? 0) }, className: sev.rawValue)
            }, width: 1040).svg()
        return [completion, incidents]
    }
}

import Analysis
import Model

/// The structured front matter of each kind, as facts, headline figures and sections.
extension SiteViews {
    func teamView(_ document: Document, _ team: Team) -> DetailView {
        var view = DetailView()
        view.facts = [fact("Channel", team.channel), fact("On-call", team.oncall), fact("Members", String(team.members.count))]
        view.sections.append(section("Members", table: table(
            ["Name", "Handle", "Role"],
            team.members.map { [[text($0.name)], [text($0.handle)], $0.role.map { [text($0)] } ?? []] },
            rowIDs: team.members.map { memberAnchor($0.handle) })))
        view.sections += owned(by: document, members: team.members.map(\.handle))
        return view
    }

    func serviceView(_ document: Document, _ service: Service) -> DetailView {
        var view = DetailView()
        let dependents = self.dependents[document.slug] ?? []
        view.facts = [
            fact("Owner", owner(service.owner)),
            fact("Tier", [text(String(service.tier), badge: "tier\(service.tier)")]),
            fact("Lifecycle", [text(service.lifecycle.rawValue, badge: service.lifecycle.rawValue)]),
            fact("Depends on", links(.service, service.dependsOn)),
            fact("Depended on by", dependents.map { Site.link($0.title, urls.document(.service, $0.slug)) }),
        ]
        if let slo = service.slo {
            view.sections.append(section("Service level objectives", facts: [
                fact("Availability", slo.availability.map(percent)),
                fact("Latency p99", slo.latencyP99Ms.map { number($0) + " ms" }),
            ]))
        }
        view.diagram = serviceDiagram(around: document.slug)
        view.sections.append(section("Dashboards", list: service.dashboards.map { [Site.link($0.title, safeURL($0.url))] }))
        let runbooks = runbooksOf[document.slug] ?? []
        view.sections.append(section("Runbooks", list: runbooks.map { [Site.link($0.title, urls.document(.runbook, $0.slug))] }))
        return view
    }

    func runbookView(_ document: Document, _ runbook: Runbook) -> DetailView {
        var view = DetailView()
        let figures = analysis.runbooks[document.id]
        view.facts = [
            fact("Owner", owner(runbook.owner)),
            fact("Services", links(.service, runbook.services)),
            fact("Last reviewed", date(runbook.lastReviewed)),
            fact("Review every", days(runbook.reviewEveryDays ?? base.config.reviewEveryDays)),
            fact("Last drill", runbook.lastDrill.map { [text("\($0) (\(days(figures?.daysSinceDrill ?? 0)) ago)")] } ?? []),
        ]
        if let figures {
            view.figures.append(figure("Review due", figures.reviewDue.description,
                                       note: figures.stale ? "stale" : "current", badge: figures.stale ? "stale" : "ok"))
        }
        view.sections.append(section("Alerts", list: runbook.alerts.map { [text($0)] }))
        view.sections.append(section("Failure modes", table: runbook.failureModes.isEmpty ? nil : table(
            ["Failure", "Class", "Action"],
            runbook.failureModes.map { [[text($0.name)], [text($0.class.rawValue, badge: $0.class.rawValue)], [text($0.action)]] })))
        return view
    }

    func postmortemView(_ document: Document, _ p: Postmortem) -> DetailView {
        var view = DetailView()
        let figures = analysis.postmortems[document.id]
        view.facts = [
            fact("Owner", owner(p.owner)),
            fact("Severity", [text(p.severity.rawValue, badge: p.severity.rawValue)]),
            fact("Status", [text(p.status.rawValue, badge: p.status.rawValue)]),
            fact("Services", links(.service, p.services)),
            fact("Flags", links(.flag, p.flags)),
            fact("Runbooks", links(.runbook, p.runbooks)),
            fact("Rollout", p.rollout.map { [link(.rollout, $0)] } ?? []),
        ]
        if let figures {
            view.figures = [
                figure("Time to detect", humanMinutes(figures.ttd)),
                figure("Time to mitigate", humanMinutes(figures.ttm)),
                figure("Time to resolve", humanMinutes(figures.ttr)),
            ]
        }
        let t = p.timeline
        view.sections.append(section("Timeline", table: table(["Event", "When"], [
            [[text("Started")], [text(t.started.readable)]],
            [[text("Detected")], [text(t.detected.readable)]],
            [[text("Mitigated")], [text(t.mitigated.readable)]],
            [[text("Resolved")], [text(t.resolved.readable)]],
        ])))
        view.sections.append(section("Impact", facts: [
            fact("Users affected", p.impact.usersAffected.map(grouped)),
            fact("Error budget burned", p.impact.errorBudgetBurned.map(percent)),
        ], paragraph: p.impact.summary))
        view.sections.append(section("Trigger", paragraph: p.trigger))
        view.sections.append(section("Root causes", list: p.rootCauses.map { [text($0)] }))
        view.sections.append(section("Contributing factors", list: p.contributingFactors.map { [text($0)] }))
        if let lessons = p.lessons {
            view.sections.append(section("What went well", list: lessons.wentWell.map { [text($0)] }))
            view.sections.append(section("What went wrong", list: lessons.wentWrong.map { [text($0)] }))
            view.sections.append(section("Where we got lucky", list: lessons.gotLucky.map { [text($0)] }))
        }
        let items = p.actionItems.enumerated().map { i, item -> [[Context]] in
            let state = figures?.actionItems[i]
            var status = [text(item.status.rawValue, badge: item.status.rawValue)]
            if state?.escalated == true { status.append(text("escalated", badge: "escalated")) }
            else if state?.overdue == true { status.append(text("overdue", badge: "overdue")) }
            return [[text(item.title)], owner(item.owner), [text(item.due.description)], status,
                    item.type.map { [text($0.rawValue)] } ?? [],
                    (item.closed.map { [text($0.description)] } ?? []) + (item.reason.map { [text($0)] } ?? [])]
        }
        view.sections.append(section("Action items", table: table(["Action", "Owner", "Due", "Status", "Type", "Closed"], items)))
        return view
    }

    func flagView(_ document: Document, _ flag: Flag) -> DetailView {
        var view = DetailView()
        let figures = analysis.flags[document.id]
        view.facts = [
            fact("Owner", owner(flag.owner)),
            fact("Type", [text(flag.type.rawValue, badge: flag.type.rawValue)]),
            fact("Lifetime", flag.lifetime.rawValue),
            fact("Created", flag.created.description),
            fact("Expires", flag.expires?.description),
            fact("Services", links(.service, flag.services)),
        ]
        if let figures {
            view.figures = [
                figure("Status", figures.status.rawValue, badge: figures.status.rawValue),
                figure("Age", days(figures.ageDays)),
            ]
        }
        view.sections.append(section("Fallback experience", paragraph: flag.fallback))
        view.sections.append(section("Environments", table: table(
            ["Environment", "Enabled", "Rollout", "Cohorts"],
            flag.environments.map { e in
                [[text(e.environment)], [text(e.state.enabled ? "on" : "off", badge: e.state.enabled ? "on" : "off")],
                 [text(percent(e.state.rollout))], e.state.cohorts.map { text($0) }]
            })))
        if !flag.schedule.isEmpty {
            view.sections.append(section("Schedule", table: table(
                ["Date", "Environment", "Rollout", "Cohorts"],
                flag.schedule.map { [[text($0.date.description)], [text($0.environment)], [text(percent($0.rollout))], ($0.cohorts ?? []).map { text($0) }] })))
        }
        view.sections.append(section("Audit log", table: table(
            ["When", "Who", "Environment", "Action", "To", "Why"],
            flag.audit.map { entry in
                let to: [Context]
                switch entry.to {
                case .percent(let p)?: to = [text(percent(p))]
                case .cohorts(let c)?: to = c.map { text($0) }
                case nil: to = []
                }
                return [[text(entry.at.readable)], [person(entry.who)], [text(entry.environment)], [text(entry.action.rawValue)], to, [text(entry.why)]]
            })))
        return view
    }

    func experimentView(_ document: Document, _ e: Experiment) -> DetailView {
        var view = DetailView()
        view.facts = [
            fact("Owner", owner(e.owner)),
            fact("Status", [text(e.status.rawValue, badge: e.status.rawValue)]),
            fact("Flag", e.flag.map { [link(.flag, $0)] } ?? []),
            fact("Surface", e.surface),
            fact("Layer", e.layer),
            fact("Start", e.start.description),
            fact("End", e.end?.description),
            fact("Allocation", percent(e.allocation ?? 100)),
            fact("Daily traffic", grouped(e.dailyTraffic) + " units"),
            fact("Alpha", number(e.alpha ?? base.config.alpha)),
            fact("Power", number(e.power ?? base.config.power)),
            fact("Decision", e.decision.map { [text($0.rawValue, badge: $0.rawValue)] } ?? []),
        ]
        view.sections.append(section("Hypothesis", paragraph: e.hypothesis))
        if let s = e.segments {
            view.sections.append(section("Segments", facts: [
                fact("Lifecycle", (s.lifecycle ?? ["all"]).map { text($0) }),
                fact("Locale", (s.locale ?? ["all"]).map { text($0) }),
                fact("Device", (s.device ?? ["all"]).map { text($0) }),
            ]))
        }
        view.sections.append(section("Variants", table: table(
            ["Variant", "Weight", "Role"],
            e.variants.map { [[text($0.name)], [text(percent($0.weight))], [text($0.control ? "control" : "treatment")]] })))
        let m = e.primaryMetric
        view.sections.append(section("Primary metric", facts: [
            fact("Metric", m.name), fact("Kind", m.kind.rawValue), fact("Baseline", number(m.baseline)),
            fact("Standard deviation", m.sd.map(number)),
            fact("Expected lift", percent(m.expectedLift * 100) + " (\(m.direction.rawValue))"),
        ]))
        view.sections.append(section("Guardrails", table: e.guardrails.isEmpty ? nil : table(
            ["Metric", "Kind", "Max regression", "Bad direction"],
            e.guardrails.map { [[text($0.metric)], [text($0.kind.rawValue)], [text(percent($0.maxRegression * 100))], [text($0.badDirection.rawValue)]] })))
        if let results = e.results {
            var rows: [[[Context]]] = []
            for variant in results.variants {
                for metric in variant.metrics {
                    let o = metric.value
                    let value = o.conversions.map { "\(grouped($0)) conversions" } ?? [o.mean.map { "mean " + number($0) }, o.sd.map { "sd " + number($0) }].compactMap { $0 }.joined(separator: ", ")
                    rows.append([[text(variant.name)], [text(grouped(variant.units))], [text(metric.name)], [text(value)]])
                }
            }
            view.sections.append(section("Results", table: table(["Variant", "Units", "Metric", "Observed"], rows),
                                         note: results.asOf.map { "As of \($0)." }))
        }
        view.sections.append(section("Results file", paragraph: e.resultsFile))
        view.sections.append(section("Learnings", paragraph: e.learnings))
        return view
    }

    func rolloutView(_ document: Document, _ r: Rollout) -> DetailView {
        var view = DetailView()
        let critical = Set(analysis.rollouts[document.id]?.criticalPath ?? [])
        let done = r.steps.filter { $0.status == .done }.count
        view.facts = [
            fact("Owner", owner(r.owner)),
            fact("Sprint", r.sprint.map { [link(.sprint, $0)] } ?? []),
            fact("Services", links(.service, r.services)),
            fact("Flags", links(.flag, r.flags)),
        ]
        let path = analysis.rollouts[document.id]?.criticalPath ?? []
        let total = r.steps.filter { critical.contains($0.id) }.reduce(0.0) { $0 + ($1.duration?.minutes ?? 0) }
        view.figures = [
            figure("Steps done", "\(done) of \(r.steps.count)"),
            figure("Critical path", humanMinutes(Int(total)), note: path.joined(separator: " → ")),
        ]
        view.sections.append(section("Steps", table: table(
            ["Step", "Kind", "Title", "Needs", "Gate", "Owner", "Runbook", "Duration", "Status"],
            r.steps.map { s in
                var gate: [Context] = s.flag.map { [link(.flag, $0)] } ?? []
                if let env = s.environment { gate.append(text(env)) }
                if let pct = s.percentage { gate.append(text(percent(pct))) }
                if let reverts = s.reverts { gate.append(text("reverts \(reverts)")) }
                return [[text(s.id)], [text(s.kind.rawValue, badge: s.kind.rawValue)], [text(s.title)], s.needs.map { text($0) },
                        gate, owner(s.owner), s.runbook.map { [link(.runbook, $0)] } ?? [],
                        s.duration.map { [text($0.text)] } ?? [], s.status.map { [text($0.rawValue, badge: $0.rawValue)] } ?? []]
            },
            rowIDs: r.steps.map { "step-" + $0.id },
            rowClasses: r.steps.map { critical.contains($0.id) ? "critical" : nil })))
        view.diagram = rolloutDiagram(document, r)
        return view
    }

    func sprintView(_ document: Document, _ s: Sprint) -> DetailView {
        var view = DetailView()
        view.facts = [
            fact("Start", s.start.description), fact("End", s.end.description), fact("Cycle", s.cycle),
            fact("Cooldown", s.cooldown ? "yes" : nil),
            fact("Current", analysis.currentSprint == document.slug ? [text("current sprint", badge: "current")] : []),
        ]
        if let report = analysis.sprints[document.id] {
            view.figures = [
                figure("Completion", percent(report.completion), note: "\(report.goalsDone) of \(report.goals) goals done"),
                figure("Incidents", String(report.incidents.count)),
                figure("Flag changes", String(report.flagChanges)),
                figure("Action items due", String(report.actionItemsDue)),
            ]
            view.sections.append(section("Goals", table: table(
                ["Goal", "Rollout", "Status"],
                s.goals.map { [[text($0.title)], $0.rollout.map { [link(.rollout, $0)] } ?? [], [text($0.status.rawValue, badge: $0.status.rawValue)]] })))
            view.sections.append(section("Incidents", list: report.incidents.map { [link(.postmortem, $0)] }))
            view.sections.append(section("Experiments started", list: report.experimentsStarted.map { [link(.experiment, $0)] }))
            view.sections.append(section("Experiments concluded", list: report.experimentsConcluded.map { [link(.experiment, $0)] }))
        }
        return view
    }

    /// Dashboard links come from content: only web and mail addresses are linked.
    func safeURL(_ url: String) -> String {
        let lowered = url.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("/") || lowered.hasPrefix("mailto:") ? url : "#"
    }
}

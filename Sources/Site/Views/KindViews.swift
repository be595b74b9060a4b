import Analysis
import Diagrams
import Model
import Templates

/// The structured front matter of each kind, as facts, headline figures and sections.
extension SiteViews {
    func teamView(_ document: Document, _ team: Team) -> DetailView {
        var view = DetailView()
        view.facts = [fact("Channel", team.channel), fact("On-call", team.oncall), fact("Members", String(team.members.count))]
        view.sections.append(section("Members", table: table(
            ["Name", "Handle", "Role"],
            team.members.map { [[text($0.name)], [text($0.handle)], $0.role.map { [text($0)] } ?? []] },
            rowIDs: team.members.map { memberAnchor($0.handle) })))
        // Postmortems are listed under Incidents, with severity and time to resolve.
        view.sections += owned(by: document, members: team.members.map(\.handle), kinds: Kind.allCases.filter { $0 != .postmortem })
        view.sections += teamOperationsSections(document)
        return view
    }

    func serviceView(_ document: Document, _ service: Service) -> DetailView {
        var view = DetailView()
        let dependents = relations.dependants[document.slug] ?? []
        view.facts = [
            fact("Owner", owner(service.owner)),
            fact("On-call", service.oncall.map { rotation in
                base.document(id: "team/\(rotation)") != nil ? [link(.team, rotation)] : [text(rotation)]
            } ?? []),
            fact("Tier", [text(String(service.tier), badge: "tier\(service.tier)")]),
            fact("Lifecycle", [text(service.lifecycle.rawValue, badge: service.lifecycle.rawValue)]),
            fact("Repository", service.repo.map { [Site.link(repositoryLabel($0), safeURL($0))] } ?? []),
            fact("Depends on", links(.service, service.dependsOn)),
            fact("Depended on by", dependents.map(documentLink)),
        ]
        view.diagram = serviceDiagram(around: document.slug)
        view.banners = [gapBanner(document)].compactMap { $0 }
        // What an on-call reader reaches for first: the runbooks, the alerts and the dashboards; then the objectives,
        // the synthetic checks and the contracts.
        let runbooks = relations.runbooks[document.slug] ?? []
        view.sections.append(section("Runbooks", list: runbooks.map { d in
            [documentLink(d)] + (analysis.runbooks[d.id]?.stale == true ? [text("stale", badge: "stale")] : [])
        }))
        view.sections.append(section("Alerts", table: nonEmptyTable(
            ["Alert", "On", "Notifies", "Runbook"],
            service.alerts.map { a in
                [[text(a.name)], [text(a.type.rawValue, badge: a.type.rawValue)], [text(a.notify.rawValue, badge: a.notify.rawValue)],
                 a.runbook.map { [link(.runbook, $0)] } ?? [text("none")]]
            })))
        view.sections.append(section("Integrations", table: nonEmptyTable(
            ["Integration", "Direction", "Counterpart", "Gaps"],
            (relations.integrations[document.slug] ?? []).sorted { $0.slug < $1.slug }.map { d in
                guard case .integration(let i) = d.details else { return [[documentLink(d)]] }
                let gaps = analysis.gaps[d.id]?.count ?? 0
                return [[documentLink(d)], [text(i.direction.rawValue, badge: i.direction.rawValue)], [text(i.counterpart)],
                        [gaps == 0 ? text("none", badge: "ok") : text("\(gaps)", badge: "stale")]]
            })))
        view.sections.append(section("Dashboards", list: service.dashboards.map { d in
            [Site.link(d.title, safeURL(d.url))] + (d.shows.isEmpty ? [] : [text("shows " + d.shows.map(\.rawValue).joined(separator: ", "))])
        }))
        view.sections.append(section("Service level objectives", facts: [
            fact("Availability", service.slo?.availability.map(percent)),
            fact("Latency p99", service.slo?.latencyP99Ms.map { number($0) + " ms" }),
        ], table: nonEmptyTable(
            ["Objective", "Target", "Window", "Indicator"],
            service.slos.map { [[text($0.name)], [text(number($0.objective) + " %")], [text($0.window.text)], [text($0.indicator)]] })))
        view.sections.append(section("Synthetic checks", table: nonEmptyTable(
            ["Journey", "From", "Every", "Alerts when", "Pages"],
            service.syntheticChecks.map { c in
                [[text(c.journey)], c.locations.map { text($0) }, [text(c.interval.text)], [text(c.threshold)],
                 [text(c.pages ? "pages" : "does not page", badge: c.pages ? "page" : "ticket")]]
            })))
        view.sections.append(section("Contracts", table: nonEmptyTable(
            ["Provider", "Interactions", "Last verified", "Verified in"],
            service.contracts.map { c in
                let age = analysis.asOf.days(since: c.lastVerified)
                return [[link(.service, c.provider)], c.interactions.map { text($0) },
                        [text(c.lastVerified.description)] + (age > base.config.contractMaxAgeDays ? [text("stale, \(age) days", badge: "stale")] : []),
                        [text(c.verifiedIn)]]
            }), note: service.contracts.isEmpty ? nil : "Consumer-driven contracts this service holds with the services it calls."))
        view.sections += serviceOperationsSections(document)
        return view
    }

    func runbookView(_ document: Document, _ runbook: Runbook) -> DetailView {
        var view = DetailView()
        let figures = analysis.runbooks[document.id]
        view.facts = [
            fact("Alerts", runbook.alerts.map { text($0) }),
            fact("Owner", owner(runbook.owner)),
            fact("Services", links(.service, runbook.services)),
            fact("Last reviewed", date(runbook.lastReviewed)),
            fact("Review every", days(runbook.reviewEveryDays ?? base.config.reviewEveryDays)),
            fact("Last drill", runbook.lastDrill.map { [text("\($0) (\(daysAgo(figures?.daysSinceDrill ?? 0)))")] } ?? []),
        ]
        if let figures {
            view.figures.append(figure("Review due", figures.reviewDue.description,
                                       note: (figures.stale ? "stale, " : "current, ") + reviewDueNote(figures), badge: figures.stale ? "stale" : "ok"))
            view.banners = [runbookStaleBanner(runbook, figures)].compactMap { $0 }
        }
        view.banners += [gapBanner(document)].compactMap { $0 }
        // What to do comes first: the body (the procedure), then the failure modes as a reference.
        view.trailing = [failureModeSection(runbook)]
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
        // The reader's order: how bad (impact), what is being done (action items), then how it unfolded and
        // why; the long narrative of the body comes after.
        let items = p.actionItems.enumerated().map { i, item -> [[InlinePart]] in
            let state = figures?.actionItems[i]
            var status = [text(item.status.rawValue, badge: item.status.rawValue)]
            if state?.escalated == true { status.append(text("escalated", badge: "escalated")) }
            else if state?.overdue == true { status.append(text("overdue", badge: "overdue")) }
            return [[text(item.title)] + (item.ticket.map { [Site.link(ticketLabel($0), safeURL($0))] } ?? []),
                    owner(item.owner), [text(item.due.description)], status,
                    item.type.map { [text($0.rawValue)] } ?? [],
                    (item.closed.map { [text($0.description)] } ?? []) + (item.reason.map { [text($0)] } ?? [])]
        }
        let t = p.timeline
        view.sections = [
            section("Impact", facts: [
                fact("Users affected", p.impact.usersAffected.map(grouped)),
                fact("Error budget burned", p.impact.errorBudgetBurned.map(percent)),
            ], paragraph: prose(document, p.impact.summary)),
            section("Action items", table: table(["Action", "Owner", "Due", "Status", "Type", "Closed"], items)),
            section("Timeline", table: table(["Event", "When"], [
                [[text("Started")], [text(t.started.readable)]],
                [[text("Detected")], [text(t.detected.readable)]],
                [[text("Mitigated")], [text(t.mitigated.readable)]],
                [[text("Resolved")], [text(t.resolved.readable)]],
            ]), chart: figures.map { postmortemStrip(document, p, $0) }),
            section("Trigger", paragraph: p.trigger.map { prose(document, $0) }),
            section("Root causes", list: p.rootCauses.map { [prose(document, $0)] }),
            section("Contributing factors", list: p.contributingFactors.map { [prose(document, $0)] }),
        ]
        if let lessons = p.lessons {
            view.sections += [
                section("What went well", list: lessons.wentWell.map { [text($0)] }),
                section("What went wrong", list: lessons.wentWrong.map { [text($0)] }),
                section("Where we got lucky", list: lessons.gotLucky.map { [text($0)] }),
            ]
        }
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
        view.banners = [flagAuditBanner(flag), flagFallbackBanner(flag, of: document)].compactMap { $0 }
        // State (the environments) and purpose (the body) first; how it got there (chart, schedule, audit log) after.
        view.sections.append(section("Environments", table: flagMatrix(flag)))
        view.trailing.append(section("Rollout over time", note: "The effective rollout (0 % while disabled) after each audit entry (a marker); dashed: the schedule after \(analysis.asOf).",
                                     chart: flagRolloutChart(document, flag)))
        if !flag.schedule.isEmpty {
            view.trailing.append(section("Schedule", table: table(
                ["Date", "Environment", "Rollout", "Cohorts"],
                flag.schedule.map { [[text($0.date.description)], [text($0.environment)], [text(percent($0.rollout))], ($0.cohorts ?? []).map { text($0) }] })))
        }
        view.trailing.append(section("Audit log", table: table(
            ["When", "Who", "Environment", "Action", "To", "Why"],
            flag.audit.map { entry in
                let to: [InlinePart]
                switch entry.to {
                case .percent(let p)?: to = [text(percent(p))]
                case .cohorts(let c)?: to = c.map { text($0) }
                case nil: to = []
                }
                return [[text(entry.at.readable)], [person(entry.who)], [text(entry.environment)], [text(entry.action.rawValue)], to, [text(entry.why)]]
            })))
        return view
    }

    func rolloutView(_ document: Document, _ r: Rollout) -> DetailView {
        var view = DetailView()
        let figures = analysis.rollouts[document.id]
        let critical = Set(figures?.criticalPath ?? [])
        let states = figures?.states ?? r.steps.map { _ in .pending }
        view.facts = [
            fact("Owner", owner(r.owner)),
            fact("Sprint", r.sprint.map { [link(.sprint, $0)] } ?? []),
            fact("Services", links(.service, r.services)),
            fact("Flags", links(.flag, r.flags)),
        ]
        view.figures = [
            figure("Steps done", figures?.stepsDone ?? "–",
                   note: figures.flatMap { f in f.count(.notNeeded) > 0 ? "\(f.count(.notNeeded)) rollback\(f.count(.notNeeded) == 1 ? "" : "s") not needed" : nil }),
            figure("Critical path", humanMinutes(figures?.criticalMinutes ?? 0), note: figures?.criticalPath.joined(separator: " → ")),
            figure("Remaining critical path", humanMinutes(figures?.remainingMinutes ?? 0),
                   note: figures.map { $0.remainingPath.isEmpty ? "nothing left" : $0.remainingPath.joined(separator: " → ") }),
        ]
        view.sections.append(section("Steps", table: table(
            ["Step", "Kind", "Title", "Needs", "Gate", "Owner", "Runbook", "Duration", "Status"],
            zip(r.steps, states).map { s, state in
                var gate: [InlinePart] = s.flag.map { [link(.flag, $0)] } ?? []
                if let env = s.environment { gate.append(text(env)) }
                if let pct = s.percentage { gate.append(text(percent(pct))) }
                if !s.reverts.isEmpty { gate.append(text("reverts " + s.reverts.joined(separator: ", "))) }
                return [[text(s.id)], [text(s.kind.rawValue, badge: s.kind.rawValue)], [prose(document, s.title)], s.needs.map { text($0) },
                        gate, owner(s.owner), s.runbook.map { [link(.runbook, $0)] } ?? [],
                        s.duration.map { [text($0.text)] } ?? [], [text(state.icon + " " + state.word, badge: state.rawValue)]]
            },
            rowIDs: r.steps.map { "step-" + $0.id },
            rowClasses: r.steps.map { critical.contains($0.id) ? "critical" : nil })))
        view.diagram = rolloutDiagram(document, r)
        return view
    }

    func sprintView(_ document: Document, _ s: Sprint) -> DetailView {
        var view = DetailView()
        view.facts = [
            fact("Team", s.team.map { [link(.team, $0)] } ?? []),
            fact("Start", s.start.description), fact("End", s.end.description), fact("Cycle", s.cycle),
            fact("Cooldown", s.cooldown ? "yes" : nil),
            fact("Current", analysis.isCurrent(document) ? [text("current sprint", badge: "current")] : []),
        ]
        view.banners = sprintBanners(document, s)
        if let report = analysis.sprints[document.id] {
            (view.figures, view.sections) = sprintReport(document, s, report)
        }
        return view
    }

    /// A ticket's link text: the last segment of its address (`OPS-123` of `https://tracker.example/browse/OPS-123`),
    /// or "ticket" when it has none.
    func ticketLabel(_ url: String) -> String {
        pathSegments(url).last.map { "ticket " + $0 } ?? "ticket"
    }

    /// A repository's link text: its last two path segments (`hearth/feed-service`), or the address.
    func repositoryLabel(_ url: String) -> String {
        let segments = pathSegments(url)
        return segments.count >= 2 ? segments.suffix(2).joined(separator: "/") : url
    }

    /// The segments of an address's path, after the scheme and host, without its query.
    func pathSegments(_ url: String) -> [Substring] {
        Array((url.split(separator: "?").first ?? Substring(url)).split(separator: "/").dropFirst(2))
    }

    /// Dashboard links come from content: only web and mail addresses are linked.
    func safeURL(_ url: String) -> String {
        let lowered = url.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("/") || lowered.hasPrefix("mailto:") ? url : "#"
    }
}

import Analysis
import Model
import Templates

/// The operations report on runbook, team and service pages: review status, failure modes by class, open
/// action items, incidents, and what touches a service.
extension SiteViews {
    // MARK: Runbooks

    /// `12 days ago`, `today`, `in 3 days`.
    func daysAgo(_ n: Int) -> String {
        n == 0 ? "today" : n > 0 ? days(n) + " ago" : "in " + days(-n)
    }

    /// `238 days overdue`, `due today`, `due in 12 days`, as of the build's date.
    func reviewDueNote(_ f: RunbookFigures) -> String {
        let late = analysis.asOf.days(since: f.reviewDue)
        return late > 0 ? days(late) + " overdue" : late == 0 ? "due today" : "due in " + days(-late)
    }

    /// The review-due cell of the runbooks index: the date, then how overdue (a stale badge) or how far off.
    func reviewDueCell(_ f: RunbookFigures) -> [InlinePart] {
        [text(f.reviewDue.description), text(reviewDueNote(f), badge: f.stale ? "stale" : nil)]
    }

    /// Runbooks by staleness: the most overdue first, then by review due date (the same order), then by slug;
    /// documents without figures last.
    func runbooksByReviewDue(_ documents: [Document]) -> [Document] {
        documents.sorted { a, b in
            switch (analysis.runbooks[a.id]?.reviewDue, analysis.runbooks[b.id]?.reviewDue) {
            case (let x?, let y?): return (x, a.slug) < (y, b.slug)
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.slug < b.slug
            }
        }
    }

    func runbookStaleBanner(_ runbook: Runbook, _ f: RunbookFigures) -> TemplateValue? {
        guard f.stale else { return nil }
        return banner("warning", "Review overdue.", [text(
            "This runbook was due for review on \(f.reviewDue) (\(reviewDueNote(f))); it was last reviewed on \(runbook.lastReviewed). "
            + "Its steps may no longer match the system: check them against it before relying on them.")])
    }

    static let failureClassNotes: [Runbook.FailureClass: String] = [
        .retryable: "transient; a retry, by the system or by hand, is expected to succeed.",
        .userFixable: "the user can fix it; tell them what to change.",
        .operatorFixable: "an operator must act; follow the action.",
        .fatal: "cannot be recovered from in place; escalate.",
    ]

    /// One table of the failure modes, by class in the content model's order (retryable, user-fixable,
    /// operator-fixable, fatal) and in file order within a class; the note says what each class present means.
    func failureModeSection(_ runbook: Runbook) -> TemplateValue? {
        let classes = Runbook.FailureClass.allCases.filter { cls in runbook.failureModes.contains { $0.class == cls } }
        let modes = classes.flatMap { cls in runbook.failureModes.filter { $0.class == cls } }
        return section("Failure modes", table: nonEmptyTable(
            ["Failure", "Class", "Action"],
            modes.map { [[text($0.name)], [text($0.class.rawValue, badge: $0.class.rawValue)], [text($0.action)]] }),
            note: classes.compactMap { cls in Self.failureClassNotes[cls].map { "\(cls.rawValue): \($0)" } }.joined(separator: " "))
    }

    // MARK: Teams and services

    /// A postmortem's severity, start, time to resolve and (optionally) services, newest first.
    func incidentTable(_ postmortems: [Document], services: Bool) -> TemplateValue? {
        guard !postmortems.isEmpty else { return nil }
        var columns = ["Incident", "Severity", "Status", "Started", "Time to resolve"]
        if services { columns.append("Services") }
        return table(columns, postmortems.map { d in
            guard case .postmortem(let p) = d.details else { return [[link(to: d.id)]] }
            var row: [[InlinePart]] = [[link(to: d.id)], [text(p.severity.rawValue, badge: p.severity.rawValue)],
                                       [text(p.status.rawValue, badge: p.status.rawValue)], [text(p.timeline.started.day.description)],
                                       [text(analysis.postmortems[d.id].map { humanMinutes($0.ttr) } ?? "–")]]
            if services { row.append(links(.service, p.services)) }
            return row
        })
    }

    /// An action item's status with its overdue or escalated badge, or how long until it falls due.
    func actionItemStatus(_ item: Postmortem.ActionItem, _ f: PostmortemFigures.Item?) -> [InlinePart] {
        var status = [text(item.status.rawValue, badge: item.status.rawValue)]
        if f?.escalated == true { status.append(text("escalated", badge: "escalated")) }
        else if f?.overdue == true { status.append(text("overdue", badge: "overdue")) }
        if item.status == .open {
            let late = analysis.asOf.days(since: item.due)
            status.append(text(late > 0 ? days(late) + " late" : late == 0 ? "due today" : "due in " + days(-late)))
        }
        return status
    }

    /// The team's open action items and its incidents.
    // MARK: The reliability catalog's gaps

    /// A gap as a reader reads it: its message without the diagnostics' backticks, and its code ("… (W0605)").
    func gapText(_ gap: Gap) -> String {
        gap.message.replacingOccurrences(of: "`", with: "") + " (\(gap.code))"
    }

    /// The banner of a service, runbook or integration with gaps in its reliability practices (W0601–W0614).
    func gapBanner(_ document: Document) -> TemplateValue? {
        guard let gaps = analysis.gaps[document.id], !gaps.isEmpty else { return nil }
        return banner("warning", "Reliability gaps.", [text(gaps.map(gapText).joined(separator: "; ") + ".")])
    }

    /// Every gap of the documents owned by a team or one of its members (services and runbooks), by document.
    func teamGapSection(_ team: Document) -> TemplateValue? {
        guard case .team(let t) = team.details else { return nil }
        let owners: [Owner] = [.team(team.slug)] + t.members.map { .person($0.handle) }
        let owned = owners.flatMap { relations.owned[$0] ?? [] }.filter { [.service, .runbook, .integration].contains($0.kind) }
            .sorted { ($0.kind.rawValue, $0.slug) < ($1.kind.rawValue, $1.slug) }
        let rows = owned.flatMap { d in (analysis.gaps[d.id] ?? []).map { gap in [[documentLink(d)], [text(gapText(gap))]] } }
        return section("Reliability gaps", table: nonEmptyTable(["Document", "Gap"], rows),
                       note: "Alerts without runbooks, dependencies without contracts, critical services without synthetic checks, integrations that may lose or repeat deliveries (W0601–W0614), in the services, runbooks and integrations the team or a member owns.")
    }

    func teamOperationsSections(_ team: Document) -> [TemplateValue?] {
        let items = relations.openActionItems(ofTeam: team)
        let rows = items.compactMap { ref -> [[InlinePart]]? in
            guard case .postmortem(let p) = ref.postmortem.details else { return nil }
            let item = p.actionItems[ref.index]
            return [[text(item.title)], [link(to: ref.postmortem.id)], owner(item.owner), [text(item.due.description)],
                    actionItemStatus(item, analysis.postmortems[ref.postmortem.id]?.actionItems[ref.index])]
        }
        return [
            teamGapSection(team),
            section("Open action items", table: nonEmptyTable(["Action", "Postmortem", "Owner", "Due", "Status"], rows),
                    note: "Open action items from postmortems owned by the team or one of its members, by due date."),
            section("Incidents", table: incidentTable(relations.incidents(ofTeam: team), services: true),
                    note: "Postmortems owned by the team or a member, or touching a service they own; newest first."),
        ]
    }

    /// The service's incidents, flags, experiments (through their flag) and rollouts.
    func serviceOperationsSections(_ service: Document) -> [TemplateValue?] {
        let slug = service.slug
        let flags = (relations.flags[slug] ?? []).map { d -> [InlinePart] in
            let status = analysis.flags[d.id]?.status.rawValue
            return [link(to: d.id)] + (status.map { [text($0, badge: $0)] } ?? [])
        }
        let experiments = (relations.experiments[slug] ?? []).map { d -> [InlinePart] in
            guard case .experiment(let e) = d.details else { return [link(to: d.id)] }
            return [link(to: d.id), text(e.status.rawValue, badge: e.status.rawValue)] + (e.flag.map { [text("flag " + $0)] } ?? [])
        }
        let rollouts = (relations.rollouts[slug] ?? []).map { d -> [InlinePart] in
            guard case .rollout(let r) = d.details else { return [link(to: d.id)] }
            var parts = [link(to: d.id), text((analysis.rollouts[d.id]?.stepsDone ?? "–") + " steps done")]
            let steps = r.steps.filter { $0.services.contains(slug) }.map(\.id)
            if !steps.isEmpty { parts.append(text("via step\(steps.count == 1 ? "" : "s") " + steps.joined(separator: ", "))) }
            return parts
        }
        return [
            section("Incidents", table: incidentTable(relations.incidents[slug] ?? [], services: false),
                    note: "Postmortems that list this service; newest first."),
            section("Flags", list: flags),
            section("Experiments", list: experiments),
            section("Rollouts", list: rollouts),
        ]
    }
}

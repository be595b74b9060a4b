import Analysis
import Diagrams
import Markdown
import Model
import Templates

/// The operations report of a flag (rollout over time, audit mismatch) and the flag inventory with its
/// static filter pages (by owner, by type).
extension SiteViews {
    // MARK: The flag page

    /// The declared state per environment, in the order of `almanac.yaml` (then any other, as declared).
    func flagMatrix(_ flag: Flag) -> TemplateValue {
        let order = base.config.environments
        let states = flag.environments.sorted { a, b in
            ((order.firstIndex(of: a.environment) ?? order.count), a.environment) < ((order.firstIndex(of: b.environment) ?? order.count), b.environment)
        }
        return table(["Environment", "Enabled", "Rollout", "Cohorts"], states.map { e in
            [[text(e.environment)], [text(e.state.enabled ? "on" : "off", badge: e.state.enabled ? "on" : "off")],
             [text(percent(e.state.rollout))], e.state.cohorts.isEmpty ? [text("all")] : e.state.cohorts.map { text($0) }]
        })
    }

    /// A warning when replaying the audit log (as W0403 does) does not end in the declared state.
    func flagAuditBanner(_ flag: Flag) -> TemplateValue? {
        let mismatches = Rules.auditMismatches(flag, environments: base.config.environments)
        guard !mismatches.isEmpty else { return nil }
        let parts = mismatches.map { m in
            text("\(m.declared.environment): declared \(Rules.describe(m.declared.state)), but the audit log ends \(Rules.describe(m.replayed)).")
        }
        return banner("warning", "The audit log disagrees with the declared state.", parts)
    }

    /// The fallback experience, shown above the facts.
    func flagFallbackBanner(_ flag: Flag, of document: Document) -> TemplateValue {
        banner("info", "When the flag is off:", [prose(document, flag.fallback)])
    }

    /// The rollout over time: one step series per environment from the audit log, and, for environments with
    /// schedule steps after the as-of date, a dashed `planned` series from the current value.
    func flagRolloutChart(_ document: Document, _ flag: Flag) -> String? {
        let series = flagRolloutSeries(flag, environments: base.config.environments, asOf: analysis.asOf)
        guard !series.isEmpty else { return nil }
        return LineChart(id: "flag-rollout", title: "Rollout of \(document.slug) over time", series: series, xAxis: .days,
                         yFormat: ChartFormat.unit("%", decimals: 1), yRange: 0...100).svg()
    }

    /// The step series of `flagRolloutChart`. The actual series of an environment starts at 0 % on the day the
    /// flag was created and has a point (a marker) per audit entry of that environment, at its time, holding the
    /// effective rollout (0 % while disabled) that the audit log replayed up to it gives.
    func flagRolloutSeries(_ flag: Flag, environments: [String], asOf: Day) -> [LineChart.Series] {
        let start = min(flag.created, flag.audit.first?.at.day ?? flag.created)
        var actual: [String: [LineChart.Point]] = [:]
        for env in environments { actual[env] = [LineChart.Point(x: x(of: start), y: 0)] }
        for change in flag.changes where actual[change.entry.environment] != nil {
            let entry = change.entry, state = change.after
            let seconds = entry.at.secondsSinceEpoch / 86400
            actual[entry.environment]!.append(LineChart.Point(
                x: x(of: entry.at.day) + (seconds - seconds.rounded(.down)), y: state.enabled ? state.rollout : 0,
                label: "\(entry.at.readable), \(flagChange(entry)) by \(entry.who)"))
        }
        var out: [LineChart.Series] = []
        for env in environments {
            let steps = actual[env]!
            out.append(LineChart.Series(
                name: env,
                points: steps,
                interpolation: .stepAfter, markers: true, className: "env-" + env))
        }
        for env in environments {
            let future = flag.schedule.filter { $0.environment == env && $0.date > asOf }
            guard !future.isEmpty else { continue }
            let now = actual[env]!.last { $0.x < x(of: asOf) + 1 }?.y ?? 0
            out.append(LineChart.Series(
                name: env + " (planned)",
                points: [LineChart.Point(x: x(of: asOf), y: now, label: "as of")]
                    + future.map { LineChart.Point(x: x(of: $0.date), y: $0.rollout, label: "scheduled") },
                interpolation: .stepAfter, markers: false, className: "planned env-" + env))
        }
        return out
    }

    private func x(of day: Day) -> Double { Double(chartDay(day).daysSince1970) }

    /// One audit entry as a short change: `enabled`, `rollout → 10 %`, `targeting → moderators`.
    func flagChange(_ entry: Flag.AuditEntry) -> String {
        switch entry.to {
        case .percent(let p)?: "\(entry.action.rawValue) → \(percent(p))"
        case .cohorts(let c)?: "\(entry.action.rawValue) → \(c.isEmpty ? "none" : c.joined(separator: ", "))"
        case nil: entry.action.rawValue
        }
    }

    // MARK: The inventory

    /// The URL of the flags of one owner; the segment is a team's slug or `@` and a person's handle, slugged.
    func flagOwnerURL(_ owner: Owner) -> String { urls.index(.flag) + "owner/" + flagOwnerSegment(owner) + "/" }

    func flagOwnerSegment(_ owner: Owner) -> String {
        switch owner {
        case .team(let slug): return urls.tagSlug(slug)
        case .person(let handle):
            let slug = Slugger.slug(String(handle.dropFirst()))
            return "@" + (slug.isEmpty || slug.allSatisfy { $0 == "-" } ? urls.tagSlug(handle) : slug.addingPathEscapes())
        }
    }

    func flagTypeURL(_ type: Flag.FlagType) -> String { urls.index(.flag) + "type/" + type.rawValue + "/" }

    /// Stale and expired flags first, then the rest, each by key.
    func flagInventory(_ documents: [Document]) -> [Document] {
        func urgent(_ d: Document) -> Int { [.stale, .expired].contains(analysis.flags[d.id]?.status) ? 0 : 1 }
        return documents.sorted { (urgent($0), $0.slug) < (urgent($1), $1.slug) }
    }

    func flagInventoryTable(_ documents: [Document]) -> ([String], [[[InlinePart]]]) {
        (["Flag", "Type", "Owner", "Status", "Age (days)", "Expires"], flagInventory(documents).map { d in
            guard case .flag(let f) = d.details, let a = analysis.flags[d.id] else {
                return [[documentLink(d)]]
            }
            return [[Site.link(d.slug, urls.document(.flag, d.slug))], [Site.link(f.type.rawValue, flagTypeURL(f.type), badge: f.type.rawValue)],
                    owner(f.owner), [text(a.status.rawValue, badge: a.status.rawValue)], [text(String(a.ageDays))], date(f.expires)]
        })
    }

    /// The subsets the inventory can be filtered to: every owner and every type that has a flag, in a stable order.
    func flagFilters() -> [(url: String, label: String, group: String, documents: [Document])] {
        var byOwner: [String: (owners: Set<String>, documents: [Document])] = [:]
        var byType: [Flag.FlagType: [Document]] = [:]
        for d in base.documents(of: .flag) {
            guard case .flag(let f) = d.details else { continue }
            let name: String
            switch f.owner {
            case .team(let slug): name = base.document(id: "team/\(slug)")?.title ?? slug
            case .person(let handle): name = handle
            }
            byOwner[flagOwnerURL(f.owner), default: ([], [])].owners.insert(name)
            byOwner[flagOwnerURL(f.owner)]!.documents.append(d)
            byType[f.type, default: []].append(d)
        }
        let owners = byOwner.sorted { $0.key < $1.key }.map { ($0.key, $0.value.owners.sorted().joined(separator: ", "), "owner", $0.value.documents) }
        let types = Flag.FlagType.allCases.compactMap { t in byType[t].map { (flagTypeURL(t), t.rawValue, "type", $0) } }
        return owners + types
    }

    /// The row of filter links above the inventory, the current one marked.
    func flagFilterLinks(_ filters: [(url: String, label: String, group: String, documents: [Document])], current: String?) -> TemplateValue {
        func filterLink(_ text: String, _ url: String) -> TemplateValue {
            ["text": .text(text), "url": .text(url), "current": .bool(url == current)]
        }
        let groups = [("owner", "Owner"), ("type", "Type")].map { key, title -> TemplateValue in
            let links = [["text": "all", "url": .text(urls.index(.flag)), "current": .bool(current == nil)]]
                + filters.filter { $0.group == key }.map { filterLink($0.label, $0.url) }
            return ["title": .text(title), "links": .list(links)]
        }
        return ["groups": .list(groups)]
    }

    func flagIndexFilters() -> TemplateValue { flagFilterLinks(flagFilterSets, current: nil) }

    /// The inventory filtered to one owner or one type, on the index template.
    func flagFilterPage(url: String, label: String, group: String, documents: [Document]) -> TemplateValue {
        let title = group == "owner" ? "Flags owned by \(label)" : "Flags of type \(label)"
        // The owners are listed on the index; a filter page names only its own, so that the pages stay small
        // however many owners there are (their filter rows would otherwise grow with the square of that number).
        return listPage(title: title, current: .flag, count: documents.count, table: flagInventoryTable(documents),
                        filters: flagFilterLinks(flagFilterSets.filter { $0.group == "type" || $0.url == url }, current: url))
    }
}

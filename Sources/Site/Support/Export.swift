import Analysis
import Diagnostics
import Model

/// The JSON export: `api/<kind>/<slug>.json` for every document and `api/index.json`, a stable contract.
struct Export {
    let base: KnowledgeBase
    let analysis: Analysis
    let urls: URLs

    func index() -> JSON {
        .object([
            ("title", .string(base.config.title)),
            ("as_of", .string(analysis.asOf.description)),
            ("documents", .array(base.documents.map { d in
                .object([
                    ("id", .string(d.id)), ("kind", .string(d.kind.rawValue)), ("slug", .string(d.slug)),
                    ("title", .string(d.title)), ("url", .string(urls.document(d.kind, d.slug))),
                    ("api", .string(urls.api(d.kind, d.slug))),
                ])
            })),
        ])
    }

    func document(_ d: Document) -> JSON {
        let resolved = base.resolved[d.id] ?? [:]
        let references: [JSON] = d.references.compactMap { reference in
            guard let destination = resolved[reference] else { return nil }
            switch destination {
            case .document(let id, _):
                return .object([("field", .string(reference.field)), ("name", .string(reference.name)), ("id", .string(id))])
            case .asset:
                return nil
            case .person(let handle):
                let teams = base.persons[handle]?.teams.map { JSON.string("team/" + $0) } ?? []
                return .object([("field", .string(reference.field)), ("name", .string(reference.name)), ("person", .string(handle)), ("teams", .array(teams))])
            }
        }
        var linkIDs: [String] = []
        for link in d.body.links {
            if case .document(let id, _)? = base.bodyLinks[d.id]?[link.destination], !linkIDs.contains(id) { linkIDs.append(id) }
        }
        return .object([
            ("id", .string(d.id)),
            ("kind", .string(d.kind.rawValue)),
            ("slug", .string(d.slug)),
            ("title", .string(d.title)),
            ("url", .string(urls.document(d.kind, d.slug))),
            ("source", .string(d.path)),
            ("front_matter", JSON(d.frontMatter)),
            ("references", .array(references)),
            ("links", .array(linkIDs.map(JSON.string))),
            ("referenced_by", .array((base.backlinks[d.id] ?? []).map(JSON.string))),
            ("computed", computed(d)),
        ])
    }

    func computed(_ d: Document) -> JSON {
        switch d.details {
        case .postmortem(let p):
            guard let f = analysis.postmortems[d.id] else { return .object([]) }
            return .object([
                ("ttd", .int(f.ttd)), ("ttm", .int(f.ttm)), ("ttr", .int(f.ttr)),
                ("action_items", .array(zip(p.actionItems, f.actionItems).map { item, figures in
                    .object([("title", .string(item.title)), ("overdue", .bool(figures.overdue)), ("escalated", .bool(figures.escalated))])
                })),
            ])
        case .runbook:
            guard let f = analysis.runbooks[d.id] else { return .object([]) }
            return .object([("review_due", .string(f.reviewDue.description)), ("stale", .bool(f.stale))])
        case .flag:
            guard let f = analysis.flags[d.id] else { return .object([]) }
            return .object([("status", .string(f.status.rawValue)), ("age_days", .int(f.ageDays))])
        case .rollout:
            guard let f = analysis.rollouts[d.id] else { return .object([]) }
            return .object([("critical_path", .array(f.criticalPath.map(JSON.string)))])
        case .sprint:
            guard let r = analysis.sprints[d.id] else { return .object([]) }
            return .object([
                ("goals", .int(r.goals)), ("goals_done", .int(r.goalsDone)), ("completion", .number(r.completion)),
                ("incidents", .array(r.incidents.map(JSON.string))), ("flag_changes", .int(r.flagChanges)),
                ("experiments_started", .array(r.experimentsStarted.map(JSON.string))),
                ("experiments_concluded", .array(r.experimentsConcluded.map(JSON.string))),
                ("action_items_due", .int(r.actionItemsDue)),
                ("current", .bool(analysis.currentSprint == d.slug)),
            ])
        default:
            return .object([])
        }
    }
}

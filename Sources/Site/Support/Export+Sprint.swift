import Analysis
import Diagnostics
import Model

extension Export {
    /// The sprint report's figures beyond `SprintReport`'s, with the content model's naming: the rollouts and their
    /// step progress, the experiments running, the action items due with their state as of `as_of`, and the
    /// runbooks reviewed or gone stale in the sprint.
    func sprintActivity(_ d: Document) -> [(String, JSON)] {
        guard let a = analysis.sprintActivity(d, in: base) else { return [] }
        return [
            ("rollouts", .array(a.rollouts.map { r in
                .object([("rollout", .string(r.slug)), ("steps", .int(r.steps)), ("steps_done", .int(r.done)),
                         ("steps_in_progress", .int(r.inProgress)), ("steps_failed", .int(r.failed)), ("steps_skipped", .int(r.skipped)),
                         ("steps_not_needed", .int(r.notNeeded))])
            })),
            ("experiments_running", .array(a.experimentsRunning.map(JSON.string))),
            ("action_items_overdue", .int(a.actionItemsOverdue)),
            ("action_items_escalated", .int(a.actionItemsEscalated)),
            ("action_items", .array(a.actionItems.map { i in
                .object([("postmortem", .string(i.postmortem)), ("index", .int(i.index)), ("title", .string(i.item.title)),
                         ("due", .string(i.item.due.description)), ("status", .string(i.item.status.rawValue)),
                         ("overdue", .bool(i.overdue)), ("escalated", .bool(i.escalated))])
            })),
            ("runbooks_reviewed", .array(a.runbooksReviewed.map(JSON.string))),
            ("contracts_verified", .array(a.contractsVerified.map { e in
                .object([("service", .string(e.service)), ("provider", .string(e.subject)), ("day", .string(e.day.description))])
            })),
            ("checks_added", .array(a.checksAdded.map { e in
                .object([("service", .string(e.service)), ("journey", .string(e.subject)), ("day", .string(e.day.description))])
            })),
            ("runbooks_stale", .array(a.runbooksStale.map(JSON.string))),
        ]
    }
}

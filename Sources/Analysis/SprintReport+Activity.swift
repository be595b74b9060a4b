import Model

/// What happened inside a sprint beyond the figures of `SprintReport`: the rollouts and their step progress,
/// every flag change, the experiments that ran, the action items due (with their state as of `asOf`), and the
/// runbooks reviewed or gone stale. Computed on demand from the knowledge base, in the content model's terms.
public struct SprintActivity: Sendable {
    /// A rollout of the sprint (named by `sprint:` or by a goal), with its steps counted by status.
    public struct RolloutProgress: Sendable {
        public var slug: String
        public var steps: Int
        public var done: Int
        public var inProgress: Int
        public var failed: Int
        public var skipped: Int
        /// Steps without a status count as pending.
        public var pending: Int { steps - done - inProgress - failed - skipped }
    }

    /// One audit entry of a flag, inside the sprint.
    public struct FlagChange: Sendable {
        public var flag: String
        public var entry: Flag.AuditEntry
    }

    /// One action item due in the sprint, with its state as of `asOf`.
    public struct ActionItem: Sendable {
        public var postmortem: String
        /// Its position in the postmortem's `action_items`.
        public var index: Int
        public var item: Postmortem.ActionItem
        public var overdue: Bool
        public var escalated: Bool
    }

    /// A runbook whose review fell due in the sprint; `stale` when that date is before `asOf`.
    public struct ReviewDue: Sendable {
        public var slug: String
        public var reviewDue: Day
        public var stale: Bool
    }

    /// Sorted by slug.
    public var rollouts: [RolloutProgress] = []
    /// In time order (then by flag).
    public var flagChanges: [FlagChange] = []
    /// Slugs of experiments (other than drafts) that ran on a day of the sprint: start ≤ sprint end and
    /// (end, or `asOf` without one) ≥ sprint start. Sorted.
    public var experimentsRunning: [String] = []
    /// By due date, then postmortem and position.
    public var actionItems: [ActionItem] = []
    public var actionItemsOverdue: Int { actionItems.filter(\.overdue).count }
    public var actionItemsEscalated: Int { actionItems.filter(\.escalated).count }
    /// Slugs of runbooks whose `last_reviewed` is in the sprint. Sorted.
    public var runbooksReviewed: [String] = []
    /// Runbooks whose review falls due in the sprint, by date then slug.
    public var reviewsDue: [ReviewDue] = []
    /// Slugs of the runbooks that went stale in the sprint: review due in it and before `asOf`. Sorted.
    public var runbooksStale: [String] { reviewsDue.filter(\.stale).map(\.slug).sorted() }

    public init() {}
}

extension Analysis {
    /// The activity of the sprint `sprint` (a document of kind sprint); nil for another kind.
    public func sprintActivity(_ sprint: Document, in base: KnowledgeBase) -> SprintActivity? {
        guard case .sprint(let s) = sprint.details else { return nil }
        let range = s.start...max(s.start, s.end)
        var out = SprintActivity()
        let goalRollouts = Set(s.goals.compactMap(\.rollout))
        for d in base.documents {
            switch d.details {
            case .rollout(let r) where r.sprint == sprint.slug || goalRollouts.contains(d.slug):
                func count(_ status: Rollout.StepStatus) -> Int { r.steps.filter { $0.status == status }.count }
                out.rollouts.append(.init(slug: d.slug, steps: r.steps.count, done: count(.done), inProgress: count(.inProgress),
                                          failed: count(.failed), skipped: count(.skipped)))
            case .flag(let f):
                out.flagChanges += f.audit.filter { range.contains($0.at.day) }.map { .init(flag: d.slug, entry: $0) }
            case .experiment(let e) where e.status != .draft:
                if e.start <= range.upperBound && (e.end ?? asOf) >= range.lowerBound { out.experimentsRunning.append(d.slug) }
            case .postmortem(let p):
                let figures = postmortems[d.id]
                for (i, item) in p.actionItems.enumerated() where range.contains(item.due) {
                    let f = figures.flatMap { i < $0.actionItems.count ? $0.actionItems[i] : nil }
                    out.actionItems.append(.init(postmortem: d.slug, index: i, item: item,
                                                 overdue: f?.overdue ?? false, escalated: f?.escalated ?? false))
                }
            case .runbook(let r):
                if range.contains(r.lastReviewed) { out.runbooksReviewed.append(d.slug) }
                if let f = runbooks[d.id], range.contains(f.reviewDue) {
                    out.reviewsDue.append(.init(slug: d.slug, reviewDue: f.reviewDue, stale: f.stale))
                }
            default: break
            }
        }
        out.rollouts.sort { $0.slug < $1.slug }
        out.flagChanges.sort { ($0.entry.at, $0.flag) < ($1.entry.at, $1.flag) }
        out.experimentsRunning.sort()
        out.actionItems.sort { ($0.item.due, $0.postmortem, $0.index) < ($1.item.due, $1.postmortem, $1.index) }
        out.runbooksReviewed.sort()
        out.reviewsDue.sort { ($0.reviewDue, $0.slug) < ($1.reviewDue, $1.slug) }
        return out
    }
}

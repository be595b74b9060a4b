import Model

/// What happened inside a sprint beyond the figures of `SprintReport`: the rollouts and their step progress,
/// every flag change, the experiments that ran, the action items due (with their state as of `asOf`), and the
/// runbooks reviewed or gone stale. Computed on demand from the knowledge base, in the content model's terms.
public struct SprintActivity: Sendable, Equatable {
    /// A rollout of the sprint (named by `sprint:` or by a goal), with its steps counted by status.
    public struct RolloutProgress: Sendable, Equatable {
        public var slug: String
        public var steps: Int
        public var done: Int
        public var inProgress: Int
        public var failed: Int
        public var skipped: Int
        /// Rollback steps whose trigger did not fire (`Rollout.StepState.notNeeded`): not part of the work.
        public var notNeeded: Int = 0
        /// Steps without a status (other than rollbacks not needed) count as pending.
        public var pending: Int { steps - done - inProgress - failed - skipped - notNeeded }
        /// The share of the steps needed that are done, in percent with one decimal (0 for a plan without any).
        public var percentDone: Double {
            let needed = steps - notNeeded
            return needed == 0 ? 0 : (Double(done * 1000) / Double(needed) + 0.5).rounded(.down) / 10
        }
    }

    /// One audit entry of a flag, inside the sprint.
    public struct FlagChange: Sendable, Equatable {
        public var flag: String
        public var entry: Flag.AuditEntry
    }

    /// One action item due in the sprint, with its state as of `asOf`.
    public struct ActionItem: Sendable, Equatable {
        public var postmortem: String
        /// Its position in the postmortem's `action_items`.
        public var index: Int
        public var item: Postmortem.ActionItem
        public var overdue: Bool
        public var escalated: Bool
    }

    /// A runbook whose review fell due in the sprint; `stale` when that date is before `asOf`.
    public struct ReviewDue: Sendable, Equatable {
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
    /// A service's contract with a provider, verified in the sprint (`last_verified`), or a synthetic check added in it.
    public struct CatalogEvent: Sendable, Equatable {
        public var service: String
        /// The provider of a contract; the journey of a check.
        public var subject: String
        public var day: Day
    }
    /// Contracts whose `last_verified` is in the sprint, by day, service and provider.
    public var contractsVerified: [CatalogEvent] = []
    /// Synthetic checks whose `added` is in the sprint, by day, service and journey.
    public var checksAdded: [CatalogEvent] = []
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
        guard case .sprint = sprint.details else { return nil }
        return sprintActivities[sprint.id] ?? SprintActivity()
    }

    /// Every sprint's activity, in one pass over the documents: each dated event goes to the sprint whose days hold
    /// it (sprints do not overlap, E0416; with overlaps each event still goes to every sprint that holds it). A
    /// team's sprint (`team:`) takes only the events of what the team or one of its members owns; the rollouts
    /// it names are its own whoever owns them.
    func computeSprintActivities(_ base: KnowledgeBase) -> [String: SprintActivity] {
        let sprints = base.documents.compactMap { d -> (id: String, slug: String, range: ClosedRange<Day>, goals: Set<String>)? in
            guard case .sprint(let s) = d.details else { return nil }
            return (d.id, d.slug, s.start...max(s.start, s.end), Set(s.goals.compactMap(\.rollout)))
        }.sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
        let scopes = Self.sprintScopes(base)
        guard !sprints.isEmpty else { return [:] }
        var out = [String: SprintActivity](uniqueKeysWithValues: sprints.map { ($0.id, SprintActivity()) })
        let bySlug = Dictionary(sprints.map { ($0.slug, $0.id) }, uniquingKeysWith: { a, _ in a })
        var goalSprints: [String: [String]] = [:]
        for sprint in sprints { for rollout in sprint.goals { goalSprints[rollout, default: []].append(sprint.id) } }
        // The owners of the document at hand (and of the action item), for the scope of team sprints.
        var owners: [Owner?] = []
        // The sprints whose days meet `days` (and whose scope takes `owners`): a binary search for the first that
        // ends on or after its start.
        func sprintsMeeting(_ days: ClosedRange<Day>) -> [String] {
            var lo = 0, hi = sprints.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sprints[mid].range.upperBound < days.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            // Sprints are sorted by start; with overlapping sprints an earlier one may still reach the day: look back.
            var found: [String] = []
            var i = lo
            while i > 0 && sprints[i - 1].range.upperBound >= days.lowerBound { i -= 1 }
            while i < sprints.count && sprints[i].range.lowerBound <= days.upperBound {
                if sprints[i].range.overlaps(days) { found.append(sprints[i].id) }
                i += 1
            }
            return found.filter { id in scopes[id].map { scope in owners.contains { $0.map(scope.contains) ?? false } } ?? true }
        }
        for d in base.documents {
            owners = [d.owner]
            switch d.details {
            case .rollout(let r):
                var ids = Set(goalSprints[d.slug] ?? [])
                if let sprint = r.sprint, let id = bySlug[sprint] { ids.insert(id) }
                guard !ids.isEmpty else { continue }
                // The plan's figures are computed before the activities (in `init` and in `updating`).
                let f = rolloutFigures[d.id] ?? RolloutFigures(r)
                let progress = SprintActivity.RolloutProgress(slug: d.slug, steps: r.steps.count, done: f.count(.done), inProgress: f.count(.inProgress),
                                                              failed: f.count(.failed), skipped: f.count(.skipped), notNeeded: f.count(.notNeeded))
                for id in ids { out[id]!.rollouts.append(progress) }
            case .flag(let f):
                for entry in f.audit { for id in sprintsMeeting(entry.at.day...entry.at.day) { out[id]!.flagChanges.append(.init(flag: d.slug, entry: entry)) } }
            case .experiment(let e) where e.status != .draft:
                let end = e.end ?? asOf
                guard e.start <= end else { continue }
                for id in sprintsMeeting(e.start...end) { out[id]!.experimentsRunning.append(d.slug) }
            case .postmortem(let p):
                let figures = postmortems[d.id]
                for (i, item) in p.actionItems.enumerated() {
                    owners = [p.owner, item.owner]
                    let f = figures.flatMap { i < $0.actionItems.count ? $0.actionItems[i] : nil }
                    for id in sprintsMeeting(item.due...item.due) {
                        out[id]!.actionItems.append(.init(postmortem: d.slug, index: i, item: item,
                                                          overdue: f?.overdue ?? false, escalated: f?.escalated ?? false))
                    }
                }
            case .service(let s):
                for c in s.contracts {
                    for id in sprintsMeeting(c.lastVerified...c.lastVerified) {
                        out[id]!.contractsVerified.append(.init(service: d.slug, subject: c.provider, day: c.lastVerified))
                    }
                }
                for c in s.syntheticChecks {
                    guard let added = c.added else { continue }
                    for id in sprintsMeeting(added...added) { out[id]!.checksAdded.append(.init(service: d.slug, subject: c.journey, day: added)) }
                }
            case .runbook(let r):
                for id in sprintsMeeting(r.lastReviewed...r.lastReviewed) { out[id]!.runbooksReviewed.append(d.slug) }
                if let f = runbooks[d.id] {
                    for id in sprintsMeeting(f.reviewDue...f.reviewDue) {
                        out[id]!.reviewsDue.append(.init(slug: d.slug, reviewDue: f.reviewDue, stale: f.stale))
                    }
                }
            default: break
            }
        }
        for id in out.keys {
            out[id]!.rollouts.sort { $0.slug < $1.slug }
            out[id]!.flagChanges.sort { ($0.entry.at, $0.flag) < ($1.entry.at, $1.flag) }
            out[id]!.experimentsRunning.sort()
            out[id]!.actionItems.sort { ($0.item.due, $0.postmortem, $0.index) < ($1.item.due, $1.postmortem, $1.index) }
            out[id]!.runbooksReviewed.sort()
            out[id]!.contractsVerified.sort { ($0.day, $0.service, $0.subject) < ($1.day, $1.service, $1.subject) }
            out[id]!.checksAdded.sort { ($0.day, $0.service, $0.subject) < ($1.day, $1.service, $1.subject) }
            out[id]!.reviewsDue.sort { ($0.reviewDue, $0.slug) < ($1.reviewDue, $1.slug) }
        }
        return out
    }
}

extension Analysis {
    /// The owners whose documents a team's sprint covers (the team and its members), by sprint id; site sprints
    /// have none (they cover everything).
    static func sprintScopes(_ base: KnowledgeBase) -> [String: Set<Owner>] {
        var out: [String: Set<Owner>] = [:]
        for d in base.documents {
            guard case .sprint(let s) = d.details, let team = s.team else { continue }
            var scope: Set<Owner> = [.team(team)]
            if case .team(let t)? = base.document(id: "team/\(team)")?.details { scope.formUnion(t.members.map { .person($0.handle) }) }
            out[d.id] = scope
        }
        return out
    }
}

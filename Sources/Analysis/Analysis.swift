import Diagnostics
import Foundation
import Model

/// The values people would otherwise compute by hand, for every document, as of one date.
public struct Analysis: Sendable {
    public let asOf: Day
    /// The latest sprint that started on or before `asOf`, and the one before it.
    public var currentSprint: String? { Reads.note(.analysisGlobal); return sprintNow }
    public var previousSprint: String? { Reads.note(.analysisGlobal); return sprintBefore }
    /// Whether `sprint` is the current one of its series: its team's (`team:`), or the site's.
    public func isCurrent(_ sprint: Document) -> Bool {
        Reads.note(.analysisGlobal)
        guard case .sprint(let s) = sprint.details else { return false }
        return (s.team.map { teamSprintsNow[$0] } ?? sprintNow) == sprint.slug
    }
    public var collisions: ExperimentCollisions { Reads.note(.analysisGlobal); return allCollisions }
    // Lookups by document id are noted as reads of that document's figures (see `Reads`).
    public var postmortems: RecordedMap<PostmortemFigures> { RecordedMap(postmortemFigures) { .analysis($0) } }
    public var runbooks: RecordedMap<RunbookFigures> { RecordedMap(runbookFigures) { .analysis($0) } }
    public var flags: RecordedMap<FlagFigures> { RecordedMap(flagFigures) { .analysis($0) } }
    public var rollouts: RecordedMap<RolloutFigures> { RecordedMap(rolloutFigures) { .analysis($0) } }
    public var sprints: RecordedMap<SprintReport> { RecordedMap(sprintReports) { .analysis($0) } }
    public var experiments: RecordedMap<ExperimentReport> { RecordedMap(experimentReports) { .analysis($0) } }
    /// Each sprint's activity (see `sprintActivity`), computed once.
    public var sprintActivities: RecordedMap<SprintActivity> { RecordedMap(activities) { .analysis($0) } }
    /// The reliability catalog's gaps (W0601–W0614) of each service, runbook and integration that has any.
    public var gaps: RecordedMap<[Gap]> { RecordedMap(gapsByDocument) { .analysis($0) } }
    /// Every document with a gap, for the home page's count (a global read).
    public var allGaps: [String: [Gap]] { Reads.note(.analysisGlobal); return gapsByDocument }

    let sprintNow: String?
    let sprintBefore: String?
    /// The current sprint of each team that has sprints of its own, by team slug.
    let teamSprintsNow: [String: String]
    private(set) var allCollisions = ExperimentCollisions()
    private(set) var postmortemFigures: [String: PostmortemFigures] = [:]
    private(set) var runbookFigures: [String: RunbookFigures] = [:]
    private(set) var flagFigures: [String: FlagFigures] = [:]
    private(set) var rolloutFigures: [String: RolloutFigures] = [:]
    private(set) var sprintReports: [String: SprintReport] = [:]
    private(set) var experimentReports: [String: ExperimentReport] = [:]
    private(set) var activities: [String: SprintActivity] = [:]
    private(set) var gapsByDocument: [String: [Gap]] = [:]

    /// The keys under which a page reads figures that differ between two analyses: `.analysis(id)` for each
    /// document whose figures differ, `.analysisGlobal` when the site-wide values do.
    public func changes(from other: Analysis) -> Set<ReadKey> {
        var keys = Set<ReadKey>()
        func compare<T: Equatable>(_ mine: [String: T], _ theirs: [String: T]) {
            if mine == theirs { return }  // at once when they are the same storage (a rebuild kept the analysis)
            for (id, value) in mine where theirs[id] != value { keys.insert(.analysis(id)) }
            for id in theirs.keys where mine[id] == nil { keys.insert(.analysis(id)) }
        }
        compare(postmortemFigures, other.postmortemFigures)
        compare(runbookFigures, other.runbookFigures)
        compare(flagFigures, other.flagFigures)
        compare(rolloutFigures, other.rolloutFigures)
        compare(sprintReports, other.sprintReports)
        compare(experimentReports, other.experimentReports)
        compare(activities, other.activities)
        compare(gapsByDocument, other.gapsByDocument)
        if gapsByDocument != other.gapsByDocument { keys.insert(.analysisGlobal) }
        if asOf != other.asOf || sprintNow != other.sprintNow || sprintBefore != other.sprintBefore || teamSprintsNow != other.teamSprintsNow
            || allCollisions != other.allCollisions {
            keys.insert(.analysisGlobal)
        }
        return keys
    }

    public init(_ base: KnowledgeBase, asOf: Day) {
        self.asOf = asOf
        let sprints = Self.sprints(base, asOf: asOf)
        (sprintNow, sprintBefore, teamSprintsNow) = (sprints.now, sprints.before, sprints.teams)
        for document in base.allDocuments { figure(document, config: base.config, previousSprintStart: sprints.previousStart) }
        collide(base)
        activities = computeSprintActivities(base)
        reportSprints(base)
        findGaps(base)
    }

    /// The catalog's gaps (`Rules.catalog`) and the stale contracts, by document.
    private mutating func findGaps(_ base: KnowledgeBase) {
        var out: [String: [Gap]] = [:]
        for (id, diagnostic) in Rules.catalog(base) {
            out[id, default: []].append(Gap(code: diagnostic.code.id, message: diagnostic.message))
        }
        for document in base.documents(of: .service) where document.isValid {
            guard case .service(let s) = document.details else { continue }
            for (_, contract, age) in staleContracts(s, config: base.config) {
                out[document.id, default: []].append(Gap(code: Code.staleContract.id, message: staleContractMessage(contract, age)))
            }
        }
        gapsByDocument = out
    }

    /// The contracts of `s` verified longer ago than `contracts.max_age_days`, with their index and age in days.
    func staleContracts(_ s: Service, config: SiteConfig) -> [(Int, Service.Contract, Int)] {
        s.contracts.enumerated().compactMap { i, c in
            let age = asOf.days(since: c.lastVerified)
            return age > config.contractMaxAgeDays ? (i, c, age) : nil
        }
    }

    func staleContractMessage(_ c: Service.Contract, _ age: Int) -> String {
        "the contract with `\(c.provider)` was last verified \(age) days ago"
    }

    /// This analysis after the documents named in `changed` changed or were added (each one there before as
    /// valid as it was) and those in `removed` were removed: their figures are computed again, and what gathers
    /// documents of their kinds (experiment collisions, sprint activity and reports). Nil when a sprint changed
    /// (then analyse the whole). Returns the keys under which figures differ (as `changes(from:)` would).
    public func updating(_ base: KnowledgeBase, changed: Set<String>, removed: [Document] = []) -> (Analysis, changes: Set<ReadKey>)? {
        let documents = base.allDocuments.filter { changed.contains($0.id) }
        let kinds = Set((documents + removed).map(\.kind))
        guard !kinds.contains(.sprint) else { return nil }
        var next = self
        let previousStart = Self.sprints(base, asOf: asOf).previousStart
        for document in removed { next.forget(document.id) }
        for document in documents {
            next.forget(document.id)
            next.figure(document, config: base.config, previousSprintStart: previousStart)
        }
        var keys = Set<ReadKey>()
        func compare<T: Equatable>(_ mine: [String: T], _ theirs: [String: T], _ ids: some Sequence<String>) {
            for id in ids where mine[id] != theirs[id] { keys.insert(.analysis(id)) }
        }
        let ids = changed.union(removed.map(\.id))
        compare(next.postmortemFigures, postmortemFigures, ids)
        compare(next.runbookFigures, runbookFigures, ids)
        compare(next.flagFigures, flagFigures, ids)
        compare(next.rolloutFigures, rolloutFigures, ids)
        if kinds.contains(.experiment) {  // a change of one may change the others' overlaps
            next.collide(base)
            if next.allCollisions != allCollisions { keys.insert(.analysisGlobal) }
            compare(next.experimentReports, experimentReports, Set(experimentReports.keys).union(next.experimentReports.keys))
        }
        if !kinds.isDisjoint(with: [.service, .runbook, .integration]) {
            next.findGaps(base)
            compare(next.gapsByDocument, gapsByDocument, Set(gapsByDocument.keys).union(next.gapsByDocument.keys))
            if next.gapsByDocument != gapsByDocument { keys.insert(.analysisGlobal) }
        }
        if !kinds.isDisjoint(with: [.rollout, .flag, .experiment, .postmortem, .runbook, .service, .team]) {
            next.activities = next.computeSprintActivities(base)
            next.reportSprints(base)
            compare(next.activities, activities, activities.keys)
            compare(next.sprintReports, sprintReports, sprintReports.keys)
        }
        return (next, keys)
    }

    /// The latest sprint of the site's series (sprints without `team`) that started on or before `asOf`, the one
    /// before it, and that one's start (which escalates action items; when every sprint belongs to a team, all
    /// sprints make that series); and the latest started sprint of each team.
    private static func sprints(_ base: KnowledgeBase, asOf: Day) -> (now: String?, before: String?, previousStart: Day?, teams: [String: String]) {
        let started = base.allDocuments.compactMap { d -> (String, Sprint)? in
            if case .sprint(let s) = d.details, s.start <= asOf { return (d.slug, s) } else { return nil }
        }.sorted { ($0.1.start, $0.0) < ($1.1.start, $1.0) }
        var teams: [String: String] = [:]
        for (slug, s) in started { if let team = s.team { teams[team] = slug } }
        let siteWide = base.allDocuments.contains { if case .sprint(let s) = $0.details { s.team == nil } else { false } }
        let series = siteWide ? started.filter { $0.1.team == nil } : started
        let before = series.count >= 2 ? series[series.count - 2] : nil
        return (siteWide ? series.last?.0 : nil, siteWide ? before?.0 : nil, before?.1.start, teams)
    }

    /// Computes one document's own figures.
    private mutating func figure(_ document: Document, config: SiteConfig, previousSprintStart: Day?) {
        switch document.details {
        case .postmortem(let p):
            postmortemFigures[document.id] = PostmortemFigures(p, asOf: asOf, previousSprintStart: previousSprintStart)
        case .runbook(let r):
            runbookFigures[document.id] = RunbookFigures(r, asOf: asOf, defaultEvery: config.reviewEveryDays)
        case .flag(let f):
            flagFigures[document.id] = FlagFigures(f, asOf: asOf, config: config)
        case .rollout(let r):
            rolloutFigures[document.id] = RolloutFigures(r)
        case .experiment(let e):
            experimentReports[document.id] = ExperimentReport(e, config: config, asOf: asOf)
        default: break
        }
    }

    private mutating func forget(_ id: String) {
        postmortemFigures[id] = nil
        runbookFigures[id] = nil
        flagFigures[id] = nil
        rolloutFigures[id] = nil
        experimentReports[id] = nil
    }

    /// The experiments' collisions, and each report's list of the experiments it overlaps.
    private mutating func collide(_ base: KnowledgeBase) {
        allCollisions = ExperimentCollisions(base.allDocuments.compactMap { d in
            if case .experiment(let e) = d.details, d.isValid { return (d, e) } else { return nil }
        }, asOf: asOf)
        for id in experimentReports.keys { experimentReports[id]!.overlaps = [] }
        let slugs = Dictionary(base.allDocuments.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
        for (a, b) in allCollisions.overlaps {
            experimentReports[a]?.overlaps.append(slugs[b] ?? b)
            experimentReports[b]?.overlaps.append(slugs[a] ?? a)
        }
        for id in experimentReports.keys { experimentReports[id]?.overlaps.sort() }
        // The pilots' observed baselines, for the experiments that follow them.
        for d in base.allDocuments {
            guard case .experiment(let e) = d.details, experimentReports[d.id] != nil else { continue }
            experimentReports[d.id]!.pilot = nil
            guard let slug = e.pilot, case .experiment(let pilot)? = base.document(id: "experiment/\(slug)")?.details,
                  pilot.status == .pilot, let observed = Rules.pilotBaseline(pilot) else { continue }
            experimentReports[d.id]!.follow(pilot: slug, observed: observed, e, config: base.config)
        }
    }

    private mutating func reportSprints(_ base: KnowledgeBase) {
        let events = SprintReport.Events(base)
        let scopes = Self.sprintScopes(base)
        sprintReports = [:]
        for document in base.allDocuments {
            if case .sprint(let s) = document.details {
                sprintReports[document.id] = SprintReport(s, events: events, scope: scopes[document.id])
            }
        }
    }
}

public struct PostmortemFigures: Sendable, Equatable {
    public struct Item: Sendable, Equatable { public var overdue: Bool; public var escalated: Bool }
    /// Minutes from start to detection, mitigation and resolution, rounded down.
    public var ttd: Int, ttm: Int, ttr: Int
    public var actionItems: [Item]

    init(_ p: Postmortem, asOf: Day, previousSprintStart: Day?) {
        ttd = p.timeline.detected.minutes(since: p.timeline.started)
        ttm = p.timeline.mitigated.minutes(since: p.timeline.started)
        ttr = p.timeline.resolved.minutes(since: p.timeline.started)
        actionItems = p.actionItems.map { item in
            let open = item.status == .open
            let escalated: Bool
            if let previousSprintStart {
                escalated = open && item.due < previousSprintStart
            } else {
                escalated = open && asOf.days(since: item.due) > 28
            }
            return Item(overdue: open && item.due < asOf, escalated: escalated)
        }
    }
}

public struct RunbookFigures: Sendable, Equatable {
    public var reviewDue: Day
    public var stale: Bool
    public var daysSinceDrill: Int?

    init(_ r: Runbook, asOf: Day, defaultEvery: Int) {
        reviewDue = r.lastReviewed.adding(days: r.reviewEveryDays ?? defaultEvery)
        stale = reviewDue < asOf
        daysSinceDrill = r.lastDrill.map { asOf.days(since: $0) }
    }
}

public struct FlagFigures: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case expired, inactive, stale, active }
    public var status: Status
    public var ageDays: Int

    init(_ f: Flag, asOf: Day, config: SiteConfig) {
        ageDays = asOf.days(since: f.created)
        let temporary = f.lifetime == .temporary
        let production = f.environments.first { $0.environment == config.production }?.state
        if temporary, let expires = f.expires, expires < asOf {
            status = .expired
        } else if f.environments.allSatisfy({ !$0.state.enabled }) {
            status = .inactive
        } else if temporary, let lifetime = config.lifetimeDays[f.type], let production, production.enabled, production.rollout >= 100,
                  let last = f.audit.map(\.at).max(), asOf.days(since: last.day) > lifetime {
            status = .stale
        } else {
            status = .active
        }
    }
}

/// One gap of the reliability catalog in a document: its warning's code and message.
public struct Gap: Sendable, Equatable {
    public var code: String
    public var message: String
}

public struct RolloutFigures: Sendable, Equatable {
    /// Step ids of the longest path by duration, from a step without `needs` to one nothing needs.
    public var criticalPath: [String]
    /// The total duration of the critical path, in minutes.
    public var criticalMinutes: Int
    /// What each step is, in the plan's order (see `Rollout.StepState`).
    public var states: [Rollout.StepState]
    /// The longest path counting only what is left (steps pending, in progress or failed; see
    /// `StepState.isLeft`): the ids of its steps that are left, and their total duration in minutes.
    public var remainingPath: [String]
    public var remainingMinutes: Int

    /// Steps in a state, such as `.done` or `.notNeeded`.
    public func count(_ state: Rollout.StepState) -> Int { states.filter { $0 == state }.count }
    /// "N of M" steps done, M leaving out the rollbacks not needed.
    public var stepsDone: String { "\(count(.done)) of \(states.count - count(.notNeeded))" }

    public init(_ r: Rollout) {
        let states = Self.states(r.steps)
        let all = CriticalPath.longest(r.steps) { r.steps[$0].duration?.minutes ?? 0 }
        let left = CriticalPath.longest(r.steps) { states[$0].isLeft ? r.steps[$0].duration?.minutes ?? 0 : 0 }
        self.states = states
        criticalPath = all.path.map { r.steps[$0].id }
        criticalMinutes = Int(all.total.rounded())
        remainingPath = left.path.filter { states[$0].isLeft }.map { r.steps[$0].id }
        remainingMinutes = Int(left.total.rounded())
    }

    /// Each step's state. A rollback step guards each step it `reverts` and the steps after it (through `needs`),
    /// up to a step that another rollback reverts; its trigger fires when a step it guards failed. Until then a
    /// rollback step that is not done, in progress or failed is not needed.
    static func states(_ steps: [Rollout.Step]) -> [Rollout.StepState] {
        var position: [String: Int] = [:]
        for (i, step) in steps.enumerated() where position[step.id] == nil { position[step.id] = i }
        var successors = [[Int]](repeating: [], count: steps.count)
        for (i, step) in steps.enumerated() where step.kind != .rollback {
            for need in step.needs { if let j = position[need] { successors[j].append(i) } }
        }
        let reverted = Set(steps.flatMap { $0.kind == .rollback ? $0.reverts.compactMap { position[$0] } : [] })
        func fired(_ start: Int) -> Bool {
            var seen: Set<Int> = [start], stack = [start]
            while let n = stack.popLast() {
                if steps[n].status == .failed { return true }
                for next in successors[n] where !reverted.contains(next) && seen.insert(next).inserted { stack.append(next) }
            }
            return false
        }
        return steps.map { step in
            switch step.status {
            case .done: return .done
            case .inProgress: return .inProgress
            case .failed: return .failed
            case .skipped, .pending, nil:
                if step.kind == .rollback, !step.reverts.compactMap({ position[$0] }).contains(where: fired) { return .notNeeded }
                return step.status == .skipped ? .skipped : .pending
            }
        }
    }
}

/// The longest path through a plan's steps by total duration; ties go to the path whose steps come first.
public enum CriticalPath {
    public static func of(_ steps: [Rollout.Step]) -> [String] {
        longest(steps) { steps[$0].duration?.minutes ?? 0 }.path.map { steps[$0].id }
    }

    /// The heaviest path by `weight` (of a step's index) from a step without `needs` to one nothing needs, as
    /// step indices, and its total; empty when the steps form a cycle.
    static func longest(_ steps: [Rollout.Step], weight: (Int) -> Double) -> (total: Double, path: [Int]) {
        var position: [String: Int] = [:]
        for (i, step) in steps.enumerated() where position[step.id] == nil { position[step.id] = i }
        var successors = [[Int]](repeating: [], count: steps.count)
        for (i, step) in steps.enumerated() {
            for need in step.needs { if let j = position[need] { successors[j].append(i) } }
        }
        guard let order = topologicalOrder(successors) else { return (0, []) }
        // best[n]: the heaviest path from n to a sink, and its total; compared by total, then by earliest steps.
        var best = [(total: Double, path: [Int])](repeating: (0, []), count: steps.count)
        func better(_ a: (total: Double, path: [Int]), than b: (total: Double, path: [Int])?) -> Bool {
            guard let b else { return true }
            return a.total > b.total || (a.total == b.total && a.path.lexicographicallyPrecedes(b.path))
        }
        for n in order.reversed() {
            var chosen: (total: Double, path: [Int])? = nil
            for s in successors[n].sorted() where better(best[s], than: chosen) { chosen = best[s] }
            best[n] = (weight(n) + (chosen?.total ?? 0), [n] + (chosen?.path ?? []))
        }
        var answer: (total: Double, path: [Int])? = nil
        for (n, step) in steps.enumerated() where step.needs.isEmpty && better(best[n], than: answer) { answer = best[n] }
        return answer ?? (0, [])
    }

    /// Kahn's algorithm; nil when the graph has a cycle.
    static func topologicalOrder(_ successors: [[Int]]) -> [Int]? {
        var indegree = [Int](repeating: 0, count: successors.count)
        for targets in successors { for t in targets { indegree[t] += 1 } }
        var ready = (0..<successors.count).filter { indegree[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            let n = ready.removeFirst()
            order.append(n)
            for t in successors[n] {
                indegree[t] -= 1
                if indegree[t] == 0 { ready.append(t) }
            }
        }
        return order.count == successors.count ? order : nil
    }
}

/// A sprint's report, from the documents that fall inside its dates (both days included).
public struct SprintReport: Sendable, Equatable {
    public var goals: Int
    public var goalsDone: Int
    /// goals_done / goals · 100, rounded half up to one decimal.
    public var completion: Double
    public var incidents: [String]
    public var flagChanges: Int
    public var experimentsStarted: [String]
    public var experimentsConcluded: [String]
    public var actionItemsDue: Int

    /// The dated events of the whole knowledge base, gathered once for all sprints, each with the owners it
    /// belongs to (for a team's sprint).
    struct Events {
        typealias Event = (day: Day, slug: String, owners: [Owner?])
        var incidents: [Event] = []
        var flagChanges: [Event] = []
        var experimentStarts: [Event] = []
        var experimentConclusions: [Event] = []
        var actionItemDues: [Event] = []

        init(_ base: KnowledgeBase) {
            for document in base.documents {
                let owner = document.owner
                switch document.details {
                case .postmortem(let p):
                    incidents.append((p.timeline.started.day, document.slug, [owner]))
                    actionItemDues += p.actionItems.map { ($0.due, document.slug, [owner, $0.owner]) }
                case .flag(let f):
                    flagChanges += f.audit.map { ($0.at.day, document.slug, [owner]) }
                case .experiment(let e):
                    experimentStarts.append((e.start, document.slug, [owner]))
                    if e.status == .concluded, let end = e.end { experimentConclusions.append((end, document.slug, [owner])) }
                default: break
                }
            }
        }
    }

    /// The figures of `sprint` from `events`; `scope` (a team's sprint) keeps the events of those owners only.
    init(_ sprint: Sprint, events: Events, scope: Set<Owner>? = nil) {
        let range = sprint.start...max(sprint.start, sprint.end)
        func inside(_ list: [Events.Event]) -> [Events.Event] {
            list.filter { e in range.contains(e.day) && (scope.map { scope in e.owners.contains { $0.map(scope.contains) ?? false } } ?? true) }
        }
        goals = sprint.goals.count
        goalsDone = sprint.goals.filter { $0.status == .done }.count
        completion = goals == 0 ? 0 : (Double(goalsDone * 1000) / Double(goals) + 0.5).rounded(.down) / 10
        incidents = inside(events.incidents).map(\.slug).sorted()
        flagChanges = inside(events.flagChanges).count
        experimentsStarted = inside(events.experimentStarts).map(\.slug).sorted()
        experimentsConcluded = inside(events.experimentConclusions).map(\.slug).sorted()
        actionItemsDue = inside(events.actionItemDues).count
    }
}

extension Analysis {
    /// The content model's warnings about the state of things as of `asOf`: stale runbooks, overdue and
    /// escalated action items. They do not fail a build (unless `--strict`).
    public func warnings(_ base: KnowledgeBase) -> [Diagnostic] {
        base.allDocuments.flatMap { warnings(for: $0, config: base.config) } + collisionDiagnostics(base)
    }

    /// The warnings about one document's own figures (all but the collisions of experiments).
    public func warnings(for document: Document, config: SiteConfig) -> [Diagnostic] {
        guard document.isValid else { return [] }
        var out: [Diagnostic] = []
        switch document.details {
        case .service(let s):
            for (i, contract, age) in staleContracts(s, config: config) {
                out.append(Diagnostic(
                    .staleContract, staleContractMessage(contract, age),
                    at: document.frontMatter["contracts"]?.list?[i]["last_verified"]?.location ?? contract.location,
                    expected: "a verification within \(config.contractMaxAgeDays) days (`contracts.max_age_days`)",
                    found: "last verified on \(contract.lastVerified)",
                    help: "run the provider's contract verification against it, then set `last_verified: \(asOf)`"))
            }
        case .runbook(let r):
            guard let f = runbooks[document.id], f.stale else { break }
            let every = r.reviewEveryDays ?? config.reviewEveryDays
            out.append(Diagnostic(
                .staleRunbook, "this runbook was due for review on \(f.reviewDue), \(asOf.days(since: f.reviewDue)) days ago",
                at: document.frontMatter["last_reviewed"]?.location ?? document.frontMatter.location,
                expected: "a review within \(every) days of the last one", found: "last reviewed on \(r.lastReviewed)",
                help: "walk through the runbook, fix what changed, and set `last_reviewed: \(asOf)`"))
        case .postmortem(let p):
            guard let figures = postmortems[document.id] else { break }
            for (i, item) in p.actionItems.enumerated() where figures.actionItems[i].overdue || figures.actionItems[i].escalated {
                let at = document.frontMatter["action_items"]?.list?[i]["due"]?.location ?? item.location
                let late = asOf.days(since: item.due)
                if figures.actionItems[i].escalated {
                    out.append(Diagnostic(
                        .escalatedAction, "the action item “\(item.title)” is still open two sprints after it fell due", at: at,
                        expected: "done, or deprioritized with a reason", found: "open, \(late) days past \(item.due)",
                        help: "raise it with the owner's lead; if it no longer matters, set `status: deprioritized` with `closed` and `reason`"))
                } else {
                    out.append(Diagnostic(
                        .overdueAction, "the action item “\(item.title)” is overdue", at: at,
                        expected: "done by \(item.due)", found: "open, \(late) day\(late == 1 ? "" : "s") late",
                        help: "finish it, move `due` with the owner's agreement, or deprioritize it with a reason"))
                }
            }
        case .experiment(let e):
            guard let report = experiments[document.id], report.srm, let p = report.srmP else { break }
            let observed = e.variants.map { v in e.results?.variants.first { $0.name == v.name }?.units ?? 0 }
            let units = zip(e.variants, observed).map { "\($0.name) \($1)" }
            // At the units of the treatment furthest from its share, or at the results file.
            let total = Double(observed.reduce(0, +))
            var furthest: String?, gap = -1.0
            for (v, n) in zip(e.variants, observed) where !v.control && abs(Double(n) / total - v.weight / 100) > gap {
                furthest = v.name
                gap = abs(Double(n) / total - v.weight / 100)
            }
            let at = furthest.flatMap { document.frontMatter["results"]?["variants"]?[$0]?["units"]?.location }
                ?? document.frontMatter["results_file"]?.location ?? document.frontMatter["results"]?.location
                ?? document.frontMatter.location
            out.append(Diagnostic(
                .sampleRatioMismatch, "the units are not split as the weights say (sample-ratio mismatch, p = \(Self.short(p)))",
                at: at,
                expected: "units in the ratio " + e.variants.map { Self.short($0.weight) }.joined(separator: " : "),
                found: units.joined(separator: ", "),
                help: "find why a variant lost or gained units (assignment, redirects, crashes, logging) before trusting these results"))
        default: break
        }
        return out
    }

    /// W0504 for each pair of overlapping experiments (at the `surface` of the one that started later), E0422 for each experiment of
    /// an over-allocated layer (at its `allocation`, or its `layer` when it takes the default 100).
    public func collisionDiagnostics(_ base: KnowledgeBase) -> [Diagnostic] {
        let byID = Dictionary(base.documents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        for (a, b) in collisions.overlaps {
            guard let first = byID[a], let second = byID[b],
                  case .experiment(let x) = first.details, case .experiment(let y) = second.details else { continue }
            let layers = [x.layer, y.layer].compactMap { $0 }
            out.append(Diagnostic(
                .overlappingExperiments, "this experiment overlaps `\(first.slug)`: same surface `\(y.surface)`, overlapping dates, intersecting segments",
                at: second.frontMatter["surface"]?.location ?? second.frontMatter.location,
                expected: "experiments on one surface apart in time, in disjoint segments, or in one layer",
                found: "\(first.slug) \(x.start)–\(x.end?.description ?? "ongoing") and \(second.slug) \(y.start)–\(y.end?.description ?? "ongoing")",
                help: layers.isEmpty ? "put both in one `layer` so that they are mutually exclusive, or move one's dates"
                                     : "put both in layer `\(layers[0])`, or move one's dates"))
        }
        for layer in collisions.overAllocated {
            let names = layer.experiments.compactMap { byID[$0]?.slug }
            for id in layer.experiments {
                guard let d = byID[id], case .experiment(let e) = d.details else { continue }
                out.append(Diagnostic(
                    .layerOverAllocated, "the experiments of layer `\(layer.layer)` running at once take \(Self.short(layer.total)) % of its traffic",
                    at: d.frontMatter["allocation"]?.location ?? d.frontMatter["layer"]?.location ?? d.frontMatter.location,
                    expected: "allocations that add up to at most 100", found: names.joined(separator: " + ") + " = \(Self.short(layer.total))",
                    help: e.allocation == nil ? "this experiment takes the default allocation of 100; set `allocation` lower, or move its dates"
                                              : "lower the allocations or move one experiment's dates"))
            }
        }
        return out
    }

    /// A number as a writer would type it: up to 4 significant decimals, no trailing zeros.
    static func short(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        if abs(x) < 1e-4 { return String(format: "%.2e", x) }
        var text = String(format: "%.4f", x)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

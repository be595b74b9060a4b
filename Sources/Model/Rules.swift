import Diagnostics
import FrontMatter

/// The rules of the content model that no single field can express, checked on the linked knowledge base:
/// orders, sums, graphs and overlaps. Each finding is located at the value a writer has to change.
public enum Rules {
    public static func check(_ base: KnowledgeBase) -> [Diagnostic] {
        base.allDocuments.flatMap { check($0, config: base.config) } + checkWhole(base)
    }

    /// The rules of one document's own fields.
    public static func check(_ document: Document, config: SiteConfig) -> [Diagnostic] {
        guard document.isValid else { return [] }
        switch document.details {
        case .postmortem(let p): return timeline(p, document)
        case .flag(let f): return audit(f, document, config: config) + schedule(f, document)
        case .experiment(let e): return experiment(e, document)
        case .rollout(let r): return plan(r, document)
        case .integration(let i): return retryLimit(i, document)
        default: return []
        }
    }

    /// The rules across documents: cycles of services' `depends_on`, overlapping sprints, the reliability catalog.
    public static func checkWhole(_ base: KnowledgeBase) -> [Diagnostic] {
        serviceCycles(base) + sprintOverlaps(base) + catalog(base).map(\.diagnostic) + pilots(base)
    }

    // MARK: Pilots

    /// What a pilot observed for the control on its primary metric: the rate (proportion) or the mean and sd.
    public static func pilotBaseline(_ pilot: Experiment) -> (baseline: Double, sd: Double?)? {
        guard let control = pilot.variants.first(where: \.control),
              let result = pilot.results?.variants.first(where: { $0.name == control.name }),
              let o = result.metrics.first(where: { $0.name == pilot.primaryMetric.name })?.value else { return nil }
        switch pilot.primaryMetric.kind {
        case .proportion:
            guard let c = o.conversions, result.units > 0 else { return nil }
            return (Double(c) / Double(result.units), nil)
        case .mean:
            guard let mean = o.mean, let sd = o.sd else { return nil }
            return (mean, sd)
        case .ratio, .quantile:
            return nil
        }
    }

    /// An experiment's `pilot` must be an experiment with status `pilot` (E0426); a planned baseline more than 20 %
    /// off the pilot's observed one is warned about (W0506).
    static func pilots(_ base: KnowledgeBase) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for d in base.documents(of: .experiment) where d.isValid {
            guard case .experiment(let e) = d.details, let slug = e.pilot,
                  case .experiment(let pilot)? = base.document(id: "experiment/\(slug)")?.details else { continue }
            let at = d.frontMatter["pilot"]?.location ?? d.frontMatter.location
            guard pilot.status == .pilot else {
                out.append(Diagnostic(.notAPilot, "`\(slug)` is not a pilot: its status is `\(pilot.status.rawValue)`", at: at,
                                      expected: "an experiment with `status: pilot`", found: "`status: \(pilot.status.rawValue)`",
                                      help: "set `status: pilot` in experiments/\(slug).md if it was one, or remove `pilot`"))
                continue
            }
            let planned = e.primaryMetric.baseline
            guard let observed = pilotBaseline(pilot), observed.baseline != 0 else { continue }
            let off = (planned - observed.baseline) / observed.baseline
            if abs(off) > 0.2 {
                out.append(Diagnostic(.pilotBaselineOff, "the planned baseline \(plain(planned)) is \(plain((abs(off) * 1000).rounded() / 10)) % \(off > 0 ? "above" : "below") what the pilot `\(slug)` observed (\(plain((observed.baseline * 10000).rounded() / 10000)))",
                                      at: d.frontMatter["primary_metric"]?["baseline"]?.location ?? at,
                                      expected: "a baseline within 20 % of the pilot's", found: "`baseline: \(plain(planned))`",
                                      help: "write `baseline: \(plain((observed.baseline * 10000).rounded() / 10000))`, the pilot's observed value, or say in the body why the pilot is not representative"))
            }
        }
        return out
    }

    // MARK: The reliability catalog

    /// The gaps of the reliability catalog, each with the id of the document it is in: a paging alert without a
    /// runbook (W0601), a service that pages only on causes (W0603), a dependency without a contract (W0604), a
    /// tier-1 service or one with objectives without a synthetic check (W0606), a check that does not page
    /// (W0607), a contract whose provider does not list the consumer (W0614), the gaps of each integration
    /// (W0608–W0613), and, once some service declares alerts, a runbook's alert that none declares (W0602).
    public static func catalog(_ base: KnowledgeBase) -> [(id: String, diagnostic: Diagnostic)] {
        let services = base.documents(of: .service).compactMap { d -> (Document, Service)? in
            if d.isValid, case .service(let s) = d.details { return (d, s) } else { return nil }
        }
        var out: [(id: String, diagnostic: Diagnostic)] = []
        let consumersOf = Dictionary(services.map { ($0.0.slug, $0.1.consumers) }, uniquingKeysWith: { a, _ in a })
        for document in base.documents(of: .integration) where document.isValid {
            guard case .integration(let i) = document.details else { continue }
            out += integrationGaps(i, document).map { (document.id, $0) }
        }
        for (document, s) in services {
            func add(_ diagnostic: Diagnostic) { out.append((document.id, diagnostic)) }
            func at(_ key: String, _ i: Int? = nil, _ inner: String? = nil) -> SourceLocation? {
                var value = document.frontMatter[key]
                if let i { value = value?.list?[safe: i] }
                if let inner { value = value?[inner] }
                return value?.location
            }
            for (i, alert) in s.alerts.enumerated() where alert.notify == .page && alert.runbook == nil {
                add(Diagnostic(.alertWithoutRunbook, "the alert `\(alert.name)` pages and has no runbook", at: at("alerts", i, "notify") ?? alert.location,
                               expected: "a `runbook:` that says what to do when it pages", found: "none",
                               help: "add `runbook: <slug>` to the alert, or make it `notify: ticket` if it need not wake anyone"))
            }
            let paging = s.alerts.filter { $0.notify == .page }
            if !paging.isEmpty, paging.allSatisfy({ $0.type == .cause }) {
                add(Diagnostic(.noSymptomAlert, "`\(document.slug)` pages only on causes: \(paging.map { "`\($0.name)`" }.joined(separator: ", "))",
                               at: at("alerts") ?? document.frontMatter.location,
                               expected: "at least one paging alert on a symptom users feel (errors, latency, availability)",
                               found: "\(paging.count) paging cause alert\(paging.count == 1 ? "" : "s")",
                               help: "add an alert `{ name: ..., type: symptom, notify: page, runbook: ... }`, and consider `notify: ticket` for the causes"))
            }
            let contracted = Set(s.contracts.map(\.provider))
            for (i, provider) in s.dependsOn.enumerated() where !contracted.contains(provider) {
                add(Diagnostic(.uncontractedDependency, "`\(document.slug)` depends on `\(provider)` without a contract",
                               at: at("depends_on", i) ?? document.frontMatter.location,
                               expected: "a `contracts` entry with `provider: \(provider)`", found: "none",
                               help: "add `- { provider: \(provider), interactions: [...], last_verified: YYYY-MM-DD, verified_in: ... }` to `contracts`, once the provider verifies it"))
            }
            for (i, contract) in s.contracts.enumerated() {
                guard let provider = consumersOf[contract.provider], !provider.contains(document.slug) else { continue }
                add(Diagnostic(.unlistedConsumer, "`\(contract.provider)` does not list `\(document.slug)` among its consumers",
                               at: at("contracts", i, "provider") ?? contract.location,
                               expected: "`\(document.slug)` in the `consumers` of `\(contract.provider)`, which verifies the contract",
                               found: provider.isEmpty ? "no `consumers`" : "consumers " + provider.map { "`\($0)`" }.joined(separator: ", "),
                               help: "add `\(document.slug)` to `consumers` in services/\(contract.provider).md, so the provider knows whose contract it must keep"))
            }
            if s.syntheticChecks.isEmpty, s.tier == 1 || !s.slos.isEmpty {
                let why = s.tier == 1 ? "a tier-1 service" : "a service with objectives"
                add(Diagnostic(.uncheckedJourney, "`\(document.slug)` is \(why) and no synthetic check walks its journeys",
                               at: at(s.tier == 1 ? "tier" : "slos") ?? document.frontMatter.location,
                               expected: "a `synthetic_checks` entry for each critical journey", found: "none",
                               help: "add `synthetic_checks: [{ journey: ..., locations: [...], interval: 5m, threshold: ..., pages: true }]`"))
            }
            for (i, check) in s.syntheticChecks.enumerated() where !check.pages {
                add(Diagnostic(.silentCheck, "the synthetic check of “\(check.journey)” does not page", at: at("synthetic_checks", i, "pages") ?? check.location,
                               expected: "`pages: true`: a broken critical journey wakes someone", found: "`pages: false`",
                               help: "set `pages: true`, or remove the check if the journey is not critical"))
            }
        }
        let declared = Set(services.flatMap { $0.1.alerts.map(\.name) })
        guard !declared.isEmpty else { return out }
        for runbook in base.documents(of: .runbook) where runbook.isValid {
            guard case .runbook(let r) = runbook.details else { continue }
            for (i, name) in r.alerts.enumerated() where !declared.contains(name) {
                let owners = r.services.isEmpty ? "a service" : r.services.map { "`\($0)`" }.joined(separator: " or ")
                let nearest = Suggestions.nearest(to: name, in: declared.sorted(), limit: 1).first
                out.append((runbook.id, Diagnostic(
                    .undeclaredAlert, "the alert `\(name)` is declared by no service",
                    at: runbook.frontMatter["alerts"]?.list?[safe: i]?.location ?? runbook.frontMatter.location,
                    expected: "an alert of that name in the `alerts` of \(owners)", found: "none",
                    help: nearest.map { "did you mean `\($0)`?" }
                        ?? "add `- { name: \(name), type: symptom, notify: page, runbook: \(runbook.slug) }` to the `alerts` of its service (`type: cause` if it is one), or remove it here if it is gone")))
            }
        }
        return out
    }

    // MARK: Integrations

    /// E0423: attempts that even the shortest waits put after `give_up_after` are never made.
    static func retryLimit(_ i: Integration, _ d: Document) -> [Diagnostic] {
        let s = i.schedule
        guard !s.fits, let limit = i.retry.giveUpAfter, let last = s.attempts.last else { return [] }
        let at = d.frontMatter["retry"]?["max_attempts"]?.location ?? i.retry.location
        return [Diagnostic(.retryBeyondGiveUp, "\(i.retry.maxAttempts) attempts cannot fit in `give_up_after: \(limit.text)`",
                           at: at, expected: "attempts whose shortest waits add up to at most \(limit.text)",
                           found: "the last attempt at \(Duration.spoken(last.earliest)) at the earliest",
                           help: "write `max_attempts: \(s.attemptsThatFit)`, or a longer `give_up_after`, or a shorter `initial_delay`")]
    }

    /// The gaps of an integration (W0608–W0613): retries without jitter, an inbound webhook without a signature or
    /// an idempotency key, no dead-letter queue or replay runbook, retries that outlast the idempotency keys, and
    /// workers that cannot drain the stated peak within the recovery time.
    static func integrationGaps(_ i: Integration, _ d: Document) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func at(_ path: String...) -> SourceLocation {
            var value: Value? = d.frontMatter
            var found = d.frontMatter.location
            for key in path {
                value = value?[key]
                if let v = value { found = v.location }
            }
            return found
        }
        /// A top-level key itself (`retry:`), for what is missing inside or beside its value.
        func key(_ name: String) -> SourceLocation { d.frontMatter.entries?.first { $0.key == name }?.keyLocation ?? at(name) }
        let r = i.retry, s = i.schedule
        if r.jitter == .none {
            out.append(Diagnostic(.unjitteredRetries, "`\(d.slug)` retries without jitter", at: r.jitterWritten ? at("retry", "jitter") : key("retry"),
                                  expected: "`jitter: full`, `equal` or `decorrelated`", found: r.jitterWritten ? "`jitter: none`" : "no `jitter` (none)",
                                  help: "add `jitter: full` to `retry`: deliveries that failed together then retry at different times instead of all at once"))
        }
        if i.direction == .inbound, i.signature == nil {
            out.append(Diagnostic(.unsignedWebhook, "the inbound `\(d.slug)` verifies no signature", at: at("direction"),
                                  expected: "`signature: { algorithm, header, secret_rotation }`", found: "none",
                                  help: "add `signature: { algorithm: hmac-sha256, header: <the header>, secret_rotation: 90d }`: anyone who finds the endpoint can post to it otherwise"))
        }
        if i.direction == .inbound, i.idempotency == nil {
            out.append(Diagnostic(.noIdempotencyKey, "the inbound `\(d.slug)` has no idempotency key", at: at("direction"),
                                  expected: "`idempotency: { key, retention }`", found: "none",
                                  help: "add `idempotency: { key: <the event id header>, retention: 7d }`: a redelivered event is processed twice otherwise"))
        }
        if i.deadLetter == nil {
            out.append(Diagnostic(.noDeadLetter, "`\(d.slug)` has no dead-letter queue", at: key("retry"),
                                  expected: "`dead_letter: { queue, replay_runbook }`", found: "none",
                                  help: "add `dead_letter: { queue: <name>, replay_runbook: <runbook slug> }`: a delivery that fails every attempt is lost otherwise"))
        } else if i.deadLetter?.replayRunbook == nil {
            out.append(Diagnostic(.noDeadLetter, "the dead-letter queue of `\(d.slug)` has no replay runbook", at: at("dead_letter"),
                                  expected: "`replay_runbook:` the runbook that says how to replay it", found: "none",
                                  help: "add `replay_runbook: <runbook slug>` to `dead_letter`"))
        }
        if let key = i.idempotency, s.deadLetterLatest > key.retention.seconds {
            out.append(Diagnostic(.retriesOutlastKeys, "the retries of `\(d.slug)` outlast its idempotency keys",
                                  at: at("idempotency", "retention"),
                                  expected: "keys kept at least as long as the last attempt may come (\(Duration.spoken(s.deadLetterLatest)))",
                                  found: "`retention: \(key.retention.text)`",
                                  help: "write `retention: \(wholeUnits(s.deadLetterLatest))` or more, or make `give_up_after` shorter: a retry after its key is forgotten is processed twice"))
        }
        if let q = i.queue, let drain = QueueDrain(q), drain.withinRecovery == false, let recovery = q.recoveryTime {
            // With w workers the backlog (P − w·r)·D drains in (P − w·r)·D / (w·r) ≤ R when w ≥ P·D / (r·(R + D)).
            let peak = q.peak!
            let needed = Int((peak.rate.perSecond * peak.lasting.seconds / (q.rateLimit.perSecond * (recovery.seconds + peak.lasting.seconds))).rounded(.up))
            out.append(Diagnostic(.queueCannotDrain, "the workers of `\(d.slug)` cannot drain its peak within \(recovery.text)",
                                  at: at("queue", "workers"),
                                  expected: "a backlog of \(Int(drain.backlog.rounded())) events drained in at most \(recovery.text)",
                                  found: "\(q.workers) workers at \(q.rateLimit.text) drain it in \(Duration.spoken(drain.drainSeconds))",
                                  help: "write `workers: \(max(needed, q.workers + 1))` or more, or raise `rate_limit`, or state a longer `recovery_time`"))
        }
        return out
    }

    /// The shortest duration in whole hours (or days beyond two days) that is at least `seconds`: `3h`, `4d`.
    static func wholeUnits(_ seconds: Double) -> String {
        let hours = max(1, Int((seconds / 3600).rounded(.up)))
        return hours <= 48 ? "\(hours)h" : "\(Int((seconds / 86400).rounded(.up)))d"
    }

    // MARK: Postmortems

    static func timeline(_ p: Postmortem, _ d: Document) -> [Diagnostic] {
        let t = p.timeline
        let order: [(String, Instant)] = [("started", t.started), ("detected", t.detected), ("mitigated", t.mitigated), ("resolved", t.resolved)]
        var out: [Diagnostic] = []
        for i in 1..<order.count where order[i].1 < order[i - 1].1 {
            out.append(Diagnostic(
                .timelineOrder, "`timeline.\(order[i].0)` is before `timeline.\(order[i - 1].0)`",
                at: t.locations[order[i].0] ?? d.frontMatter.location,
                expected: "a time at or after \(order[i - 1].0) (\(order[i - 1].1))", found: "`\(order[i].1)`",
                help: "the timeline reads started ≤ detected ≤ mitigated ≤ resolved; check the date and the time zone"))
        }
        return out
    }

    // MARK: Flags

    /// The state each environment ends in when the audit log is replayed from the start.
    public static func replay(_ f: Flag, environments: [String]) -> [String: Flag.State] {
        var state = Dictionary(uniqueKeysWithValues: environments.map { ($0, Flag.initialState) })
        for change in f.changes { state[change.entry.environment] = change.after }
        return state
    }

    /// The environments (in declaration order) whose replayed audit log does not end in the declared state,
    /// with the state it ends in (W0403; also the warning banner of a flag's page).
    public static func auditMismatches(_ f: Flag, environments: [String]) -> [(declared: Flag.EnvironmentState, replayed: Flag.State)] {
        let replayed = replay(f, environments: environments)
        return f.environments.compactMap { declared in
            guard let end = replayed[declared.environment], end != declared.state else { return nil }
            return (declared, end)
        }
    }

    static func audit(_ f: Flag, _ d: Document, config: SiteConfig) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func auditValue(_ i: Int, _ key: String) -> SourceLocation? { d.frontMatter["audit"]?.list?[safe: i]?[key]?.location }
        if let first = f.audit.first, first.action != .created {
            out.append(Diagnostic(.auditOrder, "the audit log must start with the flag's creation", at: auditValue(0, "action") ?? first.location,
                                  expected: "a first entry with `action: created`", found: "`action: \(first.action.rawValue)`",
                                  help: "add the `created` entry, with who created the flag and why"))
        }
        for i in f.audit.indices.dropFirst() where f.audit[i].at < f.audit[i - 1].at {
            out.append(Diagnostic(.auditOrder, "`audit[\(i)].at` is earlier than `audit[\(i - 1)].at`, the entry before it", at: auditValue(i, "at") ?? f.audit[i].location,
                                  expected: "a time at or after \(f.audit[i - 1].at)", found: "`\(f.audit[i].at)`",
                                  help: "keep the audit log in the order things happened; append new entries at the end"))
        }
        for (declared, end) in auditMismatches(f, environments: config.environments) {
            out.append(Diagnostic(
                .auditMismatch, "the audit log leaves `\(declared.environment)` in another state than `environments` declares",
                at: declared.location, expected: describe(declared.state) + " (declared)", found: describe(end) + " (after the audit log)",
                help: "add the audit entry that made the change, or correct `environments.\(declared.environment)`"))
        }
        return out
    }

    public static func describe(_ s: Flag.State) -> String {
        "\(s.enabled ? "enabled" : "disabled") at \(plain(s.rollout)) %"
            + (s.cohorts.isEmpty ? "" : " for " + s.cohorts.joined(separator: ", "))
    }

    static func schedule(_ f: Flag, _ d: Document) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var last: [String: Flag.ScheduleEntry] = [:]
        func scheduleValue(_ i: Int, _ key: String) -> SourceLocation? { d.frontMatter["schedule"]?.list?[safe: i]?[key]?.location }
        for (i, entry) in f.schedule.enumerated() {
            if i > 0, entry.date < f.schedule[i - 1].date {
                out.append(Diagnostic(.scheduleOrder, "`schedule[\(i)].date` is before `schedule[\(i - 1)].date`, the entry above it", at: scheduleValue(i, "date") ?? entry.location,
                                      expected: "a date on or after \(f.schedule[i - 1].date)", found: "`\(entry.date)`",
                                      help: "list the schedule in date order"))
            }
            if let previous = last[entry.environment], entry.rollout < previous.rollout {
                out.append(Diagnostic(.scheduleOrder, "the schedule lowers the rollout in `\(entry.environment)`", at: scheduleValue(i, "rollout") ?? entry.location,
                                      expected: "at least \(plain(previous.rollout)) %, as scheduled on \(previous.date)",
                                      found: "\(plain(entry.rollout)) %",
                                      help: "a schedule only ramps up; a ramp-down is a `rollout` entry in the audit log"))
            }
            last[entry.environment] = entry
        }
        return out
    }

    // MARK: Experiments

    static func experiment(_ e: Experiment, _ d: Document) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let variantsAt = d.frontMatter["variants"]?.location ?? d.frontMatter.location
        let total = e.variants.reduce(0) { $0 + $1.weight }
        if abs(total - 100) > 1e-9 {
            out.append(Diagnostic(.weights, "the variants' weights sum to \(plain(total)), not 100",
                                  at: variantsAt, expected: "weights that sum to 100", found: e.variants.map { "\($0.name): \(plain($0.weight))" }.joined(separator: ", "),
                                  help: "weights are shares of the experiment's traffic, in percent"))
        }
        let controls = e.variants.filter(\.control)
        if controls.count != 1 {
            out.append(Diagnostic(.control, controls.isEmpty ? "no variant is the control" : "\(controls.count) variants are marked as control",
                                  at: variantsAt, expected: "exactly one variant with `control: true`",
                                  found: controls.isEmpty ? "none" : controls.map { "`\($0.name)`" }.joined(separator: ", "),
                                  help: "mark the variant users see today with `control: true`"))
        }
        // The sample size needs the expected proportion, baseline × (1 ± lift), between 0 and 1 too.
        let m = e.primaryMetric
        if m.kind == .proportion, m.baseline > 0, m.baseline < 1, m.expectedLift > 0 {
            let expected = m.baseline * (m.direction == .increase ? 1 + m.expectedLift : 1 - m.expectedLift)
            if expected <= 0 || expected >= 1 {
                let limit = m.direction == .increase ? 1 / m.baseline - 1 : 1
                out.append(Diagnostic(
                    .outOfRange, "`primary_metric.expected_lift` takes the proportion from \(plain(m.baseline)) to \(plain(expected)), outside 0 to 1",
                    at: d.frontMatter["primary_metric"]?["expected_lift"]?.location ?? d.frontMatter.location,
                    expected: "a relative lift below \(plain((limit * 1000).rounded(.down) / 1000)) (`0.05` is +5 %)",
                    found: "`\(plain(m.expectedLift))`",
                    help: "the lift is relative: +5 % of a baseline of \(plain(m.baseline)) is `expected_lift: 0.05`; no sample size can be computed otherwise"))
            }
        }
        if e.status == .concluded {
            var missing: [String] = []
            if e.results == nil && e.resultsFile == nil { missing.append("`results` (or `results_file`)") }
            if e.decision == nil { missing.append("`decision`") }
            if !missing.isEmpty {
                out.append(Diagnostic(.conclusion, "a concluded experiment needs " + missing.joined(separator: " and "),
                                      at: d.frontMatter["status"]?.location ?? d.frontMatter.location,
                                      expected: "results and a decision (`ship`, `iterate` or `abandon`)", found: "status `concluded` without them",
                                      help: "add what was measured and what was decided, or keep the status `running`"))
            }
        }
        out += segmentChecks(e)
        // Inline results, checked here at their keys; a results file is checked where it is read, at its rows.
        if e.results != nil, let results = d.frontMatter["results"], let variants = results.entries?.first(where: { $0.key == "variants" }) {
            let entries = variants.value.entries ?? []
            out += resultNames(e, variants: entries.map { ($0.key, $0.keyLocation) },
                               metrics: entries.flatMap { ($0.value["metrics"]?.entries ?? []).map { ($0.key, $0.keyLocation) } },
                               controlMissingAt: variants.keyLocation, fromFile: false, frontMatter: d.frontMatter)
        }
        return out
    }

    /// Segments (`results.segments`, or a results file's `segment` column): each of a dimension of the design
    /// (`lifecycle`, `locale`, `device`) and, when the design lists that dimension's values, one of them (E0425);
    /// and for each dimension, every variant's segment units add up to its units (E0424, one diagnostic per dimension naming the variants that do not, its help the segments the design lists and the results lack).
    static func segmentChecks(_ e: Experiment) -> [Diagnostic] {
        guard let results = e.results, !results.segments.isEmpty else { return [] }
        var out: [Diagnostic] = []
        let dimensions: [String: [String]?] = ["lifecycle": e.segments?.lifecycle, "locale": e.segments?.locale, "device": e.segments?.device]
        for s in results.segments {
            guard let values = dimensions[s.dimension] else {
                out.append(Diagnostic(.unknownSegment, "`\(s.dimension)` is not a dimension of segments", at: s.location,
                                      expected: "`lifecycle=…`, `locale=…` or `device=…`", found: "`\(s.name)`",
                                      help: Suggestions.didYouMean(s.dimension, in: dimensions.keys.sorted())
                                          ?? "results are broken down by the dimensions of `segments`: lifecycle, locale, device"))
                continue
            }
            if let values, !values.contains(s.value) {
                out.append(Diagnostic(.unknownSegment, "`\(s.value)` is not one of the experiment's `segments.\(s.dimension)`", at: s.location,
                                      expected: "one of " + values.map { "`\($0)`" }.joined(separator: ", "), found: "`\(s.value)`",
                                      help: Suggestions.didYouMean(s.value, in: values) ?? "add `\(s.value)` to `segments.\(s.dimension)`, or fix the segment"))
            }
        }
        var dimensionsInOrder: [String] = []
        for s in results.segments where dimensions[s.dimension] != nil && !dimensionsInOrder.contains(s.dimension) { dimensionsInOrder.append(s.dimension) }
        for dimension in dimensionsInOrder {
            let members = results.segments.filter { $0.dimension == dimension }
            let wrong = results.variants.compactMap { variant -> (String, Int, Int)? in
                let sum = members.reduce(0) { total, s in total + (s.variants.first { $0.name == variant.name }?.units ?? 0) }
                return sum == variant.units ? nil : (variant.name, sum, variant.units)
            }
            guard !wrong.isEmpty else { continue }
            let listed = dimensions[dimension].flatMap { $0 }
            let absent = listed.map { values in values.filter { v in !members.contains { $0.value == v } } } ?? []
            let help = !absent.isEmpty ? "add the segments " + absent.map { "`\(dimension)=\($0)`" }.joined(separator: ", ") + ", or fix the units"
                : listed == nil ? "add the segment that holds the rest (such as `\(dimension)=other`), or fix the units"
                : "fix the units: every unit belongs to exactly one `\(dimension)` segment"
            out.append(Diagnostic(.segmentUnits,
                                  "the `\(dimension)` segments do not add up to the variants' units: "
                                      + wrong.map { "`\($0.0)` \($0.1) of \($0.2)" }.joined(separator: ", "),
                                  at: members[0].location, expected: "each variant's segment units adding up to its units",
                                  found: members.map { s in "`\(s.name)` " + wrong.map { w in "\(w.0) \(s.variants.first { $0.name == w.0 }?.units ?? 0)" }.joined(separator: ", ") }
                                      .joined(separator: "; "),
                                  help: help, notes: members.dropFirst().map { .init("the segment `\($0.name)`", at: $0.location) }))
        }
        return out
    }

    /// The names that an experiment's results use, inline or in a results file, checked against its design:
    /// each variant is one of `variants` (E0417), each metric the primary metric or a guardrail (E0420), and the
    /// control has figures (E0421, at `controlMissingAt`; not when it is among `mentioned`, the variants of rows
    /// that could not be read). A name that is wrong several times is reported once,
    /// at its first place, with the others as notes.
    public static func resultNames(
        _ e: Experiment, variants: [(String, SourceLocation)], metrics: [(String, SourceLocation)],
        controlMissingAt: SourceLocation, fromFile: Bool, frontMatter: Value? = nil, mentioned: Set<String> = []
    ) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let variantNames = e.variants.map(\.name)
        var metricNames = [e.primaryMetric.name]
        for g in e.guardrails where !metricNames.contains(g.metric) { metricNames.append(g.metric) }
        let row = fromFile ? "row" : "entry"

        func unknown(_ named: [(String, SourceLocation)], known: [String], report: (String, SourceLocation, [SourceLocation]) -> Diagnostic) {
            var order: [String] = []
            var places: [String: [SourceLocation]] = [:]
            for (name, at) in named where !known.contains(name) {
                if places[name] == nil { order.append(name) }
                places[name, default: []].append(at)
            }
            for name in order {
                let all = places[name]!
                out.append(report(name, all[0], Array(all.dropFirst())))
            }
        }
        func also(_ name: String, _ others: [SourceLocation]) -> [Diagnostic.Note] {
            others.map { .init("`\(name)` again", at: $0) }
        }
        /// A rename must be made wherever the name is written: at the place shown and the notes' places.
        func everywhere(_ others: [SourceLocation]) -> String {
            others.isEmpty ? "" : " Rename it on each \(row) that names it (the notes list them)"
        }
        func lines(_ others: [SourceLocation]) -> String {
            others.isEmpty ? "" : " (and on line\(others.count == 1 ? "" : "s") " + others.map { String($0.line) }.joined(separator: ", ") + ")"
        }
        unknown(variants, known: variantNames) { name, at, others in
            Diagnostic(.unknownVariant, "the results name a variant `\(name)` that the experiment does not have", at: at,
                       expected: "one of " + variantNames.map { "`\($0)`" }.joined(separator: ", "), found: "`\(name)`" + lines(others),
                       help: Suggestions.didYouMean(name, in: variantNames).map { $0 + everywhere(others) }
                           ?? "a \(row) of the results names one of the experiment's `variants`, exactly as written there",
                       notes: also(name, others))
        }
        unknown(metrics, known: metricNames) { name, at, others in
            Diagnostic(.unknownMetric, "the results name a metric `\(name)` that the experiment does not measure", at: at,
                       expected: "the primary metric or a guardrail: " + metricNames.map { "`\($0)`" }.joined(separator: ", "),
                       found: "`\(name)`" + lines(others),
                       help: Suggestions.didYouMean(name, in: metricNames).map { $0 + everywhere(others) }
                           ?? "add `\(name)` to `guardrails` to report it, or remove its \(row)\(others.isEmpty ? "" : "s")",
                       notes: also(name, others))
        }
        let controls = e.variants.filter(\.control)
        if controls.count == 1, let control = controls.first, !variants.contains(where: { $0.0 == control.name }),
           !mentioned.contains(control.name) {
            let declared = frontMatter?["variants"]?.list?.first { $0["name"]?.string == control.name }
            let present = Array(Set(variants.map(\.0))).filter(variantNames.contains).sorted()
            let example = e.primaryMetric.kind == .proportion
                ? "`\(control.name),\(e.primaryMetric.name),<units>,<conversions>,,`"
                : "`\(control.name),\(e.primaryMetric.name),<units>,,<mean>,<sd>`"
            out.append(Diagnostic(
                .missingControl, "the results have no figures for the control variant `\(control.name)`", at: controlMissingAt,
                expected: "figures for `\(control.name)`, the variant with `control: true`",
                found: variants.isEmpty ? "no \(row)s" : "figures for " + (present.isEmpty ? "no variant of the experiment" : present.map { "`\($0)`" }.joined(separator: ", ")) + " only",
                help: fromFile ? "add a row per metric for the control, such as \(example)"
                               : "add `\(control.name): { units: ..., metrics: { \(e.primaryMetric.name): ... } }` under `results.variants`",
                notes: declared.map { [.init("`\(control.name)` is the control", at: $0["control"]?.location ?? $0.location)] } ?? []))
        }
        return out
    }

    // MARK: Rollout plans

    static func plan(_ r: Rollout, _ d: Document) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var index: [String: Int] = [:]
        for (i, step) in r.steps.enumerated() {
            if let first = index[step.id] {
                out.append(Diagnostic(.duplicateStep, "two steps have the id `\(step.id)`", at: stepValue(d, i, "id") ?? step.location,
                                      expected: "a unique id for each step", found: "`\(step.id)` again",
                                      help: "rename one of them; `needs` and `reverts` refer to steps by id",
                                      notes: [.init("the first `\(step.id)` is here", at: r.steps[first].location)]))
            } else {
                index[step.id] = i
            }
        }
        let ids = r.steps.map(\.id)
        func unknown(_ name: String, _ field: String, at: SourceLocation) -> Diagnostic {
            Diagnostic(.unknownStep, "`\(field)` names a step `\(name)` that is not in this plan", at: at,
                       expected: "the id of a step of this plan", found: "`\(name)`",
                       help: Suggestions.didYouMean(name, in: ids) ?? "step ids: " + ids.map { "`\($0)`" }.joined(separator: ", "))
        }
        // successors[i]: the steps that need step i.
        var successors = [[Int]](repeating: [], count: r.steps.count)
        for (i, step) in r.steps.enumerated() {
            for (j, need) in step.needs.enumerated() {
                if let k = index[need] { successors[k].append(i) } else {
                    out.append(unknown(need, "steps[\(step.id)].needs", at: stepValue(d, i, "needs", j) ?? step.location))
                }
            }
            let listed = d.frontMatter["steps"]?.list?[safe: i]?["reverts"]?.list != nil
            for (j, reverts) in step.reverts.enumerated() where index[reverts] == nil {
                let field = "steps[\(step.id)].reverts" + (listed ? "[\(j)]" : "")
                out.append(unknown(reverts, field, at: stepValue(d, i, "reverts", listed ? j : nil) ?? step.location))
            }
            if step.kind == .rollback, step.reverts.isEmpty {
                out.append(Diagnostic(.rollbackTarget, "the rollback step `\(step.id)` does not say what it reverts", at: step.location,
                                      expected: "`reverts:` with the id of the rollout step it undoes", found: "no `reverts` key",
                                      help: "add `reverts: <step id>`"))
            }
        }
        if let cycle = findCycle(successors) {
            let path = (cycle + [cycle[0]]).map { r.steps[$0].id }.joined(separator: " → ")
            // The `needs` that closes the cycle: the first step needs the last one.
            let closing = r.steps[cycle[0]].needs.firstIndex(of: r.steps[cycle[cycle.count - 1]].id)
                .flatMap { stepValue(d, cycle[0], "needs", $0) }
            out.append(Diagnostic(.planCycle, "the steps form a cycle: \(path)", at: closing ?? r.steps[cycle[0]].location,
                                  expected: "a plan where no step needs itself, directly or through others", found: path,
                                  help: "remove one of the `needs` along the cycle"))
            return out
        }
        let reverted = Set(r.steps.filter { $0.kind == .rollback }.flatMap(\.reverts))
        for (i, step) in r.steps.enumerated() where step.kind == .rollout {
            let downstream = reachable(from: i, successors)
            if !downstream.contains(where: { r.steps[$0].kind == .verify }) {
                out.append(Diagnostic(.unverifiedStep, "the rollout step `\(step.id)` is never verified", at: step.location,
                                      expected: "a `verify` step that needs `\(step.id)`, directly or through other steps", found: "none",
                                      help: "add a step `{ id: verify-\(step.id), kind: verify, needs: [\(step.id)], title: ... }`"))
            }
            if !reverted.contains(step.id) {
                out.append(Diagnostic(.unrevertedStep, "the rollout step `\(step.id)` has no rollback", at: step.location,
                                      expected: "a `rollback` step with `reverts: \(step.id)`", found: "none",
                                      help: "say how to undo it: `{ id: undo-\(step.id), kind: rollback, reverts: \(step.id), title: ... }`"))
            }
            guard let flag = step.flag, let percentage = step.percentage else { continue }
            for j in downstream.sorted() {
                let later = r.steps[j]
                guard later.kind != .rollback, later.flag == flag, later.environment == step.environment,
                      let p = later.percentage, p < percentage else { continue }
                out.append(Diagnostic(.decreasingRollout, "`\(later.id)` lowers `\(flag)` to \(plain(p)) % after `\(step.id)` set \(plain(percentage)) %",
                                      at: stepValue(d, j, "percentage") ?? later.location,
                                      expected: "at least \(plain(percentage)) % in \(step.environment ?? "the same environment")", found: "\(plain(p)) %",
                                      help: "a plan only ramps up; going back is what a `rollback` step is for"))
            }
        }
        return out
    }

    /// The location of `steps[i].key` (or of its `j`th item) in the front matter.
    static func stepValue(_ d: Document, _ i: Int, _ key: String, _ j: Int? = nil) -> SourceLocation? {
        guard let value = d.frontMatter["steps"]?.list?[safe: i]?[key] else { return nil }
        if let j { return value.list?[safe: j]?.location }
        return value.location
    }

    static func reachable(from start: Int, _ successors: [[Int]]) -> Set<Int> {
        var seen: Set<Int> = [], stack = successors[start]
        while let n = stack.popLast() {
            if seen.insert(n).inserted { stack += successors[n] }
        }
        return seen
    }

    /// A cycle as a list of nodes in order, or nil; deterministic (the first found from the lowest index).
    static func findCycle(_ successors: [[Int]]) -> [Int]? {
        var state = [UInt8](repeating: 0, count: successors.count)   // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ n: Int) -> [Int]? {
            state[n] = 1
            path.append(n)
            for m in successors[n] {
                if state[m] == 1 { return Array(path[path.firstIndex(of: m)!...]) }
                if state[m] == 0, let cycle = visit(m) { return cycle }
            }
            path.removeLast()
            state[n] = 2
            return nil
        }
        for n in successors.indices where state[n] == 0 {
            if let cycle = visit(n) { return cycle }
        }
        return nil
    }

    // MARK: Services and sprints

    static func serviceCycles(_ base: KnowledgeBase) -> [Diagnostic] {
        let services = base.documents(of: .service)
        var index: [String: Int] = [:]
        for (i, s) in services.enumerated() { index[s.slug] = i }
        let successors = services.map { d -> [Int] in
            guard d.isValid, case .service(let s) = d.details else { return [] }
            return s.dependsOn.compactMap { index[$0] }
        }
        guard let cycle = findCycle(successors) else { return [] }
        let path = (cycle + [cycle[0]]).map { services[$0].slug }.joined(separator: " → ")
        let first = services[cycle[0]], next = services[cycle[1 % cycle.count]].slug
        let at = first.frontMatter["depends_on"]?.list?.first { $0.string == next }?.location ?? first.frontMatter.location
        return [Diagnostic(.dependencyCycle, "services depend on each other in a cycle: \(path)", at: at,
                           expected: "dependencies that never lead back to the service", found: path,
                           help: "remove the dependency that points back; a cycle means no service can start first")]
    }

    static func sprintOverlaps(_ base: KnowledgeBase) -> [Diagnostic] {
        let sprints = base.documents(of: .sprint).compactMap { d -> (Document, Sprint)? in
            if d.isValid, case .sprint(let s) = d.details { return (d, s) } else { return nil }
        }.sorted { ($0.1.start, $0.0.slug) < ($1.1.start, $1.0.slug) }
        var out: [Diagnostic] = []
        for (document, s) in sprints where s.end < s.start {
            out.append(Diagnostic(.outOfRange, "the sprint ends before it starts", at: document.frontMatter["end"]?.location ?? document.frontMatter.location,
                                  expected: "an `end` on or after `start` (\(s.start))", found: "`\(s.end)`",
                                  help: "a one-day sprint has `end` equal to `start`"))
        }
        // Each team's sprints are a series, and the site's (no `team`) another: sprints overlap only within one.
        for series in Dictionary(grouping: sprints, by: { $0.1.team }).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }).map(\.value) {
            // The earlier sprint that ends last: a long sprint can overlap several that start after it.
            var latest: (Document, Sprint)? = series.first
            for (document, s) in series.dropFirst() {
                defer { if let l = latest, s.end > l.1.end { latest = (document, s) } }
                guard let (previous, p) = latest, s.start <= p.end else { continue }
                let whose = s.team.map { " (both of `\($0)`)" } ?? ""
                out.append(Diagnostic(.sprintOverlap, "`\(document.slug)` starts on \(s.start), before `\(previous.slug)` ends on \(p.end)\(whose)",
                                      at: document.frontMatter["start"]?.location ?? document.frontMatter.location,
                                      expected: "a start after \(p.end)", found: "`\(s.start)`",
                                      help: "sprints that share a day overlap; start this one on \(p.end.adding(days: 1))"
                                          + (s.team == nil ? ", or give it the `team:` whose sprint it is" : ""),
                                      notes: [.init("`\(previous.slug)` ends here", at: previous.frontMatter["end"]?.location)]))
            }
        }
        return out
    }
}

/// A number as a writer typed it: `25`, not `25.0`.
func plain(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

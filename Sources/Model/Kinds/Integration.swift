import Foundation
import FrontMatter
import Diagnostics

/// A webhook or connector between a service and a system outside it: which way events flow, the queue and
/// workers that carry them, how deliveries are retried, signed, deduplicated, redacted and parked when they fail.
public struct Integration: Sendable {
    public enum Direction: String, CaseIterable, Sendable { case inbound, outbound }
    public enum Mechanism: String, CaseIterable, Sendable { case webhook, connector }
    public enum Connector: String, CaseIterable, Sendable { case standard, custom }
    /// How a retry's wait is drawn (AWS Architecture Blog, "Exponential Backoff And Jitter").
    public enum Jitter: String, CaseIterable, Sendable { case full, equal, decorrelated, none }

    /// Events per second, written `50/s`, `3000/m` or `100000/h`.
    public struct Rate: Sendable, Hashable {
        public var perSecond: Double
        public var text: String

        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isNumber || $0 == "." }),
                  let n = Double(parts[0]), n > 0, n < 1e12 else { return nil }
            switch parts[1] {
            case "s": perSecond = n
            case "m": perSecond = n / 60
            case "h": perSecond = n / 3600
            default: return nil
            }
            self.text = text
        }
    }

    /// The busiest time the queue is sized for: events arriving at `rate` for `lasting`.
    public struct Peak: Sendable { public var rate: Rate; public var lasting: Duration }

    public struct Queue: Sendable {
        public var name: String
        public var workers: Int
        /// What one worker may process, at most (the receiver's or a dependency's limit, shared out).
        public var rateLimit: Rate
        public var peak: Peak?
        /// How soon after the peak the queue must be empty again.
        public var recoveryTime: Duration?
        public var location: SourceLocation

        /// Events per second all workers process at their rate limit.
        public var capacity: Double { Double(workers) * rateLimit.perSecond }
    }

    public struct RetryPolicy: Sendable {
        public var initialDelay: Duration
        public var multiplier: Double
        public var maxDelay: Duration
        /// Attempts in all, the first delivery included.
        public var maxAttempts: Int
        /// The time after the first attempt beyond which no attempt is made.
        public var giveUpAfter: Duration?
        public var jitter: Jitter
        /// False when `jitter` was not written (it is then `none`, and reported as a gap).
        public var jitterWritten: Bool
        public var location: SourceLocation
    }

    public struct Signature: Sendable {
        public var algorithm: String
        public var header: String
        public var secretRotation: Duration?
    }

    public struct Idempotency: Sendable {
        /// Where the key is read from, such as the `Webhook-Id` header.
        public var key: String
        /// How long a key is remembered: a delivery repeated later is processed again.
        public var retention: Duration
    }

    public struct DeadLetter: Sendable {
        public var queue: String
        public var replayRunbook: String?
    }

    public var direction: Direction
    public var mechanism: Mechanism
    public var service: String
    public var owner: Owner
    /// Who is on the other side: the partner that sends, or the system that receives.
    public var counterpart: String
    public var endpoint: String?
    public var events: [String]
    public var queue: Queue?
    public var retry: RetryPolicy
    public var signature: Signature?
    public var idempotency: Idempotency?
    public var redacted: [String]
    public var deadLetter: DeadLetter?
    public var connector: Connector
    public var connectorReason: String?

    /// The retry schedule of the policy.
    public var schedule: RetrySchedule { RetrySchedule(retry) }

    static func decode(_ f: Fields) -> Integration? {
        let direction = f.required("direction", "`inbound` (events come in) or `outbound` (we send them)", f.choice(Direction.self))
        let mechanism = f.required("type", "`webhook` or `connector`", f.choice(Mechanism.self))
        let service = f.required("service", "the slug of the service that sends or receives", f.reference(.document(.service)))
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let counterpart = f.required("counterpart", "the partner or system on the other side", f.string)
        let endpoint = f.optional("endpoint", f.webAddress)
        let events = f.optional("events", f.list(f.string)) ?? []
        let queue = f.optional("queue", f.object { q -> Queue? in
            let name = q.required("name", "the queue's name", q.string)
            let workers = q.required("workers", "how many workers consume it", q.integer(in: Bounds.workers, "workers", example: 4))
            let rateLimit = q.required("rate_limit", "what one worker may process, such as `50/s`", q.rate)
            let peak = q.optional("peak", q.object { p -> Peak? in
                let rate = p.required("rate", "events arriving at the busiest time, such as `400/s`", p.rate)
                let lasting = p.required("lasting", "how long the peak lasts, such as `10m`", p.duration)
                guard let rate, let lasting else { return nil }
                return Peak(rate: rate, lasting: lasting)
            })
            let recovery = q.optional("recovery_time", q.duration)
            guard let name, let workers, let rateLimit else { return nil }
            return Queue(name: name, workers: workers, rateLimit: rateLimit, peak: peak, recoveryTime: recovery, location: q.location)
        })
        let retry = f.required("retry", "the retry policy `{ initial_delay, multiplier, max_delay, max_attempts, give_up_after?, jitter }`",
                               f.object { r -> RetryPolicy? in
            let initial = r.required("initial_delay", "the first retry's wait, such as `1s`", r.duration)
            let multiplier = r.required("multiplier", "how much each wait grows, such as 2", r.multiplier)
            let maxDelay = r.required("max_delay", "the longest wait, such as `10m`", r.duration)
            let attempts = r.required("max_attempts", "attempts in all, the first included", r.integer(in: Bounds.attempts, "attempts", example: 8))
            let giveUp = r.optional("give_up_after", r.duration)
            let jitter = r.optional("jitter", r.choice(Jitter.self))
            guard let initial, let multiplier, let maxDelay, let attempts else { return nil }
            return RetryPolicy(initialDelay: initial, multiplier: multiplier, maxDelay: maxDelay, maxAttempts: attempts,
                               giveUpAfter: giveUp, jitter: jitter ?? .none, jitterWritten: jitter != nil, location: r.location)
        })
        let signature = f.optional("signature", f.object { s -> Signature? in
            let algorithm = s.required("algorithm", "such as `hmac-sha256`", s.string)
            let header = s.required("header", "the header that carries it", s.string)
            let rotation = s.optional("secret_rotation", s.duration)
            guard let algorithm, let header else { return nil }
            return Signature(algorithm: algorithm, header: header, secretRotation: rotation)
        })
        let idempotency = f.optional("idempotency", f.object { i -> Idempotency? in
            let key = i.required("key", "where the key is read from, such as the `Webhook-Id` header", i.string)
            let retention = i.required("retention", "how long keys are kept, such as `7d`", i.duration)
            guard let key, let retention else { return nil }
            return Idempotency(key: key, retention: retention)
        })
        let redacted = f.optional("redacted", f.list(f.string)) ?? []
        let deadLetter = f.optional("dead_letter", f.object { d -> DeadLetter? in
            let queue = d.required("queue", "the dead-letter queue's name", d.string)
            let runbook = d.optional("replay_runbook", d.reference(.document(.runbook)))
            guard let queue else { return nil }
            return DeadLetter(queue: queue, replayRunbook: runbook)
        })
        let connector = f.required("connector", "`standard` (a maintained connector) or `custom` (our own code)", f.choice(Connector.self))
        let reason = f.optional("connector_reason", f.string)
        if connector == .custom, reason == nil, let value = f.value("connector") {
            f.context.report(Diagnostic(.missingField, "a custom connector needs `connector_reason`", at: value.location,
                                        expected: "`connector_reason:` why no standard connector would do", found: "none",
                                        help: "add `connector_reason: ...` (what the standard connectors lack), or use `connector: standard`"),
                             beyondSchema: true)
        }
        guard let direction, let mechanism, let service, let owner, let counterpart, let retry, let connector else { return nil }
        return Integration(direction: direction, mechanism: mechanism, service: service, owner: owner, counterpart: counterpart,
                           endpoint: endpoint, events: events, queue: queue, retry: retry, signature: signature,
                           idempotency: idempotency, redacted: redacted, deadLetter: deadLetter, connector: connector,
                           connectorReason: reason)
    }
}

/// When each attempt of a retry policy is made, as seconds after the first, under its jitter (AWS Architecture
/// Blog, "Exponential Backoff And Jitter"; b = `initial_delay`, m = `multiplier`, c = `max_delay`):
/// the n-th wait (n = 1 … `max_attempts` − 1) is drawn from
/// - none: exactly d(n) = min(c, b·mⁿ⁻¹);
/// - full: between 0 and d(n);
/// - equal: between d(n)/2 and d(n);
/// - decorrelated: between b and min(c, 3 × the previous wait), the previous wait starting at b — at the
///   longest min(c, b·mⁿ) with Almanac's `multiplier` in the place of the blog's 3 (at the shortest min(c, b)).
/// An attempt's earliest time adds the shortest waits, its latest the longest. A policy with `give_up_after`
/// makes no attempt later than that.
public struct RetrySchedule: Sendable, Equatable {
    public struct Attempt: Sendable, Equatable {
        public var number: Int
        /// The wait before this attempt, at the shortest and longest (0 for the first).
        public var waitLow: Double
        public var waitHigh: Double
        public var earliest: Double
        public var latest: Double
        /// True when `give_up_after` may come before this attempt (its latest time is after it).
        public var mayBeCut: Bool
    }

    public var attempts: [Attempt]
    /// When the delivery goes to the dead-letter queue after the last attempt fails, at the earliest and latest
    /// (the latest is `give_up_after` when that comes first).
    public var deadLetterEarliest: Double
    public var deadLetterLatest: Double
    /// False when even the shortest waits put the last attempt after `give_up_after` (an error: E0423).
    public var fits: Bool
    /// The number of attempts that can be made before `give_up_after` at the shortest waits.
    public var attemptsThatFit: Int

    public init(_ p: Integration.RetryPolicy) {
        let b = p.initialDelay.seconds, c = p.maxDelay.seconds, m = p.multiplier
        var attempts = [Attempt(number: 1, waitLow: 0, waitHigh: 0, earliest: 0, latest: 0, mayBeCut: false)]
        var earliest = 0.0, latest = 0.0
        for n in 1..<max(1, p.maxAttempts) {
            let d = min(c, b * pow(m, Double(n - 1)))
            let (low, high): (Double, Double)
            switch p.jitter {
            case .none: (low, high) = (d, d)
            case .full: (low, high) = (0, d)
            case .equal: (low, high) = (d / 2, d)
            case .decorrelated: (low, high) = (min(c, b), min(c, b * pow(m, Double(n))))
            }
            earliest += low
            latest += high
            attempts.append(Attempt(number: n + 1, waitLow: low, waitHigh: high, earliest: earliest, latest: latest,
                                    mayBeCut: p.giveUpAfter.map { latest > $0.seconds } ?? false))
        }
        self.attempts = attempts
        let limit = p.giveUpAfter?.seconds ?? .infinity
        deadLetterEarliest = min(earliest, limit)
        deadLetterLatest = min(latest, limit)
        fits = earliest <= limit
        attemptsThatFit = attempts.filter { $0.earliest <= limit }.count
    }
}

/// How a queue copes with its peak: events arriving faster than the workers' capacity pile up for as long as
/// the peak lasts, then drain at the capacity (arrivals after the peak are not counted).
public struct QueueDrain: Sendable, Equatable {
    /// Events per second the workers process at their rate limit.
    public var capacity: Double
    /// Events waiting when the peak ends: max(0, rate − capacity) × lasting.
    public var backlog: Double
    /// Seconds to drain the backlog at capacity after the peak.
    public var drainSeconds: Double
    /// False when `drainSeconds` exceeds the stated recovery time.
    public var withinRecovery: Bool?

    public init?(_ q: Integration.Queue) {
        guard let peak = q.peak else { return nil }
        capacity = q.capacity
        backlog = max(0, peak.rate.perSecond - capacity) * peak.lasting.seconds
        drainSeconds = backlog / capacity
        withinRecovery = q.recoveryTime.map { drainSeconds <= $0.seconds }
    }
}

extension Fields {
    func rate(_ value: Value, _ field: String) -> Integration.Rate? {
        guard let text = string(value, field) else { return nil }
        guard let rate = Integration.Rate(text) else {
            context.report(.init(.invalidValue, "`\(field)` is not a rate", at: value.location,
                                 expected: "a positive number of events per `s`, `m` or `h`, such as `50/s` or `3000/m`", found: value.quoted))
            return nil
        }
        return rate
    }

    func multiplier(_ value: Value, _ field: String) -> Double? {
        guard let n = number(value, field) else { return nil }
        guard n >= 1, n <= 10 else {
            context.report(.init(.outOfRange, "`\(field)` must be between 1 and 10", at: value.location,
                                 expected: "a number from 1 (the same wait every time) to 10, usually 2", found: value.quoted))
            return nil
        }
        return n
    }
}

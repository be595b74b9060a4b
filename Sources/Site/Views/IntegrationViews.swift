import Analysis
import Diagrams
import Model
import Templates

/// The page of an integration (a webhook or connector): what flows, how failed deliveries are retried (the schedule
/// as a table and a chart), whether the workers keep up with the peak, and where a delivery that never succeeds ends.
extension SiteViews {
    func integrationView(_ document: Document, _ i: Integration) -> DetailView {
        var view = DetailView()
        let schedule = i.schedule
        view.facts = [
            fact("Direction", [text(i.direction.rawValue, badge: i.direction.rawValue)]),
            fact("Type", i.mechanism.rawValue),
            fact("Service", [link(.service, i.service)]),
            fact("Counterpart", i.counterpart),
            fact("Owner", owner(i.owner)),
            fact("Endpoint", i.endpoint.map { [text($0)] } ?? []),
            fact("Events", i.events.map { text($0) }),
            fact("Connector", [text(i.connector.rawValue, badge: i.connector == .custom ? "pending" : nil)]),
            fact("Why custom", i.connectorReason),
        ]
        view.banners = [gapBanner(document)].compactMap { $0 }
        if !schedule.fits, let limit = i.retry.giveUpAfter {
            view.banners.insert(banner("danger", "The retry policy cannot be followed.", [text(
                "Even at the shortest waits the \(i.retry.maxAttempts)th attempt comes \(Duration.spoken(schedule.attempts.last?.earliest ?? 0)) after the first, later than give_up_after (\(limit.text)): only \(schedule.attemptsThatFit) attempts are made.")]), at: 0)
        }
        view.figures = [
            figure("Dead-letter queue after", range(schedule.deadLetterEarliest, schedule.deadLetterLatest),
                   note: "from the first attempt, if every attempt fails"),
        ]
        if let q = i.queue, let drain = QueueDrain(q) {
            let ok = drain.withinRecovery ?? true
            view.figures.append(figure("Backlog drained in", Duration.spoken(drain.drainSeconds),
                                       note: q.recoveryTime.map { "after the peak; recovery time \($0.text)" } ?? "after the peak",
                                       badge: drain.withinRecovery == nil ? nil : ok ? "ok" : "stale"))
        }
        view.sections = [
            section("Retry schedule", table: retryTable(i.retry, schedule),
                    note: retryNote(i.retry), chart: retryChart(document, i.retry, schedule)),
            queueSection(i),
            section("Safeguards", facts: [
                fact("Signature", i.signature.map { s in
                    [text("\(s.algorithm) in \(s.header)")] + (s.secretRotation.map { [text("secret rotated every \($0.text)")] } ?? [])
                } ?? [text("none", badge: i.direction == .inbound ? "stale" : nil)]),
                fact("Idempotency key", i.idempotency.map { [text($0.key), text("kept \($0.retention.text)")] }
                     ?? [text("none", badge: i.direction == .inbound ? "stale" : nil)]),
                fact("Redacted before logging", i.redacted.isEmpty ? [text("nothing")] : i.redacted.map { text($0) }),
                fact("Dead-letter queue", i.deadLetter.map { [text($0.queue)] } ?? [text("none", badge: "stale")]),
                fact("Replay runbook", i.deadLetter?.replayRunbook.map { [link(.runbook, $0)] } ?? [text("none", badge: "stale")]),
            ]),
        ]
        return view
    }

    private func range(_ low: Double, _ high: Double) -> String {
        low == high ? Duration.spoken(low) : "\(Duration.spoken(low)) – \(Duration.spoken(high))"
    }

    func retryNote(_ p: Integration.RetryPolicy) -> String {
        let jitter: String
        switch p.jitter {
        case .none: jitter = "without jitter: every wait is exactly min(max_delay, initial_delay × multiplier^(n−1))"
        case .full: jitter = "with full jitter: each wait is drawn between 0 and min(max_delay, initial_delay × multiplier^(n−1))"
        case .equal: jitter = "with equal jitter: each wait is drawn between half of min(max_delay, initial_delay × multiplier^(n−1)) and all of it"
        case .decorrelated: jitter = "with decorrelated jitter: each wait is drawn between initial_delay and min(max_delay, multiplier × the previous wait)"
        }
        return "\(p.maxAttempts) attempts in all, the first delivery included, \(jitter). Times count from the first attempt"
            + (p.giveUpAfter.map { "; no attempt is made after \($0.text)" } ?? "") + "."
    }

    func retryTable(_ p: Integration.RetryPolicy, _ s: RetrySchedule) -> TemplateValue {
        table(["Attempt", "Waits before it", "Earliest", "Latest"], s.attempts.map { a in
            [[text(String(a.number))], [text(a.number == 1 ? "–" : range(a.waitLow, a.waitHigh))],
             [text(Duration.spoken(a.earliest))],
             [text(Duration.spoken(a.latest))] + (a.earliest > (p.giveUpAfter?.seconds ?? .infinity) ? [text("never made", badge: "stale")]
                                               : a.mayBeCut ? [text("may be given up", badge: "pending")] : [])]
        } + [[[text("dead-letter queue")], [], [text(Duration.spoken(s.deadLetterEarliest))], [text(Duration.spoken(s.deadLetterLatest))]]])
    }

    /// Each attempt's earliest and latest time after the first, in the unit the longest one reads best in, with
    /// `give_up_after` as a reference line.
    func retryChart(_ document: Document, _ p: Integration.RetryPolicy, _ s: RetrySchedule) -> String? {
        guard s.attempts.count > 1 else { return nil }
        let longest = max(s.attempts.map(\.latest).max() ?? 0, p.giveUpAfter?.seconds ?? 0)
        let (unit, scale): (String, Double) = longest >= 7200 ? ("h", 3600) : longest >= 120 ? ("min", 60) : ("s", 1)
        func points(_ value: (RetrySchedule.Attempt) -> Double) -> [LineChart.Point] {
            s.attempts.map { LineChart.Point(x: Double($0.number), y: value($0) / scale, label: "attempt \($0.number)") }
        }
        return LineChart(
            id: "retry-schedule", title: "Retry schedule of \(document.title)",
            description: "When each of the \(s.attempts.count) attempts is made, in \(unit) after the first, at the earliest and at the latest under \(p.jitter.rawValue) jitter.",
            series: [LineChart.Series(name: "latest", points: points(\.latest), markers: true),
                     LineChart.Series(name: "earliest", points: points(\.earliest), markers: true)],
            references: p.giveUpAfter.map { [LineChart.Reference(label: "gives up after \($0.text)", value: $0.seconds / scale)] } ?? [],
            xAxis: .numbers(ChartFormat.number(decimals: 0)), yFormat: ChartFormat.unit(" " + unit, decimals: 1)).svg()
    }

    func queueSection(_ i: Integration) -> TemplateValue? {
        guard let q = i.queue else { return nil }
        let drain = QueueDrain(q)
        return section("Queue and workers", facts: [
            fact("Queue", q.name),
            fact("Workers", "\(q.workers) at \(q.rateLimit.text) each"),
            fact("Capacity", rate(q.capacity)),
            fact("Peak", q.peak.map { "\($0.rate.text) for \($0.lasting.text)" }),
            fact("Backlog after the peak", drain.map { grouped(Int($0.backlog.rounded())) + " events" }),
            fact("Drained in", drain.map { d in
                [text(Duration.spoken(d.drainSeconds))] + (d.withinRecovery == false ? [text("longer than the recovery time", badge: "stale")] : [])
            } ?? []),
            fact("Recovery time", q.recoveryTime?.text),
        ], note: q.peak == nil ? nil : "Events arriving faster than the workers' capacity wait in the queue for as long as the peak lasts; the backlog then drains at the capacity.")
    }

    /// Events per second, or per minute below one a second.
    private func rate(_ perSecond: Double) -> String {
        perSecond >= 1 ? number((perSecond * 100).rounded() / 100) + " events/s" : number((perSecond * 60 * 100).rounded() / 100) + " events/min"
    }

    func integrationIndexTable(_ documents: [Document]) -> ([String], [[[InlinePart]]]) {
        (["Integration", "Direction", "Service", "Counterpart", "Jitter", "Dead-letter queue after", "Gaps"], documents.map { d in
            guard case .integration(let i) = d.details else { return [[documentLink(d)]] }
            let s = i.schedule, gaps = analysis.gaps[d.id]?.count ?? 0
            return [[documentLink(d)], [text(i.direction.rawValue, badge: i.direction.rawValue)], [link(.service, i.service)],
                    [text(i.counterpart)], [text(i.retry.jitter.rawValue, badge: i.retry.jitter == .none ? "stale" : nil)],
                    [text(range(s.deadLetterEarliest, s.deadLetterLatest))],
                    [gaps == 0 ? text("none", badge: "ok") : text("\(gaps)", badge: "stale")]]
        })
    }
}

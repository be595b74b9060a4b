import Diagnostics
import Testing
@testable import Model

/// Retry schedules against values computed by hand from the formulas of the writer's guide (AWS Architecture Blog,
/// "Exponential Backoff And Jitter"), for a policy of b = 1 s, m = 2, c = 10 s, 6 attempts: the exponential
/// delays d(n) = min(c, b·mⁿ⁻¹) are 1, 2, 4, 8, 10 s.
@Suite("Retry schedules and queue drain")
struct RetryScheduleTests {
    static func policy(_ jitter: Integration.Jitter, giveUpAfter: String? = "30s", attempts: Int = 6) -> Integration.RetryPolicy {
        Integration.RetryPolicy(initialDelay: Duration("1s")!, multiplier: 2, maxDelay: Duration("10s")!, maxAttempts: attempts,
                                giveUpAfter: giveUpAfter.flatMap(Duration.init), jitter: jitter, jitterWritten: true,
                                location: SourceLocation(file: "integrations/x.md", line: 1, column: 1))
    }

    func expect(_ s: RetrySchedule, earliest: [Double], latest: [Double], waitLow: [Double], waitHigh: [Double]) {
        #expect(s.attempts.map(\.number) == Array(1...earliest.count))
        #expect(s.attempts.map(\.earliest) == earliest)
        #expect(s.attempts.map(\.latest) == latest)
        #expect(s.attempts.map(\.waitLow) == [0] + waitLow)
        #expect(s.attempts.map(\.waitHigh) == [0] + waitHigh)
    }

    @Test("no jitter: every wait is the exponential delay, capped")
    func none() {
        let s = RetrySchedule(Self.policy(.none))
        expect(s, earliest: [0, 1, 3, 7, 15, 25], latest: [0, 1, 3, 7, 15, 25], waitLow: [1, 2, 4, 8, 10], waitHigh: [1, 2, 4, 8, 10])
        #expect(s.deadLetterEarliest == 25 && s.deadLetterLatest == 25 && s.fits && s.attemptsThatFit == 6)
        #expect(s.attempts.allSatisfy { !$0.mayBeCut })
    }

    @Test("full jitter: each wait between 0 and the delay")
    func full() {
        let s = RetrySchedule(Self.policy(.full))
        expect(s, earliest: [0, 0, 0, 0, 0, 0], latest: [0, 1, 3, 7, 15, 25], waitLow: [0, 0, 0, 0, 0], waitHigh: [1, 2, 4, 8, 10])
        #expect(s.deadLetterEarliest == 0 && s.deadLetterLatest == 25)
    }

    @Test("equal jitter: each wait between half the delay and all of it")
    func equal() {
        let s = RetrySchedule(Self.policy(.equal))
        expect(s, earliest: [0, 0.5, 1.5, 3.5, 7.5, 12.5], latest: [0, 1, 3, 7, 15, 25],
               waitLow: [0.5, 1, 2, 4, 5], waitHigh: [1, 2, 4, 8, 10])
        #expect(s.deadLetterEarliest == 12.5 && s.deadLetterLatest == 25)
    }

    @Test("decorrelated jitter: between b and m times the previous wait, capped; give_up_after cuts the latest")
    func decorrelated() {
        let s = RetrySchedule(Self.policy(.decorrelated))
        expect(s, earliest: [0, 1, 2, 3, 4, 5], latest: [0, 2, 6, 14, 24, 34], waitLow: [1, 1, 1, 1, 1], waitHigh: [2, 4, 8, 10, 10])
        #expect(s.attempts.map(\.mayBeCut) == [false, false, false, false, false, true], "the 6th may come after 30 s")
        #expect(s.deadLetterEarliest == 5 && s.deadLetterLatest == 30, "the policy gives up at 30 s at the latest")
        #expect(s.fits)
    }

    @Test("attempts that cannot fit in give_up_after even at the shortest waits")
    func beyondGiveUp() {
        let s = RetrySchedule(Self.policy(.none, giveUpAfter: "20s"))
        #expect(!s.fits && s.attemptsThatFit == 5, "0, 1, 3, 7, 15 s fit in 20 s; 25 s does not")
        #expect(s.deadLetterEarliest == 20 && s.deadLetterLatest == 20)
        #expect(RetrySchedule(Self.policy(.full, giveUpAfter: "1s")).fits, "full jitter's shortest waits are 0")
        let once = RetrySchedule(Self.policy(.none, giveUpAfter: nil, attempts: 1))
        #expect(once.attempts.count == 1 && once.deadLetterLatest == 0 && once.fits)
    }

    @Test("rates in events per second, minute or hour")
    func rates() {
        #expect(Integration.Rate("50/s")?.perSecond == 50)
        #expect(Integration.Rate("3000/m")?.perSecond == 50)
        #expect(Integration.Rate("7200/h")?.perSecond == 2)
        #expect(Integration.Rate("0.5/s")?.perSecond == 0.5)
        for bad in ["50", "50/d", "/s", "0/s", "-5/s", "50 per second", "5/s/s", "1e3/s"] { #expect(Integration.Rate(bad) == nil, "\(bad)") }
    }

    @Test("the backlog of a peak and the time to drain it, against the recovery time")
    func drain() throws {
        func queue(workers: Int) -> Integration.Queue {
            Integration.Queue(name: "q", workers: workers, rateLimit: Integration.Rate("50/s")!,
                              peak: Integration.Peak(rate: Integration.Rate("1000/s")!, lasting: Duration("10m")!),
                              recoveryTime: Duration("30m")!, location: SourceLocation(file: "x", line: 1, column: 1))
        }
        let two = try #require(QueueDrain(queue(workers: 2)))
        #expect(two.capacity == 100 && two.backlog == 540_000 && two.drainSeconds == 5400 && two.withinRecovery == false)
        // w ≥ P·D / (r·(R + D)) = 1000·600 / (50·2400) = 5 workers: a backlog of 450,000 drained in exactly 30 min.
        let five = try #require(QueueDrain(queue(workers: 5)))
        #expect(five.backlog == 450_000 && five.drainSeconds == 1800 && five.withinRecovery == true)
        let enough = try #require(QueueDrain(queue(workers: 20)))
        #expect(enough.backlog == 0 && enough.drainSeconds == 0)
    }
}

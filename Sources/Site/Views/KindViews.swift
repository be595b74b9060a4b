import Analysis
import Diagrams
import Model
import Templates

/// The structured front matter of each kind, as facts, headline figures and sections.
extension SiteViews {
    func teamView(_ document: Document, _ team: Team) -> DetailView {
        var view = DetailView()
        view.facts = [fact("Channel", team.channel), fact("On-call", team.oncall), fact("Members", String(team.members.count))]
        view.sections.append(section("Members", table: table(
            ["Name", "Handle", "Role"],
            team.members.map { [[text($0.name)], [text($0.handle)], $0.role.map { [text($0)] } ?? []] },
            rowIDs: team.members.map { memberAnchor($0.handle) })))
        // Postmortems are listed under Incidents, with severity and time to resolve.
        view.sections += owned(by: document, members: team.members.map(\.handle), kinds: Kind.allCases.filter { $0 != .postmortem })
        view.sections += teamOperationsSections(document)
        return view
    }

    func serviceView(_ document: Document, _ service: Service) -> DetailView {
        var view = DetailView()
        let dependents = relations.dependants[document.slug] ?? []
        view.facts = [
            fact("Owner", owner(service.owner)),
            fact("On-call", service.oncall.map { rotation in
                base.document(id: "team/\(rotation)") != nil ? [link(.team, rotation)] : [text(rotation)]
            } ?? []),
            fact("Tier", [text(String(service.tier), badge: "tier\(service.tier)")]),
            fact("Lifecycle", [text(service.lifecycle.rawValue, badge: service.lifecycle.rawValue)]),
            fact("Repository", service.repo.map { [Site.link(repositoryLabel($0), safeURL($0))] } ?? []),
            fact("Depends on", links(.service, service.dependsOn)),
            fact("Depended on by", dependents.map(documentLink)),
        ]
        view.diagram = serviceDiagram(around: document.slug)
        view.banners = [gapBanner(document)].compactMap { $0 }
        // What an on-call reader reaches for first: the runbooks, the alerts and the dashboards; then the objectives,
        // the synthetic checks and the contracts.
        let runbooks = relations.runbooks[document.slug] ?? []
        view.sections.append(section("Runbooks", list: runbooks.map { d in
            [documentLink(d)] + (analysis.runbooks[d.id]?.stale == true ? [text("stale", badge: "stale")] : [])
        }))
        view.sections.append(section("Alerts", table: nonEmptyTable(
            ["Alert", "On", "Notifies", "Runbook"],
            service.alerts.map { a in
                [[text(a.name)], [text(a.type.rawValue, badge: a.type.rawValue)], [text(a.notify.rawValue, badge: a.notify.rawValue)],
                 a.runbook.map { [link(.runbook, $0)] } ?? [text("none")]]
            })))
        view.sections.append(section("Integrations", table: nonEmptyTable(
            ["Integration", "Direction", "Counterpart", "Gaps"],
            (relations.integrations[document.slug] ?? []).sorted { $0.slug < $1.slug }.map { d in
                guard case .integration(let i) = d.details else { return [[documentLink(d)]] }
                let gaps = analysis.gaps[d.id]?.count ?? 0
                return [[documentLink(d)], [text(i.direction.rawValue, badge: i.direction.rawValue)], [text(i.counterpart)],
                        [gaps == 0 ? text("none", badge: "ok") : text("\(gaps)", badge: "stale")]]
            })))
        view.sections.append(section("Dashboards", list: service.dashboards.map { d in
            [Site.link(d.title, safeURL(d.url))] + (d.shows.isEmpty ? [] : [text("shows " + d.shows.map(\.rawValue).joined(separator: ", "))])
        }))
        view.sections.append(section("Service level objectives", facts: [
            fact("Availability", service.slo?.availability.map(percent)),
            fact("Latency p99", service.slo?.latencyP99Ms.map { number($0) + " ms" }),
        ], table: nonEmptyTable(
            ["Objective", "Target", "Window", "Indicator"],
            service.slos.map { [[text($0.name)], [text(number($0.objective) + " %")], [text($0.window.text)], [text($0.indicator)]] })))
        view.sections.append(section("Synthetic checks", table: nonEmptyTable(
            ["Journey", "From", "Every", "Alerts when", "Pages"],
            service.syntheticChecks.map { c in
                [[text(c.journey)], c.locations.map { text($0) }, [text(c.interval.text)], [text(c.threshold)],
                 [text(c.pages ? "pages" : "does not page", badge: c.pages ? "page" : "ticket")]]
            })))
        view.sections.append(section("Contracts", table: nonEmptyTable(
            ["Provider", "Interactions", "Last verified", "Verified in"],
            service.contracts.map { c in
                let age = analysis.asOf.days(since: c.lastVerified)
                return [[link(.service, c.provider)], c.interactions.map { text($0) },
                        [text(c.lastVerified.description)] + (age > base.config.contractMaxAgeDays ? [text("stale, \(age) days", badge: "stale")] : []),
                        [text(c.verifiedIn)]]
            }), note: service.contracts.isEmpty ? nil : "Consumer-driven contracts this service holds with the services it calls."))
        view.sections += serviceOperationsSections(document)
        return view
    }

    func runbookView(_ document: Document, _ runbook: Runbook) -> DetailView {
        var view = DetailView()
        let figures = analysis.runbooks[document.id]
        view.facts = [
            fact("Alerts", runbook.alerts.map { text($0) }),
            fact("Owner", owner(runbook.owner)),
            fact("Services", links(.service, runbook.services)),
            fact("Last reviewed", date(runbook.lastReviewed)),
            fact("Review every", days(runbook.reviewEveryDays ?? base.config.reviewEveryDays)),
            fact("Last drill", runbook.lastDrill.map { [text("\($0) (\(daysAgo(figures?.daysSinceDrill ?? 0)))")] } ?? []),
        ]
        if let figures {
            view.figures.append(figure("Review due", figures.reviewDue.description,
                                       note: (figures.stale ? "stale, " : "current, ") + reviewDueNote(figures), badge: figures.stale ? "stale" : "ok"))
            view.banners = [runbookStaleBanner(runbook, figures)].compactMap { $0 }
        }
        view.banners += [gapBanner(document)].compactMap { $0 }
        // What to do comes first: the body (the procedure), then the failure modes as a reference.
        view.trailing = [failureModeSection(runbook)]
        return view
    }

    func postmortemView(_ document: Document, _ p: Postmortem) -> DetailView {
        var view = DetailView()
        let figures = analysis.postmortems[document.id]
        view.facts = [
            fact("Owner", owner(p.owner)),
            fact("Severity", [text(p.severity.rawValue, badge: p.severity.rawValue)]),
            fact("Status", [text(p.status.rawValue, badge: p.status.rawValue)]),
            fact("Services", links(.service, p.services)),
            fact("Flags", links(.flag, p.flags)),
            fact("Runbooks", links(.runbook, p.runbooks)),
            fact("Rollout", p.rollout.map { [link(.rollout, $0)] } ?? []),
        ]
        if let figures {
            view.figures = [
                figure("Time to detect", humanMinutes(figures.ttd)),
                figure("Time to mitigate", humanMinutes(figures.ttm)),
                figure("Time to resolve", humanMinutes(figures.ttr)),
            ]
        }
        // The reader's order: how bad (impact), what is being done (action items), then how it unfolded and
        // why; the long narrative of the body comes after.
        let items = p.actionItems.enumerated().map { i, item -> [[InlinePart]] in
            let state = figures?.actionItems[i]
            var status = [text(item.status.rawValue, badge: item.status.rawValue)]
            if state?.escalated == true { status.append(text("escalated", badge: "escalated")) }
            else if state?.overdue == true { status.append(text("overdue", badge: "overdue")) }
            return [[text(item.title)] + (item.ticket.map { [Site.link(ticketLabel($0), safeURL($0))] } ?? []),
                    owner(item.owner), [text(item.due.description)], status,
                    item.type.map { [text($0.rawValue)] } ?? [],
                    (item.closed.map { [text($0.description)] } ?? []) + (item.reason.map { [text($0)] } ?? [])]
        }
        let t = p.timeline
        view.sections = [
            section("Impact", facts: [
                fact("Users affected", p.impact.usersAffected.map(grouped)),
                fact("Error budget burned", p.impact.errorBudgetBurned.map(percent)),
            ], paragraph: prose(document, p.impact.summary)),
            section("Action items", table: table(["Action", "Owner", "Due", "Status", "Type", "Closed"], items)),
            section("Timeline", table: table(["Event", "When"], [
                [[text("Started")], [text(t.started.readable)]],
                [[text("Detected")], [text(t.detected.readable)]],
                [[text("Mitigated")], [text(t.mitigated.readable)]],
                [[text("Resolved")], [text(t.resolved.readable)]],
            ]), chart: figures.map { postmortemStrip(document, p, $0) }),
            section("Trigger", paragraph: p.trigger.map { prose(document, $0) }),
            section("Root causes", list: p.rootCauses.map { [prose(document, $0)] }),
            section("Contributing factors", list: p.contributingFactors.map { [prose(document, $0)] }),
        ]
        if let lessons = p.lessons {
            view.sections += [
                section("What went well", list: lessons.wentWell.map { [text($0)] }),
                section("What went wrong", list: lessons.wentWrong.map { [text($0)] }),
                section("Where we got lucky", list: lessons.gotLucky.map { [text($0)] }),
            ]
        }
        return view
    }

    func flagView(_ document: Document, _ flag: Flag) -> DetailView {
        var view = DetailView()
        let figures = analysis.flags[document.id]
        view.facts = [
            fact("Owner", owner(flag.owner)),
            fact("Type", [text(flag.type.rawValue, badge: flag.type.rawValue)]),
            fact("Lifetime", flag.lifetime.rawValue),
            fact("Created", flag.created.description),
            fact("Expires", flag.expires?.description),
            fact("Services", links(.service, flag.services)),
        ]
        if let figures {
            view.figures = [
                figure("Status", figures.status.rawValue, badge: figures.status.rawValue),
                figure("Age", days(figures.ageDays)),
            ]
        }
        view.banners = [flagAuditBanner(flag), flagFallbackBanner(flag, of: document)].compactMap { $0 }
        // State (the environments) and purpose (the body) first; how it got there (chart, schedule, audit log) after.
        view.sections.append(section("Environments", table: flagMatrix(flag)))
        view.trailing.append(section("Rollout over time", note: "The effective rollout (0 % while disabled) after each audit entry (a marker); dashed: the schedule after \(analysis.asOf).",
                                     chart: flagRolloutChart(document, flag)))
        if !flag.schedule.isEmpty {
            view.trailing.append(section("Schedule", table: table(
                ["Date", "Environment", "Rollout", "Cohorts"],
                flag.schedule.map { [[text($0.date.description)], [text($0.environment)], [text(percent($0.rollout))], ($0.cohorts ?? []).map { text($0) }] })))
        }
        view.trailing.append(section("Audit log", table: table(
            ["When", "Who", "Environment", "Action", "To", "Why"],
            flag.audit.map { entry in
                let to: [InlinePart]
                switch entry.to {
                case .percent(let p)?: to = [text(percent(p))]
                case .cohorts(let c)?: to = c.map { text($0) }
                case nil: to = []
                }
                return [[text(entry.at.readable)], [person(entry.who)], [text(entry.environment)], [text(entry.action.rawValue)], to, [text(entry.why)]]
            })))
        return view
    }

    func experimentView(_ document: Document, _ e: Experiment) -> DetailView {
        var view = DetailView()
        let report = analysis.experiments[document.id]
        view.facts = [
            fact("Owner", owner(e.owner)),
            fact("Status", [text(e.status.rawValue, badge: e.status.rawValue)]),
            fact("Flag", e.flag.map { [link(.flag, $0)] } ?? []),
            fact("Surface", e.surface),
            fact("Layer", e.layer),
            fact("Start", e.start.description),
            fact("End", e.end?.description ?? "runs through \(analysis.asOf)"),
            fact("Allocation", percent(e.allocation ?? 100) + " of eligible traffic"),
            fact("Daily traffic", grouped(e.dailyTraffic) + " eligible units"),
            fact("Alpha", number(e.alpha ?? base.config.alpha) + " (two-sided)"),
            fact("Power", number(e.power ?? base.config.power)),
            fact("Decision", e.decision.map { [text($0.rawValue, badge: $0.rawValue)] } ?? []),
        ]
        if let report { view.banners = experimentBanners(report) }
        // The verdict, then the design (hypothesis, metric, variants, segments), then the body; the tables after.
        view.sections.append(verdictSection(document, e, report))
        view.sections.append(section("Hypothesis", paragraph: prose(document, e.hypothesis)))
        let m = e.primaryMetric
        view.sections.append(section("Primary metric", facts: [
            fact("Metric", m.name), fact("Kind", m.kind.rawValue), fact("Baseline", number(m.baseline)),
            fact("Standard deviation", m.sd.map(number)),
            fact("Expected lift", signedPercent(m.direction == .increase ? m.expectedLift : -m.expectedLift) + " (\(m.direction.rawValue))"),
            fact("Pilot", e.pilot.map { [link(.experiment, $0)] + (report?.pilot.map { [text("observed baseline " + metricValue($0.baseline, m.kind) + ($0.sd.map { ", sd " + number($0) } ?? ""))] } ?? []) } ?? []),
        ]))
        view.sections.append(section("Variants", table: table(
            ["Variant", "Weight", "Role", "Units so far"],
            e.variants.map { v in
                let units = e.results?.variants.first { $0.name == v.name }?.units
                return [[text(v.name)], [text(percent(v.weight))], [text(v.control ? "control" : "treatment")],
                        [text(units.map(grouped) ?? "–")]]
            })))
        let s = e.segments
        view.sections.append(section("Segments", facts: [
            fact("Lifecycle", (s?.lifecycle ?? ["all"]).map { text($0) }),
            fact("Locale", (s?.locale ?? ["all"]).map { text($0) }),
            fact("Device", (s?.device ?? ["all"]).map { text($0) }),
        ]))
        if let report {
            view.figures = experimentFigures(report) + pilotFigures(report, e)
            if let problem = report.sampleSizeProblem, report.sampleSizePerVariant == nil {
                view.sections.append(section("Power", paragraph: text("No sample size can be computed: \(problem).")))
            }
            view.trailing.append(resultsSection(document.slug, e, report))
            view.trailing.append(readingsSection(report))
            view.trailing.append(cupedSection(report))
            view.trailing.append(guardrailSection(report))
            view.trailing += segmentSections(document, e, report)
        }
        if let file = e.resultsFile {
            // Copied into the site beside where it is in the content folder (see `staticFiles`).
            let name = file.split(separator: "/").last.map(String.init) ?? file
            view.trailing.append(section("Results file", facts: [fact("File", [InlinePart(text: name + " (CSV)", url: url(of: .asset(file)))])]))
        }
        return view
    }

    /// Red for a sample-ratio mismatch, amber for premature results and for overlaps with other experiments.
    func experimentBanners(_ r: ExperimentReport) -> [TemplateValue] {
        var banners: [TemplateValue] = []
        if r.srm, let p = r.srmP {
            banners.append(banner("danger", "Sample-ratio mismatch.", [text(
                "The units are not split as the weights say (chi-square p = \(pValue(p)), below the threshold \(number(base.config.srmP))). "
                + "Assignment or logging is broken: do not trust these results until the cause is found.")]))
        }
        if r.premature, let min = r.minDays {
            banners.append(banner("warning", "Premature.", [text(
                "These results come after \(days(r.daysRun)) of the \(days(min)) the design needs; a verdict now would be premature.")]))
        }
        if !r.overlaps.isEmpty {
            banners.append(banner("warning", "Overlapping experiments.",
                                  [text("Users may see this experiment and ")] + links(.experiment, r.overlaps).enumerated().map { i, l in
                                      var l = l
                                      if i > 0 { l.text = ", " + l.text }
                                      return l
                                  } + [text(" at the same time (same surface, overlapping dates and segments, not in one layer).")]))
        }
        return banners
    }

    /// What is known, in words, before any table: the decision, the primary metric's verdict per treatment, the
    /// guardrails, the learnings. Each line says better or worse in words, its badge only repeats it.
    func verdictSection(_ document: Document, _ e: Experiment, _ r: ExperimentReport?) -> TemplateValue? {
        var lines: [[InlinePart]] = []
        if let decision = e.decision { lines.append([text("Decision: "), text(decision.rawValue, badge: decision.rawValue)]) }
        let primary = r?.comparisons.filter(\.isPrimary) ?? []
        if let r, !primary.isEmpty {
            for c in primary {
                lines += knownNow(c, e)
                var line = [text("Fixed-horizon\(e.status == .running || e.status == .pilot ? " (valid only at the planned sample size)" : ""), \(c.variant) against the control, \(c.metric): "),
                            text(verdict(c, r, e), badge: c.significant ? (goodChange(c, e) ? "better" : "worse") : nil)]
                if let lift = c.lift { line.append(text(" (lift \(signedPercent(lift))" + (c.ciLow.flatMap { low in c.ciHigh.map { ", interval \(signedPercent(low)) to \(signedPercent($0))" } } ?? "") + ")")) }
                lines.append(line)
                if let lift = c.cupedLift, let low = c.cupedCiLow, let high = c.cupedCiHigh, let removed = c.varianceReduction {
                    lines.append([text("With CUPED, \(c.variant): lift \(signedPercent(lift)), interval \(signedPercent(low)) to \(signedPercent(high)) (pre-experiment values remove \(percent((removed * 1000).rounded() / 10)) of the variance).")])
                }
            }
            for h in r.heterogeneity {
                lines.append([text("By \(h.dimension), \(h.variant): " + (h.pValue < r.alpha
                    ? "the effect differs between segments (Cochran's p = \(pValue(h.pValue))); see Results by \(h.dimension), and confirm before acting on one segment."
                    : "no evidence that the effect differs between segments (Cochran's p = \(pValue(h.pValue))); read the segments as exploratory."))])
            }
        } else {
            lines.append([text(e.results == nil ? "No results yet." : "No comparison of the primary metric can be made yet.")])
        }
        if let guardrails = r?.guardrails, !guardrails.isEmpty {
            let failed = guardrails.filter { $0.verdict == .fail }, passed = guardrails.filter { $0.verdict == .pass }
            var line = [text("Guardrails: ")]
            if !failed.isEmpty {
                line.append(text("\(failed.count) failed", badge: "worse"))
                line.append(text(" (" + failed.map { "\($0.metric), \($0.variant)" }.joined(separator: "; ") + ")"))
            }
            let rest = guardrails.count - failed.count - passed.count
            line.append(text((failed.isEmpty ? "" : "; ") + "\(passed.count) of \(guardrails.count) passed" + (rest > 0 ? ", \(rest) without a verdict yet" : "") + "."))
            lines.append(line)
        }
        if let learnings = e.learnings { lines.append([text("Learnings: " + learnings)]) }
        return section("Verdict", list: lines, listSeparator: "")
    }

    /// What may be concluded now, whenever one looks: the always-valid sequential interval (it stays valid however
    /// often the results are read), and the Bayesian chance to beat the control with the expected losses.
    func knownNow(_ c: ExperimentReport.Comparison, _ e: Experiment) -> [[InlinePart]] {
        var lines: [[InlinePart]] = []
        if let low = c.seqCiLow, let high = c.seqCiHigh {
            let interval = "always-valid interval \(signedPercent(low)) to \(signedPercent(high))" + (c.seqPValue.map { ", p = \(pValue($0))" } ?? "")
            let decided = low > 0 || high < 0
            let better = (low > 0) != c.lowerIsBetter
            lines.append([text("Known now (sequential), \(c.variant): "),
                          decided ? text(better ? "better than the control" : "worse than the control", badge: better ? "better" : "worse")
                                  : text("not yet distinguishable from the control"),
                          text(" (\(interval)); this holds at any look" + (decided ? "." : ": keep it running, or stop at the planned sample size."))])
        }
        if let win = c.chanceToWin, let riskC = c.riskControl, let riskT = c.riskTreatment {
            lines.append([text("Bayesian, \(c.variant): a \(chance(win)) chance to beat the control; choosing it risks losing \(riskPercent(riskT)) of \(c.metric), keeping the control \(riskPercent(riskC))"
                               + (c.bayesCiLow.flatMap { low in c.bayesCiHigh.map { " (credible interval \(signedPercent(low)) to \(signedPercent($0)))" } } ?? "") + ".")])
        }
        return lines
    }

    /// A probability as a percentage with one decimal, "> 99.9 %" and "< 0.1 %" at the ends (never a certain 100 % or 0 %).
    func chance(_ p: Double) -> String {
        p > 0.999 ? ">\u{00A0}99.9\u{00A0}%" : p < 0.001 ? "<\u{00A0}0.1\u{00A0}%" : percent((p * 1000).rounded() / 10)
    }

    /// A share as a percentage with two decimals, "< 0.01 %" when it rounds to zero without being zero.
    func riskPercent(_ x: Double) -> String {
        x > 0 && x < 0.00005 ? "< 0.01\u{00A0}%" : percent((x * 10000).rounded() / 100)
    }

    /// The sequential and Bayesian figures of every comparison, beside the fixed-horizon table.
    func readingsSection(_ r: ExperimentReport) -> TemplateValue? {
        let rows = r.comparisons.filter { $0.seqCiLow != nil || $0.chanceToWin != nil }.map { c -> [[InlinePart]] in
            func interval(_ low: Double?, _ high: Double?) -> [InlinePart] {
                low.flatMap { l in high.map { [text("\(signedPercent(l)) to \(signedPercent($0))")] } } ?? [text("–")]
            }
            func share(_ x: Double?) -> [InlinePart] { [text(x.map(riskPercent) ?? "–")] }
            return [[text(c.metric + (c.isPrimary ? " (primary)" : ""))], [text(c.variant)], interval(c.seqCiLow, c.seqCiHigh),
                    [text(c.seqPValue.map(pValue) ?? "–")], [text(c.chanceToWin.map(chance) ?? "–")], share(c.riskControl), share(c.riskTreatment),
                    interval(c.bayesCiLow, c.bayesCiHigh)]
        }
        return section("Sequential and Bayesian readings", table: nonEmptyTable(
            ["Metric", "Variant", "Always-valid interval", "Sequential p", "Chance to beat control", "Risk of control", "Risk of treatment",
             "\(number((1 - r.alpha) * 100)) % credible interval"], rows),
            note: "Always-valid intervals and p-values (Waudby-Smith et al. 2023, tuned for \(grouped(Int(r.sequentialTuning))) units) may be read at any time; risk is the expected relative loss of choosing that side (GrowthBook's effect test, \(base.config.prior == nil ? "flat prior" : "the site's prior")).")
    }

    /// The power panel: the sample size and duration the design needs, and how far the experiment has come.
    func experimentFigures(_ r: ExperimentReport) -> [TemplateValue] {
        var figures: [TemplateValue] = []
        if let n = r.sampleSizePerVariant {
            figures.append(figure("Sample size", grouped(n), note: "units per variant for α \(number(r.alpha)), power \(number(r.power))"))
        }
        if let min = r.minDays { figures.append(figure("Minimum duration", days(min))) }
        if let n = r.sampleSizePerVariant, let units = r.smallestVariantUnits {
            let share = n > 0 ? Double(units) / Double(n) * 100 : 100
            figures.append(figure("Units so far", grouped(units), note: "smallest variant, \(percent(share.rounded())) of \(grouped(n))",
                                  badge: units >= n ? "ok" : "pending"))
        }
        figures.append(figure("Days run", days(r.daysRun), note: r.minDays.map { "of \(days($0)) needed, to \(r.resultsDay)" },
                              badge: r.minDays.map { r.daysRun >= $0 ? "ok" : "pending" }))
        if let p = r.srmP {
            figures.append(figure("Sample ratio", r.srm ? "mismatch" : "as designed", note: "chi-square p = \(pValue(p))",
                                  badge: r.srm ? "stale" : "ok"))
        }
        return figures
    }

    func resultsSection(_ slug: String, _ e: Experiment, _ r: ExperimentReport) -> TemplateValue? {
        guard !r.comparisons.isEmpty else {
            return section("Results", paragraph: text(e.results == nil ? "No results yet." : "No comparison can be made: the results lack the control or every treatment."))
        }
        let holm = r.comparisons.contains { $0.pValueHolm != nil }
        var columns = ["Metric", "Variant", "Control", "Treatment", "Lift", "\(number((1 - r.alpha) * 100)) % interval", "p-value"]
        if holm { columns.append("p (Holm)") }
        columns.append("Verdict")
        let rows: [[[InlinePart]]] = r.comparisons.map { c in
            var row: [[InlinePart]] = [
                [text(c.metric + (c.isPrimary ? " (primary)" : ""))], [text(c.variant)],
                [text(metricValue(c.control, c.kind) + " · n " + grouped(c.controlUnits))],
                [text(metricValue(c.treatment, c.kind) + " · n " + grouped(c.treatmentUnits))],
                [text(c.lift.map(signedPercent) ?? "–")],
                [text(c.ciLow.flatMap { low in c.ciHigh.map { "\(signedPercent(low)) to \(signedPercent($0))" } } ?? "–")],
                [text(c.pValue.map(pValue) ?? "–")],
            ]
            if holm { row.append([text(c.pValueHolm.map(pValue) ?? "–")]) }
            row.append([text(verdict(c, r, e), badge: c.significant ? (goodChange(c, e) ? "better" : "worse") : nil)]
                       + c.notes.map { text(" " + $0 + ".") })
            return row
        }
        var notes: [String] = []
        if r.multipleTreatments {
            notes.append("Several treatments are each compared with the control; the p-values are not corrected for multiple comparisons (Holm–Bonferroni adjusted p-values are shown beside them).")
        }
        if r.premature { notes.append("Premature: the minimum duration has not passed.") }
        notes.append("Lift is relative to the control; intervals by the delta method, p-values by the pooled two-proportion z-test or Welch's t-test.")
        return section("Results", table: table(columns, rows), note: notes.joined(separator: " "), chart: forestPlot(slug, e, r))
    }

    func guardrailSection(_ r: ExperimentReport) -> TemplateValue? {
        guard !r.guardrails.isEmpty else { return nil }
        return section("Guardrails", table: table(
            ["Metric", "Variant", "Allowed regression", "Lift", "One-sided bound", "Verdict"],
            r.guardrails.map { g in
                let allowed = signedPercent(g.badDirection == .increase ? g.maxRegression : -g.maxRegression)
                let verdict = g.verdict.map { [text($0.rawValue, badge: $0 == .pass ? "ok" : $0 == .fail ? "stale" : "pending")] }
                    ?? [text("no verdict")]
                return [[text(g.metric)], [text(g.variant)], [text(allowed + " (bad: \(g.badDirection.rawValue))")],
                        [text(g.lift.map(signedPercent) ?? "–")], [text(g.bound.map(signedPercent) ?? "–")],
                        verdict + (g.note.map { [text(" " + $0 + ".")] } ?? [])]
            }), note: "Pass: the one-sided bound at 1 − α stays within the allowed regression. Fail: the observed lift itself goes beyond it. Inconclusive: neither yet.")
    }

    /// The verdict in words: which way the metric moved and whether that is better or worse for it.
    func verdict(_ c: ExperimentReport.Comparison, _ r: ExperimentReport, _ e: Experiment) -> String {
        guard c.pValue != nil else { return "no test" }
        let premature = r.premature ? " (premature)" : ""
        guard c.significant else { return "no significant difference" + premature }
        guard let lift = c.lift else { return "significant difference" + premature }
        return (lift >= 0 ? "significantly higher" : "significantly lower") + (goodChange(c, e) ? ", better" : ", worse") + premature
    }

    /// Whether a comparison's change is good for its metric: up for the primary metric when it should increase,
    /// down when it should decrease; away from a guardrail's bad direction.
    func goodChange(_ c: ExperimentReport.Comparison, _ e: Experiment) -> Bool {
        let up = (c.lift ?? 0) >= 0
        if c.metric == e.primaryMetric.name { return up == (e.primaryMetric.direction == .increase) }
        if let guardrail = e.guardrails.first(where: { $0.metric == c.metric }) { return up == (guardrail.badDirection == .decrease) }
        return up
    }

    /// The forest plot of every comparison's lift and interval; nil when no comparison has an interval.
    func forestPlot(_ slug: String, _ e: Experiment, _ r: ExperimentReport) -> String? {
        let rows = r.comparisons.compactMap { c -> ForestPlot.Row? in
            guard let lift = c.lift, let low = c.ciLow, let high = c.ciHigh else { return nil }
            let label = (r.multipleTreatments ? c.variant + " · " : "") + c.metric
            return ForestPlot.Row(label: label, estimate: lift, low: low, high: high,
                                  note: c.pValue.map { "p " + pValue($0) },
                                  significance: c.significant ? (goodChange(c, e) ? .better : .worse) : .neutral)
        }
        guard !rows.isEmpty else { return nil }
        let m = e.primaryMetric
        let expected = m.direction == .increase ? m.expectedLift : -m.expectedLift
        return ForestPlot(id: "forest-\(slug)", title: "Relative lift of each treatment against the control",
                          description: "Each row is a treatment and metric: the point is the observed lift, the line its "
                              + "\(number((1 - r.alpha) * 100)) % interval; the solid line is no change, the dashed line the lift the design expects for \(m.name).",
                          rows: rows, expected: expected, expectedLabel: "expected").svg()
    }

    func rolloutView(_ document: Document, _ r: Rollout) -> DetailView {
        var view = DetailView()
        let figures = analysis.rollouts[document.id]
        let critical = Set(figures?.criticalPath ?? [])
        let states = figures?.states ?? r.steps.map { _ in .pending }
        view.facts = [
            fact("Owner", owner(r.owner)),
            fact("Sprint", r.sprint.map { [link(.sprint, $0)] } ?? []),
            fact("Services", links(.service, r.services)),
            fact("Flags", links(.flag, r.flags)),
        ]
        view.figures = [
            figure("Steps done", figures?.stepsDone ?? "–",
                   note: figures.flatMap { f in f.count(.notNeeded) > 0 ? "\(f.count(.notNeeded)) rollback\(f.count(.notNeeded) == 1 ? "" : "s") not needed" : nil }),
            figure("Critical path", humanMinutes(figures?.criticalMinutes ?? 0), note: figures?.criticalPath.joined(separator: " → ")),
            figure("Remaining critical path", humanMinutes(figures?.remainingMinutes ?? 0),
                   note: figures.map { $0.remainingPath.isEmpty ? "nothing left" : $0.remainingPath.joined(separator: " → ") }),
        ]
        view.sections.append(section("Steps", table: table(
            ["Step", "Kind", "Title", "Needs", "Gate", "Owner", "Runbook", "Duration", "Status"],
            zip(r.steps, states).map { s, state in
                var gate: [InlinePart] = s.flag.map { [link(.flag, $0)] } ?? []
                if let env = s.environment { gate.append(text(env)) }
                if let pct = s.percentage { gate.append(text(percent(pct))) }
                if !s.reverts.isEmpty { gate.append(text("reverts " + s.reverts.joined(separator: ", "))) }
                return [[text(s.id)], [text(s.kind.rawValue, badge: s.kind.rawValue)], [prose(document, s.title)], s.needs.map { text($0) },
                        gate, owner(s.owner), s.runbook.map { [link(.runbook, $0)] } ?? [],
                        s.duration.map { [text($0.text)] } ?? [], [text(state.icon + " " + state.word, badge: state.rawValue)]]
            },
            rowIDs: r.steps.map { "step-" + $0.id },
            rowClasses: r.steps.map { critical.contains($0.id) ? "critical" : nil })))
        view.diagram = rolloutDiagram(document, r)
        return view
    }

    func sprintView(_ document: Document, _ s: Sprint) -> DetailView {
        var view = DetailView()
        view.facts = [
            fact("Team", s.team.map { [link(.team, $0)] } ?? []),
            fact("Start", s.start.description), fact("End", s.end.description), fact("Cycle", s.cycle),
            fact("Cooldown", s.cooldown ? "yes" : nil),
            fact("Current", analysis.isCurrent(document) ? [text("current sprint", badge: "current")] : []),
        ]
        view.banners = sprintBanners(document, s)
        if let report = analysis.sprints[document.id] {
            (view.figures, view.sections) = sprintReport(document, s, report)
        }
        return view
    }

    /// A ticket's link text: the last segment of its address (`OPS-123` of `https://tracker.example/browse/OPS-123`),
    /// or "ticket" when it has none.
    func ticketLabel(_ url: String) -> String {
        pathSegments(url).last.map { "ticket " + $0 } ?? "ticket"
    }

    /// A repository's link text: its last two path segments (`hearth/feed-service`), or the address.
    func repositoryLabel(_ url: String) -> String {
        let segments = pathSegments(url)
        return segments.count >= 2 ? segments.suffix(2).joined(separator: "/") : url
    }

    /// The segments of an address's path, after the scheme and host, without its query.
    func pathSegments(_ url: String) -> [Substring] {
        Array((url.split(separator: "?").first ?? Substring(url)).split(separator: "/").dropFirst(2))
    }

    /// Dashboard links come from content: only web and mail addresses are linked.
    func safeURL(_ url: String) -> String {
        let lowered = url.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("/") || lowered.hasPrefix("mailto:") ? url : "#"
    }
}

import Analysis
import Diagnostics
import Model

/// The JSON export: `api/<kind>/<slug>.json` for every document and `api/index.json`, a stable contract.
struct Export {
    let base: KnowledgeBase
    let analysis: Analysis
    let urls: URLs
    let relations: Relations

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

    /// The reliability catalog's gaps of a service, runbook or integration: `[{ code, message }]` (W0601–W0614).
    func gaps(_ d: Document) -> JSON {
        .array((analysis.gaps[d.id] ?? []).map { .object([("code", .string($0.code)), ("message", .string($0.message))]) })
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
            return .object([("review_due", .string(f.reviewDue.description)), ("stale", .bool(f.stale)),
                            ("days_since_drill", f.daysSinceDrill.map(JSON.int) ?? .null), ("gaps", gaps(d))])
        case .team:
            return relatedDocuments(d)
        case .service:
            guard case .object(let fields) = relatedDocuments(d) else { return relatedDocuments(d) }
            return .object(fields + [("gaps", gaps(d))])
        case .integration(let i):
            return integration(i, gaps: gaps(d))
        case .flag:
            guard let f = analysis.flags[d.id] else { return .object([]) }
            return .object([("status", .string(f.status.rawValue)), ("age_days", .int(f.ageDays))])
        case .rollout(let r):
            guard let f = analysis.rollouts[d.id] else { return .object([]) }
            return .object([
                ("critical_path", .array(f.criticalPath.map(JSON.string))), ("critical_path_minutes", .int(f.criticalMinutes)),
                ("remaining_critical_path", .array(f.remainingPath.map(JSON.string))),
                ("remaining_critical_path_minutes", .int(f.remainingMinutes)),
                ("steps", .array(zip(r.steps, f.states).map { step, state in
                    .object([("id", .string(step.id)), ("status", .string(state.rawValue))])
                })),
            ])
        case .sprint:
            guard let r = analysis.sprints[d.id] else { return .object([]) }
            return .object([
                ("goals", .int(r.goals)), ("goals_done", .int(r.goalsDone)), ("completion", .number(r.completion)),
                ("incidents", .array(r.incidents.map(JSON.string))), ("flag_changes", .int(r.flagChanges)),
                ("experiments_started", .array(r.experimentsStarted.map(JSON.string))),
                ("experiments_concluded", .array(r.experimentsConcluded.map(JSON.string))),
                ("action_items_due", .int(r.actionItemsDue)),
                ("current", .bool(analysis.isCurrent(d))),
            ] + sprintActivity(d))
        case .experiment:
            guard let r = analysis.experiments[d.id] else { return .object([]) }
            return experiment(r)
        default:
            return .object([])
        }
    }

    /// An integration's computed values: its retry schedule (seconds after the first attempt), when a delivery
    /// reaches the dead-letter queue, and how its queue copes with the stated peak.
    func integration(_ i: Integration, gaps: JSON) -> JSON {
        let s = i.schedule
        var fields: [(String, JSON)] = [
            ("retry_schedule", .array(s.attempts.map { a in
                .object([("attempt", .int(a.number)), ("wait_min_seconds", .number(a.waitLow)), ("wait_max_seconds", .number(a.waitHigh)),
                         ("earliest_seconds", .number(a.earliest)), ("latest_seconds", .number(a.latest)), ("may_be_given_up", .bool(a.mayBeCut))])
            })),
            ("dead_letter_earliest_seconds", .number(s.deadLetterEarliest)),
            ("dead_letter_latest_seconds", .number(s.deadLetterLatest)),
            ("attempts_fit", .bool(s.fits)), ("attempts_that_fit", .int(s.attemptsThatFit)),
        ]
        if let q = i.queue {
            fields.append(("capacity_per_second", .number(q.capacity)))
            if let d = QueueDrain(q) {
                fields += [("backlog_after_peak", .number(d.backlog)), ("drain_seconds", .number(d.drainSeconds)),
                           ("drains_within_recovery", d.withinRecovery.map(JSON.bool) ?? .null)]
            }
        }
        return .object(fields + [("gaps", gaps)])
    }

    /// An experiment's computed values with the content model's names; absent figures are null.
    func experiment(_ r: ExperimentReport) -> JSON {
        func number(_ x: Double?) -> JSON { x.map { $0.isFinite ? JSON.number($0) : .null } ?? .null }
        func int(_ x: Int?) -> JSON { x.map(JSON.int) ?? .null }
        func comparison(_ c: ExperimentReport.Comparison) -> JSON {
            .object([
                ("variant", .string(c.variant)), ("metric", .string(c.metric)), ("kind", .string(c.kind.rawValue)),
                ("primary", .bool(c.isPrimary)),
                ("control_value", number(c.control)), ("treatment_value", number(c.treatment)),
                ("control_units", .int(c.controlUnits)), ("treatment_units", .int(c.treatmentUnits)),
                ("lift", number(c.lift)), ("ci_low", number(c.ciLow)), ("ci_high", number(c.ciHigh)),
                ("p_value", number(c.pValue)), ("p_value_holm", number(c.pValueHolm)),
                ("significant", .bool(c.significant)), ("notes", .array(c.notes.map(JSON.string))),
                ("seq_ci_low", number(c.seqCiLow)), ("seq_ci_high", number(c.seqCiHigh)), ("seq_p_value", number(c.seqPValue)),
                ("chance_to_win", number(c.chanceToWin)), ("risk_control", number(c.riskControl)),
                ("risk_treatment", number(c.riskTreatment)), ("bayes_ci_low", number(c.bayesCiLow)), ("bayes_ci_high", number(c.bayesCiHigh)),
                ("cuped_lift", number(c.cupedLift)), ("cuped_ci_low", number(c.cupedCiLow)), ("cuped_ci_high", number(c.cupedCiHigh)),
                ("variance_reduction", number(c.varianceReduction)),
            ])
        }
        return .object([
            ("alpha", .number(r.alpha)), ("power", .number(r.power)), ("sequential_tuning", .number(r.sequentialTuning)),
            ("sample_size_per_variant", int(r.sampleSizePerVariant)), ("min_days", int(r.minDays)),
            ("days_run", .int(r.daysRun)), ("results_as_of", .string(r.resultsDay.description)),
            ("premature", .bool(r.premature)),
            ("srm_p", number(r.srmP)), ("srm", .bool(r.srm)),
            ("comparisons", .array(r.comparisons.map(comparison))),
            ("segments", .array(r.segments.map { seg in
                .object([("dimension", .string(seg.dimension)), ("value", .string(seg.value)), ("units", .int(seg.units)),
                         ("p_value_holm", number(seg.pValueHolm)), ("comparisons", .array(seg.comparisons.map(comparison)))])
            })),
            ("heterogeneity", .array(r.heterogeneity.map { h in
                .object([("dimension", .string(h.dimension)), ("variant", .string(h.variant)), ("q", number(h.q)), ("heterogeneity_p", number(h.pValue))])
            })),
            ("heterogeneity_p", .object(r.heterogeneity.reduce(into: [(String, JSON)]()) { out, h in
                if !out.contains(where: { $0.0 == h.dimension }) { out.append((h.dimension, number(h.pValue))) }
            })),
            ("pilot", r.pilot.map { p in
                .object([("slug", .string(p.slug)), ("baseline", number(p.baseline)), ("sd", number(p.sd)),
                         ("sample_size_per_variant", int(p.sampleSizePerVariant)), ("min_days", int(p.minDays)),
                         ("baseline_off", number(p.baselineOff))])
            } ?? .null),
            ("multiple_comparisons_corrected", .bool(false)),
            ("guardrails", .array(r.guardrails.map { g in
                .object([
                    ("metric", .string(g.metric)), ("variant", .string(g.variant)),
                    ("result", g.verdict.map { .string($0.rawValue) } ?? .null),
                    ("lift", number(g.lift)), ("bound", number(g.bound)), ("max_regression", .number(g.maxRegression)),
                    ("bad_direction", .string(g.badDirection.rawValue)),
                ])
            })),
            ("overlaps", .array(r.overlaps.map(JSON.string))),
        ])
    }
}

extension Export {
    /// A team's owned documents (ids), open action items and incidents (slugs); a service's dependants,
    /// runbooks, incidents, flags, experiments and rollouts (slugs). Extras beyond the content model.
    func relatedDocuments(_ d: Document) -> JSON {
        func slugs(_ documents: [Document]) -> JSON { .array(documents.map(\.slug).sorted().map(JSON.string)) }
        if d.kind == .team {
            return .object([
                ("owned", .array(relations.owned(byTeam: d).map { JSON.string($0.id) })),
                ("open_action_items", .array(relations.openActionItems(ofTeam: d).compactMap { ref -> JSON? in
                    guard case .postmortem(let p) = ref.postmortem.details else { return nil }
                    let item = p.actionItems[ref.index], f = analysis.postmortems[ref.postmortem.id]?.actionItems[ref.index]
                    return .object([("postmortem", .string(ref.postmortem.slug)), ("title", .string(item.title)),
                                    ("due", .string(item.due.description)), ("overdue", .bool(f?.overdue ?? false)),
                                    ("escalated", .bool(f?.escalated ?? false))])
                })),
                ("incidents", slugs(relations.incidents(ofTeam: d))),
            ])
        }
        return .object([
            ("depended_on_by", slugs(relations.dependants[d.slug] ?? [])),
            ("runbooks", slugs(relations.runbooks[d.slug] ?? [])),
            ("integrations", slugs(relations.integrations[d.slug] ?? [])),
            ("incidents", slugs(relations.incidents[d.slug] ?? [])),
            ("flags", slugs(relations.flags[d.slug] ?? [])),
            ("experiments", slugs(relations.experiments[d.slug] ?? [])),
            ("rollouts", slugs(relations.rollouts[d.slug] ?? [])),
        ])
    }
}

import Analysis
import Diagrams
import Model

/// The diagrams of rollout plans and of service dependencies.
extension SiteViews {
    /// The plan as a layered diagram: each step's state by its box's fill and a word with a sign, the critical
    /// path by heavier edges, rollback edges dashed.
    func rolloutDiagram(_ document: Document, _ r: Rollout) -> String {
        let figures = analysis.rollouts[document.id]
        let path = figures?.criticalPath ?? []
        let states = figures?.states ?? r.steps.map { _ in .pending }
        let onPath = Set(path)
        var criticalEdges = Set<[String]>()
        for (a, b) in zip(path, path.dropFirst()) { criticalEdges.insert([a, b]) }
        var index: [String: Int] = [:]
        for (i, step) in r.steps.enumerated() where index[step.id] == nil { index[step.id] = i }
        let boxes = zip(r.steps, states).map { step, state -> Diagram.Box in
            var lines = [step.title, step.kind.rawValue + (step.duration.map { " · \($0.text)" } ?? "")]
            if let owner = step.owner { lines.append(ownerName(owner)) }
            if !step.services.isEmpty { lines.append(step.services.joined(separator: ", ")) }
            if let flag = step.flag {
                lines.append(flag + (step.environment.map { " @ \($0)" } ?? "") + (step.percentage.map { " · \(percent($0))" } ?? ""))
            } else if let environment = step.environment {
                lines.append("@ " + environment + (step.percentage.map { " · \(percent($0))" } ?? ""))
            }
            if !step.reverts.isEmpty { lines.append("reverts " + step.reverts.joined(separator: ", ")) }
            let url = step.runbook.map { urls.document(.runbook, $0) } ?? step.flag.map { urls.document(.flag, $0) }
            return Diagram.Box(id: step.id, lines: lines, status: state.icon + " " + state.word,
                               classes: "node-\(step.kind.rawValue) status-\(state.rawValue)" + (onPath.contains(step.id) ? " critical" : ""),
                               url: url)
        }
        var arrows: [Diagram.Arrow] = []
        for (i, step) in r.steps.enumerated() {
            for need in step.needs {
                guard let from = index[need] else { continue }
                let critical = criticalEdges.contains([need, step.id])
                // A rollback branch weighs half an edge, so the chain, not the branch, is drawn straight.
                arrows.append(Diagram.Arrow(from: from, to: i, classes: (step.kind == .rollback ? "edge-rollback" : "edge-forward") + (critical ? " critical" : ""),
                                            weight: step.kind == .rollback ? 0.5 : 1))
            }
        }
        let shown = Rollout.StepState.allCases.filter(states.contains)
        let diagram = Diagram(
            title: "Rollout plan: \(document.title)",
            description: "\(r.steps.count) steps. " + (path.isEmpty ? "" : "Critical path: " + path.joined(separator: " → ") + "."),
            boxes: boxes, arrows: arrows,
            legend: shown.map { ("status-\($0.rawValue)", $0.icon + " " + $0.word, false) }
                + [("edge-forward critical", "critical path", true), ("edge-rollback", "to a rollback", true)])
        return diagram.svg(id: "plan-\(document.slug)")
    }

    /// Services and what they depend on; `around` limits the drawing to one service and its neighbours.
    func serviceDiagram(around center: String? = nil) -> String? {
        var documents = base.documents(of: .service)
        if let center {
            // Only the neighbours are read: every service's page draws its own, so reading all would be quadratic.
            var neighbours = Set((relations.dependants[center] ?? []).map(\.slug) + [center])
            if case .service(let s)? = base.document(id: "service/" + center)?.details { neighbours.formUnion(s.dependsOn) }
            documents = documents.filter { neighbours.contains($0.slug) }
        }
        let services = documents.compactMap { d -> (Document, Service)? in
            if case .service(let s) = d.details { return (d, s) } else { return nil }
        }
        guard services.count >= 2 || center == nil && !services.isEmpty else { return nil }
        var index: [String: Int] = [:]
        for (i, s) in services.enumerated() { index[s.0.slug] = i }
        let boxes = services.map { d, s in
            Diagram.Box(id: d.slug, lines: [d.title, "tier \(s.tier) · \(s.lifecycle.rawValue)", ownerName(s.owner)],
                        classes: "node-service tier-\(s.tier) lifecycle-\(s.lifecycle.rawValue)" + (d.slug == center ? " current" : ""),
                        url: urls.document(.service, d.slug))
        }
        // Each dependency marked by its contract: held and verified in time, stale (W0605) or missing (W0604).
        var arrows: [Diagram.Arrow] = []
        var statuses: Set<String> = []
        for (i, (_, s)) in services.enumerated() {
            for dependency in s.dependsOn {
                guard let j = index[dependency] else { continue }
                let contract = s.contracts.first { $0.provider == dependency }
                let status = contract.map { analysis.asOf.days(since: $0.lastVerified) > base.config.contractMaxAgeDays ? "stale" : "ok" } ?? "missing"
                statuses.insert(status)
                arrows.append(Diagram.Arrow(from: i, to: j, classes: "edge-forward edge-contract-\(status)"))
            }
        }
        let legend: [(String, String, Bool)] = [("ok", "contract verified"), ("stale", "contract stale"), ("missing", "no contract")]
            .filter { statuses.contains($0.0) }.map { ("edge-forward edge-contract-\($0.0)", $0.1, true) }
        return Diagram(title: center.map { "Dependencies of \($0)" } ?? "Service dependencies",
                       description: "\(services.count) services; an arrow points from a service to one it depends on, solid when they hold a verified contract, dashed when it is stale, dotted when there is none.",
                       boxes: boxes, arrows: arrows, direction: .leftToRight, legend: legend).svg(id: "services-\(center ?? "all")")
    }

    func ownerName(_ owner: Owner) -> String {
        switch owner {
        case .team(let slug): base.document(id: "team/\(slug)")?.title ?? slug
        case .person(let handle): base.persons[handle].map { "\($0.name) (\(handle))" } ?? handle
        }
    }
}

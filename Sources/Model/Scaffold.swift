import Diagnostics
import Foundation
import FrontMatter

/// `almanac new KIND SLUG`: a new document of a kind with every required field of its schema (the built-in one
/// merged with the site's `_schemas/` extension) filled with a sensible default or an obvious placeholder, and the
/// body sections a good document of that kind has.
///
/// Placeholders contain `TODO`, and every line whose value a writer must check or replace carries a `# TODO` comment,
/// so a build of the fresh file reports problems only on lines that say TODO.
public enum Scaffold {
    /// The word that marks every placeholder.
    public static let marker = "TODO"
    /// The most items or characters a placeholder is given, whatever `minItems` or `minLength` a site's schema asks.
    static let placeholderLimit = 100
    /// The owner written when the site has no team yet (not a valid owner, so the build points at it).
    public static let ownerPlaceholder = "TODO-team"
    /// The service reference written where a kind needs services (not a valid slug, so the build points at it).
    public static let servicePlaceholder = "TODO-service"
    /// The runbook reference written where a kind needs a runbook (an integration's replay runbook).
    public static let runbookPlaceholder = "TODO-runbook"
    /// The person written where a kind needs a person (a flag's audit); declared by no team, so the build points at it.
    public static let personPlaceholder = "@TODO"

    /// The text of a new document of `kind`. `owner` is the default owner (a team slug); without one the owner is
    /// the placeholder `TODO-team`. `date` is today (UTC) for the command, fixed in tests.
    /// `previousSprintEnd` is the last day of the site's latest sprint: a new sprint starts the day after it when
    /// that is later than `date` (sprints must not overlap).
    public static func document(kind: Kind, slug: String, config: SiteConfig, schemas: SchemaSet, date: Day,
                                owner: String? = nil, previousSprintEnd: Day? = nil) -> String {
        var fields = Self.fields(kind: kind, slug: slug, config: config, date: date, owner: owner,
                                 sprintStart: max(date, previousSprintEnd.map { $0.adding(days: 1) } ?? date))
        // Every required field the template does not write: a site extension's, or one the template lacks.
        if let schema = schemas.documents[kind] {
            let required = schema["required"]?.list?.compactMap(\.string) ?? []
            for name in required where !fields.contains(where: { $0.key == name }) {
                let property = flatten(schema["properties"]?[name], root: schema)
                let value = placeholder(property, root: schema, name: name, date: date, depth: 0)
                fields.append(Field(name, ["\(name): \(value)  # TODO: required by this site's _schemas/\(kind.rawValue).schema.json"]))
            }
        }
        var lines = ["---",
                     "# A new \(kind.rawValue), started by `almanac new` on \(date).",
                     "# TODO: replace every value marked TODO, then run `almanac check`."]
        for field in fields {
            lines += field.lines.flatMap(noteAbove)
            if field.key == "title" { lines += ["# summary: \"One sentence, shown under the title and in search results\"", "# tags: [on-call]"] }
        }
        let optional = optionalFields(kind: kind, date: date)
        if !optional.isEmpty { lines += [optionalHeading] + optional }
        lines.append("---")
        lines.append("")
        lines += body(kind: kind)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The line above the optional fields of a new document.
    static let optionalHeading = "# Optional: remove the `# ` of the lines you fill in."

    /// The optional fields a writer usually fills, commented out (`# key: value`, each line of a block too), so a
    /// new document validates as it is and each becomes valid YAML when its `# ` is removed. References are
    /// examples (`service-slug`, `flag-key`) that the build points at once uncommented; no line says TODO, so
    /// the optional fields a writer leaves commented are not placeholders left in (W0114).
    static func optionalFields(kind: Kind, date: Day) -> [String] {
        let lines: [String]
        switch kind {
        case .team:
            lines = ["channel: \"#team-channel\"", "oncall: team-primary"]
        case .service:
            lines = ["depends_on: [service-slug]",
                     "dashboards:",
                     "  - { title: Overview, url: \"https://dashboards.example/d/overview\" }",
                     "slo: { availability: 99.9, latency_p99_ms: 300 }"]
        case .integration:
            lines = ["endpoint: \"https://api.example/webhooks/partner\"",
                     "events: [order.created, order.cancelled]",
                     "redacted: [email, card_number]",
                     "connector_reason: \"What no standard connector does (needed with connector: custom)\""]
        case .runbook:
            lines = ["alerts: [HighErrorRate]",
                     "review_every_days: 90",
                     "last_drill: \(date)",
                     "failure_modes:",
                     "  - { name: \"What fails\", class: operator-fixable, action: \"What the operator does\" }"]
        case .postmortem:
            lines = ["flags: [flag-key]", "runbooks: [runbook-slug]", "rollout: rollout-slug",
                     "trigger: \"The change or event that set it off\"",
                     "contributing_factors: [\"What made it worse or slower to fix\"]",
                     "lessons:",
                     "  went_well: [\"What helped\"]",
                     "  went_wrong: [\"What hurt\"]",
                     "  got_lucky: [\"What could have been worse\"]"]
        case .flag:
            lines = ["services: [service-slug]",
                     "lifetime: temporary",
                     "schedule:",
                     "  - { date: \(date.adding(days: 7)), environment: production, rollout: 10 }"]
        case .experiment:
            lines = ["flag: flag-key",
                     "layer: \"The layer of experiments that never share a user\"",
                     "end: \(date.adding(days: 28))",
                     "allocation: 100",
                     "alpha: 0.05",
                     "power: 0.8",
                     "segments: { lifecycle: [newcomers, regulars], locale: [en], device: [web, ios, android] }",
                     "guardrails:",
                     "  - { metric: page_load_ms, kind: mean, bad_direction: increase, max_regression: 0.05 }",
                     "learnings: \"What the team learned, whatever the decision\""]
        case .rollout:
            lines = ["sprint: sprint-slug", "flags: [flag-key]"]
        case .sprint:
            lines = ["team: team-slug", "cycle: \"The cycle it belongs to, such as 2026-Q4\"", "cooldown: false",
                     "purpose: \"What the sprint is for (a cooldown's page shows it)\""]
        case .page:
            lines = []
        }
        return lines.map { "# " + $0 }
    }

    /// A field's line with a note after its value (`severity: sev3  # TODO: …`) as two lines, the note on a line
    /// of its own above, indented as the line: a comment after a value is warned about (W0113), since it cuts
    /// the value short when a writer meant it as text.
    static func noteAbove(_ line: String) -> [String] {
        guard !line.drop(while: { $0 == " " }).hasPrefix("#"), let cut = line.range(of: "  # ") else { return [line] }
        let indentation = String(line.prefix { $0 == " " })
        return [indentation + String(line[line.index(cut.lowerBound, offsetBy: 2)...]), String(line[..<cut.lowerBound])]
    }

    /// The path of the new document under the content folder: `<kind folder>/<slug>.md`.
    public static func relativePath(kind: Kind, slug: String) -> String { "\(kind.folder)/\(slug).md" }

    /// A title from a slug: the flag key or service name itself for flags and services (as the example site does),
    /// every word capitalised for teams, sentence case for the rest; well-known abbreviations in capitals
    /// (`db-failover` → "DB failover", `sprint-25` → "Sprint 25").
    public static func title(for slug: String, kind: Kind) -> String {
        if kind == .flag || kind == .service { return slug }
        let words = slug.split(separator: "-").map(String.init)
        return words.enumerated().map { i, word in
            if abbreviations.contains(word) { return word.uppercased() }
            return i == 0 || kind == .team ? word.prefix(1).uppercased() + word.dropFirst() : word
        }.joined(separator: " ")
    }

    static let abbreviations: Set<String> = ["api", "db", "sre", "slo", "sla", "ui", "ux", "url", "http", "sql", "ci", "cd",
                                             "dns", "cdn", "tls", "ssl", "id", "qa", "ml", "ios", "io", "k8s", "aws", "gcp", "p99"]

    // MARK: - The kinds' fields

    struct Field {
        var key: String
        var lines: [String]
        init(_ key: String, _ lines: [String]) {
            self.key = key
            self.lines = lines
        }
    }

    static func fields(kind: Kind, slug: String, config: SiteConfig, date: Day, owner: String?, sprintStart: Day) -> [Field] {
        let ownerLine = owner.map { "owner: \(scalar($0))  # TODO: check the owner: a team's slug or a person such as \"@alice\"" }
            ?? "owner: \(ownerPlaceholder)  # TODO: the owning team's slug, or a person such as \"@alice\""
        let services = "services: [\(servicePlaceholder)]  # TODO: the slugs of the services concerned"
        let time = "\(date)T00:00:00Z"
        var fields = [Field("title", ["title: \(scalar(title(for: slug, kind: kind)))"])]
        switch kind {
        case .team:
            fields += [
                Field("members", ["members:  # TODO: everyone on the team; their handles are the persons owners and audits name",
                                  "  - name: \"TODO: full name\"",
                                  "    handle: \"\(personPlaceholder)\"  # TODO: their handle, such as \"@alice\"",
                                  "    role: \"TODO: role, such as Tech lead\""]),
            ]
        case .service:
            fields += [
                Field("owner", [ownerLine]),
                Field("tier", ["tier: 3  # TODO: 1 (most critical), 2 or 3"]),
                Field("lifecycle", ["lifecycle: experimental  # TODO: experimental, production or deprecated"]),
            ]
        case .integration:
            fields += [
                Field("direction", ["direction: inbound  # TODO: inbound (events come in) or outbound (we send them)"]),
                Field("type", ["type: webhook  # TODO: webhook or connector"]),
                Field("service", ["service: \(servicePlaceholder)  # TODO: the slug of the service that receives or sends"]),
                Field("owner", [ownerLine]),
                Field("counterpart", ["counterpart: \"TODO: the partner or system on the other side\""]),
                Field("queue", ["queue:  # TODO: where deliveries wait, and what drains them",
                                "  name: \"TODO: queue name\"",
                                "  workers: 2  # TODO: how many workers consume the queue",
                                "  rate_limit: 10/s  # TODO: what one worker may process",
                                "  peak: { rate: 50/s, lasting: 10m }  # TODO: the busiest time the queue is sized for",
                                "  recovery_time: 30m  # TODO: how soon after the peak it must be empty"]),
                Field("retry", ["retry:  # TODO: the delivery retry policy",
                                "  initial_delay: 1s",
                                "  multiplier: 2",
                                "  max_delay: 5m",
                                "  max_attempts: 8",
                                "  give_up_after: 1h",
                                "  jitter: full  # full, equal, decorrelated or none"]),
                Field("signature", ["signature: { algorithm: hmac-sha256, header: \"TODO: signature header\", secret_rotation: 90d }"]),
                Field("idempotency", ["idempotency: { key: \"TODO: where the key is read, such as the Webhook-Id header\", retention: 7d }"]),
                Field("dead_letter", ["dead_letter: { queue: \"TODO: dead-letter queue\", replay_runbook: \(runbookPlaceholder) }"]),
                Field("connector", ["connector: standard  # TODO: standard (a maintained connector) or custom (then add connector_reason)"]),
            ]
        case .runbook:
            fields += [
                Field("owner", [ownerLine]),
                Field("services", [services]),
                Field("last_reviewed", ["last_reviewed: \(date)"]),
            ]
        case .postmortem:
            fields += [
                Field("owner", [ownerLine]),
                Field("severity", ["severity: sev3  # TODO: sev1 (worst), sev2, sev3 or sev4"]),
                Field("status", ["status: draft  # draft, in-review or published"]),
                Field("services", [services]),
                Field("timeline", ["timeline:  # TODO: the times in UTC; started ≤ detected ≤ mitigated ≤ resolved",
                                   "  started: \(time)  # TODO",
                                   "  detected: \(time)  # TODO",
                                   "  mitigated: \(time)  # TODO",
                                   "  resolved: \(time)  # TODO"]),
                Field("impact", ["impact:",
                                 "  summary: \"TODO: who was affected, how, and for how long\"",
                                 "  # users_affected: 1200",
                                 "  # error_budget_burned: 12.5"]),
                Field("root_causes", ["root_causes:",
                                      "  - \"TODO: the root cause\""]),
                Field("action_items", ["action_items:  # at most three",
                                       "  - title: \"TODO: the action that prevents a repeat\"",
                                       "    " + (owner.map { "owner: \(scalar($0))  # TODO: who does it" } ?? "owner: \(ownerPlaceholder)  # TODO: who does it"),
                                       "    due: \(date.adding(days: 14))  # TODO: when it is due",
                                       "    status: open",
                                       "    # type: prevent",
                                       "    # ticket: \"https://tracker.example/browse/OPS-1\""]),
            ]
        case .flag:
            let lifetime = config.lifetimeDays[.release] ?? 40
            var environments = ["environments:  # every environment of almanac.yaml; all off until the audit log says otherwise"]
            for environment in config.environments { environments.append("  \(scalar(environment)): { enabled: false, rollout: 0 }") }
            fields += [
                Field("owner", [ownerLine]),
                Field("type", ["type: release  # TODO: release, experiment, operational, kill-switch or permission"]),
                Field("created", ["created: \(date)"]),
                Field("expires", ["expires: \(date.adding(days: lifetime))  # TODO: when the flag is removed (temporary flags need it)"]),
                Field("fallback", ["fallback: \"TODO: what users see when the flag is off\""]),
                Field("environments", environments),
                Field("audit", ["audit:",
                                "  - at: \(time)",
                                "    who: \"\(personPlaceholder)\"  # TODO: your handle, such as \"@alice\"",
                                "    environment: \(scalar(config.environments.first ?? "production"))",
                                "    action: created",
                                "    why: \"TODO: why the flag exists\""]),
            ]
        case .experiment:
            fields += [
                Field("owner", [ownerLine]),
                Field("status", ["status: draft  # draft, pilot, running, concluded or stopped"]),
                Field("hypothesis", ["hypothesis: \"TODO: we believe that … will raise … because …\""]),
                Field("surface", ["surface: \"TODO: where in the product it runs, such as composer\""]),
                Field("start", ["start: \(date)  # TODO: the first day of traffic"]),
                Field("daily_traffic", ["daily_traffic: 1000  # TODO: eligible units a day"]),
                Field("variants", ["variants:  # weights sum to 100, one control",
                                   "  - { name: control, weight: 50, control: true }",
                                   "  - { name: treatment, weight: 50 }"]),
                Field("primary_metric", ["primary_metric:",
                                         "  name: \"TODO: the metric, such as posts-per-user\"",
                                         "  kind: proportion  # TODO: proportion or mean (a mean needs sd)",
                                         "  baseline: 0.1  # TODO: the control's current value",
                                         "  expected_lift: 0.05  # TODO: the relative lift to detect (0.05 = +5 %)",
                                         "  direction: increase  # TODO: increase or decrease"]),
            ]
        case .rollout:
            let environment = scalar(config.production ?? "production")
            fields += [
                Field("owner", [ownerLine]),
                Field("services", [services]),
                Field("steps", ["steps:  # TODO: the plan; every rollout step needs a verify step after it and a rollback step that reverts it",
                                "  - id: preflight",
                                "    kind: preflight",
                                "    title: \"TODO: check dashboards and alerts\"",
                                "  - id: ramp",
                                "    kind: rollout",
                                "    title: \"TODO: ramp \(config.production ?? "production") to 10 %\"",
                                "    needs: [preflight]",
                                "    environment: \(environment)",
                                "    percentage: 10  # TODO",
                                "  - id: verify",
                                "    kind: verify",
                                "    title: \"TODO: what to watch, and for how long\"",
                                "    needs: [ramp]",
                                "  - id: rollback",
                                "    kind: rollback",
                                "    title: \"TODO: how to undo the ramp\"",
                                "    needs: [ramp]",
                                "    reverts: ramp",
                                "    # owner: \"@handle\"",
                                "    # runbook: runbook-slug",
                                "    # duration: 10m"]),
            ]
        case .sprint:
            fields += [
                Field("start", ["start: \(sprintStart)  # TODO: the first day (sprints must not overlap)"]),
                Field("end", ["end: \(sprintStart.adding(days: 13))  # TODO: the last day, included"]),
                Field("goals", ["goals:",
                                "  - title: \"TODO: the first goal\"",
                                "    status: planned"]),
            ]
        case .page:
            break
        }
        return fields
    }

    // MARK: - The body

    static func body(kind: Kind) -> [String] {
        let sections: [(String, String)]
        switch kind {
        case .team:
            sections = [("About", "What the team does and owns, and how to reach it."),
                        ("On-call", "The rotation, its hours and hand-offs, and what pages the team.")]
        case .integration:
            sections = [("Overview", "What flows through it, between whom, and what breaks when it stops."),
                        ("Failure handling", "What happens to a delivery that fails, and how the dead-letter queue is replayed.")]
        case .service:
            sections = [("Overview", "What the service does, who calls it and what it depends on."),
                        ("Operations", "How to deploy it, where its dashboards and alerts are, and its runbooks.")]
        case .runbook:
            sections = [("Symptoms", "The alerts that fire and what users and dashboards show."),
                        ("Diagnosis", "How to find the cause: what to look at first, and what each finding means."),
                        ("Mitigation", "The steps that stop the damage, one by one, with the exact commands."),
                        ("Verification", "How to tell that it worked: the graphs and numbers back to normal."),
                        ("Escalation", "Who to page when this does not help, and when.")]
        case .postmortem:
            sections = [("Summary", "What happened, to whom, for how long, in a few sentences."),
                        ("Timeline", "The events in UTC, from the trigger to the resolution."),
                        ("Analysis", "Why it happened, why it was not detected sooner, and why it took this long to fix."),
                        ("Lessons", "What went well, what went wrong, where we got lucky.")]
        case .flag:
            sections = [("Purpose", "What the flag gates, and why it is behind a flag."),
                        ("Rollout plan", "Who gets it when, and what is watched at each step."),
                        ("Removal", "When and how the flag and the old code path are removed.")]
        case .experiment:
            sections = [("Design", "The variants, who is eligible, the metric and its guardrails, and how long it runs."),
                        ("Results", "The numbers, once there are some."),
                        ("Decision", "Ship, iterate or abandon, and why.")]
        case .rollout:
            sections = [("Plan", "What ships, in which steps, and what stops the rollout."),
                        ("Communication", "Who is told before, during and after, and where.")]
        case .sprint:
            sections = [("Goals", "Why these goals, and what done means for each."),
                        ("Notes", "What happened during the sprint.")]
        case .page:
            sections = [("Overview", "The content of the page.")]
        }
        var lines: [String] = []
        for (i, (heading, hint)) in sections.enumerated() {
            if i > 0 { lines.append("") }
            lines += ["## \(heading)", "", "TODO: \(hint)"]
        }
        return lines
    }

    // MARK: - A placeholder from a schema (for the fields a site's extension requires)

    /// The keywords of `schema` with its `$ref` target and its `allOf` branches folded in (first one wins), so a
    /// property the built-in and the extension schema both constrain reads as one.
    static func flatten(_ schema: Value?, root: Value, depth: Int = 0) -> [String: Value] {
        guard let schema, let entries = schema.entries, depth < 16 else { return [:] }
        var result: [String: Value] = [:]
        for entry in entries where result[entry.key] == nil { result[entry.key] = entry.value }
        if let ref = schema["$ref"]?.string, ref.hasPrefix("#/$defs/") {
            let target = flatten(root["$defs"]?[String(ref.dropFirst("#/$defs/".count))], root: root, depth: depth + 1)
            for (key, value) in target where result[key] == nil { result[key] = value }
        }
        for branch in schema["allOf"]?.list ?? [] {
            for (key, value) in flatten(branch, root: root, depth: depth + 1) {
                if let old = result[key], ["minLength", "minimum", "minItems"].contains(key),
                   let a = number(old), let b = number(value) {
                    result[key] = b > a ? value : old
                } else if result[key] == nil {
                    result[key] = value
                }
            }
        }
        return result
    }

    /// A YAML value (one line, flow style) that fits `schema` as well as a placeholder can: enums at their first
    /// value, dates at `date`, numbers at their minimum, strings `"TODO: …"`.
    static func placeholder(_ schema: [String: Value], root: Value, name: String, date: Day, depth: Int) -> String {
        if let constant = schema["const"] { return literal(constant) }
        if let first = schema["enum"]?.list?.first { return literal(first) }
        let types = schema["type"]?.list?.compactMap(\.string) ?? [schema["type"]?.string].compactMap { $0 }
        let type = types.first { $0 != "null" } ?? (schema["properties"] != nil ? "object" : schema["items"] != nil ? "array" : "string")
        switch type {
        case "integer", "number":
            var value = schema["minimum"].flatMap(number) ?? schema["exclusiveMinimum"].flatMap(number).map { $0 + 1 } ?? 0
            if let maximum = schema["maximum"].flatMap(number), value > maximum { value = maximum }
            // A site's schema may give any number: converted without trapping, and printed as written beyond 2^53.
            if abs(value) < 0x1p53, type == "integer" || value == value.rounded() { return String(wholeNumber(value.rounded(.up))) }
            return String(value)
        case "boolean":
            return "false"
        case "array":
            let count = min(wholeNumber(schema["minItems"].flatMap(number) ?? 0), Scaffold.placeholderLimit)
            guard count > 0, depth < 4 else { return "[]" }
            let item = placeholder(flatten(schema["items"], root: root), root: root, name: name, date: date, depth: depth + 1)
            return "[" + Array(repeating: item, count: count).joined(separator: ", ") + "]"
        case "object":
            guard depth < 4 else { return "{}" }
            let required = schema["required"]?.list?.compactMap(\.string) ?? []
            let parts = required.map { key in
                "\(key): " + placeholder(flatten(schema["properties"]?[key], root: root), root: root, name: key, date: date, depth: depth + 1)
            }
            return "{ " + parts.joined(separator: ", ") + (parts.isEmpty ? "}" : " }")
        default:
            switch schema["format"]?.string {
            case "date": return date.description
            case "date-time": return "\(date)T00:00:00Z"
            case "uri": return "\"https://example.com/TODO\""
            default: break
            }
            var text = "TODO: " + name.replacingOccurrences(of: "_", with: " ")
            let minimum = min(wholeNumber(schema["minLength"].flatMap(number) ?? 0), Scaffold.placeholderLimit)
            if text.count < minimum { text += String(repeating: ".", count: minimum - text.count) }
            return "\"\(text)\""
        }
    }

    static func number(_ value: Value) -> Double? {
        switch value.kind {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    static func literal(_ value: Value) -> String {
        switch value.kind {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .string(let s): scalar(s)
        case .list(let items): "[" + items.map(literal).joined(separator: ", ") + "]"
        case .map(let entries): "{ " + entries.map { "\(scalar($0.key)): \(literal($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    /// A string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = ["yes", "no", "y", "n", "true", "false", "on", "off", "null", "~"]
        let plain = text.range(of: "^[A-Za-z][A-Za-z0-9 ._-]*$", options: .regularExpression) != nil
            && !text.hasSuffix(" ") && !reserved.contains(text.lowercased())
        if plain { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

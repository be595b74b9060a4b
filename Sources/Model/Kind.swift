/// The kinds of document of the content model, each in its own folder of `Content/`.
public enum Kind: String, CaseIterable, Sendable, Hashable, Comparable {
    case team, service, integration, runbook, postmortem, flag, experiment, rollout, sprint, page

    /// The folder under `Content/` and under the output, also the URL segment.
    public var folder: String {
        switch self {
        case .team: "teams"
        case .service: "services"
        case .integration: "integrations"
        case .runbook: "runbooks"
        case .postmortem: "postmortems"
        case .flag: "flags"
        case .experiment: "experiments"
        case .rollout: "rollouts"
        case .sprint: "sprints"
        case .page: "pages"
        }
    }

    /// The plural a reader sees in navigation and headings.
    public var title: String {
        switch self {
        case .team: "Teams"
        case .service: "Services"
        case .integration: "Integrations"
        case .runbook: "Runbooks"
        case .postmortem: "Postmortems"
        case .flag: "Flags"
        case .experiment: "Experiments"
        case .rollout: "Rollouts"
        case .sprint: "Sprints"
        case .page: "Pages"
        }
    }

    /// The singular, for labels ("a runbook").
    public var singular: String {
        switch self {
        case .team: "Team"
        case .service: "Service"
        case .integration: "Integration"
        case .runbook: "Runbook"
        case .postmortem: "Postmortem"
        case .flag: "Flag"
        case .experiment: "Experiment"
        case .rollout: "Rollout"
        case .sprint: "Sprint"
        case .page: "Page"
        }
    }

    public init?(folder: String) {
        guard let kind = Kind.allCases.first(where: { $0.folder == folder }) else { return nil }
        self = kind
    }

    public static func < (a: Kind, b: Kind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Slugs are `[a-z0-9][a-z0-9-]*`.
public func isValidSlug(_ slug: String) -> Bool {
    guard let first = slug.utf8.first, isSlugByte(first), first != UInt8(ascii: "-") else { return false }
    return slug.utf8.allSatisfy(isSlugByte)
}

private func isSlugByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
}

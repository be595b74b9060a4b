import Analysis
import Model

/// Who owns what and which operational documents touch which service, built once per build so that the team
/// and service pages and their JSON export do not scan the whole knowledge base.
struct Relations: Sendable {
    /// One action item of a postmortem: the postmortem and the item's position in its `action_items`.
    struct ActionItemRef: Sendable {
        var postmortem: Document
        var index: Int
    }

    /// Documents by their `owner`.
    let owned: RelationMap<Owner, Document>
    /// Action items by their `owner`.
    let actionItems: RelationMap<Owner, ActionItemRef>
    /// By service slug: postmortems listing it in `services`, flags listing it in `services`, experiments whose
    /// flag lists it, rollouts listing it in `services` or in a step's `services`.
    let incidents: RelationMap<String, Document>
    let flags: RelationMap<String, Document>
    let experiments: RelationMap<String, Document>
    let rollouts: RelationMap<String, Document>
    /// By service slug: services whose `depends_on` names it, runbooks whose `services` name it.
    let dependants: RelationMap<String, Document>
    let runbooks: RelationMap<String, Document>
    /// By service slug: the integrations (webhooks and connectors) of the service.
    let integrations: RelationMap<String, Document>

    init(_ base: KnowledgeBase) {
        var owned: [Owner: [Document]] = [:], actionItems: [Owner: [ActionItemRef]] = [:]
        var incidents: [String: [Document]] = [:], flags: [String: [Document]] = [:], experiments: [String: [Document]] = [:]
        var rollouts: [String: [Document]] = [:], dependants: [String: [Document]] = [:], runbooks: [String: [Document]] = [:]
        var integrations: [String: [Document]] = [:]
        var flagServices: [String: [String]] = [:]
        for d in base.allDocuments {
            if case .flag(let f) = d.details { flagServices[d.slug] = f.services }
        }
        for d in base.allDocuments {
            if let owner = d.owner { owned[owner, default: []].append(d) }
            switch d.details {
            case .postmortem(let p):
                for slug in Self.unique(p.services) { incidents[slug, default: []].append(d) }
                for (i, item) in p.actionItems.enumerated() { actionItems[item.owner, default: []].append(ActionItemRef(postmortem: d, index: i)) }
            case .service(let s):
                for slug in Self.unique(s.dependsOn) { dependants[slug, default: []].append(d) }
            case .runbook(let r):
                for slug in Self.unique(r.services) { runbooks[slug, default: []].append(d) }
            case .integration(let i):
                integrations[i.service, default: []].append(d)
            case .flag(let f):
                for slug in Self.unique(f.services) { flags[slug, default: []].append(d) }
            case .experiment(let e):
                for slug in Self.unique(e.flag.flatMap { flagServices[$0] } ?? []) { experiments[slug, default: []].append(d) }
            case .rollout(let r):
                for slug in Self.unique(r.services + r.steps.flatMap(\.services)) { rollouts[slug, default: []].append(d) }
            default: break
            }
        }
        // Newest incident and experiment first; the rest by slug.
        for (slug, list) in incidents { incidents[slug] = Self.byStartDescending(list) }
        for (slug, list) in experiments { experiments[slug] = Self.byStartDescending(list) }
        for (slug, list) in flags { flags[slug] = list.sorted { $0.slug < $1.slug } }
        for (slug, list) in rollouts { rollouts[slug] = list.sorted { $0.slug < $1.slug } }
        self.owned = RelationMap("owned", owned)
        self.actionItems = RelationMap("actionItems", actionItems) { $0.postmortem.id + "#" + String($0.index) }
        self.incidents = RelationMap("incidents", incidents)
        self.flags = RelationMap("flags", flags)
        self.experiments = RelationMap("experiments", experiments)
        self.rollouts = RelationMap("rollouts", rollouts)
        self.dependants = RelationMap("dependants", dependants)
        self.runbooks = RelationMap("runbooks", runbooks)
        self.integrations = RelationMap("integrations", integrations)
    }

    /// The `.relation(name, key)` keys whose lists differ between two builds' relations.
    func changes(from other: Relations) -> Set<ReadKey> {
        if kept(from: other) { return [] }
        return owned.changes(from: other.owned).union(actionItems.changes(from: other.actionItems))
            .union(incidents.changes(from: other.incidents)).union(flags.changes(from: other.flags))
            .union(experiments.changes(from: other.experiments)).union(rollouts.changes(from: other.rollouts))
            .union(dependants.changes(from: other.dependants)).union(runbooks.changes(from: other.runbooks))
            .union(integrations.changes(from: other.integrations))
    }

    /// Whether these are `other`'s lists, kept by a rebuild (the same storage).
    private func kept(from other: Relations) -> Bool { owned.isSame(as: other.owned) && runbooks.isSame(as: other.runbooks) }

    /// The team and each of its members, as owners.
    static func owners(of team: Document) -> [Owner] {
        guard case .team(let t) = team.details else { return [.team(team.slug)] }
        return [.team(team.slug)] + t.members.map { .person($0.handle) }
    }

    /// Documents owned by the team or one of its members, each once, sorted by kind then slug.
    func owned(byTeam team: Document) -> [Document] {
        var seen = Set<String>()
        let all = Self.owners(of: team).flatMap { owned[$0] ?? [] }.filter { seen.insert($0.id).inserted }
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        return all.sorted { (order[$0.kind] ?? 0, $0.slug) < (order[$1.kind] ?? 0, $1.slug) }
    }

    /// The open action items owned by the team or one of its members, by due date.
    func openActionItems(ofTeam team: Document) -> [ActionItemRef] {
        Self.owners(of: team).flatMap { actionItems[$0] ?? [] }.filter { ref in
            guard case .postmortem(let p) = ref.postmortem.details else { return false }
            return p.actionItems[ref.index].status == .open
        }.sorted { a, b in
            guard case .postmortem(let x) = a.postmortem.details, case .postmortem(let y) = b.postmortem.details else { return false }
            return (x.actionItems[a.index].due, a.postmortem.slug, a.index) < (y.actionItems[b.index].due, b.postmortem.slug, b.index)
        }
    }

    /// Postmortems owned by the team or a member, or touching a service they own; newest first.
    func incidents(ofTeam team: Document) -> [Document] {
        let mine = owned(byTeam: team)
        var seen = Set<String>()
        let all = mine.filter { $0.kind == .postmortem } + mine.filter { $0.kind == .service }.flatMap { incidents[$0.slug] ?? [] }
        return Self.byStartDescending(all.filter { seen.insert($0.id).inserted })
    }

    static func unique(_ slugs: [String]) -> [String] {
        var seen = Set<String>()
        return slugs.filter { seen.insert($0).inserted }
    }

    /// Postmortems by `timeline.started`, experiments by `start`, newest first, then by slug.
    static func byStartDescending(_ documents: [Document]) -> [Document] {
        documents.sorted { a, b in
            switch (a.details, b.details) {
            case (.postmortem(let x), .postmortem(let y)): return (y.timeline.started, a.slug) < (x.timeline.started, b.slug)
            case (.experiment(let x), .experiment(let y)): return (y.start, a.slug) < (x.start, b.slug)
            default: return a.id < b.id
            }
        }
    }
}

/// Lists of documents (or of things in documents) by a key, built once per build. A lookup is noted as a read
/// (`Reads`) of the list under its name and key, and of the content of every document in it.
struct RelationMap<Key: Hashable & CustomStringConvertible & Sendable, Item: Sendable>: Sendable {
    let name: String
    private let storage: [Key: [Item]]
    /// What identifies an item between builds (a document's id); its document is `document(item)`.
    private let identity: @Sendable (Item) -> String

    init(_ name: String, _ storage: [Key: [Item]], identity: @escaping @Sendable (Item) -> String) {
        self.name = name
        self.storage = storage
        self.identity = identity
    }

    subscript(key: Key) -> [Item]? {
        Reads.note(.relation(name, key.description))
        let items = storage[key]
        for item in items ?? [] {
            let id = identity(item)
            Reads.note(.document(id.firstIndex(of: "#").map { String(id[..<$0]) } ?? id))
        }
        return items
    }

    /// Whether both hold the same storage (one was copied from the other).
    func isSame(as other: RelationMap) -> Bool { sameStorage(storage, other.storage) }

    func changes(from other: RelationMap) -> Set<ReadKey> {
        var keys = Set<ReadKey>()
        for key in Set(storage.keys).union(other.storage.keys)
        where (storage[key] ?? []).map(identity) != (other.storage[key] ?? []).map(identity) {
            keys.insert(.relation(name, key.description))
        }
        return keys
    }
}

extension RelationMap where Item == Document {
    init(_ name: String, _ storage: [Key: [Item]]) {
        self.init(name, storage) { $0.id }
    }
}

import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

/// `almanac serve`'s rebuilds (a `BuildMemory`) against clean builds: after every edit of a random sequence, the
/// output rebuilt in place must equal, byte for byte, what a build from nothing writes, with the same
/// diagnostics; a failed build must leave the last good output as it was.
@Suite("Incremental rebuilds")
struct IncrementalBuildTests {
    /// The example knowledge base, copied, with a writer's edits applied one at a time.
    final class Site {
        let root: URL
        var content: String { root.path + "/Content" }
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-incremental-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Fixture.repository.path + "/Content", toPath: content)
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        func options(_ output: String) -> BuildOptions {
            BuildOptions(content: content, theme: Fixture.theme, output: root.path + "/" + output)
        }
        func files(under folder: String = "", ending suffix: String = ".md") -> [String] {
            FileSystem.files(under: content).filter { $0.hasPrefix(folder) && $0.hasSuffix(suffix) && !$0.hasPrefix("_") }.sorted()
        }
        func text(_ path: String) -> String { (try? String(contentsOfFile: content + "/" + path, encoding: .utf8)) ?? "" }
        /// The files written or removed since the last build, as a watcher would report them.
        var touched: Set<String> = []

        func write(_ path: String, _ text: String) throws {
            touched.insert(path)
            let url = URL(fileURLWithPath: content + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        func remove(_ path: String) throws {
            touched.insert(path)
            try FileManager.default.removeItem(atPath: content + "/" + path)
        }
        /// The first line starting with `prefix` replaced by `line`; nil when there is none.
        func replacingLine(in path: String, starting prefix: String, with line: String) -> String? {
            var lines = text(path).components(separatedBy: "\n")
            guard let i = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return nil }
            lines[i] = line
            return lines.joined(separator: "\n")
        }
    }

    /// Every file of an output folder and its bytes.
    static func snapshot(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for path in FileSystem.files(under: folder) { out[path] = FileManager.default.contents(atPath: folder + "/" + path) }
        return out
    }

    /// Every folder of an output folder (a rebuild in place must not leave empty ones behind).
    static func folders(_ folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var out: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), isFolder.boolValue { out.append(path) }
        }
        return out.sorted()
    }

    static func describe(_ result: BuildResult) -> [String] { result.diagnostics.map { "\($0.code) \($0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "") \($0.message)" } }

    /// How many random edits `randomEdits` makes (each checked against a clean build).
    static let edits = 300

    @Test("random edits rebuilt in place give what a clean build gives, file for file and diagnostic for diagnostic")
    func randomEdits() throws {
        let site = try Site()
        var random = SplitMix64(seed: 2026)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        /// The `kind:slug` a body link names a document file by.
        func id(_ path: String) -> String {
            let kind = path.split(separator: "/").first.flatMap { Kind(folder: String($0)) } ?? .page
            return kind.rawValue + ":" + String(path.split(separator: "/").last!.dropLast(3))
        }
        let memory = BuildMemory()
        let first = Build(site.options("Live"), memory: memory).run()
        #expect(first.succeeded, "\(first.report)")
        #expect(memory.report.full)
        var lastGood = Self.snapshot(site.root.path + "/Live")
        var added: [String] = []
        // Links go to the example's own documents: added ones come and go.
        let originals = site.files().filter { !$0.hasPrefix("experiments/data") }
        var broken: (path: String, text: String?)?
        var counts: [String: Int] = [:]
        var partial = 0, nothingRendered = 0, relinked = 0
        for step in 0..<Self.edits {
            let edit: String
            if let fix = broken {
                // A broken file is fixed by the next step, as a writer would.
                if let text = fix.text { try site.write(fix.path, text) } else { try site.remove(fix.path) }
                broken = nil
                edit = "fix"
            } else {
                let documents = site.files().filter { !$0.hasPrefix("experiments/data") }
                let teams = site.files(under: "teams/").map { String($0.dropFirst("teams/".count).dropLast(3)) }
                edit = pick(["body", "body", "prose", "prose", "script", "heading", "title", "title", "add", "delete", "rename", "break", "tag", "owner",
                             "date", "csv", "nothing", "config", "surface", "member", "step", "goal", "copy", "copy", "catalog"])
                switch edit {
                case "body":
                    let path = pick(documents)
                    try site.write(path, site.text(path) + "\nEdited in step \(step), see [this](\(id(pick(originals)))).\n")
                case "prose":
                    // Words alone, at the end or right after the front matter: the links and headings stay.
                    let path = pick(documents)
                    let text = site.text(path)
                    if step % 2 == 0, let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) {
                        try site.write(path, text.replacingCharacters(in: close, with: "\n---\nWords first in step \(step).\n\n"))
                    } else {
                        try site.write(path, text + "\nPlain words in step \(step).\n")
                    }
                case "heading":
                    // A renamed heading that other documents link to by its anchor: their links break (an error),
                    // then it is put back.
                    let (path, heading) = pick([("runbooks/spam-wave.md", "## Contain the wave"), ("runbooks/posts-db-failover.md", "## Check the replicas first"),
                                                ("postmortems/feed-ranker-v2-timeouts.md", "## Root cause analysis"), ("pages/glossary.md", "### Hold")])
                    if let text = site.replacingLine(in: path, starting: heading, with: heading + " (step \(step))") {
                        broken = (path, site.text(path))
                        try site.write(path, text)
                    }
                case "script":
                    // A link that would run script: dropped from the page, with a warning at its place.
                    let path = pick(documents)
                    try site.write(path, site.text(path) + "\nDo not [click](javascript:void(\(step))).\n")
                case "title":
                    let path = pick(documents)
                    if let text = site.replacingLine(in: path, starting: "title:", with: "title: \"Retitled \(step)\"") { try site.write(path, text) }
                case "add":
                    let slug = "added-\(step)"
                    try site.write("pages/\(slug).md", "---\ntitle: Added \(step)\ntags: [added, step-\(step % 3)]\n---\nSee [this](\(id(pick(originals)))).\n")
                    added.append("pages/\(slug).md")
                case "copy":
                    // A new document of any kind (a team's members then belong to two teams, an experiment
                    // overlaps its original, a sprint its own dates: some are errors), removed by the next step.
                    let path = pick(originals)
                    let copy = String(path.dropLast(3) + "-copy-\(step).md")
                    try site.write(copy, site.text(path))
                    broken = (copy, nil)
                case "delete":
                    if let path = added.popLast() {
                        try site.remove(path)
                    } else {
                        let path = pick(documents)
                        broken = (path, site.text(path))
                        try site.remove(path)
                    }
                case "rename":
                    if let path = added.popLast() {
                        let renamed = path.split(separator: "/").dropLast().joined(separator: "/") + "/renamed-\(step).md"
                        try site.write(renamed, site.text(path))
                        try site.remove(path)
                        added.append(renamed)
                    }
                case "break":
                    let path = pick(documents)
                    if let text = site.replacingLine(in: path, starting: "owner:", with: "owner: nobody-\(step)") {
                        broken = (path, site.text(path))
                        try site.write(path, text)
                    }
                case "tag":
                    let path = pick(documents)
                    if let line = site.text(path).components(separatedBy: "\n").first(where: { $0.hasPrefix("tags: [") }),
                       let text = site.replacingLine(in: path, starting: "tags: [", with: "tags: [tagged-\(step % 4), " + line.dropFirst("tags: [".count)) {
                        try site.write(path, text)
                    }
                case "owner":
                    let path = pick(documents)
                    if let text = site.replacingLine(in: path, starting: "owner:", with: "owner: " + pick(teams)) { try site.write(path, text) }
                case "date":
                    let path = pick(site.files(under: "runbooks/") + site.files(under: "postmortems/") + site.files(under: "flags/"))
                    let day = String(format: "2026-%02d-%02d", 1 + Int(random.next() % 11), 1 + Int(random.next() % 28))
                    for field in ["last_reviewed:", "expires:", "    due:"] {
                        if let text = site.replacingLine(in: path, starting: field, with: field + " " + day) {
                            try site.write(path, text)
                            break
                        }
                    }
                case "csv":
                    if let path = site.files(under: "experiments/data/", ending: ".csv").first {
                        var lines = site.text(path).components(separatedBy: "\n")
                        // Another count of conversions in the first row (the units stay, so the file stays valid).
                        var fields = lines[1].components(separatedBy: ",")
                        if fields.count > 3, let conversions = Int(fields[3]) {
                            fields[3] = String(conversions + 1 + Int(random.next() % 500))
                            lines[1] = fields.joined(separator: ",")
                            try site.write(path, lines.joined(separator: "\n"))
                        }
                    }
                case "surface":
                    // An experiment moved to another's surface (or back to its own): the collisions change.
                    let path = pick(site.files(under: "experiments/"))
                    let surfaces = ["home feed", "post composer", "push notifications", "search results"]
                    if let text = site.replacingLine(in: path, starting: "surface:", with: "surface: " + pick(surfaces)) { try site.write(path, text) }
                case "member":
                    // A team member's name: the persons shown wherever a handle is.
                    let path = pick(site.files(under: "teams/"))
                    if let text = site.replacingLine(in: path, starting: "  - name:", with: "  - name: Renamed \(step)") { try site.write(path, text) }
                case "step", "goal":
                    // A rollout step's or a sprint goal's status: the critical path, the plan, the sprint reports.
                    let path = pick(site.files(under: edit == "step" ? "rollouts/" : "sprints/"))
                    let status = pick(edit == "step" ? ["pending", "in-progress", "done", "failed", "skipped"] : ["planned", "done", "dropped", "carried-over"])
                    if let text = site.replacingLine(in: path, starting: "    status:", with: "    status: " + status) { try site.write(path, text) }
                case "catalog":
                    // The reliability catalog: a contract verified on another day (stale or not), a check that
                    // pages or not, an alert without its runbook, a runbook's alert renamed: the gaps move.
                    let day = String(format: "2026-%02d-%02d", 6 + Int(random.next() % 6), 1 + Int(random.next() % 28))
                    let (path, prefix, line) = pick([
                        ("services/feed-service.md", "    last_verified:", "    last_verified: " + day),
                        ("services/api-gateway.md", "    pages:", "    pages: " + pick(["true", "false"])),
                        ("services/search-service.md", "  - { name: SearchIndexFreshnessHigh", "  - { name: SearchIndexFreshnessHigh, type: symptom, notify: page\(step % 2 == 0 ? "" : ", runbook: search-index-lag") }"),
                        ("runbooks/spam-wave.md", "  - SpamHoldRateSpike", "  - SpamHoldRateSpike" + (step % 2 == 0 ? "" : "Renamed")),
                        // Integrations, a provider's consumers and a pilot's results: gaps, W0614, W0506 and the
                        // follower's sample size move.
                        ("integrations/community-webhooks.md", "  jitter:", "  jitter: " + pick(["none", "full", "equal"])),
                        ("integrations/link-reputation-callbacks.md", "idempotency:",
                         "idempotency: { key: X-LinkShield-Event-Id header, retention: \(pick(["10m", "7d"])) }"),
                        ("services/posts-db.md", "consumers:", "consumers: [\(pick(["legacy-digest-mailer, moderation-queue, posts-service", "moderation-queue, posts-service"]))]"),
                        ("experiments/mod-queue-triage-pilot.md", "    control: { units: 6240",
                         "    control: { units: 6240, metrics: { time_to_first_action_minutes: { mean: \(pick(["38.5", "20.0"])), sd: 61.0 } } }"),
                    ])
                    if let text = site.replacingLine(in: path, starting: prefix, with: line) { try site.write(path, text) }
                case "config":
                    // A new `as_of` changes what every page computes: the memory is dropped, the build is full.
                    let text = site.text("almanac.yaml")
                    let (from, to) = text.contains("as_of: 2026-11-25") ? ("as_of: 2026-11-25", "as_of: 2026-12-02") : ("as_of: 2026-12-02", "as_of: 2026-11-25")
                    try site.write("almanac.yaml", text.replacingOccurrences(of: from, with: to))
                default:
                    break
                }
            }
            counts[edit, default: 0] += 1
            // Told what changed, as `almanac serve`'s watcher tells it (every other step: found by the files' stamps).
            memory.changes = step % 3 == 2 || site.touched.isEmpty ? nil : site.touched
            site.touched = []
            let live = Build(site.options("Live"), memory: memory).run()
            // A clean build (no memory) into a folder of its own, recycled as `almanac build` recycles its output.
            let clean = Build(site.options("Clean")).run()
            #expect(Self.describe(live) == Self.describe(clean), "step \(step) (\(edit)): diagnostics differ")
            #expect(live.succeeded == clean.succeeded, "step \(step) (\(edit))")
            let liveFiles = Self.snapshot(site.root.path + "/Live")
            if clean.succeeded {
                let cleanFiles = Self.snapshot(site.root.path + "/Clean")
                let differing = Set(liveFiles.keys).union(cleanFiles.keys).filter { liveFiles[$0] != cleanFiles[$0] }.sorted()
                #expect(differing.isEmpty, "step \(step) (\(edit)): \(differing.prefix(5))")
                #expect(Self.folders(site.root.path + "/Live") == Self.folders(site.root.path + "/Clean"), "step \(step) (\(edit)): folders")
                if differing.isEmpty == false { break }
                lastGood = liveFiles
                if !memory.report.full { partial += 1 }
                if !memory.report.linkedWhole { relinked += 1 }
                if memory.report.rendered < 40 { nothingRendered += 1 }
            } else {
                #expect(liveFiles == lastGood, "step \(step) (\(edit)): a failed build changed the output")
            }
        }
        print("Incremental: \(Self.edits) edits (\(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))): \(partial) partial rebuilds, \(relinked) linked only the changed documents, \(nothingRendered) rendered fewer than 40 files")
        // The sequence did exercise the edits, and most rebuilds were partial.
        #expect(counts.count >= 10, "\(counts)")
        #expect(partial > Self.edits * 2 / 3, "partial rebuilds: \(partial)")
        #expect(nothingRendered > Self.edits / 3, "rebuilds that rendered few pages: \(nothingRendered)")
        #expect(relinked > Self.edits / 2, "rebuilds that linked only changed documents: \(relinked)")
    }

    @Test("an unchanged site is rebuilt without parsing or rendering a page again, and without writing a file")
    func unchanged() throws {
        let site = try Site()
        let memory = BuildMemory()
        #expect(Build(site.options("Live"), memory: memory).run().succeeded)
        let pages = memory.report.rendered
        #expect(memory.report.full && pages > 100)
        let again = Build(site.options("Live"), memory: memory).run()
        #expect(again.succeeded)
        #expect(!memory.report.full)
        #expect(memory.report.parsed == 0)
        #expect(memory.report.rendered == 0, "\(memory.report.rendered) of \(pages)")
        #expect(memory.report.changedFiles.isEmpty, "\(memory.report.changedFiles)")
    }

    @Test("a body edit renders its page and the pages that show what changed, and names the files that changed")
    func bodyEdit() throws {
        let site = try Site()
        let memory = BuildMemory()
        #expect(Build(site.options("Live"), memory: memory).run().succeeded)
        let path = site.files(under: "runbooks/").first!
        let parts = site.text(path).components(separatedBy: "\n---\n")
        try site.write(path, parts[0] + "\n---\nOne more line.\n\n" + parts.dropFirst().joined(separator: "\n---\n"))
        #expect(Build(site.options("Live"), memory: memory).run().succeeded)
        #expect(memory.report.parsed == 1)
        let slug = String(path.dropFirst("runbooks/".count).dropLast(3))
        #expect(memory.report.changedFiles.contains("runbooks/\(slug)/index.html"))
        #expect(!memory.report.changedFiles.contains("teams/index.html"), "\(memory.report.changedFiles)")
        // The search index: its manifest, the runbook's fragment and the shards of the three words added.
        let search = memory.report.changedFiles.filter { $0.hasPrefix("search/") }
        #expect(search.contains(SearchIndex.metaPath) && search.contains { $0.hasPrefix("search/doc/") })
        #expect(search.count <= 5, "\(search)")
        // A change of the body alone: the pages that show the runbook's title (its index, its service, the home
        // page) are not even rendered again; its page, its JSON and the search files that changed are.
        #expect(memory.report.rendered <= 3 + search.count, "\(memory.report.rendered)")
    }

    @Test("a new page that links to a runbook shows in that runbook's backlinks, rebuilt in place")
    func backlink() throws {
        let site = try Site()
        let memory = BuildMemory()
        #expect(Build(site.options("Live"), memory: memory).run().succeeded)
        try site.write("pages/added-x.md", "---\ntitle: Added X\n---\nSee [this](runbook:spam-wave).\n")
        #expect(Build(site.options("Live"), memory: memory).run().succeeded)
        #expect(!memory.report.full)
        #expect(memory.report.changedFiles.contains("runbooks/spam-wave/index.html"), "\(memory.report.changedFiles)")
        let page = try String(contentsOfFile: site.root.path + "/Live/runbooks/spam-wave/index.html", encoding: .utf8)
        #expect(page.contains("Added X"))
        #expect(!memory.report.changedFiles.contains("runbooks/feed-latency/index.html"))
    }
}

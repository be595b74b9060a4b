import Diagnostics
import Foundation
import Model
@testable import Serve
import Testing
@testable import Site

#if canImport(Glibc)
import Glibc
#endif

/// `almanac serve`: the watcher, the rebuild loop, the live-reload endpoints and the static server.
@Suite(.serialized)
struct ServeTests {
    private func options(_ fixture: Fixture) -> BuildOptions {
        BuildOptions(content: fixture.content, theme: Fixture.theme, output: fixture.output, asOf: Fixture.day, baseURL: "/")
    }

    /// Runs `body` against a server on an ephemeral port of 127.0.0.1, stopping the server however `body` ends.
    private func withServer(_ fixture: Fixture, _ live: LiveSite, longPoll: Double = 10,
                            _ body: (UInt16) async throws -> Void) async throws {
        let server = try DevServer(root: fixture.output, live: live, host: "127.0.0.1", port: 0, longPollSeconds: longPoll)
        let port = try await server.start()
        do {
            try await body(port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private let apiWithTitle = { (title: String) in
        """
        -- services/api.md --
        ---
        title: \(title)
        owner: core
        tier: 1
        lifecycle: production
        depends_on: [db]
        ---
        The API.
        """
    }

    @Test func watcherReportsAddedChangedAndRemovedFiles() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let watcher = Watcher(paths: [fixture.content])
        #expect(watcher.poll().isEmpty)
        try fixture.write(apiWithTitle("API Gateway"))
        #expect(watcher.poll() == [fixture.content + "/services/api.md"])
        #expect(watcher.poll().isEmpty)
        try fixture.write("-- runbooks/new.md --\n---\ntitle: New\nowner: core\n---\n")
        #expect(watcher.poll() == [fixture.content + "/runbooks/new.md"])
        try fixture.remove("runbooks/new.md")
        #expect(watcher.poll() == [fixture.content + "/runbooks/new.md"])
        // Hidden files (editor swap files) are not watched.
        try fixture.write("-- .api.md.swp --\nx")
        #expect(watcher.poll().isEmpty)
    }

    @Test func pollingReportsAChangeWithinAnInterval() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let polling = PollingChanges(paths: [fixture.content], interval: 0.01)
        #expect(polling.changes(waitingAtMost: 0.05).isEmpty)
        try fixture.write(apiWithTitle("Polled"))
        #expect(polling.settle(after: polling.changes(waitingAtMost: 0.05), quiet: 0.05, limit: 1) == [fixture.content + "/services/api.md"])
    }

    #if os(Linux)
    @Test func inotifyReportsChangesNewFoldersAndOneSaveAsOneBurst() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let events = try #require(FileEvents(paths: [fixture.content]))
        #expect(events.changes(waitingAtMost: 0).isEmpty)
        try fixture.write(apiWithTitle("Changed"))
        #expect(events.changes(waitingAtMost: 1).contains(fixture.content + "/services/api.md"))
        // A folder made after the watch began, with a file written into it at once: both are seen, and the folder
        // is watched from then on.
        try fixture.write("-- guides/deep/new.md --\nx")
        let seen = events.settle(after: [], quiet: 0.1, limit: 2)
        #expect(seen.contains(fixture.content + "/guides/deep/new.md"), "\(seen)")
        try fixture.write("-- guides/deep/new.md --\ny")
        #expect(events.changes(waitingAtMost: 1) == [fixture.content + "/guides/deep/new.md"])
        // An editor's save: a hidden temporary file renamed over the original is one change of the original.
        let target = fixture.content + "/runbooks/api-down.md"
        try "changed".write(toFile: fixture.content + "/runbooks/.api-down.md.swp", atomically: false, encoding: .utf8)
        #expect(rename(fixture.content + "/runbooks/.api-down.md.swp", target) == 0)
        let save = events.settle(after: events.changes(waitingAtMost: 1), quiet: 0.05, limit: 1)
        #expect(save == [target], "\(save)")
        try fixture.remove("services/db.md")
        #expect(events.changes(waitingAtMost: 1) == [fixture.content + "/services/db.md"])
    }
    #endif

    @Test func aChangedFileIsRebuiltAndTheGenerationIncrements() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        let first = live.rebuild()
        #expect(first.succeeded, "\(first.report)")
        #expect(live.status.generation == 1 && live.status.attempt == 1 && live.status.ok)
        #expect(live.rebuildIfChanged() == nil, "nothing changed, nothing is rebuilt")
        #expect(live.status.generation == 1)

        try fixture.write(apiWithTitle("API Gateway"))
        let second = try #require(live.rebuildIfChanged())
        #expect(second.succeeded, "\(second.report)")
        #expect(live.status.generation == 2 && live.status.attempt == 2)
        #expect(fixture.read("services/api/index.html")?.contains("API Gateway") == true)
    }

    @Test func changesToTheThemeAndToAlmanacYamlAreWatchedToo() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let theme = fixture.root.appendingPathComponent("Theme").path
        try FileManager.default.copyItem(atPath: Fixture.theme, toPath: theme)
        var options = options(fixture)
        options.theme = theme
        let live = LiveSite(options: options)
        #expect(live.rebuild().succeeded)
        #expect(live.watched == [fixture.content, theme])

        let css = theme + "/assets/style.css"
        let marker = "/* changed by ServeTests */"
        try (String(contentsOfFile: css, encoding: .utf8) + marker).write(toFile: css, atomically: true, encoding: .utf8)
        #expect(live.rebuildIfChanged()?.succeeded == true)
        #expect(fixture.read("assets/style.css")?.contains(marker) == true)

        try fixture.write("-- almanac.yaml --\ntitle: Renamed Almanac\nenvironments: [staging, production]\ncohorts: [everyone, moderators]")
        #expect(live.rebuildIfChanged()?.succeeded == true)
        #expect(fixture.read("index.html")?.contains("Renamed Almanac") == true)
        #expect(live.status.generation == 3)
    }

    @Test func aFirstBuildThatFailsStillServesTheDiagnostics() async throws {
        let fixture = try Fixture(minimalSite + "\n-- services/broken.md --\n---\ntitle: Broken\nowner: nobody-at-all\ntier: 1\nlifecycle: production\n---\n")
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(!live.rebuild().succeeded)
        #expect(live.status.generation == 0 && live.status.attempt == 1 && !live.status.ok)
        try await withServer(fixture, live) { port in
            let home = try await get(port, "/")
            #expect(home.status == 404)
            #expect(home.body.contains(LiveReload.marker), "the page without a site still gets the overlay script")
            let report = try await get(port, "/__almanac/diagnostics")
            #expect(report.body.contains("\"ok\":false") && report.body.contains("services/broken.md"))
        }
    }

    @Test func theWatchingThreadRebuildsByItself() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        live.pollInterval = 0.05
        live.rebuild()
        live.startWatching()
        defer { live.stopWatching() }
        try fixture.write(apiWithTitle("Watched API"))
        for _ in 0..<200 where live.status.generation < 2 { try await Task.sleep(nanoseconds: 50_000_000) }
        // One save is one rebuild as a rule; on a loaded machine the events of one atomic write may come in two
        // bursts and give a second, harmless one. What must hold: it rebuilt, and then it stays quiet.
        #expect((2...3).contains(live.status.generation), "\(live.status.generation) builds")
        #expect(fixture.read("services/api/index.html")?.contains("Watched API") == true)
        let settled = live.status.generation
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(live.status.generation == settled, "no rebuild without a change")
    }

    @Test func anInvalidFileKeepsTheOutputAndExposesItsDiagnostics() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(live.rebuild().succeeded)
        let before = fixture.read("services/api/index.html")
        #expect(before != nil)

        try fixture.write("""
            -- services/api.md --
            ---
            title: Broken <API>
            owner: core
            tier: 1
            lifecycle: production
            depends_on: [nowhere]
            ---
            The API.
            """)
        let failed = try #require(live.rebuildIfChanged())
        #expect(!failed.succeeded)
        #expect(live.status.ok == false && live.status.generation == 1 && live.status.attempt == 2)
        #expect(fixture.read("services/api/index.html") == before, "the last good output stays")

        try await withServer(fixture, live) { port in
            let report = try await get(port, "/__almanac/diagnostics")
            #expect(report.status == 200)
            #expect(report.headers["content-type"] == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(report.body.utf8)) as? [String: Any])
            #expect(object["ok"] as? Bool == false)
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
            #expect(error["file"] as? String == fixture.content + "/services/api.md")
            #expect(error["line"] as? Int == 6)
            #expect((error["message"] as? String)?.isEmpty == false)

            // The page still shows the last good build, with the script that shows the overlay.
            let page = try await get(port, "/services/api/")
            #expect(page.status == 200 && page.body.contains(LiveReload.marker) && page.body.contains("__almanac_overlay"))

            try fixture.write(apiWithTitle("Fixed API"))
            let fixed = try #require(live.rebuildIfChanged())
            #expect(fixed.succeeded, "\(fixed.report)")
            let cleared = try await get(port, "/__almanac/diagnostics")
            let clearedObject = try #require(try JSONSerialization.jsonObject(with: Data(cleared.body.utf8)) as? [String: Any])
            #expect(clearedObject["ok"] as? Bool == true)
            let remaining = try #require(clearedObject["diagnostics"] as? [[String: Any]])
            #expect(!remaining.contains { $0["severity"] as? String == "error" }, "only warnings remain")
            #expect(clearedObject["generation"] as? Int == 2)
            #expect(try await get(port, "/services/api/").body.contains("Fixed API"))
        }
    }

    @Test func theStatusLongPollAnswersWhenABuildEnds() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        live.rebuild()
        try await withServer(fixture, live, longPoll: 5) { port in
            // A client that is behind gets the status at once.
            let behind = try await get(port, "/__almanac/status?since=0")
            #expect(behind.body.contains("\"attempt\":1") && behind.body.contains("\"generation\":1"))
            // A client that is up to date waits until the next build ends.
            let start = Date()
            async let waiting = get(port, "/__almanac/status?since=1")
            try await Task.sleep(nanoseconds: 300_000_000)
            try fixture.write(apiWithTitle("Polled API"))
            #expect(live.rebuildIfChanged()?.succeeded == true)
            let answer = try await waiting
            let elapsed = Date().timeIntervalSince(start)
            #expect(answer.body.contains("\"attempt\":2") && answer.body.contains("\"generation\":2"), "\(answer.body)")
            #expect(elapsed >= 0.3 && elapsed < 4.5, "\(elapsed)")
        }
    }

    @Test func onlyThePagesABuildChangedAreToldToReload() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(live.rebuild().succeeded)
        #expect(live.status.generation(ofPage: "/runbooks/api-down/") == 1 && live.status.generation(ofPage: "/teams/core/") == 1)
        // A change of a runbook's body reaches its page (and the search index), not the team's page.
        let source = try String(contentsOfFile: fixture.content + "/runbooks/api-down.md", encoding: .utf8)
        try source.replacingOccurrences(of: "\n---\n", with: "\n---\nFirst check the load balancer.\n\n", options: .backwards)
            .write(toFile: fixture.content + "/runbooks/api-down.md", atomically: true, encoding: .utf8)
        #expect(live.rebuildIfChanged()?.succeeded == true)
        #expect(live.status.generation == 2)
        #expect(live.status.changedFiles.contains("runbooks/api-down/index.html"), "\(live.status.changedFiles)")
        #expect(live.status.generation(ofPage: "/runbooks/api-down/") == 2)
        #expect(live.status.generation(ofPage: "/runbooks/api-down/index.html") == 2)
        #expect(live.status.generation(ofPage: "/teams/core/") == 1)
        try await withServer(fixture, live) { port in
            let changed = try await get(port, "/__almanac/status?since=0&page=%2Frunbooks%2Fapi-down%2F")
            #expect(changed.body.contains("\"page\":2"), "\(changed.body)")
            let unchanged = try await get(port, "/__almanac/status?since=0&page=/teams/core/")
            #expect(unchanged.body.contains("\"page\":1"), "\(unchanged.body)")
            // The page is sent with the generation that last changed it, which its script compares.
            let page = try await get(port, "/teams/core/")
            #expect(page.body.contains("var generation = 1,") && page.body.contains("key = 'page'"))
        }
        // A change of the stylesheet may change every page.
        try fixture.write("-- _theme/assets/style.css --\nbody { color: black }")
        #expect(live.rebuildIfChanged()?.succeeded == true)
        #expect(live.status.generation(ofPage: "/teams/core/") == 3)
    }

    @Test func theServerServesPagesWithTheReloadScriptAndRightContentTypes() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(live.rebuild().succeeded)
        for name in ["x.png", "x.jpg", "x.woff2", "x.svg"] {
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: fixture.output + "/" + name))
        }
        try await withServer(fixture, live) { port in
            let home = try await get(port, "/")
            #expect(home.status == 200)
            #expect(home.headers["content-type"] == "text/html; charset=utf-8")
            #expect(home.body.contains(LiveReload.marker))
            #expect(home.body.contains("var generation = 1"))
            #expect(fixture.read("index.html")?.contains(LiveReload.marker) == false, "the built file is untouched")

            let folder = try await get(port, "/services/api")
            #expect(folder.status == 302)
            #expect(folder.headers["location"] == "/services/api/")
            let page = try await get(port, "/services/api/")
            #expect(page.status == 200 && page.body.contains("API"))

            let types = [
                "/assets/style.css": "text/css; charset=utf-8", "/assets/search.js": "text/javascript; charset=utf-8",
                "/search/meta.json": "application/json", "/feed.xml": "application/xml", "/x.svg": "image/svg+xml",
                "/x.png": "image/png", "/x.jpg": "image/jpeg", "/x.woff2": "font/woff2",
            ]
            for (path, type) in types.sorted(by: { $0.key < $1.key }) {
                let response = try await get(port, path)
                #expect(response.status == 200, "\(path)")
                #expect(response.headers["content-type"] == type, "\(path)")
            }

            let missing = try await get(port, "/no/such/page/")
            #expect(missing.status == 404)
            #expect(missing.body == LiveReload.inject(into: fixture.read("404.html") ?? "?", generation: 1, attempt: 1, followsSite: true))
        }
    }

    @Test func theServerRefusesToLeaveTheOutputFolder() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(live.rebuild().succeeded)
        let secret = "top secret \(UUID().uuidString)"
        try secret.write(toFile: fixture.root.path + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: fixture.output + "/escape.txt",
                                                   withDestinationPath: fixture.root.path + "/secret.txt")
        try await withServer(fixture, live) { port in
            // A control: the same file inside the folder is served, so the refusals below mean something.
            try secret.write(toFile: fixture.output + "/inside.txt", atomically: true, encoding: .utf8)
            #expect(try await get(port, "/inside.txt").body == secret)
            for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2E%2E/secret.txt", "/assets/..%2F..%2Fsecret.txt",
                         "/escape.txt", "/./../../secret.txt"] {
                let response = try await get(port, path)
                #expect(!response.body.contains(secret), "\(path) leaked the file")
                #expect(response.status == 403 || response.status == 404, "\(path): \(response.status)")
            }
            #expect(try await get(port, "/%2e%2e/secret.txt").status == 403)
            #expect(try await get(port, "/escape.txt").status == 403)
        }
    }

    @Test func staticFilesResolveFoldersAndRefuseDotDot() throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        #expect(fixture.build().succeeded)
        let root = fixture.output
        let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        #expect(StaticFiles.resolve("/", root: root) == .file(real + "/index.html"))
        #expect(StaticFiles.resolve("/services/api", root: root) == .redirect("/services/api/"))
        #expect(StaticFiles.resolve("/services/api/", root: root) == .file(real + "/services/api/index.html"))
        #expect(StaticFiles.resolve("/nothing", root: root) == .notFound)
        #expect(StaticFiles.resolve("/../Content/almanac.yaml", root: root) == .forbidden)
        #expect(StaticFiles.resolve("/services/%2e%2e/%2e%2e/Content/almanac.yaml", root: root) == .forbidden)
        #expect(StaticFiles.contentType(of: "a/b.HTML") == "text/html; charset=utf-8")
        #expect(StaticFiles.contentType(of: "font.woff2") == "font/woff2")
        #expect(StaticFiles.contentType(of: "Makefile") == "application/octet-stream")
    }

    @Test func theScriptGoesBeforeTheLastBodyEndTag() {
        let page = "<html><body><p>Hi</p></BODY></html>"
        let injected = LiveReload.inject(into: page, generation: 4, attempt: 6)
        #expect(injected.hasPrefix("<html><body><p>Hi</p>" + LiveReload.marker))
        #expect(injected.hasSuffix("</BODY></html>"))
        #expect(injected.contains("var generation = 4, seen = 6"))
        #expect(LiveReload.inject(into: "<p>bare</p>", generation: 1, attempt: 1).hasPrefix("<p>bare</p>" + LiveReload.marker))
        // The overlay writes text with textContent only: nothing from a diagnostic is parsed as HTML.
        #expect(!LiveReload.script(generation: 1, attempt: 1).contains("innerHTML"))
    }

    @Test func aBuildThatWouldHaveTrappedIsReportedAndTheLastGoodSiteStaysServed() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        #expect(live.rebuild().succeeded)
        try await withServer(fixture, live) { port in
            try fixture.write("-- almanac.yaml --\ntitle: Test Almanac\nenvironments: [staging, production]\n"
                              + "runbooks: { review_every_days: 9223372036854775807 }\n")
            let failed = try #require(live.rebuildIfChanged())
            #expect(!failed.succeeded && !live.status.ok && live.status.generation == 1)
            let report = try await get(port, "/__almanac/diagnostics")
            #expect(report.body.contains("\"ok\":false") && report.body.contains("review_every_days"), "\(report.body)")
            let page = try await get(port, "/runbooks/api-down/")
            #expect(page.status == 200 && page.body.contains("API down"))
        }
    }

    @Test func onlyRequestsAddressedToTheServerAreAnswered() async throws {
        let fixture = try Fixture(minimalSite)
        defer { fixture.cleanUp() }
        let live = LiveSite(options: options(fixture))
        live.rebuild()
        try await withServer(fixture, live) { port in
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)"] {
                #expect(try await get(port, "/", host: host).status == 200, "\(host)")
            }
            for host in ["evil.example:\(port)", "evil.example", "127.0.0.1", "127.0.0.1:\(port + 1)", "localhost.evil.example:\(port)", ""] {
                for path in ["/", "/__almanac/diagnostics", "/__almanac/status"] {
                    let refused = try await get(port, path, host: host)
                    #expect(refused.status == 421, "\(host) \(path)")
                    #expect(refused.headers["content-type"]?.hasPrefix("text/plain") == true)
                    #expect(refused.body.contains("localhost:\(port)") && !refused.body.contains("Test Almanac"))
                }
            }
        }
    }

    @Test func listeningOnEveryAddressAnswersAddressesAndRefusesOtherNames() {
        let check = HostCheck(host: "0.0.0.0")
        check.listening(on: 4000)
        for host in ["192.168.1.20:4000", "127.0.0.1:4000", "[fe80::1]:4000", "localhost:4000", HostCheck.machineName + ":4000"] {
            #expect(check.accepts(host), "\(host)")
        }
        for host in ["evil.example:4000", "192.168.1.20:4001", "192.168.1.20", "1.2.3:4000", nil] { #expect(!check.accepts(host)) }
        let own = HostCheck(host: "192.168.1.20")
        own.listening(on: 80)
        #expect(own.accepts("192.168.1.20") && own.accepts("192.168.1.20:80") && own.accepts("localhost") && !own.accepts("10.0.0.1"))
    }

    @Test func aHostThatIsNotAnAddressIsRefused() {
        #expect(throws: DevServer.Failure.self) { try DevServer(root: "/nonexistent", live: nil, host: "not an address", port: 0) }
    }
}

// MARK: - A minimal HTTP/1.1 client over a socket

struct RawResponse: Sendable {
    var status: Int
    /// Lowercased names.
    var headers: [String: String]
    var body: String
}

/// GET `path` from 127.0.0.1:`port` with `Connection: close`, off the cooperative pool; times out after 5 s.
/// `host` is the `Host` header (nil: `127.0.0.1:port`; empty: none).
func get(_ port: UInt16, _ path: String, host: String? = nil) async throws -> RawResponse {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try rawGet(port, path, host: host ?? "127.0.0.1:\(port)") })
        }
    }
}

struct RawHTTPError: Error, CustomStringConvertible { var description: String }

private func rawGet(_ port: UInt16, _ path: String, host: String) throws -> RawResponse {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw RawHTTPError(description: "socket failed") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 15, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw RawHTTPError(description: "connect failed: \(errno)") }
    let request = Array("GET \(path) HTTP/1.1\r\n\(host.isEmpty ? "" : "Host: \(host)\r\n")Connection: close\r\n\r\n".utf8)
    guard send(fd, request, request.count, 0) == request.count else { throw RawHTTPError(description: "send failed") }

    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    var expected: Int?
    var headerEnd: Int?
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n < 0 { throw RawHTTPError(description: "recv failed or timed out: \(errno)") }
        if n == 0 { break }
        bytes += buffer[0..<n]
        if headerEnd == nil, let end = find([13, 10, 13, 10], in: bytes) {
            headerEnd = end + 4
            let head = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
            for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                expected = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }
        }
        if let headerEnd, let expected, bytes.count >= headerEnd + expected { break }
    }
    guard let headerEnd else { throw RawHTTPError(description: "no complete response: \(bytes.count) bytes") }
    let head = String(decoding: bytes[0..<(headerEnd - 4)], as: UTF8.self)
    let lines = head.components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw RawHTTPError(description: "bad status line \(lines[0])") }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let end = expected.map { min(bytes.count, headerEnd + $0) } ?? bytes.count
    return RawResponse(status: status, headers: headers, body: String(decoding: bytes[headerEnd..<end], as: UTF8.self))
}

private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
    return nil
}

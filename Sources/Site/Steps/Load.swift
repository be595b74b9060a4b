import Diagnostics
import Markdown
import Model

/// What the load step found: the configuration, the documents' files, the theme and the files to copy.
struct Loaded {
    struct File { var path: String; var kind: Kind; var slug: String; var text: String }
    var config: SiteConfig?
    var files: [File]
    var theme: Theme?
    var schemas: SchemaSet
    /// Output path → source file, copied as they are.
    var staticFiles: [(String, String)]
    /// The CSV files under `experiments/data/` (experiments' results files), by path → text, for the parse step.
    var dataFiles: [String: String] = [:]
    /// almanac.yaml, the theme's templates and `_schemas/`, as one text: a change of any makes every page suspect.
    var environment = ""
}

/// What the walk of the content folder found, before any file is read.
struct ContentScan {
    enum Entry {
        case document(String, Kind, String), data(String), problem(String, Diagnostic)

        /// The file's path relative to the content folder.
        var path: String {
            switch self {
            case .document(let path, _, _), .data(let path), .problem(let path, _): path
            }
        }
    }
    /// Links that cannot be read, special files, hidden documents: reported at every build, in this order.
    var problems: [Diagnostic]
    /// Every file in walk order (sorted by path): a document (path, kind, slug), a results file, or what is wrong with it.
    var entries: [Entry]
    /// Output path → source file, copied as they are.
    var staticFiles: [(String, String)]
    /// Every path the walk found, of files and of what it did not take (links, hidden entries), but not folders.
    var seen: Set<String>
    /// The documents and results files, by path, with their place in `entries`.
    let readable: [String: Int]

    init(problems: [Diagnostic], entries: [Entry], staticFiles: [(String, String)], seen: Set<String>) {
        self.problems = problems
        self.entries = entries
        self.staticFiles = staticFiles
        self.seen = seen
        var readable: [String: Int] = [:]
        for (i, entry) in entries.enumerated() {
            switch entry {
            case .document(let relative, _, _), .data(let relative): readable[relative] = i
            case .problem: break
            }
        }
        self.readable = readable
    }

    /// This scan after the watcher's complete list of changed paths, without a walk: documents edited, new
    /// documents (a regular `.md` file right in a kind's folder, with a valid name) and removed ones, files that
    /// came and went (an editor's temporary file). Nil when a change may be anything else (a folder, a link, an
    /// asset, a results file added or removed, a misplaced file): then walk again.
    func updated(_ changes: Set<String>, root: String) -> ContentScan? {
        var added: [Entry] = [], removed = Set<String>()
        for relative in changes {
            let kind = FileSystem.kind(root + "/" + relative)
            if let i = readable[relative] {
                if kind == .file { continue }
                guard kind == .missing, case .document = entries[i] else { return nil }
                removed.insert(relative)
            } else if kind == .missing {
                // Gone again: unknown to the walk, and no folder of what it knew.
                if seen.contains(relative) || seen.contains(where: { $0.hasPrefix(relative + "/") }) { return nil }
            } else {
                let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard kind == .file, !seen.contains(relative), parts.count == 2, let documentKind = Kind(folder: parts[0]), parts[1].hasSuffix(".md"),
                      isValidSlug(String(parts[1].dropLast(3))) else { return nil }
                added.append(.document(relative, documentKind, String(parts[1].dropLast(3))))
            }
        }
        if added.isEmpty && removed.isEmpty { return self }
        let kept = entries.filter { !removed.contains($0.path) }
        var merged: [Entry] = []
        merged.reserveCapacity(kept.count + added.count)
        var next = added.sorted { $0.path < $1.path }.makeIterator(), pending = next.next()
        for entry in kept {
            while let new = pending, new.path < entry.path { merged.append(new); pending = next.next() }
            merged.append(entry)
        }
        while let new = pending { merged.append(new); pending = next.next() }
        return ContentScan(problems: problems, entries: merged, staticFiles: staticFiles,
                           seen: seen.subtracting(removed).union(added.map(\.path)))
    }
}

extension Build {
    /// Reads `almanac.yaml`, finds every document by its folder, and loads the theme (unless only checking).
    func load(theme withTheme: Bool) -> Loaded? {
        let root = options.content
        guard FileSystem.isDirectory(root) == true else {
            report([Diagnostic(.configMissing, "there is no content folder at `\(root)`", at: nil,
                               expected: "a folder holding `almanac.yaml` and the documents", found: "nothing",
                               help: "run from the folder that holds `Content/`, or pass `--content PATH`")])
            return nil
        }
        let configPath = display("almanac.yaml")
        var config: SiteConfig?
        let configText = FileSystem.readText(root + "/almanac.yaml")
        if let text = configText {
            remember(source: text, for: configPath)
            let (parsed, problems) = SiteConfig.parse(text, file: configPath)
            report(problems)
            config = parsed
        } else {
            report([Diagnostic(.configMissing, "the content folder has no `almanac.yaml`", at: nil,
                               expected: "`\(configPath)` with at least `title:` and `environments:`", found: "no such file",
                               help: "create it with:\n    title: Engineering Almanac\n    environments: [staging, production]")])
        }
        if let baseURL = options.baseURL { config?.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }

        var files: [Loaded.File] = []
        var dataFiles: [String: String] = [:]
        // The walk of the content folder; kept from the last build when the watcher's complete list of changes
        // names only documents and results files, edited, added or removed (see `ContentScan.updated`).
        let scanned: ContentScan
        if let memory, let known = memory.scan, let changes = memory.changes, let updated = known.updated(changes, root: root) {
            scanned = updated
            memory.scan = updated
            memory.trustChanges = true
        } else {
            scanned = scanContent(root)
            memory?.scan = scanned
            memory?.trustChanges = false
        }
        report(scanned.problems)
        if let memory, memory.trustChanges, let last = memory.loaded, let changes = memory.changes,
           let read = reread(changes, scanned, last) {
            // Only the named files are read again; the others are as the last build read them.
            (files, dataFiles) = (read.files, read.dataFiles)
            remember(sources: read.sources)
            report(read.problems.sorted { $0.key < $1.key }.map(\.value))
            memory.loaded = read
        } else {
            let entries = scanned.entries
            let texts = parallelMap(entries.count) { i -> (text: String?, problem: Diagnostic?)? in
                switch entries[i] {
                case .document(let relative, _, _), .data(let relative): readKnownText(relative)
                case .problem: nil
                }
            }
            memory?.keepFiles(Set(scanned.readable.keys))
            var last = BuildMemory.LastLoad()
            for (i, (entry, read)) in zip(entries, texts).enumerated() {
                switch entry {
                case .problem(_, let diagnostic):
                    report([diagnostic])
                    last.problems[i] = diagnostic
                case .document(let relative, _, _), .data(let relative):
                    if let problem = read?.problem { report([problem]); last.problems[i] = problem }
                    guard let text = read?.text else { continue }
                    remember(source: text, for: display(relative))
                    last.sources[display(relative)] = text
                    if case .document(_, let kind, let slug) = entry {
                        last.fileIndex[relative] = files.count
                        files.append(Loaded.File(path: relative, kind: kind, slug: slug, text: text))
                    } else {
                        dataFiles[relative] = text
                    }
                }
            }
            (last.files, last.dataFiles) = (files, dataFiles)
            memory?.loaded = last
        }
        memory?.changes = nil

        var theme: Theme?
        if withTheme {
            var cache = memory?.theme
            let (loadedTheme, themeProblems) = Theme.load(folder: options.theme, overrides: root + "/_theme", displayFolder: options.theme, cache: &cache)
            memory?.theme = cache
            report(themeProblems)
            theme = loadedTheme
        }
        var schemaTexts = ""
        for name in FileSystem.files(under: root + "/_schemas") {
            schemaTexts += name + "\u{0}" + (FileSystem.readText(root + "/_schemas/" + name) ?? "") + "\u{1}"
        }
        // The schemas are compiled again only when a file of `_schemas/` changed.
        let (schemas, schemaProblems) = memory?.schemas.flatMap { $0.texts == schemaTexts ? $0.loaded : nil }
            ?? SchemaSet.load(extensions: root + "/_schemas", display: display("_schemas"))
        memory?.schemas = (schemaTexts, (schemas, schemaProblems))
        report(schemaProblems)
        let environment = (configText ?? "") + "\u{1}" + (theme?.fingerprint ?? "") + "\u{1}" + schemaTexts
        return Loaded(config: config, files: files, theme: theme, schemas: schemas, staticFiles: scanned.staticFiles,
                      dataFiles: dataFiles, environment: environment)
    }

    /// The text of a file of the content folder, and what is wrong with it: nil text when it cannot be read, a
    /// problem beside the text when bytes that are not UTF-8 were read as replacement characters. Safe to call
    /// from many threads; the caller reports the problem and remembers the text.
    /// Walks the content folder: what cannot be read, what is hidden, and every file sorted out (see `ContentScan`).
    private func scanContent(_ root: String) -> ContentScan {
        var staticFiles: [(String, String)] = []
        var problems: [Diagnostic] = []
        let scan = FileSystem.scan(root)
        // Entries that cannot be read as they are: each is reported at its path, with what to do about it.
        let unreadable: [(paths: [String], what: String, expected: String, found: String, help: String)] = [
            (scan.brokenLinks, "is a symbolic link to nothing", "a file or a link to a file inside the content folder",
             "a broken link", "remove the link or point it at an existing file"),
            (scan.escapingLinks, "is a symbolic link that leads outside the content folder", "a file inside the content folder",
             "a link out of it", "copy the file into the content folder: Almanac reads nothing outside it"),
            (scan.hiddenLinks, "is a symbolic link to a hidden file or folder",
             "a link to a file or folder whose path has no name starting with `.`", "a link into a hidden place",
             "remove the link: Almanac never publishes hidden files (`.env`, `.git/`); copy what should be published under `assets/`"),
            (scan.special, "is not a regular file", "a regular file or a folder", "a named pipe, a socket or a device",
             "remove it from the content folder"),
        ]
        for kind in unreadable {
            problems += kind.paths.map { path in
                Diagnostic(.unreadableFile, "`\(path)` \(kind.what)", at: SourceLocation(file: display(path), line: 1, column: 1),
                           expected: kind.expected, found: kind.found, help: kind.help)
            }
        }
        for path in scan.hidden where path.hasSuffix(".md") && FileSystem.kind(root + "/" + path) == .file {
            let parts = path.split(separator: "/")
            guard parts.count > 1, Kind(folder: String(parts[0])) != nil else { continue }
            let shown = parts.dropLast().joined(separator: "/") + "/" + parts.last!.drop { $0 == "." }
            problems.append(Diagnostic(.misplacedFile, "`\(path)` is hidden (its name starts with `.`), so it is not built", at: SourceLocation(file: display(path), line: 1, column: 1),
                               expected: "a document's name without a leading `.`", found: "`\(parts.last!)`",
                               help: "rename it to `\(shown)` to publish it, or move drafts out of the content folder"))
        }
        // Files are sorted out in scan order, read in parallel, then reported and kept in scan order again.
        var entries: [ContentScan.Entry] = []
        for relative in scan.files {
            let parts = relative.split(separator: "/").map(String.init)
            let top = parts[0]
            if relative == "almanac.yaml" || top == "_theme" || top == "_schemas" { continue }
            if top == "assets" { staticFiles.append((relative, root + "/" + relative)); continue }
            if parts.count == 3, top == "experiments", parts[1] == "data" {
                // Results files: read here, decoded with their experiment in the parse step. Other files are ignored.
                if relative.hasSuffix(".csv") { entries.append(.data(relative)) }
                continue
            }
            guard let kind = Kind(folder: top), relative.hasSuffix(".md"), kind == .page || parts.count == 2 else {
                entries.append(.problem(relative, misplaced(relative)))
                continue
            }
            let slug = String(parts.last!.dropLast(3))
            guard isValidSlug(slug) else {
                let suggestion = Slugger.slug(slug).replacingOccurrences(of: "_", with: "-").filter { $0.isASCII }.trimmingHyphens()
                entries.append(.problem(relative, Diagnostic(.invalidSlug, "`\(parts.last!)` is not a valid document name",
                                                   at: SourceLocation(file: display(relative), line: 1, column: 1),
                                                   expected: "a slug of lowercase letters, digits and hyphens, starting with a letter or digit",
                                                   found: "`\(slug)`", help: suggestion.isEmpty ? nil : "rename the file to `\(suggestion).md`")))
                continue
            }
            entries.append(.document(relative, kind, slug))
        }
        let seen = Set(scan.files + scan.brokenLinks + scan.escapingLinks + scan.hiddenLinks + scan.special + scan.hidden)
        return ContentScan(problems: problems, entries: entries, staticFiles: staticFiles, seen: seen)
    }

    /// The last load with the files of `changes` read again (all of them documents or results files of the scan),
    /// nil when one cannot be read now (then every file is looked at).
    private func reread(_ changes: Set<String>, _ scan: ContentScan, _ last: BuildMemory.LastLoad) -> BuildMemory.LastLoad? {
        var next = last
        for relative in changes.sorted() {
            guard let entry = scan.readable[relative] else { return nil }
            let read = readKnownText(relative)
            guard let text = read.text else { return nil }
            next.problems[entry] = read.problem
            next.sources[display(relative)] = text
            if case .document = scan.entries[entry] {
                guard let i = last.fileIndex[relative] else { return nil }
                next.files[i].text = text
            } else {
                next.dataFiles[relative] = text
            }
        }
        return next
    }

    /// `readText`, or with a memory, the text of the last build when the file's stamp (inode, size, times) is
    /// the same and the watcher did not name it (times are coarse: two saves in one tick look alike).
    private func readKnownText(_ relative: String) -> (text: String?, problem: Diagnostic?) {
        guard let memory else { return readText(relative) }
        let stamp = memory.trustChanges ? nil : FileSystem.stamp(options.content + "/" + relative)
        if let known = memory.known(relative), memory.changes?.contains(relative) != true,
           memory.trustChanges || stamp == known.stamp {
            return (known.text, known.problem)  // the watcher did not name it, and (unless its list is whole) its stamp is the same
        }
        let read = readText(relative)
        let readStamp = stamp ?? FileSystem.stamp(options.content + "/" + relative)
        if let readStamp, let text = read.text { memory.remember(relative, BuildMemory.File(stamp: readStamp, text: text, problem: read.problem)) }
        return read
    }

    private func readText(_ relative: String) -> (text: String?, problem: Diagnostic?) {
        guard let bytes = FileSystem.read(options.content + "/" + relative) else {
            return (nil, Diagnostic(.unreadableFile, "`\(display(relative))` could not be read", at: SourceLocation(file: display(relative), line: 1, column: 1),
                                    expected: "a readable file", found: "a file the build may not read, or not a regular file",
                                    help: "check its permissions, or remove it from the content folder"))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let bad = firstInvalidUTF8(bytes) else { return (text, nil) }
        return (text, Diagnostic(.notUTF8, "`\(display(relative))` is not UTF-8 text",
                                 at: SourceLocation(file: display(relative), line: bad.line, column: bad.column),
                                 expected: "UTF-8 text", found: "the byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true))",
                                 help: "save the file as UTF-8"))
    }

    private func misplaced(_ relative: String) -> Diagnostic {
        let folders = Kind.allCases.map { "`\($0.folder)/`" }.joined(separator: ", ")
        return Diagnostic(.misplacedFile, "`\(relative)` is not in a place Almanac reads", at: SourceLocation(file: display(relative), line: 1, column: 1),
                          expected: "a `.md` file directly in one of \(folders) (pages may use sub-folders), or a file under `assets/`",
                          found: "`\(relative)`",
                          help: "move it, or put files that are not documents under `assets/`")
    }
}

/// The first byte that is not part of valid UTF-8, with its line and column (columns in characters before it).
func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int, column: Int)? {
    guard let offset = bytes.withUnsafeBufferPointer(invalidUTF8Offset) else { return nil }
    var line = 1, column = 1
    for byte in bytes[..<offset] {
        if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
    }
    return (offset, line, column)
}

/// The offset of the first byte that does not begin a well-formed UTF-8 sequence (overlong forms, surrogates and
/// code points past U+10FFFF included); ASCII is skipped eight bytes at a time.
private func invalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    var i = 0
    while i < count {
        if i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
            continue
        }
        let b = base[i]
        let length: Int
        switch b {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return i
        }
        guard i + length <= count else { return i }
        for k in 1..<length where base[i + k] & 0xC0 != 0x80 { return i }
        if length == 3 {
            let code = (Int(b & 0x0F) << 12) | (Int(base[i + 1] & 0x3F) << 6)
            if code < 0x800 || (code >= 0xD800 && code <= 0xDFFF) { return i }
        }
        if length == 4 {
            let code = (Int(b & 0x07) << 18) | (Int(base[i + 1] & 0x3F) << 12)
            if code < 0x10000 || code > 0x10FFFF { return i }
        }
        i += length
    }
    return nil
}

extension String {
    fileprivate func trimmingHyphens() -> String {
        String(drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}

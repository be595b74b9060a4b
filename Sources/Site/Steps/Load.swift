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
}

extension Build {
    /// Reads `almanac.yaml`, finds every document by its folder, and loads the theme.
    func load() -> Loaded? {
        let root = options.content
        guard FileSystem.isDirectory(root) == true else {
            report([Diagnostic(.configMissing, "there is no content folder at `\(root)`", at: nil,
                               expected: "a folder holding `almanac.yaml` and the documents", found: "nothing",
                               help: "run from the folder that holds `Content/`, or pass `--content PATH`")])
            return nil
        }
        let configPath = display("almanac.yaml")
        var config: SiteConfig?
        if let text = FileSystem.readText(root + "/almanac.yaml") {
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
        var staticFiles: [(String, String)] = []
        let scan = FileSystem.scan(root)
        for link in scan.brokenLinks {
            report([Diagnostic(.unreadableFile, "`\(link)` is a symbolic link to nothing", at: SourceLocation(file: display(link), line: 1, column: 1),
                               expected: "a file or a link to a file inside the content folder", found: "a broken link",
                               help: "remove the link or point it at an existing file")])
        }
        for link in scan.escapingLinks {
            report([Diagnostic(.unreadableFile, "`\(link)` is a symbolic link that leads outside the content folder", at: SourceLocation(file: display(link), line: 1, column: 1),
                               expected: "a file inside the content folder", found: "a link out of it",
                               help: "copy the file into the content folder: Almanac reads nothing outside it")])
        }
        for relative in scan.files {
            let parts = relative.split(separator: "/").map(String.init)
            let top = parts[0]
            if relative == "almanac.yaml" || top == "_theme" || top == "_schemas" { continue }
            if top == "assets" { staticFiles.append((relative, root + "/" + relative)); continue }
            if parts.count == 3, top == "experiments", parts[1] == "data" { continue }
            guard let kind = Kind(folder: top), relative.hasSuffix(".md"), kind == .page || parts.count == 2 else {
                report([misplaced(relative)])
                continue
            }
            let slug = String(parts.last!.dropLast(3))
            guard isValidSlug(slug) else {
                let suggestion = Slugger.slug(slug).replacingOccurrences(of: "_", with: "-").filter { $0.isASCII }.trimmingHyphens()
                report([Diagnostic(.invalidSlug, "`\(parts.last!)` is not a valid document name",
                                   at: SourceLocation(file: display(relative), line: 1, column: 1),
                                   expected: "a slug of lowercase letters, digits and hyphens, starting with a letter or digit",
                                   found: "`\(slug)`", help: suggestion.isEmpty ? nil : "rename the file to `\(suggestion).md`")])
                continue
            }
            guard let bytes = FileSystem.read(root + "/" + relative) else {
                report([Diagnostic(.unreadableFile, "`\(display(relative))` could not be read", at: nil)])
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            remember(source: text, for: display(relative))
            files.append(Loaded.File(path: relative, kind: kind, slug: slug, text: text))
        }

        var theme: Theme?
        if options.render {
            let (loadedTheme, themeProblems) = Theme.load(folder: options.theme, overrides: root + "/_theme", displayFolder: options.theme)
            report(themeProblems)
            theme = loadedTheme
        }
        let (schemas, schemaProblems) = SchemaSet.load(extensions: root + "/_schemas", display: display("_schemas"))
        report(schemaProblems)
        return Loaded(config: config, files: files, theme: theme, schemas: schemas, staticFiles: staticFiles)
    }

    private func misplaced(_ relative: String) -> Diagnostic {
        let folders = Kind.allCases.map { "`\($0.folder)/`" }.joined(separator: ", ")
        return Diagnostic(.misplacedFile, "`\(relative)` is not in a place Almanac reads", at: SourceLocation(file: display(relative), line: 1, column: 1),
                          expected: "a `.md` file directly in one of \(folders) (pages may use sub-folders), or a file under `assets/`",
                          found: "`\(relative)`",
                          help: "move it, or put files that are not documents under `assets/`")
    }
}

extension String {
    fileprivate func trimmingHyphens() -> String {
        String(drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}

import Diagnostics
import FrontMatter
import Model

extension Build {
    /// Checks every document's front matter against its kind's schema (the built-in one, or the site's
    /// extension of it), in parallel, and reports each file's problems: the parse step's, then the schema's or,
    /// for a kind without a schema, the typed decoder's. A document with errors is kept, marked invalid, so that
    /// references to it still resolve while the rules that need a whole document skip it.
    /// Each file's document and problems, in the order given; the caller reports them.
    func validate(_ parsed: [ParsedDocument], schemas: SchemaSet) -> [(document: Document?, diagnostics: [Diagnostic])] {
        parallelMap(parsed.count) { i -> (document: Document?, diagnostics: [Diagnostic]) in
            let validate = parsed[i].document.flatMap { schemas.schemas[$0.kind] }.map { schema in
                { (value: Value) in schema.diagnostics(value) }
            }
            return parsed[i].validated(by: validate)
        }
    }

    /// The parse and validate steps over every file of `loaded`, in order, each file's problems reported. With a
    /// memory, a file whose text (and, for an experiment, results files) are those of its last parse is taken
    /// from there, not parsed again.
    func parsedAndValidated(_ loaded: Loaded) -> [(document: Document?, diagnostics: [Diagnostic])] {
        memory?.useDataFiles(loaded.dataFiles)
        let dataVersion = memory?.dataVersion
        let kept = loaded.files.map { file -> BuildMemory.Checked? in
            guard let old = memory?.checked[file.path], old.text == file.text,
                  old.dataVersion == (file.kind == .experiment ? dataVersion : nil) else { return nil }
            return old
        }
        let fresh = loaded.files.indices.filter { kept[$0] == nil }
        let parsed = step("parse") { parse(loaded, only: fresh) }
        let validated = step("validate") { validate(parsed, schemas: loaded.schemas) }
        var results = kept.map { $0.map { (document: $0.document, diagnostics: $0.diagnostics) } }
        for (n, i) in fresh.enumerated() {
            results[i] = validated[n]
            let file = loaded.files[i]
            memory?.checked[file.path] = BuildMemory.Checked(text: file.text, dataVersion: file.kind == .experiment ? dataVersion : nil,
                                                            document: validated[n].document, diagnostics: validated[n].diagnostics)
        }
        if let memory, memory.checked.count > loaded.files.count {
            let paths = Set(loaded.files.map(\.path))
            memory.checked = memory.checked.filter { paths.contains($0.key) }
        }
        memory?.report.parsed = fresh.count
        let all = results.map { $0! }
        report(all.flatMap(\.diagnostics).map(shown))
        return all
    }
}

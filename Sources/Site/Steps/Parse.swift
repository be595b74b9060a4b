import Diagnostics
import Markdown
import FrontMatter
import Model

extension Build {
    /// Splits, parses and decodes every document in parallel: front matter into typed values, body into a tree,
    /// and an experiment's `results_file` (read by the load step) into its results. The schemas are applied by
    /// the next step, `validate`.
    /// `only` limits the work to those files (by index in `loaded.files`); the result holds one per index.
    func parse(_ loaded: Loaded, only: [Int]? = nil) -> [ParsedDocument] {
        let options = MarkdownDocument.Options(allowRawHTML: loaded.config?.allowRawHTML ?? false)
        let indices = only ?? Array(loaded.files.indices)
        return parallelMap(indices.count) { n -> ParsedDocument in
            let file = loaded.files[indices[n]]
            var parsed = Document.parseUnvalidated(path: file.path, kind: file.kind, slug: file.slug, text: file.text,
                                                   markdown: options)
            // An experiment's results file is decoded with it: later steps see its figures as `results`.
            if let document = parsed.document {
                let (withResults, problems) = ResultsFile.attach(to: document, files: loaded.dataFiles)
                parsed.document = withResults
                parsed.diagnostics += problems
            }
            return parsed
        }
    }

    /// A diagnostic of the model, whose paths are relative to the content folder, with the paths a writer sees.
    func shown(_ diagnostic: Diagnostic) -> Diagnostic {
        var d = diagnostic
        if let file = d.location?.file { d.location?.file = display(file) }
        d.notes = d.notes.map { note in
            var n = note
            if let file = n.location?.file { n.location?.file = display(file) }
            return n
        }
        return d
    }
}

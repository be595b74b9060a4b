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
}

import Diagnostics
import FrontMatter

/// A JSON Schema (draft 2020-12) that validates positioned front-matter values.
public enum SchemaPlaceholder {}

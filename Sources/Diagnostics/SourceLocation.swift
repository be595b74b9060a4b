/// A place in a file of the knowledge base: what a diagnostic points at.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path as the writer knows it, relative to the content folder where possible.
    public var file: String
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// How many columns the span covers (at least 1), for the caret line.
    public var length: Int

    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

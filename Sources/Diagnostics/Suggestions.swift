/// "Did you mean ...?": the valid names nearest to a misspelt one.
public enum Suggestions {
    /// The candidates within a small edit distance of `word`, nearest first, at most `limit`.
    public static func nearest(to word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        let budget = max(1, min(3, target.count / 3 + 1))
        var scored: [(Int, String)] = []
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            let isPrefix = candidate.lowercased().hasPrefix(word.lowercased()) || word.lowercased().hasPrefix(candidate.lowercased())
            if distance <= budget || (isPrefix && !word.isEmpty) {
                scored.append((distance, candidate))
            }
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }

    /// A ready-made help line, or nil when nothing is near.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String? {
        let near = nearest(to: word, in: candidates)
        guard !near.isEmpty else { return nil }
        return "did you mean " + near.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }

    /// Optimal string alignment distance (Levenshtein with transpositions).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// Counts the crossings between two adjacent layers exactly, with the accumulator tree of Barth, Jünger and Mutzel (2004).
enum CrossingCount {
    /// The number of crossings among straight edges between two layers.
    ///
    /// - Parameters:
    ///   - southSequence: each edge's position in the lower layer, the edges sorted by their position in the upper
    ///     layer and then by their position in the lower layer. Edges sharing an end never count as crossing.
    ///   - southCount: the number of positions in the lower layer (every entry is below it).
    ///   - tree: scratch space, reused between calls.
    static func bilayer(southSequence: [Int], southCount: Int, tree: inout [Int]) -> Int {
        guard southSequence.count > 1, southCount > 1 else { return 0 }
        var first = 1
        while first < southCount { first *= 2 }
        let size = 2 * first - 1
        first -= 1
        if tree.count < size { tree = [Int](repeating: 0, count: size) }
        else { for i in 0..<size { tree[i] = 0 } }
        var crossings = 0
        tree.withUnsafeMutableBufferPointer { t in
            for p in southSequence {
                var index = p + first
                t[index] += 1
                while index > 0 {
                    if index % 2 == 1 { crossings += t[index + 1] }
                    index = (index - 1) / 2
                    t[index] += 1
                }
            }
        }
        return crossings
    }
}

import Dispatch

/// Runs `body` for every index in parallel on all cores, collecting the results in order. Each slot of the
/// result is written by exactly one iteration, so no lock is needed.
public func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots[i] = body(i)
            }
        }
    }
    return results.map { $0! }
}

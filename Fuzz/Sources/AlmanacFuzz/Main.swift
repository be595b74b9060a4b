// libFuzzer's entry point: the target named by ALMANAC_FUZZ_TARGET (one of FuzzTargets.names) reads every input.
import Foundation

private let target: String = {
    guard let name = ProcessInfo.processInfo.environment["ALMANAC_FUZZ_TARGET"], FuzzTargets.names.contains(name) else {
        fatalError("set ALMANAC_FUZZ_TARGET to one of: \(FuzzTargets.names.joined(separator: ", "))")
    }
    return name
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Writers' files are read as UTF-8 with invalid bytes repaired, as the build's load step does.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = FuzzTargets.run(target, text)
    return 0
}

// SwiftPM links an executable target with `main` defined as `<module>_main`, which takes libFuzzer's own `main`
// place: this one hands the command line to libFuzzer's driver, as its `main` does.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("AlmanacFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if let limit = ProcessInfo.processInfo.environment["ALMANAC_FUZZ_SCALING"].flatMap(Int.init) {
        return scaling(files: CommandLine.arguments.dropFirst(), upTo: limit)
    }
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv, fuzzOneInput)
}

/// The scaling pass: each file is repeated 1, 2, 4, ... times up to `limit` bytes and read by the target. A file
/// whose time grows more than 4× per doubling over two doublings in a row (more than 12× for 4× the bytes; a
/// linear reader takes 4×), ending above 0.1 s, is super-linear; so is one that takes over 10 s. Prints one line per
/// such file and returns 1 when there is any.
func scaling(files: ArraySlice<String>, upTo limit: Int) -> CInt {
    var flagged = 0
    for path in files {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { continue }
        var text = String(decoding: data, as: UTF8.self), times: [Double] = []
        print("reading \(path)")   // names the input when the reader crashes
        while text.utf8.count <= limit {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = FuzzTargets.run(target, text)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            times.append(seconds)
            if times.count >= 3, seconds > 0.1, seconds > 12 * times[times.count - 3] {
                print("super-linear: \(path): \(text.utf8.count / 4) bytes \(String(format: "%.3f", times[times.count - 3])) s, "
                      + "\(text.utf8.count) bytes \(String(format: "%.3f", seconds)) s")
                flagged += 1
                break
            }
            if seconds > 10 { print("slow: \(path): \(text.utf8.count) bytes \(String(format: "%.1f", seconds)) s"); flagged += 1; break }
            text += text
        }
    }
    print("scaling: \(files.count) inputs, \(flagged) super-linear")
    return flagged == 0 ? 0 : 1
}

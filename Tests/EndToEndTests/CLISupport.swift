import Foundation
import Testing

/// Runs the built `scencat` binary, as scripts and CI do.
enum CLI {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The built binary, found as swift-argument-parser's example tests find theirs: among the
    /// products of the build that made these tests, beside the test bundle — so a release build,
    /// another triple or another scratch folder tests its own binary. `SCENCAT_BIN` names another one.
    static var binary: String {
        ProcessInfo.processInfo.environment["SCENCAT_BIN"] ?? productsDirectory.appendingPathComponent("scencat").path
    }

    /// The folder of the build products: the test bundle's folder (`.build/<triple>/debug`).
    static var productsDirectory: URL {
        let bundle = Bundle(for: TmuxSession.self).bundleURL
        return bundle.lastPathComponent.hasSuffix("xctest") ? bundle.deletingLastPathComponent() : bundle
    }

    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs scencat with `args`; fails the test when the binary was not built.
    static func run(_ args: [String], cwd: String? = nil, env: [String: String] = [:], stdin: String? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("scencat is not built at \(binary): run `swift build --product scencat` first (scripts/test does)")
            throw CocoaError(.fileNoSuchFile)
        }
        return try exec(binary, args, cwd: cwd, env: env, stdin: stdin)
    }

    static func exec(_ path: String, _ args: [String], cwd: String? = nil, env: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "SCENCAT_CATALOG")
        // The texts these tests read are the bilingual ones, whatever the machine's locale (docs/0020).
        environment["SCENCAT_LANG"] = "both"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a large output never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh copy of the demo catalogue in a temporary directory.
    static func demoCopy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dest = dir.appendingPathComponent("Catalog")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Catalog"), to: dest)
        try? FileManager.default.removeItem(at: dest.appendingPathComponent(".scencat"))
        return dest.path
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    static func files(in dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
    }
}

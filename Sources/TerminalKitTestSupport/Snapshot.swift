import Foundation

/// Plain-text snapshots for screen tests: a rendered screen (`TestBackend.screenText()` or
/// `Buffer.plainText()`) is compared with `Snapshots/<name>.txt` beside the test file.
///
/// With `RECORD_SNAPSHOTS=1` in the environment the file is (re)written and the check passes.
/// A missing file is recorded too, but reported as a failure so that a new snapshot is
/// looked at once before it is trusted (and so CI never passes on a snapshot it lacks).
///
///     #expect(Snapshot.mismatch(backend.screenText(), named: "scenario-list") == nil)
public enum Snapshot {
    /// Nil when `actual` equals the stored snapshot; otherwise a description of the first
    /// difference (or of the recording) for the test failure message.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let directory = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
        return mismatch(actual, named: name, directory: directory)
    }

    /// As `mismatch(_:named:testFile:)`, with the snapshot folder given explicitly.
    public static func mismatch(_ actual: String, named name: String, directory: URL,
                                record: Bool = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1") -> String? {
        let file = directory.appendingPathComponent(name + ".txt")
        let stored = try? String(contentsOf: file, encoding: .utf8)
        if record || stored == nil {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try (actual + "\n").write(to: file, atomically: true, encoding: .utf8)
            } catch {
                return "could not record snapshot \(file.path): \(error)"
            }
            return record ? nil : "recorded new snapshot \(file.path); check it and run again"
        }
        guard var expected = stored else { return nil }
        if expected.hasSuffix("\n") { expected.removeLast() }
        guard expected != actual else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? expectedLines[index] : "<no line>"
            let got = index < actualLines.count ? actualLines[index] : "<no line>"
            if want != got {
                return "snapshot \(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n"
                    + "(RECORD_SNAPSHOTS=1 re-records \(file.path))"
            }
        }
        return "snapshot \(name) differs"
    }
}

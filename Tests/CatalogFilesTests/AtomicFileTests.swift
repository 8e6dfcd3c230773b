@testable import CatalogFiles
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Atomic writes, proven by making them fail at each step (fault injection) rather than by killing
/// a process at a moment chosen with a sleep: the target is the old file or the new one, never a
/// mix, and no temporary file is left beside it.
@Suite struct AtomicFileTests {
    struct InjectedFault: Error {}

    /// A fresh folder holding `file.yaml` with `original`.
    static func folder(original: String = "kind: Scenario\nid: old\n", mode: mode_t = 0o644) throws -> (dir: String, file: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/file.yaml"
        try Data(original.utf8).write(to: URL(fileURLWithPath: file))
        #expect(chmod(file, mode) == 0)
        return (dir, file)
    }

    static func mode(_ path: String) throws -> mode_t {
        var st = stat()
        guard stat(path, &st) == 0 else { throw FileError.posix(path, "stat") }
        return st.st_mode & 0o7777
    }

    static func names(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test("a write replaces the file whole, gives it the mode asked for (0644 by default) and leaves nothing else")
    func writeReplacesWithMode() throws {
        let (dir, file) = try Self.folder()
        try AtomicFile.write("kind: Scenario\nid: new\n", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "kind: Scenario\nid: new\n")
        // The temporary file is created 0600; the saved file must not keep that mode.
        #expect(try Self.mode(file) == 0o644)
        #expect(try Self.names(dir) == ["file.yaml"])

        try AtomicFile.write("x\n", to: file, mode: 0o600)
        #expect(try Self.mode(file) == 0o600)
        let created = dir + "/new.yaml"
        try AtomicFile.write("y\n", to: created, mode: 0o640)
        #expect(try Self.mode(created) == 0o640)
        #expect(try Self.names(dir) == ["file.yaml", "new.yaml"])
    }

    @Test("a write that fails at any step leaves the original intact, with its mode, and no temporary file",
          arguments: AtomicFile.Step.allCases)
    func failedWriteKeepsTheOriginal(at step: AtomicFile.Step) throws {
        let original = "kind: Scenario\nid: old\ntitle: 原来的标题\n"
        let (dir, file) = try Self.folder(original: original, mode: 0o640)
        #expect(throws: InjectedFault.self) {
            try AtomicFile.write(Array("kind: Scenario\nid: new\n".utf8), to: file, mode: 0o644) { reached in
                if reached == step { throw InjectedFault() }
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == original)
        #expect(try Self.mode(file) == 0o640)
        #expect(try Self.names(dir) == ["file.yaml"])
    }

    @Test("a write into a folder that does not exist fails naming the path, and creates nothing")
    func writeIntoMissingFolder() throws {
        let (dir, _) = try Self.folder()
        let error = #expect(throws: FileError.self) { try AtomicFile.write("x\n", to: dir + "/no-such/file.yaml") }
        #expect(error?.path == dir + "/no-such/file.yaml")
        #expect(error?.reason.hasPrefix("cannot create a temporary file") == true)
        #expect(try Self.names(dir) == ["file.yaml"])
    }

    // MARK: writeAll (new files only, docs/0030)

    @Test("writeAll creates every new file with its bytes and mode, by renameat2(RENAME_NOREPLACE) and by link and unlink alike",
          arguments: [AtomicFile.Placing.renameNoReplace, .linkThenUnlink])
    func writeAllCreates(placing: AtomicFile.Placing) throws {
        let (dir, _) = try Self.folder()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        let files = [(path: dir + "/a.yaml", bytes: Array("id: a\n".utf8)), (path: dir + "/sub/b.yaml", bytes: Array("id: b\n".utf8)),
                     (path: dir + "/c.yaml", bytes: [UInt8]())]
        let stamps = try AtomicFile.writeAll(files, mode: 0o640, placing: placing, after: { _ in })
        #expect(stamps.map(\.size) == [6, 6, 0])
        #expect(try String(contentsOfFile: dir + "/a.yaml", encoding: .utf8) == "id: a\n")
        #expect(try String(contentsOfFile: dir + "/sub/b.yaml", encoding: .utf8) == "id: b\n")
        #expect(try Self.mode(dir + "/sub/b.yaml") == 0o640)
        #expect(try Self.names(dir) == ["a.yaml", "c.yaml", "file.yaml", "sub"])
        #expect(try Self.names(dir + "/sub") == ["b.yaml"])
    }

    @Test("writeAll never replaces a file: an existing name fails the batch, the file keeps its bytes, nothing else is left",
          arguments: [AtomicFile.Placing.renameNoReplace, .linkThenUnlink])
    func writeAllRefusesToReplace(placing: AtomicFile.Placing) throws {
        let (dir, file) = try Self.folder(original: "kept\n")
        // The existing name comes after a file already put in place: that one is removed again.
        let files = [(path: dir + "/new.yaml", bytes: Array("id: new\n".utf8)), (path: file, bytes: Array("replaced\n".utf8)),
                     (path: dir + "/later.yaml", bytes: Array("id: later\n".utf8))]
        var error: FileError?
        do { try AtomicFile.writeAll(files, mode: 0o644, placing: placing, after: { _ in }) } catch let e as FileError { error = e }
        #expect(error?.path == file)
        #expect(error?.arguments == ["cannot create the file", String(EEXIST)])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "kept\n")
        #expect(try Self.names(dir) == ["file.yaml"])
    }

    @Test("the public writeAll refuses an existing file too (whichever way this system places files)")
    func publicWriteAllRefusesToReplace() throws {
        let (dir, file) = try Self.folder(original: "kept\n")
        #expect(throws: FileError.self) { try AtomicFile.writeAll([(path: file, bytes: Array("replaced\n".utf8))]) }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "kept\n")
        #expect(try Self.names(dir) == ["file.yaml"])
    }

    @Test("writeAll failing at any step leaves neither temporary nor new files", arguments: AtomicFile.BatchStep.allCases)
    func writeAllFaultAtEachStep(step: AtomicFile.BatchStep) throws {
        let (dir, _) = try Self.folder()
        let files = (1...5).map { (path: dir + "/n\($0).yaml", bytes: Array("id: n\($0)\n".utf8)) }
        #expect(throws: InjectedFault.self) {
            try AtomicFile.writeAll(files, after: { if $0 == step { throw InjectedFault() } })
        }
        #expect(try Self.names(dir) == ["file.yaml"])
    }
}


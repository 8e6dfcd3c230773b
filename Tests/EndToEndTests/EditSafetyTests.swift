import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Saves survive a kill at any moment, and two processes never silently lose each other's change.
@Suite("Editing safety: crashes and concurrent writers", .serialized)
struct EditSafetyTests {
    let sid = "chaozhou-ancient-city-guide"

    /// Starts scencat without waiting for it.
    func start(_ args: [String], env: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The points where a save can be killed, each brought about deterministically (no kill timed
    /// with a sleep): waiting for the write lock, after the temporary file is written (before the
    /// rename), after the rename (before the index and the journal). Each leaves the file old or
    /// new, and `scencat index` makes the index agree with it. That the write itself is atomic at
    /// every step is proven in AtomicFileTests by fault injection.
    @Test("a save killed at any point leaves the file old or new, and `scencat index` makes the index consistent")
    func killedSaves() throws {
        let cat = try CLI.demoCopy()
        let file = "\(cat)/scenarios/\(sid).yaml"
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let original = try CLI.read(file)

        // 1. Killed while waiting for the write lock (held here): nothing written.
        let lockPath = "\(cat)/.scencat/write.lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        let p = try start(["set", sid, "title=版本甲", "--catalog", cat])
        // It is waiting once it holds the lock file open (polled, not slept on).
        var waiting = false
        for _ in 0..<1000 where !waiting {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p.processIdentifier)/fd")) ?? []
            waiting = fds.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(p.processIdentifier)/fd/\($0)")) == lockPath }
            if !waiting { usleep(10_000) }
        }
        #expect(waiting, "scencat set never opened the write lock")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        flock(lock, LOCK_UN)
        close(lock)
        #expect(try CLI.read(file) == original)

        // 2. Killed after writing the temporary file, before the rename: the file is old, a hidden
        //    half-written temporary file is left beside it.
        let leftover = "\(cat)/scenarios/.\(sid).yaml.tmp-Kx81Qz"
        try CLI.write(String(original.prefix(original.count / 2)), to: leftover)
        var index = try CLI.run(["index", "-v", "--catalog", cat])
        #expect(index.code == 0 && index.stderr.contains(": 0 read, 0 touched, 0 removed"), "\(index.stderr)")

        // 3. Killed after the rename, before the index and the journal: the file is new, the index old.
        let renamed = original.replacingOccurrences(of: "\ntitle: 潮州古城多语种智能导览\n", with: "\ntitle: 版本乙\n")
        #expect(renamed != original)
        try CLI.write(renamed, to: file)
        index = try CLI.run(["index", "-v", "--catalog", cat])
        #expect(index.code == 0 && index.stderr.contains(": 1 read, 0 touched, 0 removed"), "\(index.stderr)")
        let shown = try CLI.run(["show", sid, "--format", "json", "--catalog", cat])
        let entity = try #require(try CLI.json(shown.stdout) as? [String: Any], "\(shown.stdout.prefix(300))")
        #expect(entity["title"] as? String == "版本乙")
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        // The temporary file is never read as an entity, and the next save works.
        let listed = try #require(try CLI.json(try CLI.run(["list", "scenarios", "--format", "json", "--catalog", cat]).stdout) as? [Any])
        #expect(listed.count == (try CLI.files(in: "\(cat)/scenarios").count))
        let set = try CLI.run(["set", sid, "title=版本丙", "--catalog", cat])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try CLI.read(file).contains("\ntitle: 版本丙\n"))
    }

    @Test("two processes adding tags to the same scenario: every save that reported success is in the file")
    func sameEntityNoLostUpdate() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let group = DispatchGroup()
        nonisolated(unsafe) var succeeded: [String] = []
        let lock = NSLock()
        for writer in ["甲", "乙"] {
            group.enter()
            DispatchQueue.global().async {
                for i in 0..<6 {
                    let tag = "\(writer)\(i)"
                    if let r = try? CLI.run(["set", sid, "tags+=\(tag)", "--catalog", cat]) {
                        #expect(r.code == 0 || r.code == 3, "\(r.stderr)")
                        if r.code == 0 { lock.lock(); succeeded.append(tag); lock.unlock() }
                    }
                }
                group.leave()
            }
        }
        group.wait()
        let text = try CLI.read("\(cat)/scenarios/\(sid).yaml")
        #expect(!succeeded.isEmpty)
        for tag in succeeded { #expect(text.contains("- \(tag)\n"), "lost \(tag)") }
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
    }

    @Test("an edit open in $EDITOR while another process saves the same entity is refused (exit 3), keeping the other change")
    func editorVersusSet() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let dir = (cat as NSString).deletingLastPathComponent
        let editor = "\(dir)/slow-editor.sh"
        let started = "\(dir)/editor-started"
        // The editor says when it has the file (the edit has opened the entity), then waits for the other save.
        try CLI.write("#!/bin/sh\ntouch '\(started)'\nwhile [ ! -e '\(dir)/other-saved' ]; do sleep 0.05; done\nsed -i 's/^title: .*/title: 编辑器的标题/' \"$1\"\n", to: editor)
        chmod(editor, 0o755)
        let group = DispatchGroup()
        nonisolated(unsafe) var editResult: CLI.Result?
        group.enter()
        DispatchQueue.global().async {
            editResult = try? CLI.run(["edit", sid, "--catalog", cat], env: ["VISUAL": editor])
            group.leave()
        }
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: started) { usleep(50_000) }
        let set = try CLI.run(["set", sid, "stage=scaled", "--catalog", cat])
        #expect(set.code == 0, "\(set.stderr)")
        FileManager.default.createFile(atPath: "\(dir)/other-saved", contents: nil)
        group.wait()
        #expect(editResult?.code == 3, "\(editResult?.stderr ?? "")")
        let text = try CLI.read("\(cat)/scenarios/\(sid).yaml")
        #expect(text.contains("stage: scaled"))
        #expect(!text.contains("编辑器的标题"))
    }

    @Test("two processes editing different entities at once both land")
    func differentEntities() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let ids = try CLI.files(in: "\(cat)/scenarios").prefix(2).map { $0.replacingOccurrences(of: ".yaml", with: "") }
        let group = DispatchGroup()
        for (n, id) in ids.enumerated() {
            group.enter()
            DispatchQueue.global().async {
                for i in 0..<4 {
                    let r = try? CLI.run(["set", id, "tags+=并发\(n)-\(i)", "--catalog", cat])
                    #expect(r?.code == 0, "\(r?.stderr ?? "")")
                }
                group.leave()
            }
        }
        group.wait()
        for (n, id) in ids.enumerated() {
            let text = try CLI.read("\(cat)/scenarios/\(id).yaml")
            for i in 0..<4 { #expect(text.contains("- 并发\(n)-\(i)\n")) }
        }
        let index = try CLI.run(["index", "-v", "--catalog", cat])
        #expect(index.code == 0)
        #expect(index.stderr.contains("0 read"), "\(index.stderr)")
    }
}

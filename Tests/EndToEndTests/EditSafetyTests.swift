import Foundation
import Testing

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

    @Test("SIGKILL at many points of a save loop leaves each file old or new, and `scencat index` makes the index consistent")
    func killDuringSaves() throws {
        let cat = try CLI.demoCopy()
        let file = "\(cat)/scenarios/\(sid).yaml"
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        // The two versions a save can leave: title A or title B (same day, so the same `updated`).
        #expect(try CLI.run(["set", sid, "title=版本甲", "--catalog", cat]).code == 0)
        let versionA = try CLI.read(file)
        #expect(try CLI.run(["set", sid, "title=版本乙", "--catalog", cat]).code == 0)
        let versionB = try CLI.read(file)
        var kills = 0
        for i in 0..<24 {
            let title = i % 2 == 0 ? "版本甲" : "版本乙"
            let p = try start(["set", sid, "title=\(title)", "--catalog", cat])
            usleep(useconds_t(2_000 + (i * 7_919) % 120_000))   // spread over the run: index, check, write, index, journal
            if p.isRunning { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()
            let now = try CLI.read(file)
            #expect(now == versionA || now == versionB, "iteration \(i): a half-written file")
        }
        #expect(kills > 0)
        let index = try CLI.run(["index", "--catalog", cat])
        #expect(index.code == 0, "\(index.stderr)")
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        let shown = try CLI.run(["show", sid, "--format", "json", "--catalog", cat])
        let title = try CLI.read(file).contains("title: 版本甲") ? "版本甲" : "版本乙"
        #expect(shown.stdout.contains("\"title\" : \"\(title)\"") || shown.stdout.contains("\"title\": \"\(title)\""), "\(shown.stdout.prefix(300))")
        // Temp files of killed writes are hidden (dot files) and never read as entities.
        let listed = try CLI.run(["list", "scenarios", "--format", "json", "--catalog", cat])
        #expect(listed.code == 0)
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

import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import ScencatApp
import Testing
import TerminalKit

/// Two clones of the demo catalogue and a bare remote, made with the real git; clone `b` has a
/// change of its own and the remote a change of the same scenario's title (a conflict) or of another.
final class SyncRepos {
    let dir: String
    var b: String { dir + "/b" }
    let store: IndexStore
    static let scenario = "scenarios/chaozhou-ancient-city-guide.yaml"

    init(conflict: Bool) throws {
        let fm = FileManager.default
        dir = fm.temporaryDirectory.appendingPathComponent("scencat-syncui-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir + "/a", withIntermediateDirectories: true)
        let source = AppFixture.packageRoot.appendingPathComponent("Catalog").path
        for entry in try fm.contentsOfDirectory(atPath: source) where entry != ".scencat" {
            try fm.copyItem(atPath: source + "/" + entry, toPath: dir + "/a/" + entry)
        }
        try "/.scencat/\n".write(toFile: dir + "/a/.gitignore", atomically: true, encoding: .utf8)
        try Self.git(["init", "--quiet", "--bare", "--initial-branch", "main", "remote.git"], in: dir)
        try Self.git(["init", "--quiet", "--initial-branch", "main"], in: dir + "/a")
        try Self.identity(dir + "/a")
        try Self.git(["add", "--all"], in: dir + "/a")
        try Self.git(["commit", "--quiet", "-m", "demo"], in: dir + "/a")
        try Self.git(["remote", "add", "origin", dir + "/remote.git"], in: dir + "/a")
        try Self.git(["push", "--quiet", "-u", "origin", "main"], in: dir + "/a")
        try Self.git(["clone", "--quiet", dir + "/remote.git", "b"], in: dir)
        try Self.identity(dir + "/b")
        // The remote moves on: a new title (and, without a conflict, another scenario's stage).
        try Self.edit(dir + "/a/" + Self.scenario, "title: 潮州古城多语种智能导览", "title: 潮州古城智能导览（远程）")
        try Self.git(["commit", "--quiet", "-am", "remote title"], in: dir + "/a")
        try Self.git(["push", "--quiet"], in: dir + "/a")
        // Here: the same title (a conflict) or a field of another scenario.
        if conflict {
            try Self.edit(dir + "/b/" + Self.scenario, "title: 潮州古城多语种智能导览", "title: 潮州古城导览（本地）")
        } else {
            try Self.edit(dir + "/b/" + Self.scenario, "stage: demonstration", "stage: scaled")
        }
        store = try IndexStore(catalogRoot: dir + "/b")
        _ = try Indexer(root: dir + "/b", store: store).run()
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    static func identity(_ repo: String) throws {
        try git(["config", "user.name", "办公室"], in: repo)
        try git(["config", "user.email", "office@example.org"], in: repo)
    }

    static func edit(_ path: String, _ old: String, _ new: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @discardableResult
    static func git(_ args: [String], in dir: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C.UTF-8"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            Issue.record("git \(args.joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func rev(_ ref: String, in sub: String) throws -> String {
        try Self.git(["rev-parse", ref], in: dir + "/" + sub).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The app on clone b, started; keys are sent one by one, each followed by waiting for the
    /// background work it started (fetch, plan, sync).
    func app(width: Int = 120, height: Int = 30) -> (TestBackend, Runtime) {
        let backend = TestBackend(width: width, height: height)
        let runtime = Runtime(backend: backend, store: store, layout: CatalogLayout(root: b))
        runtime.run(refreshIndex: false, untilIdle: true)
        runtime.settle()
        return (backend, runtime)
    }
}

extension Runtime {
    /// Sends keys one at a time, letting the work each one starts finish before the next.
    func press(_ script: String) {
        for key in Key.script(script) {
            send(.key(key))
            settle()
        }
    }
}

@Suite("Sync screen", .serialized)
struct SyncScreenTests {
    @Test func planShowsLocalChangesIncomingCommitsAndTheExpectedConflict() throws {
        let repos = try SyncRepos(conflict: true)
        defer { repos.remove() }
        let (backend, runtime) = repos.app()
        runtime.press("y")
        let screen = backend.screenText()
        #expect(screen.contains("同步 Sync · 计划 plan"), "\(screen)")
        #expect(screen.contains("Local changes to commit (1):"))
        #expect(screen.contains("~ scenario chaozhou-ancient-city-guide (潮州古城导览（本地）)"))
        #expect(screen.contains("title: \"潮州古城多语种智能导览\" → \"潮州古城导览（本地）\""))
        #expect(screen.contains("Incoming from origin/main (1 commit):"))
        #expect(screen.contains("Conflicts expected (1):"))
        // The header has the counts against the remote as fetched for the plan.
        #expect(screen.rows[0].contains("⎇ main │ ↑0 ↓1"), "\(screen.rows[0])")
        #expect(screen.contains("<y> sync") && screen.contains("<esc> close"), "\(screen)")
        // Esc closes it; nothing changed.
        runtime.press("<Esc>")
        #expect(runtime.state.syncScreen == nil)
        #expect(!backend.screenText().contains("同步 Sync"))
        #expect(try repos.rev("HEAD", in: "b") == repos.rev("HEAD~1", in: "a"))
    }

    @Test func conflictResolvedFieldByFieldThenTheSyncFinishes() throws {
        let repos = try SyncRepos(conflict: true)
        defer { repos.remove() }
        let (backend, runtime) = repos.app()
        runtime.press("y")
        runtime.press("y")
        let confirm = backend.screenText()
        #expect(confirm.contains("同步？ Sync now?"), "\(confirm)")
        #expect(confirm.contains("│ Plan: commit 1 change, merge 1 incoming commit, push. The merge will"))
        runtime.press("y")
        let conflicts = backend.screenText()
        #expect(conflicts.contains("同步 Sync · 冲突 conflicts (1)"), "\(conflicts)")
        #expect(conflicts.contains("▸ scenario chaozhou-ancient-city-guide"))
        let row = try #require(conflicts.rows.first { $0.hasPrefix("  title") })
        #expect(row.contains("\"潮州古城多语种智能导览\""))
        #expect(row.contains("\"潮州古城导览（本地）\""))
        #expect(row.contains("\"潮州古城智能导览（远程）\""))
        #expect(row.hasSuffix("?"))
        // The columns line up under their headings, whatever the Chinese before them.
        let heading = try #require(conflicts.rows.first { $0.hasPrefix("  字段") })
        #expect(heading.column(of: "ours 本地") == row.column(of: "\"潮州古城导览（本地）\""))
        #expect(heading.column(of: "theirs 远程") == row.column(of: "\"潮州古城智能导览（远程）\""))
        #expect(conflicts.contains("<o> ours") && conflicts.contains("<t> theirs") && conflicts.contains("<enter> apply"), "\(conflicts)")
        // Nothing committed while the conflict is open.
        #expect(try repos.rev("origin/main", in: "b") == repos.rev("HEAD", in: "a"))

        // Enter before deciding says what is missing.
        runtime.press("<Enter>")
        #expect(backend.screenText().contains("decide every field of scenario chaozhou-ancient-city-guide first"))
        runtime.press("t")
        #expect(backend.screenText().rows.first { $0.hasPrefix("  title") }?.hasSuffix("← theirs") == true)
        runtime.press("<Enter>")
        let resolved = backend.screenText()
        #expect(resolved.contains("没有冲突了 · no conflict left: y finishes the sync"), "\(resolved)")
        let file = try String(contentsOfFile: repos.b + "/" + SyncRepos.scenario, encoding: .utf8)
        #expect(file.contains("title: 潮州古城智能导览（远程）\n"))
        #expect(!file.contains("<<<<<<<"))

        runtime.press("y")
        #expect(backend.screenText().contains("同步？ Sync now?"))
        runtime.press("y")
        let done = backend.screenText()
        #expect(done.contains("同步 Sync · 完成 done"), "\(done)")
        #expect(done.contains("committed the merge left open by an earlier sync"))
        #expect(done.contains("pushed to origin/main"))
        #expect(try repos.rev("HEAD", in: "b") == repos.rev("main", in: "remote.git"))
        #expect(done.rows[0].contains("↑0 ↓0"), "\(done.rows[0])")
        // The list shows the merged title once the screen is closed.
        runtime.press("<Esc>")
        #expect(backend.screenText().contains("潮州古城智能导览（远程）"))
    }

    @Test func aConflictedValueCanBeTyped() throws {
        let repos = try SyncRepos(conflict: true)
        defer { repos.remove() }
        let (backend, runtime) = repos.app()
        runtime.press("yyy")
        #expect(backend.screenText().contains("冲突 conflicts (1)"))
        runtime.press("e")
        let typing = backend.screenText()
        #expect(typing.contains("新值 title: 潮州古城导览（本地）"), "\(typing)")
        #expect(typing.contains("<enter> set") && typing.contains("<esc> cancel"), "\(typing)")
        runtime.press("<C-u>")
        runtime.press("潮州古城双语导览<Enter>")
        #expect(backend.screenText().rows.first { $0.hasPrefix("  title") }?.hasSuffix("= \"潮州古城双语导览\"") == true, "\(backend.screenText())")
        runtime.press("<Enter>")
        let file = try String(contentsOfFile: repos.b + "/" + SyncRepos.scenario, encoding: .utf8)
        #expect(file.contains("title: 潮州古城双语导览\n"))
        runtime.press("yy")
        #expect(backend.screenText().contains("pushed to origin/main"))
    }

    @Test func withoutAConflictTheSyncRunsToTheEnd() throws {
        let repos = try SyncRepos(conflict: false)
        defer { repos.remove() }
        let (backend, runtime) = repos.app()
        runtime.press("y")
        #expect(!backend.screenText().contains("Conflicts expected"))
        runtime.press("yy")
        let done = backend.screenText()
        #expect(done.contains("同步 Sync · 完成 done"), "\(done)")
        #expect(done.contains("committed"))
        #expect(done.contains("merged 1 commit from origin/main"))
        #expect(done.contains("re-indexed 1 of 1 changed file"))
        let file = try String(contentsOfFile: repos.b + "/" + SyncRepos.scenario, encoding: .utf8)
        #expect(file.contains("title: 潮州古城智能导览（远程）\n") && file.contains("stage: scaled\n"))
        #expect(try repos.rev("HEAD", in: "b") == repos.rev("main", in: "remote.git"))
    }

    @Test func headerCountsAtStart() throws {
        let repos = try SyncRepos(conflict: false)
        defer { repos.remove() }
        try SyncRepos.git(["fetch", "--quiet"], in: repos.b)
        try SyncRepos.git(["commit", "--quiet", "-am", "local"], in: repos.b)
        let (backend, _) = repos.app()
        #expect(backend.screenText().rows[0].contains("⎇ main │ ↑1 ↓1"), "\(backend.screenText().rows[0])")
    }
}

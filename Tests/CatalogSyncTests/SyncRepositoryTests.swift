import Foundation
import Testing
import CatalogCore
import CatalogFiles
import CatalogIndex
@testable import CatalogSync

/// `Syncer` against temporary repositories: a bare remote and clones of it, git's configuration
/// isolated (Sandbox). Without the scencat binary git merges the YAML as text, which is enough
/// for what is tested here: a clean merge, a conflict left open then resolved, and a push that
/// loses a race with another clone and is tried once more.
@Suite("Sync against temporary repositories", .serialized)
struct SyncRepositoryTests {
    /// `repo/` (a catalogue in `repo/Catalog`) pushed to `remote.git`, and clones of it.
    struct World {
        let box: Sandbox
        let a: CatalogRepository

        init(clones: [String]) throws {
            box = try Sandbox()
            a = try box.catalogueRepository()
            try box.git(["init", "--quiet", "--bare", "remote.git"], in: ".")
            try box.git(["remote", "add", "origin", box.dir + "/remote.git"])
            try box.git(["push", "--quiet", "-u", "origin", "main"])
            for name in clones { try box.git(["clone", "--quiet", box.dir + "/remote.git", name], in: ".") }
        }

        func repo(_ clone: String) throws -> CatalogRepository {
            try CatalogRepository.open(catalogRoot: box.dir + "/\(clone)/Catalog", environment: box.env)
        }

        func sync(_ repo: CatalogRepository) throws -> SyncOutcome {
            try Syncer(repo: repo, driverCommand: nil).run()
        }

        func head(_ sub: String) throws -> String { try box.git(["rev-parse", "HEAD"], in: sub).trimmingCharacters(in: .whitespacesAndNewlines) }
        func remoteMain() throws -> String { try box.git(["rev-parse", "main"], in: "remote.git").trimmingCharacters(in: .whitespacesAndNewlines) }

        func edit(_ relative: String, _ old: String, _ new: String) throws {
            let text = try box.read(relative)
            #expect(text.contains(old), "\(relative) has no \(old)")
            try box.write(relative, text.replacingOccurrences(of: old, with: new))
        }

        func remove() { try? FileManager.default.removeItem(atPath: box.dir) }
    }

    @Test("changes on both sides in different files merge, are indexed and pushed")
    func cleanMerge() throws {
        let w = try World(clones: ["b"])
        defer { w.remove() }
        try w.edit("repo/Catalog/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        let first = try w.sync(w.a)
        #expect(first.localCommit != nil && first.pushed)
        try w.box.write("b/Catalog/scenarios/gz-new.yaml", Sandbox.scenario("gz-new", title: "广州新场景"))
        let b = try w.repo("b")
        let second = try w.sync(b)
        #expect(second.localCommit != nil)
        #expect(second.mergedCommits == 1 && !second.fastForward)
        #expect(second.pushed && !second.pushRetried)
        #expect(try w.remoteMain() == w.head("b"))
        #expect(try w.box.read("b/Catalog/scenarios/sz-port.yaml").contains("stage: scaled"))
        // The index of b knows both changes.
        let store = try IndexStore(catalogRoot: w.box.dir + "/b/Catalog")
        #expect(try store.entity(id: "gz-new")?.displayName == "广州新场景")
        guard case .scenario(let s)? = try store.entity(id: "sz-port") else { Issue.record("sz-port not indexed"); return }
        #expect(s.stage == .scaled)
        // a gets b's scenario by a fast-forward.
        let back = try w.sync(w.a)
        #expect(back.fastForward && back.mergedCommits == 2 && !back.pushed)
    }

    @Test("a merge and a fast-forward re-index what they changed without leaving dead text-index rows")
    func mergedChangesRemoveTheirOldRows() throws {
        let w = try World(clones: ["b"])
        defer { w.remove() }
        try w.edit("repo/Catalog/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        _ = try w.sync(w.a)
        try w.box.write("b/Catalog/scenarios/gz-new.yaml", Sandbox.scenario("gz-new", title: "广州新场景"))
        let b = try w.repo("b")
        let second = try w.sync(b)
        #expect(second.mergedCommits == 1 && !second.fastForward)
        let storeB = try IndexStore(catalogRoot: w.box.dir + "/b/Catalog")
        guard case .scenario(let s)? = try storeB.entity(id: "sz-port") else { Issue.record("sz-port not indexed"); return }
        #expect(s.stage == .scaled)
        #expect(try storeB.deadDocuments() == 0)
        // b renames sz-port's scenario; a gets it by a fast-forward.
        let title = s.title
        try w.edit("b/Catalog/scenarios/sz-port.yaml", "title: \(title)", "title: 氦闪港口调度")
        _ = try w.sync(b)
        let back = try w.sync(w.a)
        #expect(back.fastForward)
        let storeA = try IndexStore(catalogRoot: w.box.dir + "/repo/Catalog")
        #expect(try storeA.search("氦闪").map(\.id) == ["sz-port"])
        #expect(try storeA.deadDocuments() == 0)
    }

    @Test("the same field changed on both sides: the merge stays open with the conflict; resolved, the next sync finishes it")
    func conflictLeftOpenThenResolved() throws {
        let w = try World(clones: ["b"])
        defer { w.remove() }
        try w.edit("repo/Catalog/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港集装箱智能调度（甲）")
        _ = try w.sync(w.a)
        try w.edit("b/Catalog/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港智能调度平台（乙）")
        let b = try w.repo("b")
        let before = try w.remoteMain()
        do {
            _ = try w.sync(b)
            Issue.record("a conflicting sync finished")
        } catch let e as SyncError {
            #expect(e.code == .conflict, "\(e.message)")
        }
        #expect(b.mergeInProgress())
        #expect(try w.remoteMain() == before)  // nothing pushed
        let open = try b.openConflicts()
        #expect(open.map(\.path) == ["scenarios/sz-port.yaml"])
        let conflict = try #require(open.first)
        #expect(conflict.fieldConflicts.map(\.key) == ["title"])
        #expect(FieldDiff.text(conflict.fieldConflicts[0].ours) == "\"深圳港智能调度平台（乙）\"")
        #expect(FieldDiff.text(conflict.fieldConflicts[0].theirs) == "\"深圳港集装箱智能调度（甲）\"")
        // Undecided, resolve refuses; decided, the file is canonical and the sync completes.
        #expect(throws: SyncError.self) { try b.resolve(conflict, ConflictChoice()) }
        try b.resolve(conflict, ConflictChoice(fields: ["title": .side(.theirs)]))
        #expect(try b.openConflicts().isEmpty)
        let done = try w.sync(b)
        #expect(done.completedMerge && done.pushed)
        #expect(try w.remoteMain() == w.head("b"))
        #expect(try w.box.read("b/Catalog/scenarios/sz-port.yaml").contains("title: 深圳港集装箱智能调度（甲）\n"))
    }

    @Test("a push refused because another clone pushed first is merged and tried once more")
    func pushRaceIsRetriedOnce() throws {
        let w = try World(clones: ["b", "c"])
        defer { w.remove() }
        try w.box.write("c/Catalog/scenarios/gz-c.yaml", Sandbox.scenario("gz-c", title: "丙的场景"))
        try w.box.git(["add", "--all"], in: "c")
        try w.box.git(["commit", "--quiet", "-m", "c adds gz-c"], in: "c")
        // While b pushes, c pushes first (once), so b's first push is refused.
        let hook = w.box.dir + "/b/.git/hooks/pre-push"
        let raced = w.box.dir + "/raced"
        try "#!/bin/sh\nif [ ! -e '\(raced)' ]; then touch '\(raced)'; git -C '\(w.box.dir)/c' push --quiet origin main; fi\nexit 0\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try w.edit("b/Catalog/scenarios/sz-port.yaml", "stage: piloting", "stage: demonstration")
        let outcome = try w.sync(w.repo("b"))
        #expect(FileManager.default.fileExists(atPath: raced))
        #expect(outcome.pushed && outcome.pushRetried)
        #expect(outcome.lines.contains { $0.contains("second attempt") })
        #expect(try w.remoteMain() == w.head("b"))
        #expect(try w.box.read("b/Catalog/scenarios/gz-c.yaml").contains("丙的场景"))
    }
}

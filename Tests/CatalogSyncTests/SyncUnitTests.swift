import Foundation
import Testing
import CatalogCore
import CatalogFiles
@testable import CatalogSync

/// A temporary git repository with a catalogue in a sub-folder, git's configuration isolated from
/// the machine's (no identity or settings leak in).
struct Sandbox {
    let dir: String
    let env: [String: String?]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        let config = dir + "/gitconfig"
        try "[user]\n\tname = Tester\n\temail = tester@example.org\n[init]\n\tdefaultBranch = main\n".write(toFile: config, atomically: true, encoding: .utf8)
        env = ["HOME": dir + "/home", "GIT_CONFIG_GLOBAL": config, "GIT_CONFIG_NOSYSTEM": "1",
               "GIT_AUTHOR_NAME": nil, "GIT_AUTHOR_EMAIL": nil, "GIT_COMMITTER_NAME": nil, "GIT_COMMITTER_EMAIL": nil, "EMAIL": nil]
    }

    @discardableResult
    func git(_ args: [String], in sub: String = "repo") throws -> String {
        let out = try ProcessRunner.run("git", args, in: dir + "/" + sub, environment: env.merging(Git.environment) { a, _ in a })
        guard out.succeeded else { throw GitError(arguments: args, status: out.status, message: out.stderrText) }
        return out.stdoutText
    }

    func write(_ relative: String, _ text: String) throws {
        let path = dir + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: dir + "/" + relative, encoding: .utf8) }

    /// A repository `repo/` holding a README and a catalogue in `repo/Catalog/`, committed.
    func catalogueRepository() throws -> CatalogRepository {
        try FileManager.default.createDirectory(atPath: dir + "/repo", withIntermediateDirectories: true)
        try git(["init", "--quiet"])
        try write("repo/README.md", "project\n")
        _ = try CatalogInit.here(dir + "/repo/Catalog", name: "测试", owner: "测试处", driverCommand: nil, environment: env)
        try write("repo/Catalog/scenarios/sz-port.yaml", Self.scenario("sz-port", title: "深圳港智能调度"))
        try git(["add", "--all"])
        try git(["commit", "--quiet", "-m", "start"])
        return try CatalogRepository.open(catalogRoot: dir + "/repo/Catalog", environment: env)
    }

    static func scenario(_ id: String, title: String, stage: String = "piloting", tags: [String] = []) -> String {
        var text = "kind: Scenario\nid: \(id)\ntitle: \(title)\nsector: transport\ncity: shenzhen\nstage: \(stage)\nstatus: draft\n"
        if !tags.isEmpty { text += "tags:\n" + tags.map { "- \($0)\n" }.joined() }
        return text
    }
}

@Suite("Sync building blocks", .serialized)
struct SyncUnitTests {
    @Test("a catalogue in a sub-folder: git runs at the top, paths map both ways, status is limited to the catalogue")
    func repositoryInSubfolder() throws {
        let box = try Sandbox()
        let repo = try box.catalogueRepository()
        #expect(repo.prefix == "Catalog/")
        #expect(repo.topPath("scenarios/a.yaml") == "Catalog/scenarios/a.yaml")
        #expect(repo.catalogPath("Catalog/models/m.yaml") == "models/m.yaml")
        #expect(repo.catalogPath("README.md") == nil)
        try box.write("repo/README.md", "changed\n")
        try box.write("repo/Catalog/scenarios/sz-port.yaml", Sandbox.scenario("sz-port", title: "深圳港", tags: ["港口"]))
        #expect(try repo.status(repo.pathspec).map(\.path) == ["Catalog/scenarios/sz-port.yaml"])
        #expect(Set(try repo.status().map(\.path)) == ["Catalog/scenarios/sz-port.yaml", "README.md"])
        #expect(repo.branch() == "main")
    }

    @Test("many objects come from one cat-file run; missing ones are nil")
    func catFileBatch() throws {
        let box = try Sandbox()
        let repo = try box.catalogueRepository()
        let blobs = try repo.git.objects(["HEAD:Catalog/scenarios/sz-port.yaml", "HEAD:Catalog/nothing.yaml", "HEAD:README.md"])
        #expect(blobs.count == 3)
        #expect(blobs[0].map { String(decoding: $0, as: UTF8.self) } == Sandbox.scenario("sz-port", title: "深圳港智能调度"))
        #expect(blobs[1] == nil)
        #expect(blobs[2] == Array("project\n".utf8))
    }

    @Test("files that are not entities are named by what they are: a publication by its quarter, a key by its name")
    func otherFilesInTheCommitMessage() {
        func change(_ path: String, _ action: EntityChange.Action = .added) -> EntityChange {
            EntityChange(path: path, kind: nil, id: nil, name: nil, action: action, fields: [], unreadable: nil)
        }
        let publication = ["list.yaml", "list.csv", "list.md", "list.html", "changes.md", "manifest.json", "manifest.sig"]
            .map { change("publications/2026-Q4/\($0)") }
        #expect(Changes.summary(publication) == "Add publication 2026-Q4")
        #expect(Changes.summary([change("keys/office-2026.pub")]) == "Add key office-2026")
        #expect(Changes.summary([change("taxonomy/sectors.yaml", .changed)]) == "Update sectors.yaml")
        #expect(Changes.summary([change("catalog.yaml", .changed), change("taxonomy/cities.yaml", .changed)]) == "Update 2 files")
        let superseded = publication + [change("publications/2026-Q4/superseded/1/manifest.json"), change("keys/a.pub"), change("keys/b.pub")]
        #expect(Changes.summary(superseded) == "Add publication 2026-Q4, add keys a, b")
    }

    @Test("local changes are listed per entity and field, and make a commit message")
    func localChangesAndMessage() throws {
        let box = try Sandbox()
        let repo = try box.catalogueRepository()
        try box.write("repo/Catalog/scenarios/sz-port.yaml", Sandbox.scenario("sz-port", title: "深圳港智能调度平台", stage: "scaled"))
        try box.write("repo/Catalog/scenarios/gz-new.yaml", Sandbox.scenario("gz-new", title: "广州新场景"))
        let changes = try repo.localChanges()
        #expect(changes.map(\.path) == ["scenarios/gz-new.yaml", "scenarios/sz-port.yaml"])
        #expect(changes[0].action == .added)
        #expect(changes[1].fields.map(\.key) == ["title", "stage"])
        let message = Changes.commitMessage(changes)
        #expect(message.hasPrefix("Update 1 scenario (深圳港智能调度平…), add 1 scenario\n\n"))
        #expect(message.contains("~ scenario sz-port (深圳港智能调度平台): title, stage"))
        #expect(message.contains("+ scenario gz-new (广州新场景)"))
        let plan = try repo.plan(fetch: false)
        #expect(plan.upstream == nil)
        let text = plan.lines().joined(separator: "\n")
        #expect(text.contains("  ~ scenario sz-port (深圳港智能调度平台)\n      title: \"深圳港智能调度\" → \"深圳港智能调度平台\"\n      stage: \"piloting\" → \"scaled\""))
        #expect(text.contains("+ scenario gz-new (广州新场景) (added)"))
        #expect(text.hasSuffix("Plan: commit 2 changes."))
    }

    @Test("the merge driver writes canonical text for a clean merge and readable conflict markers otherwise")
    func mergeDriver() throws {
        let base = Array(Sandbox.scenario("sz-port", title: "原", tags: ["a1"]).utf8)
        let ours = Array(Sandbox.scenario("sz-port", title: "甲", tags: ["a1", "b2"]).utf8)
        let theirs = Array(Sandbox.scenario("sz-port", title: "原", stage: "scaled", tags: ["c3"]).utf8)
        let clean = MergeDriver.merge(base: base, ours: ours, theirs: theirs, path: "scenarios/sz-port.yaml")
        #expect(clean.clean)
        #expect(clean.text == Sandbox.scenario("sz-port", title: "甲", stage: "scaled", tags: ["b2", "c3"]))

        let other = Array(Sandbox.scenario("sz-port", title: "乙", tags: ["a1"]).utf8)
        let conflict = MergeDriver.merge(base: base, ours: ours, theirs: other, path: "scenarios/sz-port.yaml")
        #expect(!conflict.clean)
        #expect(conflict.text.contains("<<<<<<< ours\ntitle: 甲\n||||||| base\ntitle: 原\n=======\ntitle: 乙\n>>>>>>> theirs\n"))
        let read = YAMLReader.read(Array(conflict.text.utf8), file: "scenarios/sz-port.yaml")
        #expect(read.root == nil)
        #expect(read.diagnostics.first?.formatted() == "scenarios/sz-port.yaml:3:1: error: unresolved merge conflict")
    }

    @Test("unreadable input to the merge driver is a conflict of the whole file, not a crash")
    func mergeDriverUnreadable() throws {
        let good = Array(Sandbox.scenario("sz-port", title: "原").utf8)
        let broken = Array("kind: Scenario\nid: [sz-port\n".utf8)
        let out = MergeDriver.merge(base: good, ours: broken, theirs: good + Array("tags:\n- x1\n".utf8), path: "scenarios/sz-port.yaml")
        #expect(!out.clean)
        #expect(out.text.hasPrefix("<<<<<<< ours\nkind: Scenario\nid: [sz-port\n||||||| base\n"))
        #expect(out.summary.contains("cannot read ours"))
        // Run against files, as git does: the result replaces ours.
        let box = try Sandbox()
        try box.write("o", "kind: Scenario\n"); try box.write("a", String(decoding: broken, as: UTF8.self)); try box.write("b", "\u{0}\u{1}")
        let (status, _) = MergeDriver.run(base: box.dir + "/o", ours: box.dir + "/a", theirs: box.dir + "/b", path: "scenarios/sz-port.yaml")
        #expect(status == 1)
        #expect(try box.read("a").hasPrefix("<<<<<<< ours\n"))
    }

    @Test("an unreadable base is a conflict of the whole file, even when ours and theirs agree")
    func mergeDriverUnreadableBase() throws {
        let brokenBase = Array("kind: Scenario\nid: [sz-port\n".utf8)
        let same = Array(Sandbox.scenario("sz-port", title: "甲").utf8)
        let out = MergeDriver.merge(base: brokenBase, ours: same, theirs: same, path: "scenarios/sz-port.yaml")
        #expect(!out.clean)
        #expect(out.merge == nil)
        #expect(out.summary == "scenarios/sz-port.yaml: conflict: cannot read base as a catalogue entity")
        #expect(out.text.hasPrefix("<<<<<<< ours\n\(Sandbox.scenario("sz-port", title: "甲"))||||||| base\nkind: Scenario\nid: [sz-port\n"),
                "\(out.text)")
        // The same through files, as git runs the driver: exit 1, ours replaced by the whole-file conflict.
        let box = try Sandbox()
        try box.write("o", String(decoding: brokenBase, as: UTF8.self))
        try box.write("a", String(decoding: same, as: UTF8.self))
        try box.write("b", String(decoding: same, as: UTF8.self))
        let (status, summary) = MergeDriver.run(base: box.dir + "/o", ours: box.dir + "/a", theirs: box.dir + "/b", path: "scenarios/sz-port.yaml")
        #expect(status == 1 && summary.contains("cannot read base"))
        #expect(try box.read("a").hasPrefix("<<<<<<< ours\n"))
    }

    @Test("ahead and behind counts against a remote-tracking branch")
    func aheadBehind() throws {
        let box = try Sandbox()
        let repo = try box.catalogueRepository()
        try box.git(["init", "--quiet", "--bare", box.dir + "/remote.git"], in: "")
        try box.git(["remote", "add", "origin", box.dir + "/remote.git"])
        try box.git(["push", "--quiet", "-u", "origin", "main"])
        #expect(repo.aheadBehind()! == (0, 0))
        try box.write("repo/README.md", "two\n")
        try box.git(["commit", "--quiet", "-am", "two"])
        try box.git(["update-ref", "refs/remotes/origin/main", "HEAD~1"])
        #expect(repo.aheadBehind()! == (1, 0))
        try box.git(["reset", "--quiet", "--hard", "HEAD~1"])
        try box.git(["update-ref", "refs/remotes/origin/main", "HEAD@{1}"])
        #expect(repo.aheadBehind()! == (0, 1))
    }

    @Test("the embedded taxonomies are the demo catalogue's, byte for byte")
    func defaultTaxonomy() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (path, text) in DefaultTaxonomy.files {
            #expect(try String(contentsOf: root.appendingPathComponent("Catalog/" + path), encoding: .utf8) == text, "\(path)")
        }
    }
}

import Foundation
import Testing
import Wording

/// Offices sharing one catalogue through a git remote: a bare repository in a temporary folder
/// and clones of it, driven by the built scencat and the real git. git's configuration is
/// isolated (HOME, GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM), so the machine's identity never leaks in.
final class SyncWorld {
    let dir: String
    var env: [String: String]

    init(identity: Bool = true) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-sync-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        let config = dir + "/gitconfig"
        var text = "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
        if identity { text += "[user]\n\tname = 省办公室\n\temail = office@example.org\n" }
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        env = ["HOME": dir + "/home", "GIT_CONFIG_GLOBAL": config, "GIT_CONFIG_NOSYSTEM": "1", "EMAIL": "",
               "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": ""]
        // Empty means unset for git; scencat's identity check reads them the same way.
        for k in ["EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] { env.removeValue(forKey: k) }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ sub: String) -> String { sub.isEmpty ? dir : dir + "/" + sub }

    @discardableResult
    func git(_ args: [String], in sub: String, check: Bool = true) throws -> CLI.Result {
        let r = try CLI.exec("/usr/bin/env", ["git"] + args, cwd: path(sub), env: env)
        if check && r.code != 0 { Issue.record("git \(args.joined(separator: " ")) failed: \(r.stderr)") }
        return r
    }

    /// Runs scencat on the catalogue in `sub` (`init` takes its folder as an argument instead).
    func scencat(_ args: [String], in sub: String) throws -> CLI.Result {
        try CLI.run(args.first == "init" ? args : args + ["--catalog", path(sub)], cwd: dir, env: env)
    }

    func write(_ relative: String, _ text: String) throws {
        let p = path(relative)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }
    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// The commit a ref points at in a clone.
    func rev(_ ref: String, in sub: String) throws -> String {
        try git(["rev-parse", ref], in: sub).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The bare remote `remote.git`, a catalogue made by `scencat init a` with a model and two
    /// scenarios, synced (pushed), and clones `b` (and more) synced once (registering the driver).
    static func shared(clones: [String] = ["b"], identity: Bool = true) throws -> SyncWorld {
        let w = try SyncWorld(identity: identity)
        try w.git(["init", "--quiet", "--bare", "remote.git"], in: "")
        let made = try w.scencat(["init", w.path("a"), "--name", "测试清单", "--owner", "测试办公室"], in: "a")
        #expect(made.code == 0, "\(made.stderr)")
        try w.write("a/models/yuehai-health.yaml", model("yuehai-health", name: "粤海医疗大模型"))
        try w.write("a/scenarios/sz-port.yaml", scenario("sz-port", title: "深圳港智能调度", tags: ["港口", "调度"]))
        try w.write("a/scenarios/gz-imaging.yaml", scenario("gz-imaging", title: "广州医学影像辅助诊断", sector: "healthcare", city: "guangzhou"))
        try w.git(["remote", "add", "origin", w.path("remote.git")], in: "a")
        let first = try w.scencat(["sync"], in: "a")
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("pushed to origin/main"), "\(first.stdout)")
        for c in clones {
            try w.git(["clone", "--quiet", w.path("remote.git"), c], in: "")
            let r = try w.scencat(["sync"], in: c)
            #expect(r.code == 0, "\(r.stderr)")
        }
        return w
    }

    static func scenario(_ id: String, title: String, sector: String = "transport", city: String = "shenzhen",
                         stage: String = "piloting", tags: [String] = [], models: [String] = []) -> String {
        var text = "kind: Scenario\nid: \(id)\ntitle: \(title)\nsector: \(sector)\ncity: \(city)\nstage: \(stage)\nstatus: draft\n"
        if !tags.isEmpty { text += "tags:\n" + tags.sorted().map { "- \($0)\n" }.joined() }
        if !models.isEmpty { text += "models:\n" + models.map { "- model: \($0)\n  role: candidate\n" }.joined() }
        return text
    }

    static func model(_ id: String, name: String) -> String {
        "kind: Model\nid: \(id)\nname: \(name)\nprovider: 示例科技有限公司\nfiling_kind: filed\nfiling_no: Sample-GD-0001\nstatus: active\n"
    }

    /// Replaces `old` with `new` in a file.
    func edit(_ relative: String, _ old: String, _ new: String) throws {
        let text = try read(relative)
        #expect(text.contains(old), "\(relative) has no \(old)")
        try write(relative, text.replacingOccurrences(of: old, with: new))
    }
}

@Suite("Sync (git, end to end)", .serialized)
struct SyncTests {
    @Test func editsToDifferentEntitiesMerge() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: piloting", "stage: demonstration")
        let a = try w.scencat(["sync"], in: "a")
        #expect(a.code == 0, "\(a.stderr)")
        #expect(a.stdout.contains("committed"), "\(a.stdout)")
        #expect(a.stdout.contains("Update 1 scenario (深圳港智能调度)"))
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 0, "\(b.stderr)")
        #expect(b.stdout.contains("merged 1 commit from origin/main"), "\(b.stdout)")
        #expect(b.stdout.contains("re-indexed 1 of 1 changed file"), "\(b.stdout)")
        #expect(b.stdout.contains("pushed to origin/main"))
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("stage: scaled"))
        let again = try w.scencat(["sync"], in: "a")
        #expect(again.code == 0)
        #expect(try w.read("a/scenarios/gz-imaging.yaml").contains("stage: demonstration"))
        #expect(try w.rev("HEAD", in: "a") == w.rev("HEAD", in: "b"))
        // The commit message names the change and the identity is the user's.
        let log = try w.git(["log", "--format=%an|%s", "-n", "1", "HEAD^2"], in: "b").stdout
        #expect(log == "省办公室|Update 1 scenario (深圳港智能调度)\n")
    }

    @Test func differentFieldsOfOneEntityMergeFieldByField() throws {
        let w = try SyncWorld.shared()
        // Adjacent lines: a line-based merge would conflict; the entity merge does not.
        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港集装箱智能调度")
        try w.edit("b/scenarios/sz-port.yaml", "sector: transport", "sector: energy")
        try w.edit("b/scenarios/sz-port.yaml", "- 调度\n", "- 调度\n- 集装箱\n")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 0, "\(b.stderr)")
        let merged = try w.read("b/scenarios/sz-port.yaml")
        #expect(merged == SyncWorld.scenario("sz-port", title: "深圳港集装箱智能调度", sector: "energy", tags: ["港口", "调度", "集装箱"]))
        #expect(try w.scencat(["validate"], in: "b").code == 0)
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        #expect(try w.read("a/scenarios/sz-port.yaml") == merged)
    }

    @Test func sameFieldConflictsAndIsResolvedBothWays() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 甲方标题")
        try w.edit("b/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 乙方标题")
        try w.edit("b/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        let remoteBefore = try w.rev("main", in: "remote.git")
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 3, "\(b.stdout)\(b.stderr)")
        #expect(b.stderr.contains("scenario sz-port (乙方标题): changed on both sides: title"), "\(b.stderr)")
        #expect(b.stderr.contains("title: base \"深圳港智能调度\" · ours \"乙方标题\" · theirs \"甲方标题\""))
        // Nothing committed while the conflict is open; the file is refused as such.
        #expect(try w.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], in: "b").code == 0)
        #expect(try w.rev("main", in: "remote.git") == remoteBefore)
        let v = try w.scencat(["validate"], in: "b")
        #expect(v.code == 1)
        #expect(v.stderr.contains("b/scenarios/sz-port.yaml:3:1: error: unresolved merge conflict"), "\(v.stderr)")
        let again = try w.scencat(["sync"], in: "b")
        #expect(again.code == 3)
        let list = try w.scencat(["resolve", "--list"], in: "b")
        #expect(list.code == 3)
        #expect(list.stdout.contains("scenarios/sz-port.yaml: scenario sz-port"))

        // Their title.
        let r = try w.scencat(["resolve", "sz-port", "--theirs"], in: "b")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("no conflict left"))
        #expect(try w.read("b/scenarios/sz-port.yaml") == SyncWorld.scenario("sz-port", title: "甲方标题", stage: "scaled", tags: ["港口", "调度"]))
        let done = try w.scencat(["sync"], in: "b")
        #expect(done.code == 0, "\(done.stderr)")
        #expect(done.stdout.contains("committed the merge left open"))
        #expect(done.stdout.contains("pushed"))

        // Now the other way: our value kept, chosen per field.
        try w.edit("a/scenarios/sz-port.yaml", "title: 甲方标题", "title: 甲方第二版")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/sz-port.yaml", "title: 甲方标题", "title: 乙方第二版")
        #expect(try w.scencat(["sync"], in: "b").code == 3)
        let wrong = try w.scencat(["resolve", "sz-port", "--field", "city=ours"], in: "b")
        #expect(wrong.code == 2)
        #expect(wrong.stderr.contains("'city' is not in conflict (conflicted: title)"))
        #expect(try w.scencat(["resolve", "sz-port", "--field", "title=ours"], in: "b").code == 0)
        #expect(try w.scencat(["sync"], in: "b").code == 0)
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        #expect(try w.read("a/scenarios/sz-port.yaml").contains("title: 乙方第二版\n"))
    }

    @Test func editVersusDeleteIsAConflict() throws {
        let w = try SyncWorld.shared()
        try FileManager.default.removeItem(atPath: w.path("a/scenarios/gz-imaging.yaml"))
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: piloting", "stage: scaled")
        let a = try w.scencat(["sync"], in: "a")
        #expect(a.stdout.contains("Remove 1 scenario (gz-imaging)") || a.stdout.contains("Remove 1 scenario (广州医学影像辅助…)"), "\(a.stdout)")
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 3)
        #expect(b.stderr.contains("scenario gz-imaging (广州医学影像辅助诊断): edited here, deleted on the remote"), "\(b.stderr)")
        let fieldwise = try w.scencat(["resolve", "gz-imaging", "--field", "stage=ours"], in: "b")
        #expect(fieldwise.code == 2)
        #expect(try w.scencat(["resolve", "gz-imaging", "--ours"], in: "b").code == 0)
        #expect(try w.scencat(["sync"], in: "b").code == 0)
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        #expect(try w.read("a/scenarios/gz-imaging.yaml").contains("stage: scaled"))
    }

    @Test func sameNewIdAddedInTwoClones() throws {
        let w = try SyncWorld.shared()
        try w.write("a/scenarios/fs-ceramics.yaml", SyncWorld.scenario("fs-ceramics", title: "佛山陶瓷质检", city: "foshan", tags: ["质检"]))
        try w.write("b/scenarios/fs-ceramics.yaml", SyncWorld.scenario("fs-ceramics", title: "佛山陶瓷智能质检", city: "foshan", tags: ["陶瓷"]))
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 3)
        #expect(b.stderr.contains("title: base (none) · ours \"佛山陶瓷智能质检\" · theirs \"佛山陶瓷质检\""), "\(b.stderr)")
        #expect(try w.scencat(["resolve", "fs-ceramics", "--ours"], in: "b").code == 0)
        // The tags of both additions are kept.
        #expect(try w.read("b/scenarios/fs-ceramics.yaml") == SyncWorld.scenario("fs-ceramics", title: "佛山陶瓷智能质检", city: "foshan", tags: ["质检", "陶瓷"]))
        #expect(try w.scencat(["sync"], in: "b").code == 0)
    }

    @Test func validationFailureAfterMergeBlocksThePush() throws {
        let w = try SyncWorld.shared()
        // A removes a model nobody uses; B links a scenario to it. Each side is valid, the merge is not.
        try FileManager.default.removeItem(atPath: w.path("a/models/yuehai-health.yaml"))
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.write("b/scenarios/gz-imaging.yaml", SyncWorld.scenario("gz-imaging", title: "广州医学影像辅助诊断", sector: "healthcare",
                                                                      city: "guangzhou", models: ["yuehai-health"]))
        let remoteBefore = try w.rev("main", in: "remote.git")
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 1, "\(b.stdout)\(b.stderr)")
        #expect(b.stderr.contains("scenarios/gz-imaging.yaml:"), "\(b.stderr)")
        #expect(b.stderr.contains("unknown model 'yuehai-health'"))
        #expect(b.stderr.contains("the merge is not committed and nothing was pushed"))
        #expect(try w.rev("main", in: "remote.git") == remoteBefore)
        #expect(try w.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], in: "b").code == 0)
        // The fix is made in the open merge; the rerun commits and pushes.
        try w.write("b/scenarios/gz-imaging.yaml", SyncWorld.scenario("gz-imaging", title: "广州医学影像辅助诊断", sector: "healthcare", city: "guangzhou"))
        let again = try w.scencat(["sync"], in: "b")
        #expect(again.code == 0, "\(again.stderr)")
        #expect(again.stdout.contains("committed the merge left open"))
        #expect(try w.rev("main", in: "remote.git") == w.rev("HEAD", in: "b"))
    }

    @Test func invalidLocalCatalogueIsRefusedBeforeCommitting() throws {
        let w = try SyncWorld.shared(clones: [])
        try w.edit("a/scenarios/sz-port.yaml", "city: shenzhen", "city: shenzen")
        let head = try w.rev("HEAD", in: "a")
        let r = try w.scencat(["sync"], in: "a")
        #expect(r.code == 1)
        #expect(r.stderr.contains("a/scenarios/sz-port.yaml:5:7: error: unknown city 'shenzen'"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was committed"))
        #expect(try w.rev("HEAD", in: "a") == head)
    }

    @Test func noRemoteCommitsLocallyAndUnreachableRemoteLosesNothing() throws {
        let w = try SyncWorld()
        #expect(try w.scencat(["init", w.path("solo")], in: "solo").code == 0)
        try w.write("solo/scenarios/sz-port.yaml", SyncWorld.scenario("sz-port", title: "深圳港智能调度"))
        let r = try w.scencat(["sync"], in: "solo")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("committed"))
        #expect(r.stdout.contains("no remote configured: committed locally only"))
        #expect(try w.git(["status", "--porcelain"], in: "solo").stdout.isEmpty)

        try w.git(["remote", "add", "origin", w.path("nowhere.git")], in: "solo")
        try w.edit("solo/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        let down = try w.scencat(["sync"], in: "solo")
        #expect(down.code == 4, "\(down.stderr)")
        #expect(down.stderr.contains("cannot fetch from origin: the remote cannot be reached"), "\(down.stderr)")
        #expect(down.stderr.contains("Your changes are committed locally"))
        #expect(try w.git(["show", "HEAD:scenarios/sz-port.yaml"], in: "solo").stdout.contains("stage: scaled"))
    }

    @Test func pushRaceIsRetriedOnce() throws {
        let w = try SyncWorld.shared(clones: ["b", "c"])
        // While b pushes, c pushes first (a hook in b makes that happen once), so b's push is refused.
        try w.edit("c/scenarios/gz-imaging.yaml", "stage: piloting", "stage: scaled")
        try w.git(["commit", "--quiet", "-am", "Scale gz-imaging"], in: "c")
        let hook = w.path("b/.git/hooks/pre-push")
        try "#!/bin/sh\nif [ ! -e \"\(w.path("raced"))\" ]; then touch \"\(w.path("raced"))\"; git -C \"\(w.path("c"))\" push --quiet origin main; fi\nexit 0\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try w.edit("b/scenarios/sz-port.yaml", "stage: piloting", "stage: demonstration")
        let b = try w.scencat(["sync"], in: "b")
        #expect(b.code == 0, "\(b.stdout)\(b.stderr)")
        #expect(b.stdout.contains("second attempt"), "\(b.stdout)")
        #expect(try w.rev("main", in: "remote.git") == w.rev("HEAD", in: "b"))
        #expect(try w.read("b/scenarios/gz-imaging.yaml").contains("stage: scaled"))
    }

    @Test func interruptedSyncIsCompletedByTheNextRun() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: piloting", "stage: demonstration")
        try w.git(["commit", "--quiet", "-am", "local"], in: "b")
        try w.git(["fetch", "--quiet"], in: "b")
        // What a sync killed after merging and before committing leaves behind.
        try w.git(["merge", "--no-commit", "--no-ff", "origin/main"], in: "b")
        // A git killed while writing its index leaves a lock: sync says what to do.
        let lock = w.path("b/.git/index.lock")
        FileManager.default.createFile(atPath: lock, contents: Data())
        let locked = try w.scencat(["sync"], in: "b")
        #expect(locked.code == 4)
        #expect(locked.stderr.contains("index.lock exists"), "\(locked.stderr)")
        #expect(locked.stderr.contains("delete that file and sync again"))
        try FileManager.default.removeItem(atPath: lock)
        let plan = try w.scencat(["sync", "--dry-run", "--no-fetch"], in: "b")
        #expect(plan.stdout.contains("A merge is in progress with no conflict left"), "\(plan.stdout)")
        let r = try w.scencat(["sync"], in: "b")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("committed the merge left open by an earlier sync"))
        #expect(r.stdout.contains("pushed to origin/main"))
        #expect(try w.rev("main", in: "remote.git") == w.rev("HEAD", in: "b"))
    }

    @Test func dirtyFileOutsideTheCatalogueThatTheMergeTouchesStopsTheSync() throws {
        // The catalogue is a sub-folder of a project repository, next to a README.
        let w = try SyncWorld()
        try w.git(["init", "--quiet", "--bare", "remote.git"], in: "")
        try w.git(["clone", "--quiet", w.path("remote.git"), "p1"], in: "")
        try w.write("p1/README.md", "项目说明\n")
        let here = try w.scencat(["init", "--here", w.path("p1/Catalog")], in: "p1/Catalog")
        #expect(here.code == 0, "\(here.stderr)")
        #expect(w.exists("p1/Catalog/.gitattributes"))
        try w.write("p1/Catalog/scenarios/sz-port.yaml", SyncWorld.scenario("sz-port", title: "深圳港智能调度"))
        try w.git(["add", "README.md"], in: "p1")
        try w.git(["commit", "--quiet", "-m", "readme"], in: "p1")
        let first = try w.scencat(["sync"], in: "p1/Catalog")
        #expect(first.code == 0, "\(first.stderr)")
        // Only the catalogue was committed by sync; the README was committed by hand.
        #expect(try w.git(["show", "--stat", "--format=%s", "HEAD"], in: "p1").stdout.contains("Catalog/scenarios/sz-port.yaml"))
        try w.git(["clone", "--quiet", w.path("remote.git"), "p2"], in: "")
        #expect(try w.scencat(["sync"], in: "p2/Catalog").code == 0)

        try w.write("p1/README.md", "项目说明（新）\n")
        try w.git(["commit", "--quiet", "-am", "readme 2"], in: "p1")
        try w.git(["push", "--quiet"], in: "p1")
        try w.write("p2/README.md", "本地未提交的说明\n")
        try w.edit("p2/Catalog/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        let r = try w.scencat(["sync"], in: "p2/Catalog")
        #expect(r.code == 4)
        #expect(r.stderr.contains("files outside the catalogue have uncommitted changes that the incoming commits also change (README.md)"), "\(r.stderr)")
        #expect(try w.read("p2/README.md") == "本地未提交的说明\n")
        // An unrelated dirty file outside the catalogue does not stop it.
        try w.git(["checkout", "--quiet", "--", "README.md"], in: "p2")
        try w.write("p2/NOTES.txt", "草稿\n")
        let ok = try w.scencat(["sync"], in: "p2/Catalog")
        #expect(ok.code == 0, "\(ok.stderr)")
        #expect(try w.read("p2/README.md") == "项目说明（新）\n")
        #expect(try w.git(["status", "--porcelain"], in: "p2").stdout == "?? NOTES.txt\n")
    }

    @Test func detachedHeadAndMissingIdentityStopTheSync() throws {
        let w = try SyncWorld.shared(clones: [])
        try w.git(["checkout", "--quiet", "--detach"], in: "a")
        let detached = try w.scencat(["sync"], in: "a")
        #expect(detached.code == 4)
        #expect(detached.stderr.contains("HEAD is detached"), "\(detached.stderr)")
        let plan = try w.scencat(["sync", "--dry-run", "--no-fetch"], in: "a")
        #expect(plan.code == 0)
        #expect(plan.stdout.contains("! HEAD is detached"))
        // In Chinese, the sync and its plan say so in Chinese (the command to type as it is).
        let detachedZh = try w.scencat(["sync", "--lang", "zh"], in: "a")
        #expect(detachedZh.code == 4 && detachedZh.stderr.contains("HEAD 处于分离状态（不在任何分支上）：请先检出要同步的分支，例如 `git switch main`"), "\(detachedZh.stderr)")
        let planZh = try w.scencat(["sync", "--dry-run", "--no-fetch", "--lang", "zh"], in: "a")
        #expect(planZh.stdout.contains("! HEAD 处于分离状态"), "\(planZh.stdout)")
        for line in (detachedZh.stderr + planZh.stdout).split(separator: "\n") where line.contains("HEAD") {
            #expect(ChineseText.englishWords(in: String(line)).isEmpty, "\(line)")
        }
        try w.git(["checkout", "--quiet", "main"], in: "a")

        try "[init]\n\tdefaultBranch = main\n".write(toFile: w.env["GIT_CONFIG_GLOBAL"]!, atomically: true, encoding: .utf8)
        try w.edit("a/scenarios/sz-port.yaml", "stage: piloting", "stage: scaled")
        let head = try w.rev("HEAD", in: "a")
        let anonymous = try w.scencat(["sync"], in: "a")
        #expect(anonymous.code == 4)
        #expect(anonymous.stderr.contains("git has no identity for commits"), "\(anonymous.stderr)")
        let anonymousZh = try w.scencat(["sync", "--lang", "zh"], in: "a")
        #expect(anonymousZh.code == 4 && anonymousZh.stderr.contains("git 没有提交者身份：请用 `git config --global user.name"), "\(anonymousZh.stderr)")
        #expect(try w.rev("HEAD", in: "a") == head)
        #expect(try w.read("a/scenarios/sz-port.yaml").contains("stage: scaled"))
    }

    @Test func dryRunPrintsThePlanAndChangesNothing() throws {
        let w = try SyncWorld.shared()
        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（甲）")
        try w.write("a/scenarios/zh-hengqin.yaml", SyncWorld.scenario("zh-hengqin", title: "横琴跨境政务", sector: "government", city: "zhuhai"))
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港调度（乙）")
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: piloting", "stage: scaled")
        try FileManager.default.removeItem(atPath: w.path("b/models/yuehai-health.yaml"))
        let head = try w.rev("HEAD", in: "b")
        let status = try w.git(["status", "--porcelain"], in: "b").stdout
        let r = try w.scencat(["sync", "--dry-run"], in: "b")
        #expect(r.code == 0, "\(r.stderr)")
        let expected = [
            "Local changes to commit (3):",
            "  ~ scenario gz-imaging (广州医学影像辅助诊断)",
            "      stage: \"piloting\" → \"scaled\"",
            "  - model yuehai-health (粤海医疗大模型) (removed)",
            "  ~ scenario sz-port (深圳港调度（乙）)",
            "      title: \"深圳港智能调度\" → \"深圳港调度（乙）\"",
            "Incoming from origin/main (1 commit):",
            "      ~ scenario sz-port (深圳港调度（甲）): title",
            "      + scenario zh-hengqin (横琴跨境政务) (added)",
            "Conflicts expected (1):",
            "  ! scenario sz-port (深圳港调度（乙）): changed on both sides: title",
            "      title: base \"深圳港智能调度\" · ours \"深圳港调度（乙）\" · theirs \"深圳港调度（甲）\"",
            "Plan: commit 3 changes, merge 1 incoming commit, push. The merge will stop at 1 conflict.",
        ]
        for line in expected { #expect(r.stdout.contains(line + "\n"), "missing: \(line)\n\(r.stdout)") }
        #expect(try w.rev("HEAD", in: "b") == head)
        #expect(try w.git(["status", "--porcelain"], in: "b").stdout == status)
        #expect(try w.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], in: "b", check: false).code != 0)
    }

    @Test func initRefusesAFolderInUseAndMakesAValidCatalogue() throws {
        let w = try SyncWorld()
        let usage = try CLI.run(["init"], cwd: w.dir, env: w.env)
        #expect(usage.code == 2)
        try w.write("busy/notes.txt", "x\n")
        let busy = try w.scencat(["init", w.path("busy")], in: "busy")
        #expect(busy.code == 4)
        #expect(busy.stderr.contains("exists and is not empty"))
        let made = try w.scencat(["init", w.path("fresh")], in: "fresh")
        #expect(made.code == 0, "\(made.stderr)")
        #expect(try w.scencat(["validate"], in: "fresh").code == 0)
        #expect(try w.read("fresh/.gitignore") == ".scencat/\n")
        // git runs the wrapper under .git, which records this scencat and falls back to PATH.
        #expect(try w.git(["config", "--get", "merge.scencat.driver"], in: "fresh").stdout == "sh \"$(git rev-parse --git-common-dir)/scencat-merge-driver\" %O %A %B %P\n")
        #expect(try w.read("fresh/.git/scencat-merge-driver").contains("/scencat'\nfor s in"))
        #expect(try w.git(["check-attr", "merge", "--", "models/x.yaml"], in: "fresh").stdout == "models/x.yaml: merge: scencat\n")
        #expect(try w.git(["log", "--format=%s"], in: "fresh").stdout == "Create catalogue 人工智能应用场景清单\n")
        try FileManager.default.removeItem(atPath: w.path("fresh/.git"))
        let notRepo = try w.scencat(["sync"], in: "fresh")
        #expect(notRepo.code == 4)
        #expect(notRepo.stderr.contains("is not inside a git repository"), "\(notRepo.stderr)")
    }
}

import Foundation
import Testing

/// Damage named and healed, nothing leaving the catalogue, a merge driver that cannot vanish.
@Suite("Recovery from damage and hostile files", .serialized)
struct RecoveryTests {
    @Test func aMergeDriverWhoseScencatIsGoneLeavesConflictMarkersAndSaysHowToRepair() throws {
        let w = try SyncWorld.shared()
        // b registers the driver with a scencat that is then deleted (a build folder cleaned).
        let copy = w.path("bin/scencat")
        try FileManager.default.createDirectory(atPath: w.path("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.binary, toPath: copy)
        let registered = try CLI.exec(copy, ["sync", "--catalog", w.path("b")], env: w.env)
        #expect(registered.code == 0, "\(registered.stderr)")
        let driver = try w.git(["config", "merge.scencat.driver"], in: "b").stdout
        #expect(!driver.contains("/bin/scencat") && driver.contains("scencat-merge-driver"), "\(driver)")
        try FileManager.default.removeItem(atPath: copy)

        try w.edit("a/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港智能调度（甲）")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        try w.edit("b/scenarios/sz-port.yaml", "title: 深圳港智能调度", "title: 深圳港智能调度（乙）")
        try w.git(["commit", "--quiet", "-am", "b's title"], in: "b")
        var env = w.env
        env["PATH"] = "/usr/bin:/bin"
        let pull = try CLI.exec("/usr/bin/env", ["git", "pull", "--quiet", "--no-rebase"], cwd: w.path("b"), env: env)
        #expect(pull.code != 0, "git must see a conflict")
        let text = try w.read("b/scenarios/sz-port.yaml")
        #expect(text.contains("<<<<<<< ours") && text.contains("title: 深圳港智能调度（甲）") && text.contains("title: 深圳港智能调度（乙）"), "\(text)")
        #expect(pull.stderr.contains("Repair: run scencat sync"), "\(pull.stderr)")

        let validate = try CLI.run(["validate", "--catalog", w.path("b")], env: env)
        #expect(validate.stderr.contains("scencat: warning: the scencat merge driver cannot find scencat"), "\(validate.stderr)")
        try w.git(["merge", "--abort"], in: "b")
        // sync registers the driver again; the same merge now stops field by field.
        let sync = try CLI.run(["sync", "--catalog", w.path("b")], env: env)
        #expect(sync.code == 3, "\(sync.stdout) \(sync.stderr)")
        #expect(sync.stderr.contains("title"), "\(sync.stderr)")
        #expect(!(try CLI.run(["validate", "--catalog", w.path("b")], env: env)).stderr.contains("merge driver"))
    }

    @Test func supersedingADamagedListIsRefusedWithTheExactRepair() throws {
        let repo = try PublishTests.Repo()
        #expect(try repo.scencat("keygen", "--name", "office").code == 0)
        try repo.commit("Key")
        let key = "\(repo.config)/scencat/keys/office.key"
        #expect(try repo.scencat("publish", "2026-Q3", "--key", key).code == 0)
        try repo.commit("Publish 2026-Q3")
        // The published list damaged (and the damage committed), then a correction to publish.
        try CLI.write("damaged\n", to: repo.file("publications/2026-Q3/list.md"))
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        try repo.commit("Damage and a correction")
        let refused = try repo.scencat("publish", "2026-Q3", "--supersede", "--reason", "correction", "--key", key)
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("list.md: error: SHA-256 mismatch"), "\(refused.stderr)")
        let line = try #require(refused.stderr.split(separator: "\n").first { $0.hasPrefix("exactly: ") }, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.file("publications/2026-Q3/superseded")))
        // The repair, as printed, then the supersede and a chain that verifies.
        let repair = try CLI.exec("/bin/sh", ["-c", String(line.dropFirst("exactly: ".count))], cwd: repo.top)
        #expect(repair.code == 0, "\(repair.stderr)")
        try repo.commit("Restore 2026-Q3")
        let sup = try repo.scencat("publish", "2026-Q3", "--supersede", "--reason", "correction", "--key", key)
        #expect(sup.code == 0, "\(sup.stderr)")
        let v = try repo.scencat("verify", "--require-signature")
        #expect(v.code == 0, "\(v.stderr)")
    }

    @Test func symlinkedCatalogueFoldersLeadingOutAreRefusedForReadingAndWriting() throws {
        for folder in ["scenarios", "taxonomy", "keys", "publications"] {
            let cat = try CLI.demoCopy()
            let outside = cat + "-outside-\(folder)"
            try? FileManager.default.moveItem(atPath: "\(cat)/\(folder)", toPath: outside)
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(cat)/\(folder)", withDestinationPath: outside)
            let before = try FileManager.default.contentsOfDirectory(atPath: outside).sorted()
            switch folder {
            case "scenarios", "taxonomy":
                let v = try CLI.run(["validate", "--catalog", cat])
                #expect(v.code == 1)
                #expect(v.stderr.contains("\(cat)/\(folder):1:1: error: \(folder)/ is a symbolic link pointing outside the catalogue"), "\(v.stderr)")
                if folder == "scenarios" {
                    let made = try CLI.run(["new", "scenario", "title=智能质检", "sector=manufacturing", "city=foshan", "--catalog", cat])
                    #expect(made.code != 0)
                    let set = try CLI.run(["set", "chaozhou-ancient-city-guide", "stage=scaled", "--catalog", cat])
                    #expect(set.code != 0)
                    let delete = try CLI.run(["delete", "chaozhou-ancient-city-guide", "--catalog", cat])
                    #expect(delete.code != 0)
                }
            default:
                let env = ["SCENCAT_CONFIG_DIR": cat + "-config"]
                let k = try CLI.run(["keygen", "--name", "office", "--catalog", cat], env: env)
                if folder == "keys" {
                    #expect(k.code == 1 && k.stderr.contains("keys/ is a symbolic link pointing outside the catalogue"), "\(k.stderr)")
                } else {
                    let v = try CLI.run(["verify", "2026-Q1", "--catalog", cat], env: env)
                    #expect(v.code == 1 && v.stderr.contains("publications/ is a symbolic link pointing outside the catalogue"), "\(v.stderr)")
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside).sorted() == before, "\(folder): something was written outside")
        }
    }

    @Test func idsOnlyAndASaveKeepsTheFilesMode() throws {
        let cat = try CLI.demoCopy()
        let h = try CLI.run(["history", "../catalog", "--catalog", cat])
        #expect(h.code == 2 && h.stderr.contains("'../catalog' is not an id"), "\(h.stderr)")
        let file = "\(cat)/scenarios/chaozhou-ancient-city-guide.yaml"
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: file)
        let set = try CLI.run(["set", "chaozhou-ancient-city-guide", "stage=scaled", "--catalog", cat])
        #expect(set.code == 0, "\(set.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o664)
    }

    static func overwrite(_ path: String, at fraction: Double, count: Int?) throws {
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = Int(try h.seekToEnd())
        let n = min(count ?? size, size - Int(Double(size) * fraction))
        try h.seek(toOffset: UInt64(Double(size) * fraction))
        h.write(Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }))
        try h.close()
    }

    @Test func aDamagedIndexIsNamedAndRebuiltAndADamagedJournalIsSetAside() throws {
        let cat = try CLI.demoCopy()
        let index = "\(cat)/.scencat/index.sqlite"
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let count = try #require(try CLI.json(CLI.run(["list", "scenarios", "--format", "json", "--catalog", cat]).stdout) as? [Any]).count
        // Not a database at all: a command that refreshes the index rebuilds it, and says so.
        try Self.overwrite(index, at: 0, count: nil)
        let healed = try CLI.run(["list", "scenarios", "--format", "json", "--catalog", cat])
        #expect(healed.code == 0, "\(healed.stderr)")
        #expect(healed.stderr.contains("is damaged (file is not a database); rebuilding it from the files"), "\(healed.stderr)")
        #expect((try CLI.json(healed.stdout) as? [Any])?.count == count)
        // 80 KB overwritten in the middle: named with its repair wherever it is met, never a raw SQLite error.
        try Self.overwrite(index, at: 0.5, count: 80_000)
        for args in [["list", "scenarios"], ["show", "chaozhou-ancient-city-guide"], ["search", "医疗"]] {
            let r = try CLI.run(args + ["--format", "json", "--catalog", cat])
            #expect(!r.stderr.contains("SQLite error"), "\(args): \(r.stderr)")
            #expect(r.code == 0 || (r.code == 4 && r.stderr.contains("the index is damaged") && r.stderr.contains("run scencat index --rebuild")), "\(args): \(r.code) \(r.stderr)")
        }
        let check = try CLI.run(["index", "--check", "--catalog", cat])
        #expect(check.code == 0, "\(check.stderr)")
        let after = try CLI.run(["list", "scenarios", "--format", "json", "--catalog", cat])
        #expect(after.code == 0, "\(after.stderr)")
        #expect((try CLI.json(after.stdout) as? [Any])?.count == count)

        // A damaged journal is set aside, said, and the save goes on.
        #expect(try CLI.run(["set", "chaozhou-ancient-city-guide", "stage=scaled", "--catalog", cat]).code == 0)
        try Self.overwrite("\(cat)/.scencat/journal.sqlite", at: 0, count: nil)
        let save = try CLI.run(["set", "chaozhou-ancient-city-guide", "stage=piloting", "--catalog", cat])
        #expect(save.code == 0, "\(save.stderr)")
        #expect(save.stderr.contains("scencat: warning: the journal") && save.stderr.contains("earlier changes can no longer be undone"), "\(save.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: "\(cat)/.scencat").filter { $0.hasPrefix("journal.sqlite.damaged-") }
        #expect(kept.count == 1)
        #expect(try CLI.run(["undo", "--catalog", cat]).code == 0)
        #expect(try CLI.read("\(cat)/scenarios/chaozhou-ancient-city-guide.yaml").contains("stage: scaled"))
    }

    @Test func syncRecoversFromABrokenRemoteAndTheDryRunSaysSoFirst() throws {
        let w = try SyncWorld.shared()
        // The other office pushes an invalid entity with git alone; this clone takes it.
        try w.edit("a/scenarios/sz-port.yaml", "stage: piloting", "stage: flying")
        try w.git(["commit", "--quiet", "-am", "Broken"], in: "a")
        try w.git(["push", "--quiet"], in: "a")
        let taken = try w.scencat(["sync"], in: "b")
        #expect(taken.code == 1 && taken.stderr.contains("the catalogue as it is on the remote has errors"), "\(taken.stderr)")
        // They fix it; here a local edit is made meanwhile.
        try w.edit("a/scenarios/sz-port.yaml", "stage: flying", "stage: scaled")
        try w.git(["commit", "--quiet", "-am", "Fixed"], in: "a")
        try w.git(["push", "--quiet"], in: "a")
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: piloting", "stage: demonstration")

        let plan = try w.scencat(["sync", "--dry-run"], in: "b")
        #expect(plan.code == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("Errors only in files origin/main has changed since (scenarios/sz-port.yaml): sync fetches and merges first"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: commit 1 change, merge 1 incoming commit, push"), "\(plan.stdout)")
        let sync = try w.scencat(["sync"], in: "b")
        #expect(sync.code == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("pushed to origin/main"), "\(sync.stdout)")
        #expect(try w.read("b/scenarios/sz-port.yaml").contains("stage: scaled"))
        #expect(try w.scencat(["validate"], in: "b").code == 0)

        // An error in a file the remote has not changed: the plan and sync both refuse.
        try w.edit("b/scenarios/gz-imaging.yaml", "stage: demonstration", "stage: flying")
        let refusedPlan = try w.scencat(["sync", "--dry-run"], in: "b")
        #expect(refusedPlan.stdout.contains("Plan: sync cannot run until the above is fixed."), "\(refusedPlan.stdout)")
        let refused = try w.scencat(["sync"], in: "b")
        #expect(refused.code == 1 && refused.stderr.contains("the catalogue has errors"), "\(refused.stderr)")
    }
}


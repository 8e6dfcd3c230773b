import Foundation
import Testing

/// Issue 15 as a clerk meets it: compute booked past capacity, stale entries, and a set-up that
/// finds its catalogue.
@Suite(.serialized) struct DayToDayTests {
    // MARK: Over-subscription

    @Test func validateWarnsAtTheRowsThatBookDongguanPastCapacity() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["validate", "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init).filter { $0.contains("center 'dongguan-compute' is over capacity in ") }
        #expect(!lines.isEmpty, "\(r.stderr)")
        // PATH:LINE:COL: warning: …, at a `center: dongguan-compute` line of the file named.
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 4).map(String.init)
            #expect(parts.count == 5 && parts[3] == " warning", "\(line)")
            let text = try CLI.read(parts[0]).split(separator: "\n", omittingEmptySubsequences: false)
            let row = try #require(Int(parts[1]))
            #expect(text[row - 1].contains("center: dongguan-compute"), "\(line)")
            #expect(line.contains("2026-Q3 (102 %, 409.2 of 400 PFLOPS FP16)"), "\(line)")
            #expect(line.contains("; compute[") && line.contains("] books "), "\(line)")
        }
        // A stricter threshold in catalog.yaml reports more; a laxer one only what is over.
        try CLI.write(try CLI.read("\(cat)/catalog.yaml") + "capacity_warning_percent: 150\n", to: "\(cat)/catalog.yaml")
        let lax = try CLI.run(["validate", "--catalog", cat])
        #expect(lax.stderr.components(separatedBy: "near capacity").count == 1, "\(lax.stderr)")
        #expect(lax.stderr.contains("center 'dongguan-compute' is over capacity in 2026-Q2 (102 %"))
        // One warning per booking row, naming each quarter.
        #expect(lax.stderr.components(separatedBy: "warning: center ").count - 1 == lines.count, "\(lax.stderr)")
    }

    @Test func statsCentersTableAndTheQuarterOfEverySingleFigure() throws {
        let cat = try CLI.demoCopy()
        let table = try CLI.run(["stats", "--centers", "--quarter", "2026-Q3", "--catalog", cat, "--format", "json"])
        #expect(table.code == 0, "\(table.stderr)")
        let rows = try #require(try CLI.json(table.stdout) as? [[String: Any]])
        let dongguan = try #require(rows.first { $0["center"] as? String == "dongguan-compute" })
        #expect(dongguan["quarter"] as? String == "2026-Q3" && dongguan["flag"] as? String == "over")
        #expect(abs((dongguan["demand_pflops"] as? Double ?? 0) - 409.2) < 1e-6 && dongguan["capacity_pflops_fp16"] as? Double == 400)
        #expect(rows.allSatisfy { $0["quarter"] as? String == "2026-Q3" })
        // `stats` headlines this quarter, as `list centers` does; both say which.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let month = Calendar(identifier: .gregorian).component(.month, from: Date())
        let now = "\(year)-Q\((month - 1) / 3 + 1)"
        let stats = try #require(try CLI.json(try CLI.run(["stats", "--catalog", cat, "--format", "json"]).stdout) as? [String: Any])
        #expect(stats["quarter"] as? String == now)
        let centers = try #require(try CLI.json(try CLI.run(["list", "centers", "--catalog", cat, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(!centers.isEmpty && centers.allSatisfy { $0["quarter"] as? String == now })
        let human = try CLI.run(["stats", "--catalog", cat, "--format", "table"])
        #expect(human.stdout.contains("Compute demand in \(now) (this quarter)"), "\(human.stdout)")
    }

    // MARK: Freshness

    @Test func staleFiltersAndConfirm() throws {
        let cat = try CLI.demoCopy()
        func ids(_ args: [String]) throws -> [String] {
            let r = try CLI.run(["list", "scenarios", "--catalog", cat, "--format", "json"] + args)
            #expect(r.code == 0, "\(r.stderr)")
            return (try CLI.json(r.stdout) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        // Checked against the files through an independent reading of `updated:`.
        var updated: [String: String] = [:]
        for f in try CLI.files(in: "\(cat)/scenarios") {
            let text = try CLI.read("\(cat)/scenarios/\(f)")
            let line = text.split(separator: "\n").first { $0.hasPrefix("updated: ") }
            updated[String(f.dropLast(5))] = line.map { String($0.dropFirst(9)) }
        }
        let before = try ids(["--updated-before", "2026-01-01", "--limit", "1000"])
        #expect(Set(before) == Set(updated.filter { ($0.value ?? "") < "2026-01-01" }.keys))
        #expect(!before.isEmpty && before.count < updated.count)
        let stale = try ids(["--stale", "12m", "--limit", "1000"])
        #expect(!stale.isEmpty)
        // The list shows the date.
        let rows = try #require(try CLI.json(try CLI.run(["list", "scenarios", "--catalog", cat, "--format", "json", "--sort=-updated", "--limit", "3"]).stdout) as? [[String: Any]])
        #expect(rows.count == 3 && rows.allSatisfy { ($0["updated"] as? String)?.count == 10 })
        #expect(try CLI.run(["list", "scenarios", "--stale", "twelve", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["list", "models", "--stale", "12m", "--catalog", cat]).code == 2)

        // Confirm two: their date becomes today, every other line stays, one undo takes both back.
        let targets = Array(stale.prefix(2))
        let originals = try targets.map { try CLI.read("\(cat)/scenarios/\($0).yaml") }
        let confirmed = try CLI.run(["confirm"] + targets + ["--catalog", cat])
        #expect(confirmed.code == 0, "\(confirmed.stderr)")
        let today = { () -> String in
            let f = DateFormatter(); f.dateFormat = "yyyy-MM-dd"; f.locale = Locale(identifier: "en_US_POSIX"); return f.string(from: Date())
        }()
        for (id, original) in zip(targets, originals) {
            let now = try CLI.read("\(cat)/scenarios/\(id).yaml")
            let a = original.split(separator: "\n", omittingEmptySubsequences: false), b = now.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(a.count == b.count)
            let differing = zip(a, b).filter { $0 != $1 }
            #expect(differing.count == 1 && differing.first?.1 == "updated: \(today)"[...], "\(differing)")
        }
        #expect(try !ids(["--stale", "12m", "--limit", "1000"]).contains(targets[0]))
        let again = try CLI.run(["confirm", targets[0], "--catalog", cat])
        #expect(again.code == 0 && again.stderr.contains("unchanged"), "\(again.stderr)")
        let model = try CLI.run(["confirm", "yuehai-base", "--catalog", cat])
        #expect(model.code != 0 && model.stderr.contains("only scenarios"), "\(model.stderr)")
        let undo = try CLI.run(["undo", "--catalog", cat])
        #expect(undo.code == 0, "\(undo.stderr)")
        #expect(try targets.map { try CLI.read("\(cat)/scenarios/\($0).yaml") } == originals)
    }

    // MARK: Finding the catalogue

    @Test func theCatalogueIsFoundFromANestedFolderAClonesRootAndElsewhere() throws {
        let cat = try CLI.demoCopy()
        let root = (cat as NSString).deletingLastPathComponent
        func count(cwd: String, _ extra: [String] = [], env: [String: String] = [:]) throws -> Int? {
            let r = try CLI.run(extra + ["list", "models", "--format", "json", "--limit", "1000"], cwd: cwd, env: env)
            guard r.code == 0 else { return nil }
            return (try CLI.json(r.stdout) as? [Any])?.count
        }
        let models = try CLI.files(in: "\(cat)/models").count
        // Inside the catalogue, and deeper: walked up to catalog.yaml.
        #expect(try count(cwd: cat) == models)
        #expect(try count(cwd: "\(cat)/taxonomy") == models)
        // At a clone's root: ./Catalog.
        #expect(try count(cwd: root) == models)
        // Elsewhere: $SCENCAT_CATALOG, or --catalog before the subcommand.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-elsewhere-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        #expect(try count(cwd: elsewhere) == nil)
        #expect(try count(cwd: elsewhere, env: ["SCENCAT_CATALOG": cat]) == models)
        #expect(try count(cwd: elsewhere, ["--catalog", cat]) == models)
        #expect(try count(cwd: elsewhere, ["--catalog=\(cat)"]) == models)
        // The nearest catalogue wins over the environment.
        #expect(try count(cwd: "\(cat)/models", env: ["SCENCAT_CATALOG": elsewhere]) == models)
        let missing = try CLI.run(["list", "models"], cwd: elsewhere)
        #expect(missing.code == 4 && missing.stderr.contains("no such catalogue folder"), "\(missing.stderr)")
        // A path in a message is as seen from where the command ran.
        try CLI.write("kind: Scenario\nid: [\n", to: "\(cat)/scenarios/broken.yaml")
        let nested = try CLI.run(["validate"], cwd: "\(cat)/taxonomy")
        #expect(nested.code == 1 && nested.stderr.contains("../scenarios/broken.yaml:"), "\(nested.stderr)")
        // `--sector` after `--catalog X list` is the list's option.
        let r = try CLI.run(["--catalog", cat, "list", "scenarios", "--sector", "healthcare", "--format", "json"], cwd: elsewhere)
        #expect(r.code == 0, "\(r.stderr)")
        // schema and init accept --catalog too.
        #expect(try CLI.run(["schema", "--catalog", cat], cwd: elsewhere).code == 0)
        #expect(try CLI.run(["--catalog", cat, "schema"], cwd: elsewhere).code == 0)
    }

    @Test func everyCommandTakesCatalog() throws {
        let names = ["validate", "index", "list", "show", "search", "stats", "fmt", "schema", "new", "edit", "set", "link", "unlink",
                     "withdraw", "delete", "undo", "history", "confirm", "init", "sync", "merge-driver", "resolve", "publish", "diff",
                     "verify", "keygen", "ui"]
        for name in names {
            let help = try CLI.run(["help", name])
            #expect(help.code == 0 && help.stdout.contains("--catalog <DIR>"), "\(name): \(help.stdout)")
        }
    }

    @Test func initHereInAPlainFolderMakesTheRepositoryWhenAsked() throws {
        let w = try SyncWorld()
        let plain = w.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("Catalog/catalog.yaml").path, toPath: plain + "/catalog.yaml")
        // Without a terminal to ask on, it says how and changes nothing.
        let refused = try CLI.run(["init", "--here"], cwd: plain, env: w.env)
        #expect(refused.code == 4 && refused.stderr.contains("scencat init --here --git"), "\(refused.stderr)")
        #expect(!w.exists("plain/.git") && !w.exists("plain/.gitattributes"))
        let made = try CLI.run(["init", "--here", "--git", "--catalog", plain], cwd: w.dir, env: w.env)
        #expect(made.code == 0, "\(made.stderr)")
        #expect(made.stdout.contains("created the git repository"), "\(made.stdout)")
        #expect(w.exists("plain/.git") && w.exists("plain/.gitattributes"))
        #expect(try w.git(["check-attr", "merge", "--", "models/x.yaml"], in: "plain").stdout == "models/x.yaml: merge: scencat\n")
    }

    @Test func keygenSaysWhatToCommitAndSyncNamesThePublication() throws {
        let w = try SyncWorld.shared(clones: [])
        let key = try w.scencat(["keygen", "--name", "office-2026", "--out", w.path("home/office.key")], in: "a")
        #expect(key.code == 0, "\(key.stderr)")
        #expect(key.stdout.contains("commit the public key") && key.stdout.contains("add keys/office-2026.pub"), "\(key.stdout)")
        let synced = try w.scencat(["sync"], in: "a")
        #expect(synced.code == 0, "\(synced.stderr)")
        #expect(try w.git(["log", "-1", "--format=%s"], in: "a").stdout == "Add key office-2026\n")
        let published = try w.scencat(["publish", "2026-Q4", "--key", w.path("home/office.key")], in: "a")
        #expect(published.code == 0, "\(published.stderr)")
        #expect(try w.scencat(["sync"], in: "a").code == 0)
        #expect(try w.git(["log", "-1", "--format=%s"], in: "a").stdout == "Add publication 2026-Q4\n")
        let manifest = try #require(try CLI.json(try w.read("a/publications/2026-Q4/manifest.json")) as? [String: Any])
        #expect((manifest["oversubscribed_centers"] as? [Any])?.isEmpty == true)
    }

    @Test func publishNamesOversubscribedCentersAndRecordsThem() throws {
        let cat = try CLI.demoCopy()
        let root = (cat as NSString).deletingLastPathComponent
        let w = try SyncWorld()
        for args in [["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "sample"]] {
            let r = try CLI.exec("/usr/bin/env", ["git"] + args, cwd: root, env: w.env)
            #expect(r.code == 0, "\(r.stderr)")
        }
        let r = try CLI.run(["publish", "2026-Q3"], cwd: cat, env: w.env)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("warning: center dongguan-compute is booked at 102 % of its capacity in 2026-Q3 (409.2 of 400 PFLOPS FP16)"), "\(r.stdout)")
        let manifest = try #require(try CLI.json(try CLI.read("\(cat)/publications/2026-Q3/manifest.json")) as? [String: Any])
        let over = try #require(manifest["oversubscribed_centers"] as? [[String: Any]])
        #expect(over.contains { $0["center"] as? String == "dongguan-compute" && $0["capacity_pflops_fp16"] as? Double == 400 })
        #expect(try CLI.run(["verify", "2026-Q3"], cwd: cat).code == 0)
    }
}

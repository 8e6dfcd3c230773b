import Foundation
import Testing

/// `scencat publish`, `verify`, `diff` and `keygen` on the built binary, in throwaway git
/// repositories holding a copy of the demo catalogue.
@Suite("Publication commands", .serialized)
struct PublishTests {
    /// A repository whose top holds `.gitignore` and the catalogue folder `Catalog/`, committed.
    struct Repo {
        var top: String
        var cat: String { "\(top)/Catalog" }
        /// Keys made by keygen land here (XDG_CONFIG_HOME), outside the repository.
        var config: String { "\(top)-config" }
        var env: [String: String] { ["XDG_CONFIG_HOME": config] }

        init(withGit: Bool = true) throws {
            let cat = try CLI.demoCopy()
            top = URL(fileURLWithPath: cat).deletingLastPathComponent().path
            try CLI.write(".scencat/\n", to: "\(top)/.gitignore")
            if withGit {
                try git("init", "--quiet")
                try commit("Demo catalogue")
            }
        }

        init(cloneOf other: Repo) throws {
            top = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-clone-\(UUID().uuidString)").path
            let r = try CLI.exec("/usr/bin/env", ["git", "clone", "--quiet", other.top, top])
            #expect(r.code == 0, "\(r.stderr)")
        }

        @discardableResult
        func git(_ args: String...) throws -> CLI.Result {
            let r = try CLI.exec("/usr/bin/env", ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"] + args, cwd: top)
            #expect(r.code == 0, "git \(args): \(r.stderr)")
            return r
        }

        func commit(_ message: String) throws {
            try git("add", "--all")
            try git("commit", "--quiet", "--allow-empty", "-m", message)
        }

        func scencat(_ args: String...) throws -> CLI.Result {
            try CLI.run(args + ["--catalog", cat], env: env)
        }

        func file(_ rel: String) -> String { "\(cat)/\(rel)" }

        func edit(_ rel: String, _ from: String, _ to: String) throws {
            let text = try CLI.read(file(rel))
            #expect(text.contains(from), "\(rel) has no '\(from)'")
            try CLI.write(text.replacingOccurrences(of: from, with: to), to: file(rel))
        }
    }

    @Test func publishWritesEveryFileVerifiesAndRefusesASecondTime() throws {
        let repo = try Repo()
        let r = try repo.scencat("publish", "2026-Q3")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("published 2026-Q3 → \(repo.cat)/publications/2026-Q3: "))
        #expect(r.stdout.contains("first published list"))
        let names = try FileManager.default.contentsOfDirectory(atPath: repo.file("publications/2026-Q3")).sorted()
        #expect(names == ["changes.md", "list.csv", "list.html", "list.md", "list.xlsx", "list.yaml", "manifest.json"])
        let manifest = try #require(try CLI.json(CLI.read(repo.file("publications/2026-Q3/manifest.json"))) as? [String: Any])
        let head = try repo.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(manifest["commit"] as? String == head)
        #expect(manifest["quarter"] as? String == "2026-Q3")

        let v = try repo.scencat("verify", "2026-Q3")
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout.contains("publications/2026-Q3: verified: 6 files"))
        #expect(v.stderr.contains("publications/2026-Q3: warning: unsigned"))
        #expect(try repo.scencat("verify", "2026-Q3", "--require-signature").code == 1)

        let again = try repo.scencat("publish", "2026-Q3")
        #expect(again.code == 3)
        #expect(again.stderr.contains("2026-Q3 is already published"))
        #expect(try repo.scencat("publish", "2026-Q3", "--supersede").code == 2)
        #expect(try repo.scencat("publish", "2026-Q3", "--reason", "x").code == 2)
        #expect(try repo.scencat("publish", "2026Q3").code == 2)

        let sup = try repo.scencat("publish", "2026-Q3", "--supersede", "--reason", "示例更正")
        #expect(sup.code == 0, "\(sup.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo.file("publications/2026-Q3/superseded/1/list.yaml")))
        #expect(try CLI.read(repo.file("publications/2026-Q3/manifest.json")).contains("\"reason\": \"示例更正\""))
        #expect(try repo.scencat("verify").code == 0)
    }

    @Test func refusalsExitWithTheContractsCodes() throws {
        // Not a git repository: 4.
        let loose = try Repo(withGit: false)
        let r = try loose.scencat("publish", "2026-Q3")
        #expect(r.code == 4)
        #expect(r.stderr.contains("is not in a git repository"))

        let repo = try Repo()
        // Uncommitted changes under the catalogue: 1, naming the file.
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        let dirty = try repo.scencat("publish", "2026-Q3")
        #expect(dirty.code == 1)
        #expect(dirty.stderr.contains("uncommitted changes"))
        #expect(dirty.stderr.contains("scenarios/chaozhou-ancient-city-guide.yaml"))
        // A new untracked file blocks too; the index folder (.scencat) never does.
        try repo.git("checkout", "--", ".")
        try CLI.write("x\n", to: repo.file("notes.txt"))
        #expect(try repo.scencat("publish", "2026-Q3").stderr.contains("notes.txt"))
        try FileManager.default.removeItem(atPath: repo.file("notes.txt"))

        // An invalid catalogue, committed: 1 with gcc-style diagnostics, and nothing written.
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: flying")
        try repo.commit("Broken")
        let invalid = try repo.scencat("publish", "2026-Q3")
        #expect(invalid.code == 1)
        #expect(invalid.stderr.contains("\(repo.cat)/scenarios/chaozhou-ancient-city-guide.yaml:7:8: error: 'stage' must be one of"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: repo.file("publications"))) ?? []
        #expect(written.isEmpty)
    }

    @Test func keygenSignsAndVerifyFindsTampering() throws {
        let repo = try Repo()
        let k = try repo.scencat("keygen", "--name", "office")
        #expect(k.code == 0, "\(k.stderr)")
        let keyPath = "\(repo.config)/scencat/keys/office.key"
        let attrs = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let pub = try CLI.read(repo.file("keys/office.pub"))
        #expect(pub.contains("name: office") && pub.contains("ed25519: "))
        #expect(!(try CLI.read(keyPath)).isEmpty)
        #expect(try repo.scencat("keygen", "--name", "office").code == 3)
        #expect(try repo.scencat("keygen", "--name", "Office!").code == 2)
        #expect(try repo.scencat("keygen", "--name", "inside", "--out", repo.file("inside.key")).code == 1)

        // The public key is not committed yet: publishing with the key is blocked.
        #expect(try repo.scencat("publish", "2026-Q3", "--key", keyPath).code == 1)
        try repo.commit("Signing key")
        let p = try repo.scencat("publish", "2026-Q3", "--key", keyPath)
        #expect(p.code == 0, "\(p.stderr)")
        #expect(p.stdout.contains("signed by office"))
        let v = try repo.scencat("verify", "2026-Q3", "--require-signature")
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout.contains("signed by office"))

        let csv = repo.file("publications/2026-Q3/list.csv")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        bytes[bytes.count - 3] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: csv))
        try CLI.write("x", to: repo.file("publications/2026-Q3/extra.txt"))
        let bad = try repo.scencat("verify", "2026-Q3")
        #expect(bad.code == 1)
        let lines = bad.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(repo.cat)/publications/2026-Q3/list.csv: error: SHA-256 mismatch (changed after publishing)"))
        #expect(lines.contains("\(repo.cat)/publications/2026-Q3/extra.txt: error: not listed in the manifest"))
        let json = try repo.scencat("verify", "2026-Q3", "--format", "json")
        let reports = try #require(try CLI.json(json.stdout) as? [[String: Any]])
        #expect(reports.first?["ok"] as? Bool == false)
        #expect((reports.first?["problems"] as? [[String: Any]])?.count == 2)
    }

    @Test func diffReportsEveryKindOfChangeBetweenQuartersAndAgainstTheWorkingCatalogue() throws {
        let repo = try Repo()
        // No scenario of the demo starts listing after 2027-Q1, so these two quarters differ by the edits alone.
        #expect(try repo.scencat("publish", "2027-Q2").code == 0)
        try repo.commit("Publish 2027-Q2")
        // One changed field, one withdrawn, one removed (deleted), one added (a draft approved, listable from 2027-Q3).
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        try repo.edit("scenarios/dongguan-chronic-disease-followup.yaml", "status: approved", "status: withdrawn")
        try FileManager.default.removeItem(atPath: repo.file("scenarios/dongguan-construction-site-safety.yaml"))
        try repo.edit("scenarios/dongguan-meeting-minutes.yaml", "status: draft", "status: approved\nsince: 2027-Q3")
        try repo.commit("Quarter's edits")
        let p = try repo.scencat("publish", "2027-Q3")
        #expect(p.code == 0, "\(p.stderr)")
        #expect(p.stdout.contains("against 2027-Q2: 1 added, 1 changed, 1 withdrawn, 1 removed"), "\(p.stdout)")

        let d = try repo.scencat("diff", "2027-Q2", "2027-Q3", "--format", "json")
        #expect(d.code == 0, "\(d.stderr)")
        let obj = try #require(try CLI.json(d.stdout) as? [String: Any])
        func ids(_ key: String) -> [String] { ((obj[key] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } }
        #expect(ids("added") == ["dongguan-meeting-minutes"])
        #expect(ids("withdrawn") == ["dongguan-chronic-disease-followup"])
        #expect(ids("removed") == ["dongguan-construction-site-safety"])
        #expect(ids("changed") == ["chaozhou-ancient-city-guide"])
        let changed = try #require((obj["changed"] as? [[String: Any]])?.first)
        let fields = try #require(changed["fields"] as? [[String: Any]])
        #expect(fields.count == 1)
        #expect(fields.first?["field"] as? String == "stage")
        #expect(fields.first?["old"] as? String == "demonstration" && fields.first?["new"] as? String == "scaled")
        let changes = try CLI.read(repo.file("publications/2027-Q3/changes.md"))
        #expect(changes.contains("`stage`: demonstration → scaled"))

        let table = try repo.scencat("diff", "2027-Q2", "2027-Q3", "--format", "table")
        #expect(table.stdout.contains("withdrawn  dongguan-chronic-disease-followup"))

        // Against the live catalogue: nothing, then an uncommitted edit.
        try repo.commit("Publish 2027-Q3")
        let same = try repo.scencat("diff", "--working", "--format", "json")
        #expect(same.code == 0, "\(same.stderr)")
        #expect(((try CLI.json(same.stdout) as? [String: Any])?["changed"] as? [Any])?.isEmpty == true)
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: scaled", "stage: piloting")
        let live = try repo.scencat("diff", "2027-Q3", "--format", "csv")
        #expect(live.code == 0)
        #expect(live.stdout.contains("changed,chaozhou-ancient-city-guide,潮州古城多语种智能导览,stage,scaled,piloting"))
        #expect(try repo.scencat("diff", "2025-Q1", "2027-Q3").code == 1)
        #expect(try repo.scencat("diff").code == 2)
    }

    @Test func twoClonesOfOneCommitPublishIdenticalBytes() throws {
        let a = try Repo()
        #expect(try a.scencat("keygen", "--name", "office").code == 0)
        try a.commit("Key")
        let b = try Repo(cloneOf: a)
        let key = "\(a.config)/scencat/keys/office.key"
        #expect(try a.scencat("publish", "2026-Q4", "--key", key).code == 0)
        let rb = try CLI.run(["publish", "2026-Q4", "--key", key, "--catalog", b.cat])
        #expect(rb.code == 0, "\(rb.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: a.file("publications/2026-Q4")).sorted()
        #expect(names.count == 8 && names.contains("list.xlsx"))
        for n in names {
            let x = try Data(contentsOf: URL(fileURLWithPath: a.file("publications/2026-Q4/\(n)")))
            let y = try Data(contentsOf: URL(fileURLWithPath: b.file("publications/2026-Q4/\(n)")))
            #expect(x == y, "\(n) differs between the clones")
        }
    }

    /// A quarter published before list.xlsx existed lists no such file; it keeps verifying as it is.
    @Test func aPublicationWithoutListXLSXStillVerifies() throws {
        let repo = try Repo()
        #expect(try repo.scencat("publish", "2026-Q3").code == 0)
        let manifestPath = repo.file("publications/2026-Q3/manifest.json")
        var manifest = try #require(try CLI.json(CLI.read(manifestPath)) as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        manifest["files"] = files.filter { $0["path"] as? String != "list.xlsx" }
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: manifestPath))
        try FileManager.default.removeItem(atPath: repo.file("publications/2026-Q3/list.xlsx"))
        let v = try repo.scencat("verify", "2026-Q3")
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout.contains("verified: 5 files"))
    }
}

import Foundation
import Testing

/// The smaller findings of the hostile review, each reproduced on the built binary.
@Suite("Hostile input and odd environments", .serialized)
struct HostileInputTests {
    @Test func termDumbIsRefusedNotABlankScreen() throws {
        let cat = try CLI.demoCopy()
        // `script` gives scencat a terminal (the UI refuses pipes before looking at TERM).
        let r = try CLI.exec("/usr/bin/script", ["-qec", "'\(CLI.binary)' --catalog '\(cat)'", "/dev/null"], env: ["TERM": "dumb"])
        #expect(r.code == 2, "\(r.stdout)")
        #expect(r.stdout.contains("the terminal UI needs a terminal that can move the cursor (TERM is 'dumb')"), "\(r.stdout)")
    }

    @Test func absurdComputeAmountsAreRefusedAndSumsStayFinite() throws {
        let cat = try CLI.demoCopy()
        let id = "dongguan-construction-site-safety"
        for amount in ["1e300", "1000001", "1.7e308"] {
            let r = try CLI.run(["set", id, "compute[0].amount=\(amount)", "--catalog", cat])
            #expect(r.code == 1, "\(amount): \(r.stderr)")
            #expect(r.stderr.contains("'amount' must be at most 1000000"), "\(amount): \(r.stderr)")
        }
        #expect(try CLI.run(["set", id, "compute[0].amount=1000000", "--catalog", cat]).code == 0)
        try CLI.write(try CLI.read("\(cat)/scenarios/\(id).yaml").replacingOccurrences(of: "amount: 1000000", with: "amount: .inf"),
                      to: "\(cat)/scenarios/\(id).yaml")
        let v = try CLI.run(["validate", "--catalog", cat])
        #expect(v.code == 1 && v.stderr.contains("'amount' must be a finite number"), "\(v.stderr)")
        let stats = try CLI.run(["stats", "--catalog", cat, "--format", "json"])
        #expect(!stats.stdout.contains("inf"), "\(stats.stdout)")
    }

    @Test func invisibleCharactersAreRefusedInTextWithThePlace() throws {
        let cat = try CLI.demoCopy()
        let id = "chaozhou-ancient-city-guide"
        for (scalar, name) in [("\u{202E}", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\u{200B}", "U+200B ZERO WIDTH SPACE")] {
            let r = try CLI.run(["set", id, "title=潮州\(scalar)古城", "--catalog", cat])
            #expect(r.code == 1)
            #expect(r.stderr.contains("scenarios/\(id).yaml:3:8: error: 'title' contains \(name) at character 3"), "\(r.stderr)")
            let s = try CLI.run(["set", id, "summary=说明\(scalar)", "--catalog", cat])
            #expect(s.code == 1 && s.stderr.contains("'summary' contains \(name)"), "\(s.stderr)")
        }
        // Emoji sequences keep their zero-width joiner; and emoji are searchable.
        let e = try CLI.run(["set", id, "title=潮州古城🏯导览👨‍👩‍👧", "--catalog", cat])
        #expect(e.code == 0, "\(e.stderr)")
        let hits = try CLI.run(["search", "🏯", "--format", "json", "--catalog", cat])
        #expect(hits.code == 0, "\(hits.stderr)")
        #expect(((try CLI.json(hits.stdout) as? [[String: Any]]) ?? []).contains { $0["id"] as? String == id }, "\(hits.stdout)")
    }

    @Test func updatedIsHonouredAndAContactEditDoesNotDateTheScenario() throws {
        let cat = try CLI.demoCopy()
        let id = "dongguan-pcb-visual-inspection"
        let file = "\(cat)/scenarios/\(id).yaml"
        let set = try CLI.run(["set", id, "updated=2020-01-02", "--catalog", cat])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try CLI.read(file).contains("updated: 2020-01-02"))
        let contact = try CLI.run(["set", id, "contact=李工 li.gong@example.org", "--catalog", cat])
        #expect(contact.code == 0, "\(contact.stderr)")
        let text = try CLI.read(file)
        #expect(text.contains("contact: 李工 li.gong@example.org") && text.contains("updated: 2020-01-02"), "\(text)")
        #expect(try CLI.run(["set", id, "tags+=复查", "--catalog", cat]).code == 0)
        #expect(!(try CLI.read(file)).contains("updated: 2020-01-02"))
    }

    @Test func anIncomingFileNameWithALineBreakIsShownOnOneLine() throws {
        let w = try SyncWorld.shared()
        try w.write("a/scenarios/evil\nname.yaml", "kind: Scenario\n")
        try w.git(["add", "--all"], in: "a")
        try w.git(["commit", "--quiet", "-m", "A hostile name"], in: "a")
        try w.git(["push", "--quiet"], in: "a")
        let plan = try w.scencat(["sync", "--dry-run"], in: "b")
        #expect(plan.code == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("+ scenario evil\\nname (added)"), "\(plan.stdout)")
        #expect(!plan.stdout.split(separator: "\n").contains { $0.hasPrefix("name.yaml") }, "\(plan.stdout)")
    }

    @Test func readOnlyCommandsWorkOnACatalogueTheUserCannotWrite() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let top = URL(fileURLWithPath: cat).deletingLastPathComponent().path
        // Root writes anywhere: run as nobody then; anyone else loses write permission.
        let asRoot = getuid() == 0
        #expect(try CLI.exec("/bin/chmod", ["-R", asRoot ? "a+rX" : "a-w", top]).code == 0)
        defer { _ = try? CLI.exec("/bin/chmod", ["-R", "u+w", top]) }
        func run(_ args: [String]) throws -> CLI.Result {
            asRoot ? try CLI.exec("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", CLI.binary] + args + ["--catalog", cat], env: ["HOME": "/nonexistent"])
                   : try CLI.run(args + ["--catalog", cat])
        }
        for args in [["list", "scenarios", "--format", "json"], ["show", "chaozhou-ancient-city-guide", "--format", "json"], ["search", "医疗", "--format", "json"]] {
            let r = try run(args)
            #expect(r.code == 0, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("the catalogue is read-only here"), "\(args): \(r.stderr)")
            #expect(r.stdout.contains("chaozhou") || r.stdout.contains("yuehai-medical"), "\(args): \(r.stdout.prefix(200))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(cat)/.scencat") == ["index.sqlite"])
    }
}


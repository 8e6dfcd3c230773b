import Foundation
import Testing

/// The editing commands as scripts use them: each validates first and, on invalid input, exits 1
/// with the standard error lines and changes nothing.
@Suite("Editing from the command line")
struct EditCLITests {
    let sid = "chaozhou-ancient-city-guide"

    func snapshot(_ catalog: String) throws -> [String: String] {
        var all: [String: String] = [:]
        for dir in ["scenarios", "models", "centers"] {
            for f in try CLI.files(in: "\(catalog)/\(dir)") { all["\(dir)/\(f)"] = try CLI.read("\(catalog)/\(dir)/\(f)") }
        }
        return all
    }

    @Test("set changes fields, nested compute rows included, and the file stays valid and canonical")
    func set() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["set", sid, "title=潮州古城导览", "tags+=导览", "compute[+].workload=inference", "compute[-1].amount=3",
                             "compute[-1].unit=pflops", "compute[-1].from=2026-Q1", "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        let text = try CLI.read("\(cat)/scenarios/\(sid).yaml")
        #expect(text.contains("title: 潮州古城导览\n"))
        #expect(text.contains("- 导览\n"))
        #expect(text.contains("compute:\n- workload: inference\n  amount: 3\n  unit: pflops\n  from: 2026-Q1\n"))
        #expect(try CLI.run(["fmt", "--check", "--catalog", cat]).code == 0)
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        let shown = try CLI.run(["show", sid, "--format", "json", "--catalog", cat])
        #expect(shown.stdout.contains("潮州古城导览"))
    }

    @Test("invalid input exits 1 with PATH:LINE:COL lines and changes nothing", arguments: [
        ["sector=healthcar"], ["compute[+].amount=-2"], ["stage=done"], ["titel=x"], ["compute[5].amount=1"],
    ])
    func setInvalid(_ changes: [String]) throws {
        let cat = try CLI.demoCopy()
        let before = try snapshot(cat)
        let r = try CLI.run(["set", sid] + changes + ["--catalog", cat])
        #expect(r.code == 1, "\(r.stderr)")
        #expect(r.stderr.contains("error") || r.stderr.contains("nothing changed"), "\(r.stderr)")
        if changes != ["titel=x"] && changes != ["compute[5].amount=1"] {
            #expect(r.stderr.contains("\(cat)/scenarios/\(sid).yaml:"), "\(r.stderr)")
        }
        #expect(try snapshot(cat) == before)
    }

    @Test("usage errors exit 2")
    func usage() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["set", sid, "title", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["new", "planet", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["link", sid, "chaoyun-culture", "--role", "boss", "--catalog", cat]).code == 2)
    }

    @Test("new creates a scenario with a suggested id; missing required fields are errors")
    func new() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["new", "scenario", "title=智能质检", "title_en=Visual inspection of castings", "sector=manufacturing", "city=foshan", "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "foshan-manufacturing-visual-inspection-castings\n")
        let text = try CLI.read("\(cat)/scenarios/foshan-manufacturing-visual-inspection-castings.yaml")
        #expect(text.hasPrefix("kind: Scenario\nid: foshan-manufacturing-visual-inspection-castings\ntitle: 智能质检\n"))
        #expect(text.contains("status: draft\n"))
        let again = try CLI.run(["new", "scenario", "title=智能质检", "title_en=Visual inspection of castings", "sector=manufacturing", "city=foshan", "--catalog", cat])
        #expect(again.stdout == "foshan-manufacturing-visual-inspection-castings-2\n")
        let bad = try CLI.run(["new", "model", "id=acme", "name=Acme", "--catalog", cat])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("missing required key 'provider'"))
        #expect(!FileManager.default.fileExists(atPath: "\(cat)/models/acme.yaml"))
        let dup = try CLI.run(["new", "model", "id=chaoyun-culture", "name=X", "provider=Y", "filing_kind=filed", "filing_no=Z", "--catalog", cat])
        #expect(dup.code == 1)
        #expect(dup.stderr.contains("already used"))
    }

    @Test("link, relink with another role, unlink; an unknown model is an error")
    func link() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["link", sid, "foshan-hotline", "--role", "evaluated", "--catalog", cat]).code == 0)
        #expect(try CLI.read("\(cat)/scenarios/\(sid).yaml").contains("- model: foshan-hotline\n  role: evaluated\n"))
        #expect(try CLI.run(["link", sid, "foshan-hotline", "--role", "deployed", "--catalog", cat]).code == 0)
        #expect(try CLI.read("\(cat)/scenarios/\(sid).yaml").contains("- model: foshan-hotline\n  role: deployed\n"))
        #expect(try CLI.run(["unlink", sid, "foshan-hotline", "--catalog", cat]).code == 0)
        #expect(try !CLI.read("\(cat)/scenarios/\(sid).yaml").contains("foshan-hotline"))
        let bad = try CLI.run(["link", sid, "no-such-model", "--catalog", cat])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("unknown model 'no-such-model'"))
        #expect(try CLI.run(["unlink", sid, "foshan-hotline", "--catalog", cat]).code == 1)
    }

    @Test("withdraw sets the status and records the reason; a reason is required; a center cannot be withdrawn")
    func withdraw() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["withdraw", sid, "--catalog", cat]).code == 2)
        #expect(try CLI.run(["withdraw", sid, "--catalog", cat, "--reason", " "]).code == 2)
        #expect(try CLI.run(["withdraw", sid, "--catalog", cat, "--reason", "项目已终止"]).code == 0)
        let text = try CLI.read("\(cat)/scenarios/\(sid).yaml")
        #expect(text.contains("status: withdrawn\nwithdrawn_reason: 项目已终止\n"))
        let history = try CLI.run(["history", sid, "--catalog", cat])
        #expect(history.stdout.contains("withdraw: 项目已终止"))
        let center = try CLI.files(in: "\(cat)/centers")[0].replacingOccurrences(of: ".yaml", with: "")
        #expect(try CLI.run(["withdraw", center, "--catalog", cat, "--reason", "x"]).code == 1)
    }

    @Test("delete is refused while referenced, done with --unlink, and undo brings everything back")
    func deleteAndUndo() throws {
        let cat = try CLI.demoCopy()
        let before = try snapshot(cat)
        let refused = try CLI.run(["delete", "chaoyun-culture", "--catalog", cat])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains(sid))
        #expect(try snapshot(cat) == before)
        let done = try CLI.run(["delete", "chaoyun-culture", "--unlink", "--catalog", cat])
        #expect(done.code == 0, "\(done.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(cat)/models/chaoyun-culture.yaml"))
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        let undo = try CLI.run(["undo", "--catalog", cat])
        #expect(undo.code == 0, "\(undo.stderr)")
        #expect(try snapshot(cat) == before)
        let history = try CLI.run(["history", sid, "--format", "json", "--catalog", cat])
        #expect(history.code == 0)
        #expect(history.stdout.contains("\"undo\""))
    }

    @Test("redo re-applies what undo reverted; refused when the file changed since, and after a new change")
    func redoAfterUndo() throws {
        let cat = try CLI.demoCopy()
        let file = "\(cat)/scenarios/\(sid).yaml"
        let original = try CLI.read(file)
        #expect(try CLI.run(["set", sid, "title=重做测试", "--catalog", cat]).code == 0)
        let saved = try CLI.read(file)
        #expect(try CLI.run(["undo", "--catalog", cat]).code == 0)
        #expect(try CLI.read(file) == original)
        let redo = try CLI.run(["redo", "--catalog", cat])
        #expect(redo.code == 0, "\(redo.stderr)")
        #expect(try CLI.read(file) == saved)
        // Nothing more to redo.
        #expect(try CLI.run(["redo", "--catalog", cat]).stderr.contains("nothing to redo"))
        // The file changed by hand after the undo: redo refuses and writes nothing.
        #expect(try CLI.run(["undo", "--catalog", cat]).code == 0)
        let byHand = original.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 手改")
        try CLI.write(byHand, to: file)
        let refused = try CLI.run(["redo", "--catalog", cat])
        #expect(refused.code == 3, "\(refused.stderr)")
        #expect(try CLI.read(file) == byHand)
        // A new change after an undo ends what can be redone.
        try CLI.write(original, to: file)
        #expect(try CLI.run(["set", sid, "title=一", "--catalog", cat]).code == 0)
        #expect(try CLI.run(["undo", "--catalog", cat]).code == 0)
        #expect(try CLI.run(["set", sid, "title=二", "--catalog", cat]).code == 0)
        #expect(try CLI.run(["redo", "--catalog", cat]).stderr.contains("nothing to redo"))
        #expect(try CLI.read(file).contains("title: 二\n"))
    }

    @Test("edit runs $VISUAL on a temp copy and saves the result canonical; an invalid result is not saved")
    func edit() throws {
        let cat = try CLI.demoCopy()
        let dir = (cat as NSString).deletingLastPathComponent
        let script = "\(dir)/editor.sh"
        try CLI.write("#!/bin/sh\nsed -i 's/^title: .*/title: 编辑器改的标题/' \"$1\"\n", to: script)
        chmod(script, 0o755)
        let r = try CLI.run(["edit", sid, "--catalog", cat], env: ["VISUAL": script])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try CLI.read("\(cat)/scenarios/\(sid).yaml").contains("title: 编辑器改的标题\n"))
        try CLI.write("#!/bin/sh\nsed -i 's/^stage: .*/stage: finished/' \"$1\"\n", to: script)
        let before = try snapshot(cat)
        let bad = try CLI.run(["edit", sid, "--catalog", cat], env: ["VISUAL": script])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("stage"))
        #expect(try snapshot(cat) == before)
    }

    @Test("edit opens a file that does not read with its errors on top, and saves the repair")
    func repairBrokenFile() throws {
        let cat = try CLI.demoCopy()
        let file = "\(cat)/scenarios/\(sid).yaml"
        try CLI.write(try CLI.read(file).replacingOccurrences(of: "stage: demonstration", with: "stage: finished"), to: file)
        let dir = (cat as NSString).deletingLastPathComponent
        let script = "\(dir)/fix.sh"
        // The editor fails unless the errors are there to read; then it fixes the stage.
        try CLI.write("#!/bin/sh\ngrep -q '^# line .*stage' \"$1\" || exit 9\nsed -i 's/^stage: finished/stage: scaled/' \"$1\"\n", to: script)
        chmod(script, 0o755)
        let r = try CLI.run(["edit", sid, "--catalog", cat], env: ["VISUAL": script])
        #expect(r.code == 0, "\(r.stderr)")
        let text = try CLI.read(file)
        #expect(text.contains("stage: scaled\n"))
        #expect(!text.contains("# "))
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
    }

    @Test("an unknown id is an error with a suggestion")
    func unknownId() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["set", "chaozhou-ancient-city", "title=x", "--catalog", cat])
        #expect(r.code == 1)
        #expect(r.stderr.contains("no scenario, model or center with id"))
    }
}

import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
@testable import ScencatApp
import Testing
import TerminalKit

/// A git repository whose top is a copy of the demo catalogue, committed, and indexed.
final class PublicationRepo: Sendable {
    let root: String
    let store: IndexStore
    var layout: CatalogLayout { CatalogLayout(root: root) }

    init() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("scencat-pubui-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = AppFixture.packageRoot.appendingPathComponent("Catalog").path
        for entry in try fm.contentsOfDirectory(atPath: source) where entry != ".scencat" && entry != "publications" {
            try fm.copyItem(atPath: source + "/" + entry, toPath: root + "/" + entry)
        }
        try "/.scencat/\n".write(toFile: root + "/.gitignore", atomically: true, encoding: .utf8)
        try Self.git(root, ["init", "--quiet"])
        try Self.git(root, ["add", "--all"])
        try Self.git(root, ["commit", "--quiet", "-m", "Demo catalogue"])
        store = try IndexStore(catalogRoot: root)
        _ = try Indexer(root: root, store: store).run()
    }

    func git(_ args: String...) throws { try Self.git(root, args) }

    static func git(_ root: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-c", "user.name=发布测试", "-c", "user.email=publish@example.org"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
    }

    func commit(_ message: String) throws {
        try git("add", "--all")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
    }

    func edit(_ rel: String, _ old: String, _ new: String) throws {
        let path = root + "/" + rel
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The app after `script`, each key sent once the work the previous one started has finished
    /// (reading, verifying and publishing run in the background).
    func run(_ script: String, width: Int = 100, height: Int = 30) -> (TestBackend, Runtime) {
        let backend = TestBackend(width: width, height: height)
        let runtime = Runtime(backend: backend, store: store, layout: layout)
        runtime.run(refreshIndex: false, untilIdle: true)
        runtime.settleChains()
        for key in Key.script(script) {
            runtime.send(.key(key))
            runtime.settleChains()
        }
        return (backend, runtime)
    }

    func screen(_ script: String, width: Int = 100, height: Int = 30) -> String {
        run(script, width: width, height: height).0.screenText()
    }

    func exists(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + rel) }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

extension Runtime {
    /// Waits for background work, and for the work its results start in turn (a listing starts
    /// the verification, a publication a new listing), drawing the result.
    func settleChains() {
        for _ in 0..<4 { settle() }
    }
}

@Suite("Publications screen", .serialized)
struct PublicationsTests {
    @Test func fiveOpensTheScreenAsAFifthTabAndTabKeysLeaveIt() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        let (backend, runtime) = repo.run("5")
        let text = backend.screenText()
        #expect(runtime.state.publicationsScreen != nil)
        #expect(text.rows[1].contains("5 发布 Publications"))
        #expect(text.contains("尚未发布 · nothing published yet"))
        #expect(text.contains("p publish"))
        #expect(repo.run("51").1.state.publicationsScreen == nil)
        #expect(repo.run("51").1.state.tab == .scenarios)
        #expect(repo.run("5<Tab>").1.state.tab == .scenarios)
        #expect(repo.run("5<BackTab>").1.state.tab == .dashboard)
        #expect(repo.run("5<Esc>").1.state.publicationsScreen == nil)
        // Help and search still work on top of it; q still quits.
        #expect(repo.screen("5?").contains("帮助 Help"))
        #expect(repo.run("5q").1.state.quit)
        // The tab row always shows it; it is the active tab only while open.
        #expect(repo.screen("").rows[1].contains("5 发布"))
        #expect(repo.run("").1.state.tabsWidget.active == 0)
        #expect(repo.run("5").1.state.tabsWidget.active == 4)
    }

    @Test func theWizardShowsWhatWillBeListedPublishesOnConfirmationAndTheListVerifies() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        // Nothing published: the wizard's first quarter is the calendar's; choose 2026-Q3 by stepping there.
        let wizard = repo.run("5p")
        let quarter = try #require(wizard.1.state.publicationsScreen?.wizard?.quarter)
        let steps = Quarter("2026-Q3")!.ordinal - quarter.ordinal
        let keys = "5p" + String(repeating: steps > 0 ? "l" : "h", count: abs(steps))
        let preview = repo.screen(keys)
        #expect(preview.contains("发布 Publish · 2026-Q3"))
        #expect(preview.contains("将列出 83 个场景"))
        #expect(preview.contains("首次发布 first publication"))
        #expect(preview.contains("可以发布 · ready"))
        #expect(preview.contains("制造  14 个"))
        // y asks first; n leaves it; y y publishes.
        #expect(repo.screen(keys + "y").contains("发布？ Publish 2026-Q3?"))
        #expect(!repo.run(keys + "yn").1.state.publicationsScreen!.wizard!.confirming)
        #expect(!repo.exists("publications/2026-Q3"))
        let (backend, runtime) = repo.run(keys + "yy")
        #expect(repo.exists("publications/2026-Q3/list.yaml"))
        #expect(repo.exists("publications/2026-Q3/manifest.json"))
        let text = backend.screenText()
        #expect(runtime.state.publicationsScreen?.mode == .quarters)
        #expect(text.contains("已发布 2026-Q3 · published 2026-Q3"))
        #expect(text.contains("2026-Q3"))
        #expect(text.contains("✓ 未签名 unsigned"))
        #expect(text.contains("首次发布 first publication"))
        // Publishing the same quarter again is blocked, and says how to replace it.
        try repo.commit("Publish 2026-Q3")
        let again = repo.screen("5p" + "h")
        #expect(again.contains("2026-Q3 已发布 · already published"))
        #expect(repo.run("5phy").1.state.publicationsScreen?.wizard?.confirming == false)
    }

    @Test func browsingAListItsRecordsAndItsChangesAgainstThePreviousQuarter() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        let first = repo.run("5p")
        let start = try #require(first.1.state.publicationsScreen?.wizard?.quarter)
        func to(_ q: String) -> String {
            let steps = Quarter(q)!.ordinal - start.ordinal
            return String(repeating: steps > 0 ? "l" : "h", count: abs(steps))
        }
        _ = repo.run("5p" + to("2027-Q2") + "yy")
        #expect(repo.exists("publications/2027-Q2/list.yaml"))
        try repo.commit("Publish 2027-Q2")
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        try repo.edit("scenarios/dongguan-chronic-disease-followup.yaml", "status: approved", "status: withdrawn")
        try repo.commit("Edits")
        // The wizard now starts at the quarter after the latest list, and counts the changes.
        let preview = repo.screen("5p")
        #expect(preview.contains("发布 Publish · 2027-Q3"))
        #expect(preview.contains("相对 2027-Q2：新增 0，变更 1，撤回 1，移除 0"))
        _ = repo.run("5pyy")
        #expect(repo.exists("publications/2027-Q3/list.yaml"))

        // The quarters: the latest selected, with its change counts.
        let quarters = repo.screen("5")
        #expect(quarters.contains("2027-Q2"))
        #expect(quarters.contains("相对 2027-Q2：新增 0，变更 1，撤回 1，移除 0"))
        // Its changes, field by field.
        let changes = repo.screen("5c")
        #expect(changes.contains("~ chaozhou-ancient-city-guide  潮州古城多语种智能导览"))
        #expect(changes.contains("stage: demonstration → scaled"))
        #expect(changes.contains("− dongguan-chronic-disease-followup"))
        // Browse the list: the rows, then a record, read-only and without internal fields.
        let list = repo.screen("5<Enter>", width: 120)
        #expect(list.contains("已发布清单 published list (只读 read-only)"))
        #expect(list.contains("chaozhou-ancient-city-guide"))
        #expect(list.contains("潮州古城多语种智能导览"))
        let record = repo.screen("5<Enter><Enter>", width: 120)
        #expect(record.contains("chaozhou-ancient-city-guide · 潮州古城多语种智能导览"))
        #expect(record.contains("stage: scaled"))
        #expect(record.contains("sector_name: 文旅"))
        #expect(record.contains("models:"))
        #expect(!record.contains("contact"))
        // Back along the way: record → list → quarters → closed.
        let back = repo.run("5<Enter><Enter><Esc><Esc>").1.state.publicationsScreen
        #expect(back?.mode == .quarters)
    }

    @Test func uncommittedChangesBlockPublishingAndATamperedListShowsAsFailed() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        let start = try #require(repo.run("5p").1.state.publicationsScreen?.wizard?.quarter)
        let steps = Quarter("2026-Q4")!.ordinal - start.ordinal
        let keys = "5p" + String(repeating: steps > 0 ? "l" : "h", count: abs(steps))
        try repo.edit("scenarios/chaozhou-ancient-city-guide.yaml", "stage: demonstration", "stage: scaled")
        let blocked = repo.screen(keys)
        #expect(blocked.contains("无法发布 · publishing is blocked"))
        #expect(blocked.contains("有 1 个未提交的修改 · uncommitted changes"))
        #expect(blocked.contains("scenarios/chaozhou-ancient-city-guide.yaml"))
        let refused = repo.run(keys + "y")
        #expect(refused.1.state.publicationsScreen?.wizard?.confirming == false)
        #expect(refused.0.screenText().contains("有阻止发布的问题"))
        try repo.commit("Edit")
        _ = repo.run(keys + "yy")
        #expect(repo.exists("publications/2026-Q4/list.csv"))
        #expect(repo.screen("5").contains("✓ 未签名 unsigned"))
        // One byte changed: the badge says so, and the detail names the file.
        let csv = repo.root + "/publications/2026-Q4/list.csv"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: csv))
        let failed = repo.screen("5v")
        #expect(failed.contains("✗ 1 个问题 failed"))
        #expect(failed.contains("publications/2026-Q4/list.csv: error: SHA-256 mismatch"))
        #expect(failed.contains("1 个清单校验失败 · 1 list(s) failed verification"))
    }

    @Test func theKeysAreInTheHelpAndTheHintBar() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        let hints = repo.screen("5").rows.last ?? ""
        for hint in ["browse", "changes", "publish", "verify", "close"] { #expect(hints.contains(hint), "\(hint)") }
        #expect(repo.screen("5p").rows.last?.contains("check again") == true)
        #expect(KeyBindings.command(for: .char("5"), in: [.publicationsEntry]) == .publications)
    }
}

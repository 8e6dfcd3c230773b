import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// New, duplicate, withdraw, delete, link and unlink, undo, history, save conflicts and the
/// external editor, each on its own copy of the demo catalogue.
@Suite struct EditTests {
    static let chaozhou = "scenarios/chaozhou-ancient-city-guide.yaml"

    @Test func newScenarioWithASuggestedIdCheckedForUniqueness() throws {
        let s = try EditSession()
        let screen = s.type("a")
        expectSnapshot(screen, "form-new-scenario-80x24")
        #expect(s.form?.mode == .new)
        // Required fields left empty are not flagged before a save is tried, but counted.
        #expect(screen.rows[2].contains("✗ 3 个错误 errors"))
        #expect(!screen.contains("✗ missing"))
        s.type("深圳港集装箱智能调度<Tab>Smart container port dispatch")
        s.focus("sector")
        s.type("交通<Enter>")
        s.type("深圳<Enter>")
        // The id follows sector, city and English title while nobody typed one.
        #expect(s.form?.id == "shenzhen-transport-smart-container-port")
        #expect(s.line(containing: "标识 id*")?.1.contains("shenzhen-transport-smart-container-port") == true)
        // An id already taken is an error at once.
        s.focus("id")
        s.type("<C-u>chaozhou-ancient-city-guide")
        let taken = try #require(s.line(containing: "标识 id*"))
        let next = s.screen.rows[taken.0 + 2]
        #expect((taken.2 + next).replacingOccurrences(of: " ", with: "").contains("✗id'chaozhou-ancient-city-guide'isalreadyusedby\(Self.chaozhou)"))
        s.type("<C-u>sz-port-dispatch-ai")
        #expect(s.line(containing: "标识 id*")?.2.contains("✗") == false)
        // Typing an id stops the suggestions.
        s.focus("title_en")
        s.type(" v2")
        #expect(s.form?.id == "sz-port-dispatch-ai")
        let total = s.state.lists[0].total
        s.type("<C-s>")
        #expect(s.form == nil)
        let file = "scenarios/sz-port-dispatch-ai.yaml"
        guard case .scenario(let made)? = s.entity(file) else { Issue.record("not created"); return }
        #expect(made.title == "深圳港集装箱智能调度" && made.sector == "transport" && made.city == "shenzhen")
        #expect(made.stage == .proposed && made.status == .draft && made.updated == Journal.today())
        #expect(s.read(file) == CanonicalWriter.yaml(.scenario(made)))
        // Its page opens, and the list counts it.
        #expect(s.state.path.map(\.id) == ["sz-port-dispatch-ai"])
        #expect(s.screen.contains("深圳港集装箱智能调度"))
        #expect(s.state.lists[0].total == total + 1)
        #expect(s.state.message == "已保存 saved \(file)")
    }

    @Test func newTakesTheListsFiltersAsAStart() throws {
        let s = try EditSession()
        s.type("2a")
        #expect(s.form?.kind == .model)
        s.type("<Esc>1f<Enter><Enter>")  // filter by sector: the first value
        let sector = try #require(s.state.lists[0].value(of: .sector))
        s.type("a")
        #expect(s.form.map { FormView.text($0.fieldTree(), "sector") } == sector)
        // A new entity without changes closes without asking.
        s.type("<Esc>")
        #expect(s.form == nil && s.state.dialog == nil)
    }

    @Test func duplicateStartsFromTheEntityWithANewId() throws {
        let s = try EditSession()
        let original = s.read(Self.chaozhou)
        let screen = s.type("D")
        #expect(screen.rows[2].contains("复制 Duplicate of chaozhou-ancient-city-guide"))
        let form = try #require(s.form)
        #expect(form.mode == .duplicate(of: "chaozhou-ancient-city-guide"))
        // city-sector-English title words, unique.
        #expect(form.id == "chaozhou-culture-tourism-multilingual-guide-chaozhou")
        #expect(s.line(containing: "标题 title*")?.1.contains("潮州古城多语种智能导览") == true)
        #expect(s.line(containing: "状态 status*")?.1.contains("草稿 draft") == true)
        s.type("<C-u>汕头古城多语种智能导览<C-s>")
        let file = "scenarios/chaozhou-culture-tourism-multilingual-guide-chaozhou.yaml"
        guard case .scenario(let copy)? = s.entity(file) else { Issue.record("no copy"); return }
        #expect(copy.title == "汕头古城多语种智能导览")
        #expect(copy.models.map(\.model) == ["chaoyun-culture", "yueyou-tourism"])
        #expect(s.read(Self.chaozhou) == original)
        #expect(s.state.path.last?.id == copy.id)
        // A second duplicate gets the next free id.
        s.type("<BS>D")
        #expect(s.form?.id == "chaozhou-culture-tourism-multilingual-guide-chaozhou-2")
        // A model named only in Chinese is named after its original.
        s.type("<Esc>2D")
        #expect(s.form?.id == "chaoyun-culture-2")
        #expect(s.line(containing: "名称 name*")?.1.contains("潮韵文化大模型") == true)
    }

    @Test func deleteAReferencedModelIsRefusedAndOffersWithdrawOrAShownUnlink() throws {
        let s = try EditSession()
        let model = "models/chaoyun-culture.yaml"
        let screen = s.type("2d")
        expectSnapshot(screen, "delete-referenced-80x24")
        guard case .confirm(let d)? = s.state.dialog, case .referencedDelete = d.action else { Issue.record("no refusal"); return }
        #expect(screen.contains("不能删除：仍被引用 Delete refused"))
        #expect(screen.contains("「潮州古城多语种智能导览」 chaozhou-ancient-city-guide"))
        // The harmless answer is the one selected: Enter changes nothing.
        #expect(d.commands[d.selected] == .back)
        s.type("<Enter>")
        #expect(s.exists(model) && s.state.dialog == nil)
        #expect(s.state.message == "已取消 · cancelled")
        // u shows what unlinking changes, by title, and asks again (Enter: no).
        let plan = s.type("du")
        #expect(plan.contains("解除引用并删除 Unlink and delete"))
        #expect(plan.contains("· 「潮州古城多语种智能导览」 chaozhou-ancient-city-guide"))
        guard case .confirm(let second)? = s.state.dialog, case .delete(_, true) = second.action else { Issue.record("no plan"); return }
        #expect(second.commands[second.selected] == .back)
        s.type("<Enter>")
        #expect(s.exists(model))
        // y on the plan: the model goes and both scenarios lose the link, in one change.
        s.type("duy")
        #expect(!s.exists(model))
        for file in [Self.chaozhou, "scenarios/shantou-chaoshan-culture-course.yaml"] {
            guard case .scenario(let sc)? = s.entity(file) else { Issue.record("\(file)"); continue }
            #expect(!sc.models.contains { $0.model == "chaoyun-culture" })
            #expect(s.read(file) == CanonicalWriter.yaml(.scenario(sc)))
        }
        #expect(s.state.message?.hasPrefix("已删除 deleted chaoyun-culture，并从 2 个条目解除引用") == true)
        #expect(s.state.lists[1].total == 31)
        #expect(try s.app.store.entity(id: "chaoyun-culture") == nil)
        // Undoing a deletion asks first (Enter: no); y brings back all three files.
        s.type("u")
        guard case .confirm(let ask)? = s.state.dialog, case .undo = ask.action else { Issue.record("undo did not ask"); return }
        s.type("<Enter>")
        #expect(!s.exists(model))
        s.type("uy")
        #expect(s.exists(model))
        guard case .scenario(let back)? = s.entity(Self.chaozhou) else { Issue.record("not restored"); return }
        #expect(back.models.contains { $0.model == "chaoyun-culture" })
        #expect(s.state.lists[1].total == 32)
        #expect(s.state.message?.hasPrefix("已撤销 undone: delete (unlinked from 2)") == true)
    }

    @Test func aRefusedDeleteCanWithdrawInstead() throws {
        let s = try EditSession()
        s.type("2dw")
        guard case .withdraw? = s.state.dialog else { Issue.record("no withdraw question"); return }
        s.type("已停止服务<Enter>")
        guard case .model(let m)? = s.entity("models/chaoyun-culture.yaml") else { Issue.record("gone"); return }
        #expect(m.status == .withdrawn && m.withdrawnReason == "已停止服务")
    }

    @Test func deleteFromTheDetailPageAndUndo() throws {
        let s = try EditSession()
        let file = "scenarios/dongguan-meeting-minutes.yaml"
        let original = s.read(file)
        s.type(":dongguan-meeting-minutes<Enter>")
        let question = s.type("d")
        #expect(question.contains("Delete \(file)? The file is removed"))
        // Enter alone: the selected answer is No.
        s.type("<Enter>")
        #expect(s.exists(file))
        s.type("dy")
        #expect(!s.exists(file))
        #expect(s.state.path.isEmpty)  // the page of the deleted entity closes
        #expect(s.state.lists[0].total == 107)
        #expect(s.screen.contains("全部 All     107"))
        s.type("uy")
        #expect(s.read(file) == original)
        #expect(s.state.lists[0].total == 108)
        #expect(s.state.message == "已撤销 undone: delete (\(file))")
        // Nothing more of this session to undo.
        s.type("u")
        #expect(s.state.message?.hasPrefix("没有可撤销的更改 · nothing to undo") == true)
    }

    @Test func undoIsRepeatableAndRestoresEachSave() throws {
        let s = try EditSession()
        let original = try #require(s.read(Self.chaozhou))
        s.type("e<C-u>第一次修改<C-s>")
        let first = try #require(s.read(Self.chaozhou))
        s.type("e<C-u>第二次修改<C-s>")
        #expect(s.screen.rows[4].contains("第二次修改"))
        s.type("u")
        #expect(s.read(Self.chaozhou) == first)
        #expect(s.state.message == "已撤销 undone: edit title (form) (\(Self.chaozhou))")
        #expect(s.screen.rows[4].contains("第一次修改"))
        s.type("u")
        #expect(s.read(Self.chaozhou) == original)
        #expect(s.screen.rows[4].contains("潮州古城多语种智能导览"))
        #expect(try s.app.store.entity(id: "chaozhou-ancient-city-guide")?.displayName == "潮州古城多语种智能导览")
    }

    @Test func withdrawAsksForAReasonAndRecordsIt() throws {
        let s = try EditSession()
        let question = s.type("W")
        #expect(question.contains("撤回「潮州古城多语种智能导览」？"))
        // Esc, or Enter with no reason: nothing changes.
        s.type("<Esc>")
        guard case .scenario(let kept)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(kept.status == .approved)
        s.type("W<Enter>")
        #expect(s.state.message == "请写明撤回原因 · type the reason for withdrawing")
        if case .scenario(let still)? = s.entity(Self.chaozhou) { #expect(still.status == .approved) }
        s.type("项目已终止 ended<Enter>")
        guard case .scenario(let withdrawn)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(withdrawn.status == .withdrawn && withdrawn.withdrawnReason == "项目已终止 ended")
        #expect(s.state.message == "已撤回 withdrawn 潮州古城多语种智能导览 · \(Self.chaozhou)")
        #expect(s.screen.rows[4].contains("已撤回"))
        // The journal records the reason.
        let journal = try s.app.store.entity(id: "chaozhou-ancient-city-guide")
        #expect(journal != nil)
        let history = try EntityStore(root: s.app.root, index: s.app.store).history(of: "chaozhou-ancient-city-guide")
        #expect(history.first?.summary == "withdraw: 项目已终止 ended")
        // Again: it says so instead of asking.
        s.type("W")
        #expect(s.state.dialog == nil)
        #expect(s.state.message == "已是撤回状态 · already withdrawn: 潮州古城多语种智能导览")
        // Centers have no withdrawn status.
        s.type("3W")
        #expect(s.state.message?.hasPrefix("算力中心没有撤回状态") == true)
    }

    @Test func linkAModelToAScenarioFromTheModelsPageAndUnlinkIt() throws {
        let s = try EditSession()
        let file = "scenarios/dongguan-new-materials-discovery.yaml"
        s.type(":lingyan-molecule<Enter>L")
        guard case .picker? = s.state.dialog else { Issue.record("no picker"); return }
        s.type("新材料")
        #expect(s.state.dialog.flatMap { if case .picker(let p) = $0 { return p.options.first?.value } else { return nil } } == "dongguan-new-materials-discovery")
        s.type("<Enter>")
        #expect(s.screen.contains("角色 Role: lingyan-molecule → dongguan-new-materials-discovery"))
        s.type("<Up><Enter>")  // deployed
        guard case .scenario(let linked)? = s.entity(file) else { Issue.record("\(file)"); return }
        #expect(linked.models == [ModelLink(model: "lingyan-molecule", role: .deployed)])
        #expect(s.state.message?.hasPrefix("已链接 linked 新材料高通量计算与发现 ↔ 岭研分子大模型 (已部署 deployed)") == true)
        // The model's page now lists the scenario among its users.
        let page = s.screen
        #expect(page.contains("deployed · 新材料高通量计算与发现"))
        // Unlink from the scenario's side: its page, the model link selected, U.
        s.type(":dongguan-new-materials-discovery<Enter>")
        let links = try #require(s.state.path.last?.preview?.links)
        let at = try #require(links.firstIndex { $0.targetId == "lingyan-molecule" })
        s.type(String(repeating: "j", count: at) + "U")
        #expect(s.screen.contains("解除链接 Unlink"))
        s.type("y")
        guard case .scenario(let unlinked)? = s.entity(file) else { Issue.record("\(file)"); return }
        #expect(unlinked.models.isEmpty)
        #expect(s.state.path.last?.preview?.links.contains { $0.targetId == "lingyan-molecule" } == false)
    }

    @Test func linkAModelFromTheScenariosPage() throws {
        let s = try EditSession()
        s.type(":chaozhou-ancient-city-guide<Enter>Lnanyue-voice<Enter><Enter>")
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(sc.models.contains(ModelLink(model: "nanyue-voice", role: .candidate)))
        // U on the first link (the model chaoyun-culture) asks; n leaves it.
        s.type("gU")
        guard case .confirm(let d)? = s.state.dialog, case .unlink(let scenario, let model) = d.action else { Issue.record("no question"); return }
        #expect(scenario == "chaozhou-ancient-city-guide" && model == "chaoyun-culture")
        s.type("n")
        #expect(s.entity(Self.chaozhou) == .scenario(sc))
        // On a center's page the links are compute needs, not model links.
        s.type("3<Enter>U")
        #expect(s.state.dialog == nil)
        #expect(s.state.message == "选中的不是模型与场景之间的链接 · the selected line is not a model–scenario link")
    }

    @Test func historyShowsTheJournalAndTheChangeSideBySide() throws {
        let s = try EditSession()
        s.type("e<C-u>历史测试标题<C-s>")
        let history = s.type("H")
        #expect(history.contains("历史 History · chaozhou-ancient-city-guide"))
        #expect(history.contains("update  edit title (form)"))
        #expect(history.contains("不在 git 仓库中 · not in a git repository"))
        guard case .history(let view)? = s.state.dialog else { Issue.record("no history"); return }
        #expect(view.entries.count == 1)
        let compare = s.type("<Enter>")
        #expect(compare.contains("之前 Before"))
        #expect(compare.contains("之后 After"))
        guard case .compare(let c)? = s.state.dialog else { Issue.record("no compare"); return }
        // Changed: the title and the date.
        #expect(c.changedRows == 2)
        let titleRow = try #require(compare.rows.first { $0.contains("title: 潮州古城多语种智能导览") })
        #expect(titleRow.contains("≠"))
        #expect(titleRow.contains("title: 历史测试标题"))
        s.type("<Esc>")
        guard case .history? = s.state.dialog else { Issue.record("not back"); return }
        s.type("<Esc>")
        #expect(s.state.dialog == nil)
    }

    @Test func historyInAGitRepositoryShowsTheLog() throws {
        let s = try EditSession()
        func git(_ args: String...) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", s.app.root] + args
            p.environment = ["GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "Editor",
                             "GIT_COMMITTER_EMAIL": "e@example.org", "HOME": s.app.root, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "git \(args)")
        }
        try git("init", "-q")
        try git("add", ".")
        try git("commit", "-q", "-m", "Demo catalogue")
        let history = s.type("H")
        let line = try #require(history.rows.first { $0.contains("Demo catalogue") })
        #expect(line.contains("Editor"))
    }

    @Test func aConflictOffersCompareOverwriteAndReload() throws {
        let s = try EditSession()
        s.type("e<C-u>我的标题")
        // Meanwhile someone else changes the file.
        let theirs = try #require(s.read(Self.chaozhou)).replacingOccurrences(of: "stage: demonstration", with: "stage: scaled")
        try s.write(Self.chaozhou, theirs)
        let dialog = s.type("<C-s>")
        expectSnapshot(dialog, "conflict-80x24")
        guard case .conflict(let d)? = s.state.dialog else { Issue.record("no conflict"); return }
        #expect(d.file == Self.chaozhou && d.current == theirs)
        #expect(s.read(Self.chaozhou) == theirs)  // nothing written
        // Compare: mine left, theirs right, the differing lines marked.
        let compare = s.type("c")
        expectSnapshot(compare, "compare-80x24")
        let titleRow = try #require(compare.rows.first { $0.contains("title: 我的标题") })
        #expect(titleRow.contains("≠") && titleRow.contains("title: 潮州古城多语种智能导览"))
        let stageRow = try #require(compare.rows.first { $0.contains("stage: demonstration") })
        #expect(stageRow.contains("≠") && stageRow.contains("stage: scaled"))
        #expect(compare.rows.first { $0.contains("city: chaozhou") }?.contains("≠") == false)
        // Back to the question, back to editing: the form is still there.
        s.type("<Esc><Esc>")
        #expect(s.state.dialog == nil && s.form != nil)
        // Overwrite: mine is written over theirs.
        s.type("<C-s>o")
        guard case .scenario(let mine)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(mine.title == "我的标题" && mine.stage == .demonstration)
        #expect(s.form == nil)
    }

    @Test func aConflictReloadDropsMyChanges() throws {
        let s = try EditSession()
        s.type("e<C-u>我的标题")
        let theirs = try #require(s.read(Self.chaozhou)).replacingOccurrences(of: "title: 潮州古城多语种智能导览", with: "title: 他们的标题")
        try s.write(Self.chaozhou, theirs)
        s.type("<C-s>r")
        #expect(s.read(Self.chaozhou) == theirs)
        // The form opens again on the file as it is now.
        #expect(s.form?.mode == .edit)
        #expect(s.line(containing: "标题 title*")?.1.contains("他们的标题") == true)
        #expect(s.form?.base?.text == theirs)
        // …and saving from it works.
        s.type("<End>（合并）<C-s>")
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(sc.title == "他们的标题（合并）")
    }

    @Test func lineDiffPairsChangedLinesAndKeepsEqualOnesSideBySide() {
        let rows = LineDiff.rows(["a", "b", "c", "d"], ["a", "B", "c", "d", "e"])
        #expect(rows == [
            .init(left: "a", right: "a", changed: false),
            .init(left: "b", right: "B", changed: true),
            .init(left: "c", right: "c", changed: false),
            .init(left: "d", right: "d", changed: false),
            .init(left: nil, right: "e", changed: true),
        ])
        #expect(LineDiff.rows([], ["x"]) == [.init(left: nil, right: "x", changed: true)])
        #expect(LineDiff.rows(["x", "y"], []).allSatisfy { $0.changed && $0.right == nil })
        #expect(LineDiff.lines("a\nb\n") == ["a", "b"])
        #expect(LineDiff.lines(nil).isEmpty)
    }

    /// A scripted editor: `sh -c SCRIPT` with the file as `$0`.
    static func editor(_ script: String) -> [String] { ["sh", "-c", script] }

    @Test func editAsYAMLInTheExternalEditor() throws {
        let s = try EditSession()
        s.runtime.editorCommand = Self.editor("sed -i 's/^title: .*/title: 编辑器里的标题/' \"$0\"")
        let screen = s.type("E")
        #expect(!s.backend.isSuspended)  // resumed after the editor
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(sc.title == "编辑器里的标题")
        #expect(s.read(Self.chaozhou) == CanonicalWriter.yaml(.scenario(sc)))
        #expect(screen.rows[4].contains("编辑器里的标题"))
        #expect(s.state.message == "已保存 saved \(Self.chaozhou)（编辑器 editor）")
        // An editor that changes nothing, or fails, saves nothing.
        s.runtime.editorCommand = ["true"]
        s.type("E")
        #expect(s.state.message == "没有更改 · no changes (\(Self.chaozhou))")
        s.runtime.editorCommand = ["false"]
        s.type("E")
        #expect(s.state.message?.hasPrefix("编辑器以 1 退出，未保存") == true)
        s.runtime.editorCommand = ["/nonexistent/editor"]
        s.type("E")
        #expect(s.state.message?.hasPrefix("无法启动编辑器 · cannot start the editor") == true)
        // The journal names it for undo.
        s.type("u")
        #expect(s.state.message == "已撤销 undone: edit in $EDITOR (\(Self.chaozhou))")
    }

    @Test func editorErrorsReopenWithTheErrorsAsCommentsOrDiscard() throws {
        let s = try EditSession()
        let original = s.read(Self.chaozhou)
        let seen = s.app.root + "/seen.yaml"
        s.runtime.editorCommand = Self.editor("sed -i 's/^stage: .*/stage: bogus/' \"$0\"")
        let screen = s.type("E")
        guard case .editorErrors(let d)? = s.state.dialog else { Issue.record("no errors dialog: \(screen)"); return }
        #expect(d.issues.first?.message.contains("'stage' must be one of") == true)
        #expect(screen.contains("7:8: 'stage' must be one of proposed"))
        #expect(s.read(Self.chaozhou) == original)
        // Re-open: the editor gets the file with the errors as comments on top; this one copies it and fixes the stage.
        s.runtime.editorCommand = Self.editor("cp \"$0\" '\(seen)'; sed -i 's/^stage: bogus/stage: scaled/' \"$0\"")
        s.type("r")
        let handed = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(handed.hasPrefix(ExternalEditor.headerMarker))
        #expect(handed.contains("# line 11, column 8: error: 'stage' must be one of"))
        #expect(handed.contains("\nstage: bogus\n"))
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(sc.stage == .scaled)
        #expect(!(s.read(Self.chaozhou) ?? "").contains("#"))
        // Discard leaves the file as it is.
        let now = s.read(Self.chaozhou)
        s.runtime.editorCommand = Self.editor("sed -i 's/^city: .*/city: atlantis/' \"$0\"")
        s.type("E")
        guard case .editorErrors = s.state.dialog else { Issue.record("no errors dialog"); return }
        s.type("d")
        #expect(s.state.dialog == nil)
        #expect(s.read(Self.chaozhou) == now)
        #expect(s.state.message?.hasPrefix("已放弃编辑 · edit discarded") == true)
    }

    @Test func aFileThatDoesNotReadIsRepairedInTheEditorWithItsErrorsOnTop() throws {
        let s = try EditSession()
        let seen = s.app.root + "/seen.yaml"
        // Broken on disk after indexing: the list still shows the last good entry.
        try s.write(Self.chaozhou, (s.read(Self.chaozhou) ?? "").replacingOccurrences(of: "stage: demonstration", with: "stage: finished"))
        #expect(s.entity(Self.chaozhou) == nil)
        s.runtime.editorCommand = Self.editor("cp \"$0\" '\(seen)'; sed -i 's/^stage: finished/stage: scaled/' \"$0\"")
        s.type("E")
        let handed = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(handed.hasPrefix(ExternalEditor.headerMarker))
        #expect(handed.contains("'stage' must be one of"))
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("not repaired: \(s.state.message ?? "")"); return }
        #expect(sc.stage == .scaled)
        #expect(s.read(Self.chaozhou) == CanonicalWriter.yaml(.scenario(sc)))
    }

    @Test func anEditorConflictOffersTheSameChoices() throws {
        let s = try EditSession()
        // The editor itself stands in for the other writer: it changes the real file, then the copy.
        let real = s.path(Self.chaozhou)
        s.runtime.editorCommand = Self.editor("sed -i 's/^stage: .*/stage: scaled/' '\(real)'; sed -i 's/^title: .*/title: 编辑器标题/' \"$0\"")
        s.type("E")
        guard case .conflict(let d)? = s.state.dialog, case .text = d.pending else { Issue.record("no conflict"); return }
        s.type("o")
        guard case .scenario(let sc)? = s.entity(Self.chaozhou) else { Issue.record("gone"); return }
        #expect(sc.title == "编辑器标题" && sc.stage == .demonstration)
    }
}

import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// A terminal session on a fresh copy of the demo catalogue: one runtime (one editing session,
/// so undo works across scripts), keys typed a script at a time.
final class EditSession {
    let app: AppFixture
    let backend: TestBackend
    let runtime: Runtime

    init(width: Int = 80, height: Int = 24) throws {
        app = try AppFixture.fresh()
        backend = TestBackend(width: width, height: height)
        runtime = Runtime(backend: backend, store: app.store, layout: app.layout)
        runtime.run(refreshIndex: false, untilIdle: true)
    }

    deinit { app.remove() }

    /// Types `script` and returns the screen afterwards.
    @discardableResult
    func type(_ script: String) -> String { backend.type(script, into: runtime) }

    var state: AppState { runtime.state }
    var screen: String { backend.screenText() }
    var form: FormState? { runtime.state.form }

    func path(_ file: String) -> String { app.root + "/" + file }
    func read(_ file: String) -> String? { try? String(contentsOfFile: path(file), encoding: .utf8) }
    func write(_ file: String, _ text: String) throws { try text.write(toFile: path(file), atomically: true, encoding: .utf8) }
    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path(file)) }

    /// The entity in a file, read strictly as scencat reads files.
    func entity(_ file: String) -> Entity? {
        guard let text = read(file), let root = YAMLReader.read(Array(text.utf8), file: file).root else { return nil }
        return EntityDecoder.decode(root, file: file).entity
    }

    /// The screen line holding `needle`, and the one after it.
    func line(containing needle: String) -> (Int, String, String)? {
        let rows = screen.rows
        guard let i = rows.firstIndex(where: { $0.contains(needle) }) else { return nil }
        return (i, rows[i], i + 1 < rows.count ? rows[i + 1] : "")
    }

    /// Moves the form's focus (Tab / Shift-Tab) to the field named `name`, or to one of its rows.
    func focus(_ name: String, row: Int? = nil) {
        guard let form = runtime.state.form else { Issue.record("no form"); return }
        let group = form.row?.group ?? form.main
        let stops = group.stops
        guard let target = stops.firstIndex(where: { stop in
            switch stop {
            case .field(let i): return row == nil && group.fields[i].name == name
            case .row(let i, let r): return row == r && group.fields[i].name == name
            default: return false
            }
        }) else { Issue.record("no field \(name)"); return }
        let moves = target - group.focus
        type(String(repeating: moves > 0 ? "<Tab>" : "<BackTab>", count: abs(moves)))
        let now = runtime.state.form.map { ($0.row?.group ?? $0.main).focus }
        #expect(now == target, "focus on \(name)")
    }
}

/// Forms: typing, pickers, choices, sub-tables, checks as you type, save refused and accepted.
@Suite struct FormTests {
    static let twin = "scenarios/dongguan-smart-factory-digital-twin.yaml"
    static let chaozhou = "scenarios/chaozhou-ancient-city-guide.yaml"

    @Test func scenarioFormShowsEveryFieldOfTheFormat() throws {
        let s = try EditSession()
        let screen = s.type("e")
        expectSnapshot(screen, "form-scenario-80x24")
        #expect(screen.rows[2].hasPrefix(" 编辑 Edit · \(Self.chaozhou)"))
        #expect(screen.rows[2].hasSuffix("✓ 可保存 valid"))
        let form = try #require(s.form)
        // Every field of the format but kind, in the format's order.
        #expect(form.main.fields.filter(\.isShown).map(\.name) == Schema.scenario.fields.map(\.name).filter { $0 != "kind" })
        // The cursor starts in the title, after its last character (display columns: 11 wide characters).
        let title = try #require(s.line(containing: "标题 title*"))
        #expect(s.backend.cursor == Position(x: title.1.column(of: "潮州古城")! + 22, y: title.0))
        // Scrolling to the end shows the rest and the buttons.
        let end = s.type(String(repeating: "<Tab>", count: 30))
        #expect(end.contains("[ 保存 Save ctrl-s ]"))
        #expect(end.contains("联系人 contact"))
        #expect(end.contains("更新 updated"))
        #expect(end.contains("2025-11-15 （保存时更新 set when saved）"))
    }

    @Test func typingChineseIntoTheTitleAndSavingWritesTheFileCanonically() throws {
        let s = try EditSession()
        let before = try #require(s.read(Self.chaozhou))
        s.type("e<C-u>潮州古城智能导览（新版）")
        let line = try #require(s.line(containing: "标题 title*"))
        #expect(line.1.contains("潮州古城智能导览（新版）"))
        // The title column stays aligned: the value starts where the other values do.
        #expect(line.1.column(of: "潮州古城智能导览") == s.line(containing: "英文标题 title_en")!.1.column(of: "Multilingual"))
        #expect(s.screen.rows[2].contains("已修改 modified"))
        let saved = s.type("<C-s>")
        #expect(s.form == nil)
        #expect(s.state.message == "已保存 saved \(Self.chaozhou)")
        #expect(saved.contains("已保存 saved \(Self.chaozhou)"))
        // The list shows the new title at once.
        #expect(saved.rows[4].contains("潮州古城智能导览（新版）"))
        // On disk: canonical YAML of the edited entity, today's date kept in `updated`.
        let text = try #require(s.read(Self.chaozhou))
        guard case .scenario(let scenario)? = s.entity(Self.chaozhou) else { Issue.record("not a scenario"); return }
        #expect(scenario.title == "潮州古城智能导览（新版）")
        #expect(scenario.updated == Journal.today())
        #expect(text == CanonicalWriter.yaml(.scenario(scenario)))
        #expect(text.contains("title: 潮州古城智能导览（新版）\n"))
        // Only the title and the date changed.
        let changed = Set(zip(before.split(separator: "\n"), text.split(separator: "\n")).filter { $0 != $1 }.map { String($0.1.prefix { $0 != ":" }) })
        #expect(changed == ["title", "updated"])
        // The index answers with the new title too.
        #expect(try s.app.store.entity(id: "chaozhou-ancient-city-guide")?.displayName == "潮州古城智能导览（新版）")
    }

    @Test func pickersFilterByChineseByEnglishAndById() throws {
        let s = try EditSession()
        s.type("e")
        s.focus("sector")
        // Typing on a reference opens its picker with what was typed.
        let picker = s.type("医")
        expectSnapshot(picker, "form-picker-sector-80x24")
        var options = try #require(s.form?.picker).options.map(\.value)
        #expect(options == ["healthcare"])
        s.type("<BS>")
        #expect(s.form?.picker?.options.count == s.state.taxonomy.sectors.count)
        s.type("manu")
        options = try #require(s.form?.picker).options.map(\.value)
        #expect(options == ["manufacturing"])
        s.type("<Enter>")
        #expect(s.form?.picker == nil)
        #expect(s.line(containing: "行业 sector*")?.1.contains("制造 Manufacturing · manufacturing") == true)
        // The city picker by Chinese name, then by id.
        s.focus("city")
        s.type("<Enter>深圳")
        #expect(s.form?.picker?.options.map(\.value) == ["shenzhen"])
        s.type("<C-u>shanwei")
        #expect(s.form?.picker?.options.first?.value == "shanwei")
        s.type("<Esc>")
        #expect(s.line(containing: "城市 city*")?.1.contains("潮州 Chaozhou") == true)
        // Models come from the index: by Chinese name and by id.
        s.focus("models", row: 0)
        s.type("<Enter>")
        s.focus("model")
        s.type("<Enter>岭南")
        let lingnan = Set(try #require(s.form?.picker).options.map(\.value))
        #expect(lingnan.isSuperset(of: ["lingnan-open", "lingnan-open-lite", "lingnan-edu"]))
        #expect(!lingnan.contains("chaoyun-culture"))
        s.type("<C-u>lingnan-open-lite")
        #expect(s.form?.picker?.options.first?.value == "lingnan-open-lite")
        s.type("<Enter>")
        #expect(s.screen.contains("岭南开源大模型轻量版 · lingnan-open-lite"))
        s.type("<Tab><Enter>")  // from the role to Done
        #expect(s.form?.row == nil)
        let row = try #require(s.line(containing: "1. 已部署 deployed"))
        #expect(row.1.contains("岭南开源大模型轻量版 · lingnan-open-lite"))
        s.type("<C-s>")
        guard case .scenario(let saved)? = s.entity(Self.chaozhou) else { Issue.record("not saved"); return }
        #expect(saved.sector == "manufacturing" && saved.city == "chaozhou")
        #expect(saved.models.map(\.model) == ["lingnan-open-lite", "yueyou-tourism"])
    }

    @Test func choicesCycleAndPick() throws {
        let s = try EditSession()
        s.type("e")
        s.focus("stage")
        #expect(s.line(containing: "阶段 stage*")?.1.contains("‹ 示范 demonstration ›") == true)
        s.type("<Space>")
        #expect(s.line(containing: "阶段 stage*")?.1.contains("推广 scaled") == true)
        s.type("<Space>")  // a required choice wraps around, never empty
        #expect(s.line(containing: "阶段 stage*")?.1.contains("提出 proposed") == true)
        s.type("<Left><Left>")
        #expect(s.line(containing: "阶段 stage*")?.1.contains("示范 demonstration") == true)
        // Enter opens the list; typing Chinese narrows it.
        s.type("<Enter>试点")
        #expect(s.form?.picker?.options.map(\.value) == ["piloting"])
        s.type("<Enter>")
        #expect(s.line(containing: "阶段 stage*")?.1.contains("试点 piloting") == true)
        // An optional choice cycles through "not set"; backspace clears it.
        s.focus("data_class")
        s.type("<Right>")
        #expect(s.line(containing: "数据分级 data_class")?.1.contains("重要 important") == true)
        s.type("<BS>")
        #expect(s.line(containing: "数据分级 data_class")?.1.contains("—") == true)
        s.type("<C-s>")
        guard case .scenario(let saved)? = s.entity(Self.chaozhou) else { Issue.record("not saved"); return }
        #expect(saved.stage == .piloting)
        #expect(saved.dataClass == nil)
        #expect(!(s.read(Self.chaozhou) ?? "").contains("data_class"))
    }

    @Test func computeRowsAddEditRemoveWithTheLiveTotal() throws {
        let s = try EditSession()
        s.type(":dongguan-smart-factory-digital-twin<Enter>e")
        s.focus("compute")
        // 512 × Ascend 910B (320 TFLOPS) = 163.84, and 60: 223.8 in total, both in 2026-Q2.
        #expect(s.line(containing: "算力需求 compute")?.1.contains("2 行 rows · 合计 total 223.8 PFLOPS") == true)
        s.focus("compute", row: 0)
        let table = s.screen
        #expect(table.contains("1. 训练 training 512 卡 cards × Ascend 910B = 163.8 PFLOPS · 2026-Q2→2026-Q3"))
        // Remove the training row.
        s.type("x")
        #expect(s.line(containing: "算力需求 compute")?.1.contains("1 行 rows · 合计 total 60.0 PFLOPS") == true)
        // Add a row: 100 cards of Ascend 910C (780 TFLOPS) = 78 PFLOPS.
        s.focus("compute", row: 0)
        s.type("<Down>")  // the + line
        s.type("<Enter>")
        let row = try #require(s.form?.row)
        #expect(row.row == 1 && row.original == nil)
        s.focus("amount")
        s.type("100")
        s.focus("unit")
        s.type("<Space>")
        s.focus("accelerator")
        s.type("<Enter>910C<Enter>")
        // A new row starts in this quarter; here it is set to one that overlaps the other row.
        s.focus("from")
        #expect(s.form.map { FormView.text($0.row!.group.fieldTree(), "from") } == FormUpdate.currentQuarter(s.state.today).description)
        s.type("<C-u>2026-Q2<Tab>")
        let editor = s.screen
        expectSnapshot(editor, "form-compute-row-80x24")
        #expect(editor.contains("算力需求 compute · 第 2 行 row 2"))
        #expect(editor.contains("加速卡 accelerator  Ascend 910C · ascend-910c"))
        #expect(editor.contains("合计 total 138.0 PFLOPS"))
        s.type("<C-s>")
        guard case .scenario(let saved)? = s.entity(Self.twin) else { Issue.record("not saved"); return }
        #expect(saved.compute.count == 2)
        #expect(saved.compute[0].workload == .inference && saved.compute[0].amount == 60)
        #expect(saved.compute[1].amount == 100 && saved.compute[1].unit == .cards && saved.compute[1].accelerator == "ascend-910c")
        #expect(saved.compute[1].from == Quarter("2026-Q2"))
        // The detail page (refreshed) shows the new peak.
        #expect(s.screen.contains("算力需求峰值 peak demand"))

        // Edit the row again: 200 cards = 156 PFLOPS, total 216.
        s.type("e")
        s.focus("compute", row: 1)
        s.type("<Enter>")
        s.focus("amount")
        s.type("<C-u>200<Enter>")
        #expect(s.screen.contains("合计 total 216.0 PFLOPS"))
        // Cancel restores the row as it was.
        s.type("<Esc>")
        #expect(s.form?.row == nil)
        #expect(s.line(containing: "算力需求 compute")?.1.contains("合计 total 138.0 PFLOPS") == true)
    }

    @Test func problemsShowNextToTheFieldAsYouType() throws {
        let s = try EditSession()
        s.type(":dongguan-smart-factory-digital-twin<Enter>e")
        s.focus("compute", row: 0)
        s.type("<Enter>")
        s.focus("amount")
        let screen = s.type("<C-u>-5")
        let amount = try #require(s.line(containing: "数量 amount*"))
        #expect(amount.2.contains("✗ 'amount' must be greater than 0, found -5"))
        // The message starts in the value column.
        #expect(amount.2.column(of: "✗") == amount.1.column(of: "-5"))
        #expect(screen.rows[2].contains("✗ 1 个错误 errors"))
        // In the form beneath, the row carries it too.
        s.type(String(repeating: "<Tab>", count: 7) + "<Enter>")  // to Done
        #expect(s.form?.row == nil)
        let row = try #require(s.line(containing: "1. 训练 training -5"))
        #expect(row.2.contains("✗ amount: 'amount' must be greater than 0, found -5"))
        // Fixed: the message goes.
        s.type("<Enter>")
        s.focus("amount")
        s.type("<C-u>8")
        #expect(s.line(containing: "数量 amount*")?.2.contains("✗") == false)
        #expect(s.screen.rows[2].contains("✓ 可保存 valid"))
    }

    @Test func saveIsRefusedWhileErrorsRemainAndTheCursorGoesToTheFirst() throws {
        let s = try EditSession()
        let before = s.read(Self.chaozhou)
        s.type("e")
        s.focus("tags")
        s.type("<C-u>医疗")  // a valid change further down
        s.focus("title")
        s.type("<C-u>")  // the required title removed
        s.focus("since")
        s.type("<C-u>2026-Q5")
        let refused = s.type("<C-s>")
        expectSnapshot(refused, "form-save-refused-80x24")
        #expect(s.read(Self.chaozhou) == before)
        #expect(s.form != nil)
        #expect(s.state.message?.hasPrefix("有 2 个错误，未保存 · 2 errors: not saved — title: missing required key 'title'") == true)
        // The focus is on the title, the first field with an error, and its message is under it.
        guard case .field(let i)? = s.form.map({ $0.main.focusedStop }) else { Issue.record("no focus"); return }
        #expect(s.form?.main.fields[i].name == "title")
        let title = try #require(s.line(containing: "标题 title*"))
        #expect(title.1.hasPrefix("▶"))
        #expect(title.2.contains("✗ missing required key 'title'"))
        // Fixed, the save goes through.
        s.type("潮州古城导览")
        s.focus("since")
        s.type("<C-u>2026-Q1<C-s>")
        #expect(s.form == nil)
        guard case .scenario(let saved)? = s.entity(Self.chaozhou) else { Issue.record("not saved"); return }
        #expect(saved.title == "潮州古城导览" && saved.tags == ["医疗"] && saved.since == Quarter("2026-Q1"))
    }

    @Test func escapeWithUnsavedChangesAsks() throws {
        let s = try EditSession()
        let before = s.read(Self.chaozhou)
        // Without changes Esc just closes.
        s.type("e<Esc>")
        #expect(s.form == nil && s.state.dialog == nil)
        s.type("e<End>！<Esc>")
        guard case .confirm(let d)? = s.state.dialog, case .discardForm = d.action else { Issue.record("no question"); return }
        #expect(s.screen.contains("放弃更改 Discard changes?"))
        s.type("n")
        #expect(s.form != nil && s.state.dialog == nil)
        #expect(s.line(containing: "标题 title*")?.1.contains("导览！") == true)
        s.type("<Esc>y")
        #expect(s.form == nil)
        #expect(s.read(Self.chaozhou) == before)
        #expect(s.state.message == "已放弃更改 · changes discarded")
    }

    @Test func summaryIsATextArea() throws {
        let s = try EditSession()
        s.type("e")
        s.focus("summary")
        // Enter breaks lines inside the summary; ↓ leaves it from its last line.
        s.type("<C-u><BS><C-u>第一段：智能导览。<Enter>第二段：多语种讲解。")
        #expect(s.form.map { FormValues.value($0.main.fields[$0.main.index(of: "summary")!]) } == .string("第一段：智能导览。\n第二段：多语种讲解。"))
        s.type("<Down>")
        guard case .field(let i)? = s.form.map({ $0.main.focusedStop }) else { Issue.record("no focus"); return }
        #expect(s.form?.main.fields[i].name == "data_class")
        s.type("<C-s>")
        #expect((s.read(Self.chaozhou) ?? "").contains("summary: |-\n  第一段：智能导览。\n  第二段：多语种讲解。\n"))
    }

    @Test func modelFormWithFunctionsDomainAndYesNo() throws {
        let s = try EditSession()
        let file = "models/chaoyun-culture.yaml"
        let screen = s.type("2e")
        expectSnapshot(screen, "form-model-80x24")
        // Functions: several can be ticked (space), enter accepts them.
        s.focus("functions")
        s.type("<Enter>")
        #expect(s.form?.picker?.multi == true)
        s.type("code<Space><C-u>image<Space><Enter>")
        #expect(s.line(containing: "功能 functions")?.1.contains("对话 chat, 文本 text, 代码 code") == true)
        // Domain: general excludes the sectors.
        s.focus("domain")
        s.type("<Enter>general<Space><Enter>")
        #expect(s.line(containing: "领域 domain")?.1.contains("通用 general") == true)
        // Yes / no: space toggles, n sets no.
        s.focus("government")
        s.type("<Space>")
        #expect(s.line(containing: "政务大模型 government")?.1.contains("是 yes") == true)
        s.focus("open_source")
        s.type("n")
        s.focus("params_b")
        s.type("<C-u>13.5<C-s>")
        #expect(s.form == nil)
        guard case .model(let m)? = s.entity(file) else { Issue.record("not saved"); return }
        #expect(m.functions == [.chat, .code, .text])
        #expect(m.domain == [] && m.isGeneral)
        #expect(m.government == true && m.openSource == false && m.paramsB == 13.5)
        #expect(s.read(file) == CanonicalWriter.yaml(.model(m)))
    }

    @Test func centerFormWithAccelerators() throws {
        let s = try EditSession()
        let file = "centers/dongguan-compute.yaml"
        let screen = s.type("3e")
        expectSnapshot(screen, "form-center-80x24")
        s.focus("accelerators")
        s.type("<Enter>")
        let picker = try #require(s.form?.picker)
        #expect(Set(picker.chosen) == ["ascend-310p", "ascend-910b", "mthreads-s4000"])
        // By vendor in Chinese: 寒武纪 (Cambricon).
        s.type("寒武纪")
        #expect(s.form?.picker?.options.map(\.value) == ["cambricon-mlu370-x8"])
        s.type("<Space><Enter>")
        s.focus("capacity_pflops_fp16")
        s.type("<C-u>abc")
        #expect(s.line(containing: "容量 capacity*")?.2.contains("✗ 'capacity_pflops_fp16' must be a number") == true)
        s.type("<C-u>520<C-s>")
        guard case .center(let c)? = s.entity(file) else { Issue.record("not saved"); return }
        #expect(c.accelerators == ["ascend-310p", "ascend-910b", "cambricon-mlu370-x8", "mthreads-s4000"])
        #expect(c.capacityPflopsFP16 == 520)
        // The centers list shows the new capacity.
        #expect(s.screen.contains("520"))
    }
}

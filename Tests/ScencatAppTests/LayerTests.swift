import CatalogCore
import CatalogIndex
import Testing
import TerminalKit
@testable import ScencatApp

/// The stack of layers: every key reaches the top layer only, and the top layer is the one drawn
/// last and named by the hint bar.
@Suite struct LayerTests {
    static let scenario = Entity.scenario(Scenario(id: "sz-test", title: "测试场景", sector: "healthcare", city: "shenzhen",
                                                   stage: .piloting, status: .draft))
    static let document = EntityDocument(entity: scenario, file: "scenarios/sz-test.yaml", hash: "h", text: "kind: Scenario\n")

    /// One sample of every kind of layer (every overlay, dialog and screen mode that has keys of its own).
    static var samples: [(String, Layer)] {
        let form = FormState(kind: .scenario, mode: .new, base: nil, fields: FormValues.newEntityFields(.scenario, sector: nil, city: nil))
        var dirty = FormState(kind: .scenario, mode: .edit, base: document, fields: EntityEncoder.fields(scenario))
        if let i = dirty.main.index(of: "title"), case .text(var input) = dirty.main.fields[i].editor {
            input.setText("改过的标题")
            dirty.main.fields[i].editor = .text(input)
        }
        var picker = PickerState(title: "链接模型", source: .entities(.model), target: .modelForScenario("sz-test"))
        picker.show([FilterOption(value: "m", label: "M")])
        var conflicts = SyncScreen()
        conflicts.stage = .conflicts
        var confirmSync = SyncScreen()
        confirmSync.stage = .confirm
        var browse = PublicationsScreen()
        browse.mode = .browse
        var wizard = PublicationsScreen()
        wizard.mode = .wizard
        wizard.wizard = PublishWizard(quarter: Quarter("2026-Q4"))
        let export = ExportDialog(kind: .scenario, query: ListQuery(kind: .scenario), rows: 3, directory: "/tmp", name: "场景清单.xlsx")
        var replace = export
        replace.replacing = "/tmp/场景清单.xlsx"
        var importFile = ImportWizard(directory: "/tmp")
        importFile.files = ["a.xlsx", "b.csv"]
        var importSheet = importFile
        importSheet.step = .sheet
        importSheet.sheets = [SheetChoice(name: "说明", hidden: true), SheetChoice(name: "申报表", hidden: false)]
        var importMapping = importFile
        importMapping.step = .mapping
        importMapping.failure = ImportFailure(message: "no header row", headers: ["题目", "城市"])
        var importField = importMapping
        importField.step = .field
        var importConfirm = importFile
        importConfirm.step = .confirm
        var exportWriting = export
        exportWriting.writing = true
        return [
            ("detail", .detail(DetailScreen(id: "sz-test"))),
            ("search", .overlay(.search(SearchPanel()))),
            ("filter", .overlay(.filter(FilterPanel(kind: .scenario)))),
            ("jump", .overlay(.jump(JumpPanel()))),
            ("help", .overlay(.help(scroll: 0))),
            ("errors", .overlay(.errors(ErrorsPanel()))),
            ("file", .overlay(.file(FilePanel(path: "scenarios/a.yaml", lines: ["a", "b"], line: 1, column: 1, message: "m", scroll: 0)))),
            ("new form", .form(form)),
            ("changed form", .form(dirty)),
            ("confirm", .dialog(.confirm(ConfirmDialog(title: "t", body: [], buttons: ["y", "n"], action: .unlink(scenario: "a", model: "b"))))),
            ("refused delete", .dialog(.confirm(EditUpdate.unlinkPlan(document, referrers: ["「甲」 a"])))),
            ("withdraw", .dialog(.withdraw(WithdrawDialog(document: document, body: ["?"])))),
            ("conflict", .dialog(.conflict(ConflictDialog(pending: .form, file: "scenarios/sz-test.yaml", current: "x", mine: "y")))),
            ("compare", .dialog(.compare(Comparison(title: "c", left: ("l", "a\nb"), right: ("r", "a\nc"), back: .history(HistoryList(id: "sz-test")))))),
            ("history", .dialog(.history(HistoryList(id: "sz-test")))),
            ("editor errors", .dialog(.editorErrors(EditorErrorsDialog(document: document, text: "x", issues: [])))),
            ("picker", .dialog(.picker(picker))),
            ("sync plan", .sync(SyncScreen())),
            ("sync confirm", .sync(confirmSync)),
            ("sync conflicts", .sync(conflicts)),
            ("publications", .publications(PublicationsScreen())),
            ("publication list", .publications(browse)),
            ("publish wizard", .publications(wizard)),
            ("export", .export(export)),
            ("export replace", .export(replace)),
            ("import file", .importWizard(importFile)),
            ("import sheet", .importWizard(importSheet)),
            ("import mapping", .importWizard(importMapping)),
            ("import field", .importWizard(importField)),
            ("import confirm", .importWizard(importConfirm)),
            ("export writing", .export(exportWriting)),
        ]
    }

    /// Every key the key table knows, and a few it does not.
    static var allKeys: [Key] {
        var keys: [Key] = []
        for b in KeyBindings.all { for k in b.keys where !keys.contains(k) { keys.append(k) } }
        for k in [Key.char("x"), .char("中"), .char("Z"), .ctrl("a")] where !keys.contains(k) { keys.append(k) }
        return keys
    }

    /// The state with a list under `layers`, some search history, and a diagnostic for `!`.
    static func state(_ layers: [Layer]) -> AppState {
        var state = AppState(size: Size(width: 80, height: 24))
        _ = Update.update(&state, .listReloaded(0, total: 3, start: 0, rows: [], sectorCounts: nil))
        state.diagnostics = [.error("scenarios/a.yaml", .start, "bad")]
        state.layers = layers
        return state
    }

    /// A layer as text, its whole content: equal text, untouched layer.
    static func content(_ layer: Layer) -> String { String(describing: layer) }

    @Test(arguments: 0..<samples.count)
    func keysReachOnlyTheTopLayer(_ sample: Int) {
        let (name, top) = Self.samples[sample]
        // Beneath the sample: an opened page (the Publications screen has nothing beneath: it replaces the pages).
        let beneath: [Layer] = top.kind == .publications ? [] : [.detail(DetailScreen(id: "beneath"))]
        for key in Self.allKeys {
            var state = Self.state(beneath + [top])
            let before = state.layers.map(Self.content)
            _ = Update.update(&state, .key(key))
            let after = state.layers.map(Self.content)
            let below = Array(before.dropLast())
            // Either the layers beneath the top are all there, untouched, with the top replaced,
            // closed or covered; or the key left them all (a tab, a search hit).
            let kept = after.count >= below.count && Array(after.prefix(below.count)) == below
            let left = below.allSatisfy { !after.contains($0) }
            #expect(kept || left, "\(name): \(key) changed a layer beneath the top:\n\(before)\n→ \(after)")
            // Nothing goes in beneath the top: what a key opens goes above it (the top of its kind
            // stays where it was, or goes).
            let above = Array(state.layers.dropFirst(below.count)).map(\.kind)
            if kept, let first = above.first, first != top.kind {
                #expect(!above.contains(top.kind), "\(name): \(key) put a layer beneath the top: \(above)")
            }
            // What gets the next key is what the hint bar names and what is drawn last.
            let frame = Render.frame(state).lines()
            let hints = KeyBindings.hints(for: state.keyContexts)
            if let first = hints.first, !state.isTooSmall {
                #expect(frame[23].contains(first.label), "\(name): \(key): the hint bar does not show the top layer's keys: \(frame[23])")
            }
        }
    }

    @Test func nInTheErrorsPanelOpensAFormOnTop() {
        var state = Self.state([.overlay(.errors(ErrorsPanel()))])
        _ = Update.update(&state, .key(.char("n")))
        // The new-entry form is on top of the panel: drawn last, and what typing goes to.
        #expect(state.top?.kind == .form)
        #expect(state.layers.map(\.kind) == [.overlay, .form])
        _ = Update.update(&state, .key(.char("甲")))
        #expect(state.form?.isDirty == true)
        let screen = Render.frame(state).plainText()
        #expect(screen.contains("新建 New Scenario"))
        // Esc with a change asks; Esc again keeps editing; the panel comes back only when the form closes.
        _ = Update.update(&state, .key(.escape))
        #expect(state.top?.kind == .dialog)
        _ = Update.update(&state, .key(.escape))
        #expect(state.top?.kind == .form)
        _ = Update.update(&state, .key(.escape))
        _ = Update.update(&state, .key(.char("y")))
        #expect(state.layers.map(\.kind) == [.overlay])
    }

    @Test func pushingAndPoppingFollowTheStack() {
        var state = Self.state([])
        state.path = [DetailScreen(id: "a")]
        state.overlay = .help(scroll: 0)
        state.path.append(DetailScreen(id: "b"))
        // A page opened over the help panel goes on top of it.
        #expect(state.layers.map(\.kind) == [.detail, .overlay, .detail])
        #expect(state.path.map(\.id) == ["a", "b"])
        state.path.removeLast()
        #expect(state.layers.map(\.kind) == [.detail, .overlay])
        state.overlay = nil
        state.form = FormState(kind: .model, mode: .new, base: nil, fields: [])
        state.dialog = .history(HistoryList(id: "a"))
        #expect(state.layers.map(\.kind) == [.detail, .form, .dialog])
        // Replacing a layer keeps its place.
        state.form?.touched.insert("name")
        #expect(state.layers.map(\.kind) == [.detail, .form, .dialog])
        state.dialog = nil
        state.form = nil
        #expect(state.layers.map(\.kind) == [.detail])
    }
}

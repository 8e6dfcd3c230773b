import CatalogSheets
import TerminalKit
import Wording

/// The import wizard's keys and the answers of its work. Pure: reading, planning and writing
/// are `SheetEffect`s. Esc goes back a step at every step; nothing is written before the
/// confirmation says yes.
enum ImportWizardUpdate {
    /// Opens the wizard (`I`, Scenarios only) on the start folder's sheets.
    static func open(_ state: inout AppState) -> [Effect] {
        guard state.tab == .scenarios else {
            state.message = Text.importNotScenarios.text
            return []
        }
        state.push(.importWizard(ImportWizard(directory: state.startDirectory)))
        return [.sheets(.listFiles(directory: state.startDirectory))]
    }

    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard case .importWizard(var wizard) = state.top else { return [] }
        let command = KeyBindings.command(for: key, in: wizard.keyContexts)
        var effects: [Effect] = []
        switch wizard.step {
        case .file:
            switch command {
            case .back:
                state.pop()
                return []
            case .open: effects = chooseFile(&wizard, &state)
            case let move?:
                if Update.move(move, &wizard.fileCursor, count: wizard.files.count, visible: ImportWizard.listRows(state.size)),
                   wizard.files.indices.contains(wizard.fileCursor.selected) {
                    wizard.path.setText(wizard.files[wizard.fileCursor.selected])
                }
            case nil: _ = wizard.path.handle(key)
            }
        case .sheet:
            switch command {
            case .back: wizard.step = .file
            case .open:
                guard wizard.sheets.indices.contains(wizard.sheetCursor.selected) else { break }
                wizard.sheet = wizard.sheets[wizard.sheetCursor.selected].name
                effects = replan(&wizard)
            case let move?: _ = Update.move(move, &wizard.sheetCursor, count: wizard.sheets.count, visible: ImportWizard.listRows(state.size))
            case nil: break
            }
        case .mapping:
            switch command {
            case .back: wizard.step = wizard.sheets.count > 1 ? .sheet : .file
            case .choose:
                let columns = wizard.columns
                guard columns.indices.contains(wizard.columnCursor.selected) else { break }
                let current = columns[wizard.columnCursor.selected].field
                wizard.fieldCursor = ListState(selected: ImportWizard.fieldChoices.firstIndex(of: current) ?? 0)
                wizard.step = .field
            case .nextField:
                guard wizard.plan != nil else {
                    if wizard.failure != nil { state.message = Text.importFixMapping.text }
                    break
                }
                wizard.step = .plan
                wizard.planScroll = 0
            case let move?: _ = Update.move(move, &wizard.columnCursor, count: wizard.columns.count, visible: ImportWizard.listRows(state.size))
            case nil: break
            }
        case .field:
            switch command {
            case .back: wizard.step = .mapping
            case .open:
                let columns = wizard.columns
                guard columns.indices.contains(wizard.columnCursor.selected) else { break }
                wizard.map(columns[wizard.columnCursor.selected].header, to: ImportWizard.fieldChoices[wizard.fieldCursor.selected])
                effects = replan(&wizard)
            case let move?: _ = Update.move(move, &wizard.fieldCursor, count: ImportWizard.fieldChoices.count, visible: ImportWizard.listRows(state.size))
            case nil: break
            }
        case .plan:
            switch command {
            case .back: wizard.step = .mapping
            case .confirm:
                guard let plan = wizard.plan, !(plan.adds.isEmpty && plan.rejects.isEmpty) else {
                    state.message = Text.importNothingToImport.text
                    break
                }
                wizard.step = .confirm
                wizard.importSelected = false
            case let move?: Update.scroll(move, &wizard.planScroll, maxScroll: wizard.planMaxScroll(state.size), page: ImportWizard.listRows(state.size))
            case nil: break
            }
        case .confirm:
            switch command {
            case .confirm: effects = run(&wizard)
            case .choose: if wizard.importSelected { effects = run(&wizard) } else { wizard.step = .plan }
            case .nextField, .previousField: wizard.importSelected.toggle()
            case .back: wizard.step = .plan
            default: break
            }
        case .running:
            break
        }
        state.replaceTop(.importWizard(wizard))
        return effects
    }

    /// The file typed or picked: open it (its sheets are asked for; a CSV has one).
    static func chooseFile(_ wizard: inout ImportWizard, _ state: inout AppState) -> [Effect] {
        let typed = wizard.path.text.trimmedSpaces
        guard !typed.isEmpty else {
            state.message = Text.importEmptyPath.text
            return []
        }
        let full = SheetPaths.resolve(typed, in: wizard.directory)
        if full != wizard.fullPath {
            // Another file: what was mapped for the last one no longer applies.
            wizard.maps = []
            wizard.sheet = nil
        }
        wizard.file = typed
        wizard.fullPath = full
        wizard.plan = nil
        wizard.failure = nil
        return [.sheets(.openWorkbook(path: full))]
    }

    /// Plans again (a sheet chosen, a column mapped) and shows the columns.
    static func replan(_ wizard: inout ImportWizard) -> [Effect] {
        wizard.step = .mapping
        // Until the new plan comes, the step says it is planning (a large sheet takes a while).
        wizard.plan = nil
        return [.sheets(.plan(path: wizard.fullPath, file: wizard.file, sheet: wizard.sheet, maps: wizard.mapEntries))]
    }

    static func run(_ wizard: inout ImportWizard) -> [Effect] {
        guard let plan = wizard.plan else { return [] }
        wizard.step = .running
        return [.sheets(.apply(plan, rejectPath: wizard.rejectPath, csv: wizard.isCSV))]
    }

    /// The answers of the wizard's work.
    static func apply(_ result: SheetResult, _ state: inout AppState) -> [Effect] {
        guard case .importWizard(var wizard) = state.top else { return [] }
        var effects: [Effect] = []
        switch result {
        case .files(let names):
            wizard.files = names
            if let first = names.first, wizard.path.text.isEmpty { wizard.path.setText(first) }
        case .workbookOpened(_, let sheets):
            wizard.sheets = sheets ?? []
            wizard.isCSV = sheets == nil
            if wizard.sheets.count > 1 {
                let current = wizard.sheets.firstIndex { $0.name == wizard.sheet }
                wizard.sheetCursor = ListState(selected: current ?? wizard.sheets.firstIndex { !$0.hidden } ?? 0)
                wizard.step = .sheet
            } else {
                effects = replan(&wizard)
            }
        case .planned(let plan, let csv):
            wizard.plan = plan
            wizard.isCSV = csv
            wizard.failure = nil
            wizard.columnCursor.clamp(count: plan.mapping.columns.count, visible: ImportWizard.listRows(state.size))
        case .importFailed(let failure):
            state.message = ImportTexts.failed(failure.message)
            switch wizard.step {
            case .running:
                wizard.step = .plan
            case .mapping, .field:
                wizard.plan = nil
                wizard.failure = failure
                wizard.step = .mapping
            default:
                break
            }
        case .imported(let added, let rejectSheet, _):
            state.pop()
            state.message = ImportTexts.imported(added, rejectSheet: rejectSheet, rejected: wizard.plan?.rejects.count ?? 0)
            state.stats = nil
            return [Update.reload(&state, 0)]
        case .exported, .exportExists, .exportFailed:
            break
        }
        state.replaceTop(.importWizard(wizard))
        return effects
    }
}

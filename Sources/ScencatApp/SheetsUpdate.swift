import TerminalKit

/// Spreadsheet keys of a list (`x` export, `I` import) and the answers of spreadsheet work.
enum SheetsUpdate {
    /// A command of the `sheets` context (lists only).
    static func command(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .exportList: return ExportUpdate.open(&state)
        case .importSheet: return ImportWizardUpdate.open(&state)
        default: return []
        }
    }

    static func apply(_ result: SheetResult, _ state: inout AppState) -> [Effect] {
        switch result {
        case .exported, .exportExists, .exportFailed: return ExportUpdate.apply(result, &state)
        case .files, .workbookOpened, .planned, .importFailed, .imported: return ImportWizardUpdate.apply(result, &state)
        }
    }
}

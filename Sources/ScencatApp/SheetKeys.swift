import TerminalKit
import Wording

extension KeyBindings {
    /// Spreadsheet keys: `x` exports the list shown, `I` opens the import wizard (Scenarios) —
    /// context `sheets`, after the list's and the global ones, so that a narrow hint bar drops
    /// them before `help` and `quit` —, and
    /// the keys of the export dialog and the wizard's steps (their questions use `confirm`).
    static let sheetBindings: [KeyBinding] = {
        var b: [KeyBinding] = [
            KeyBinding([.char("x")], .exportList, .sheets, hint: .hintExport, .helpExportWhatListShows),
            KeyBinding([.char("I")], .importSheet, .sheets, hint: .hintImport, .helpImportSubmissionSheet),
            KeyBinding([.enter], .confirm, .exportName, hint: .hintExport, .helpExportToFileNamed),
            KeyBinding([.escape], .back, .exportName, hint: .hintCancel, .helpCancelNothingWritten),
        ]
        for ctx in [KeyContext.importFile, .importSheet, .importMapping, .importField, .importPlan] {
            b += movements(ctx, typing: ctx == .importFile)
        }
        b += [
            KeyBinding([.enter], .open, .importFile, hint: .hintOpen, .helpOpenFileTyped),
            KeyBinding([.escape], .back, .importFile, hint: .hintCancel, .helpCloseWizardNothingWritten),
            KeyBinding([.enter], .open, .importSheet, hint: .hintChoose, .helpImportFromSelectedSheet),
            KeyBinding([.escape, .backspace], .back, .importSheet, hint: .hintBack, .helpBackToFile),
            KeyBinding([.enter], .choose, .importMapping, hint: .hintField, .helpChooseColumnField),
            KeyBinding([.tab, .char("n")], .nextField, .importMapping, hint: .hintPlan, .helpNextImportPlan),
            KeyBinding([.escape, .backspace], .back, .importMapping, hint: .hintBack, .helpBackToSheetOrFile),
            KeyBinding([.enter], .open, .importField, hint: .hintChoose, .helpMapColumnToField),
            KeyBinding([.escape], .back, .importField, hint: .hintCancel, .helpKeepColumn),
            KeyBinding([.enter, .char("y")], .confirm, .importPlan, hint: .hintImportAsk, .helpImportRowsAsDrafts),
            KeyBinding([.escape, .backspace], .back, .importPlan, hint: .hintBack, .helpBackToColumns),
        ]
        return b
    }()
}

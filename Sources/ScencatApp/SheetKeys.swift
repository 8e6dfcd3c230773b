import TerminalKit

extension KeyBindings {
    /// Spreadsheet keys: `x` exports the list shown, `I` opens the import wizard (Scenarios) —
    /// context `sheets`, after the list's and the global ones, so that a narrow hint bar drops
    /// them before `help` and `quit` —, and
    /// the keys of the export dialog and the wizard's steps (their questions use `confirm`).
    static let sheetBindings: [KeyBinding] = {
        var b: [KeyBinding] = [
            KeyBinding([.char("x")], .exportList, .sheets, hint: "export", "Export what the list shows (filters, sort) to .xlsx / .csv / .json / .yaml; asks for the file name"),
            KeyBinding([.char("I")], .importSheet, .sheets, hint: "import", "Scenarios: import a city's submission sheet (.xlsx, .csv): file, sheet, columns, plan, confirm"),
            KeyBinding([.enter], .confirm, .exportName, hint: "export", "Export to the file named (its extension chooses the format; asks before replacing a file)"),
            KeyBinding([.escape], .back, .exportName, hint: "cancel", "Cancel: nothing is written"),
        ]
        for ctx in [KeyContext.importFile, .importSheet, .importMapping, .importField, .importPlan] {
            b += movements(ctx, typing: ctx == .importFile)
        }
        b += [
            KeyBinding([.enter], .open, .importFile, hint: "open", "Open the file typed (↑ ↓ pick one of the start folder's sheets)"),
            KeyBinding([.escape], .back, .importFile, hint: "cancel", "Close the wizard: nothing is written"),
            KeyBinding([.enter], .open, .importSheet, hint: "choose", "Import from the selected sheet"),
            KeyBinding([.escape, .backspace], .back, .importSheet, hint: "back", "Back to the file"),
            KeyBinding([.enter], .choose, .importMapping, hint: "field", "Choose the field the selected column goes to, or ignore it (as --map 列名=field)"),
            KeyBinding([.tab, .char("n")], .nextField, .importMapping, hint: "plan", "Next: the plan (rows to add, duplicates, rejected rows)"),
            KeyBinding([.escape, .backspace], .back, .importMapping, hint: "back", "Back to the sheet or file"),
            KeyBinding([.enter], .open, .importField, hint: "choose", "Map the column to this field"),
            KeyBinding([.escape], .back, .importField, hint: "cancel", "Keep the column as it is"),
            KeyBinding([.enter, .char("y")], .confirm, .importPlan, hint: "import…", "Import the rows to add as drafts (asks first; nothing is written before)"),
            KeyBinding([.escape, .backspace], .back, .importPlan, hint: "back", "Back to the columns"),
        ]
        return b
    }()
}

import TerminalKit
import Wording

/// What a key asks for, independent of which key it was.
public enum Command: Sendable, Hashable {
    case quit, help, tab(Int), nextTab, previousTab
    case up, down, pageUp, pageDown, top, bottom
    case open, back, focusLeft, focusRight
    case search, jump, filter, clearFilters, sortNext, sortReverse, nextMatch, previousMatch
    case showErrors, refresh
    // Editing (EditUpdate.swift, FormUpdate.swift)
    case edit, editYAML, newEntity, duplicate, delete, withdraw, link, unlink, undo, redo, history
    case save, nextField, previousField, choose, toggle, addRow, removeRow
    case confirm, reload, overwrite, compare, reopen
    // Sync (SyncUpdate.swift)
    case sync, syncStart, showConflicts, pickOurs, pickTheirs, pickBase, editValue, applyResolution
    // Publications (PublicationsUpdate.swift)
    case publications, publishWizard, verifyPublications, showChanges, previousQuarter, nextQuarter
    // Day to day (DailyUpdate.swift)
    case confirmReview
    // Spreadsheets (SheetsUpdate.swift)
    case exportList, importSheet
}

/// Where a binding works. The active contexts are tried innermost first; a key a context
/// ignores goes to its parent (k9s and tig behave the same way).
public enum KeyContext: String, Sendable, CaseIterable {
    case global, list, sidebar, dashboard, detail, search, filter, jump, help, errors, file
    case form, formRows, picker, confirm, refusedDelete, withdrawReason, conflict, compare, history, change, editorErrors
    case syncPlan, syncConfirm, syncRunning, syncConflicts, syncEdit
    case publicationsEntry, publications, publicationList, publicationRecord, publicationChanges, publishWizard
    case sheets, exportName, importFile, importSheet, importMapping, importField, importPlan

    public var title: String { titleText.text }

    /// A heading from the wording tables (a new context's may be a literal until it is moved there).
    var titleText: KeyBinding.Phrase {
        switch self {
        case .global: return .key(.contextEverywhere)
        case .list: return .key(.contextListsScenariosModelsCenters)
        case .sidebar: return .key(.contextSectorSidebar)
        case .dashboard: return .key(.contextDashboard)
        case .detail: return .key(.contextDetailView)
        case .search: return .key(.contextSearch)
        case .filter: return .key(.contextFiltersF)
        case .jump: return .key(.contextJumpId)
        case .help: return .key(.contextHelp)
        case .errors: return .key(.contextCatalogueErrors)
        case .file: return .key(.contextFileView)
        case .form: return .key(.contextFormsEEditNewDDuplicate)
        case .formRows: return .key(.contextFormRowsModelsComputeNeeds)
        case .picker: return .key(.contextPickLists)
        case .confirm: return .key(.contextConfirmationsNoIsSelected)
        case .refusedDelete: return .key(.contextDeleteRefusedStillReferenced)
        case .withdrawReason: return .key(.contextWithdrawReason)
        case .conflict: return .key(.contextSaveConflictFileChangedOnDisk)
        case .compare: return .key(.contextCompareMineOnDiskBeforeAfter)
        case .history: return .key(.contextHistoryH)
        case .change: return .key(.contextChangeInHistoryBeforeAfter)
        case .editorErrors: return .key(.contextErrorsAfterEDITORE)
        case .syncPlan: return .key(.contextSyncYPlanResult)
        case .syncConfirm: return .key(.contextSyncConfirmation)
        case .syncRunning: return .key(.contextSyncRunning)
        case .syncConflicts: return .key(.contextSyncConflictsFieldByField)
        case .syncEdit: return .key(.contextSyncTypingFieldValue)
        case .publicationsEntry: return .key(.contextPublications5)
        case .publications: return .key(.contextPublicationsQuarters)
        case .publicationList: return .key(.contextPublicationsListReadOnly)
        case .publicationRecord: return .key(.contextPublicationsRecord)
        case .publicationChanges: return .key(.contextPublicationsChanges)
        case .publishWizard: return .key(.contextPublicationsPublish)
        case .sheets: return .key(.contextSpreadsheets)
        case .exportName: return .key(.contextExportFileName)
        case .importFile: return .key(.contextImportChooseFile)
        case .importSheet: return .key(.contextImportChooseSheet)
        case .importMapping: return .key(.contextImportColumns)
        case .importField: return .key(.contextImportColumnField)
        case .importPlan: return .key(.contextImportPlan)
        }
    }
}

/// One row of the key table: the hint bar and the help screen are generated from these.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var context: KeyContext
    /// Short label for the hint bar (nil: help screen only), from the wording tables.
    var hintText: Phrase?
    var helpText: Phrase

    /// A phrase from the wording tables, or (until it is moved there) a literal shown as is.
    enum Phrase: Sendable, ExpressibleByStringLiteral {
        case key(Text), literal(String)
        init(stringLiteral value: String) { self = .literal(value) }
        var text: String {
            switch self {
            case .key(let t): return t.text
            case .literal(let s): return s
            }
        }
    }

    /// The hint bar's label in the language in effect.
    public var hint: String? { hintText?.text }
    /// The help screen's description in the language in effect.
    public var help: String { helpText.text }

    init(_ keys: [Key], _ command: Command, _ context: KeyContext, hint: Text? = nil, _ help: Text) {
        self.keys = keys
        self.command = command
        self.context = context
        self.hintText = hint.map(Phrase.key)
        self.helpText = .key(help)
    }

    /// A binding whose texts are not in the wording tables yet (the zh walk test names it).
    init(_ keys: [Key], _ command: Command, _ context: KeyContext, hint: String? = nil, _ help: String) {
        self.keys = keys
        self.command = command
        self.context = context
        self.hintText = hint.map(Phrase.literal)
        self.helpText = .literal(help)
    }
}

public enum KeyBindings {
    public static let all: [KeyBinding] = {
        var b: [KeyBinding] = []
        let moves: [KeyContext] = [.list, .sidebar, .detail, .search, .jump, .filter, .help, .errors, .file, .picker, .compare, .history, .change]
        for ctx in moves { b += movements(ctx, typing: ctx == .search || ctx == .jump || ctx == .filter || ctx == .picker) }
        b += [
            KeyBinding([.enter], .open, .list, hint: .hintOpen, .helpOpenSelectedEntry),
            KeyBinding([.char("/")], .search, .global, hint: .hintSearch, .helpSearchEverythingAsYouTypeChinese),
            KeyBinding([.char("f")], .filter, .list, hint: .hintFilter, .helpAddFilterSectorCityStageStatus),
            KeyBinding([.char("F")], .clearFilters, .list, hint: .hintClear, .helpClearAllFilters),
            KeyBinding([.char("s")], .sortNext, .list, hint: .hintSort, .helpSortByNextColumn),
            KeyBinding([.char("S")], .sortReverse, .list, .helpReverseSortOrder),
            KeyBinding([.char("n")], .nextMatch, .global, .helpOpenNextMatchLastSearchWith),
            KeyBinding([.char("N")], .previousMatch, .global, .helpOpenPreviousMatchLastSearch),
            KeyBinding([.char(":")], .jump, .global, hint: .hintJump, .helpJumpId),
            KeyBinding([.left, .char("h")], .focusLeft, .list, .helpFocusSectorSidebarScenarios),
            KeyBinding([.enter, .right, .char("l")], .focusRight, .sidebar, hint: .hintApply, .helpApplySectorAndGoTable),
            KeyBinding([.enter], .open, .detail, hint: .hintFollow, .helpFollowSelectedLink),
            KeyBinding([.backspace, .escape, .char("h"), .left], .back, .detail, hint: .hintBack, .helpGoBackAlongPath),
            KeyBinding([.enter], .open, .search, hint: .hintOpen, .helpOpenSelectedHit),
            KeyBinding([.escape], .back, .search, hint: .hintClose, .helpCloseSearchNNThenStep),
            KeyBinding([.escape], .back, .list, .helpForgetLastSearchNAddsNew),
            KeyBinding([.enter], .open, .filter, hint: .hintChoose, .helpChoose),
            KeyBinding([.escape], .back, .filter, hint: .hintCancel, .helpBackCancel),
            KeyBinding([.enter], .open, .jump, hint: .hintGo, .helpOpenEntityWithThisId),
            KeyBinding([.escape], .back, .jump, hint: .hintCancel, .helpCancel),
            KeyBinding([.escape, .char("q"), .char("?")], .back, .help, hint: .hintClose, .helpCloseHelp),
            KeyBinding([.enter], .open, .errors, hint: .hintShowFile, .helpShowFileAtErrorLine),
            KeyBinding([.escape, .char("q")], .back, .errors, hint: .hintClose, .helpClose),
            KeyBinding([.escape, .char("q"), .backspace], .back, .file, hint: .hintBack, .helpBackErrorList),
            KeyBinding([.char("1")], .tab(0), .global, .helpScenariosTab),
            KeyBinding([.char("2")], .tab(1), .global, .helpModelsTab),
            KeyBinding([.char("3")], .tab(2), .global, .helpCentersTab),
            KeyBinding([.char("4")], .tab(3), .global, .helpDashboardTab),
            KeyBinding([.tab], .nextTab, .global, .helpNextTab),
            KeyBinding([.backTab], .previousTab, .global, .helpPreviousTab),
            KeyBinding([.char("!")], .showErrors, .global, .helpShowCatalogueErrorsAndWarnings),
            KeyBinding([.char("r")], .refresh, .global, .helpReIndexChangedFilesNow),
            KeyBinding([.char("u")], .undo, .global, .helpUndoLastChangeSavedSinceScencat),
            KeyBinding([.ctrl("r")], .redo, .global, .helpRedoWhatUndoUndidRefusedIf),
            KeyBinding([.char("?")], .help, .global, hint: .hintHelp, .helpThisHelp),
            KeyBinding([.char("q"), .ctrl("c")], .quit, .global, hint: .hintQuit, .helpQuitTerminalIsRestored),
        ]
        b += editing
        b += syncBindings
        b += publicationBindings
        b += sheetBindings
        return b
    }()

    /// Editing keys: on lists and detail pages, in forms, pick lists and the dialogs.
    static let editing: [KeyBinding] = {
        var b: [KeyBinding] = []
        for ctx in [KeyContext.list, .detail] {
            b += [
                KeyBinding([.char("e")], .edit, ctx, .helpEditInForm),
                KeyBinding([.char("E")], .editYAML, ctx, .helpEditYAMLInVISUALEDITORElse),
                KeyBinding([.char("a")], .newEntity, ctx, .helpAddNewEntityThisKindIts),
                KeyBinding([.char("D")], .duplicate, ctx, .helpDuplicateNewEntityStartingFromThis),
                KeyBinding([.char("W")], .withdraw, ctx, .helpWithdrawStatusWithdrawnAsksFirst),
                KeyBinding([.char("d"), .delete], .delete, ctx, .helpDeleteFileAsksFirstNamingWhat),
                KeyBinding([.char("H")], .history, ctx, .helpHistoryThisEntityChangesInJournal),
                KeyBinding([.char("c")], .confirmReview, ctx, .helpConfirmScenarioReviewedUpdatedBecomesToday),
            ]
        }
        b += [
            KeyBinding([.char("[")], .previousQuarter, .list, .helpCentersDemandInPreviousQuarter),
            KeyBinding([.char("]")], .nextQuarter, .list, .helpCentersDemandInNextQuarter),
        ]
        b += [
            KeyBinding([.char("L")], .link, .detail, .helpLinkModelScenarioFromEitherPage),
            KeyBinding([.char("U")], .unlink, .detail, .helpUnlinkSelectedModelScenarioPageOr),
            // Forms
            KeyBinding([.ctrl("s"), .function(2)], .save, .form, hint: .hintSave, .helpSaveRefusedWhileFieldHasError),
            KeyBinding([.escape], .back, .form, hint: .hintCancel, .helpCloseFormAsksBeforeDroppingChanges),
            KeyBinding([.tab, .down], .nextField, .form, hint: .hintNext, .helpNextField),
            KeyBinding([.backTab, .up], .previousField, .form, .helpPreviousField),
            KeyBinding([.pageDown], .pageDown, .form, .helpPageDown),
            KeyBinding([.pageUp], .pageUp, .form, .helpPageUp),
            KeyBinding([.enter], .choose, .form, hint: .hintChoose, .helpPickFromListSectorCityModel),
            KeyBinding([.char(" "), .left, .right], .toggle, .form, .helpOnChoiceNextPreviousOptionOn),
            KeyBinding([.enter], .choose, .formRows, hint: .hintEditRow, .helpEditRowOrAddOneOn),
            KeyBinding([.char("+"), .char("a")], .addRow, .formRows, hint: .hintAdd, .helpAddRow),
            KeyBinding([.delete, .char("x")], .removeRow, .formRows, hint: .hintRemove, .helpRemoveRow),
            // Pick lists
            KeyBinding([.enter], .open, .picker, hint: .hintChoose, .helpChooseInListsSeveralAcceptTicked),
            KeyBinding([.escape], .back, .picker, hint: .hintCancel, .helpCancel),
            KeyBinding([.char(" ")], .toggle, .picker, .helpTickUntickInListsWhereSeveral),
            // Confirmations
            KeyBinding([.char("y")], .confirm, .confirm, hint: .hintYes, .helpYesDoIt),
            KeyBinding([.enter], .choose, .confirm, hint: .hintChoose, .helpPressSelectedButton),
            KeyBinding([.tab, .right], .nextField, .confirm, .helpNextButton),
            KeyBinding([.backTab, .left], .previousField, .confirm, .helpPreviousButton),
            KeyBinding([.char("n"), .escape], .back, .confirm, hint: .hintNo, .helpNoLeaveIt),
            KeyBinding([.char("w")], .withdraw, .refusedDelete, hint: .hintWithdraw, .helpWithdrawItInsteadAsksForReason),
            KeyBinding([.char("u")], .unlink, .refusedDelete, hint: .hintUnlink, .helpSeeEveryEntryUnlinkingWouldChange),
            KeyBinding([.char("n"), .escape], .back, .refusedDelete, hint: .hintCancel, .helpLeaveIt),
            KeyBinding([.enter], .choose, .refusedDelete, hint: .hintChoose, .helpPressSelectedButton),
            KeyBinding([.tab, .right], .nextField, .refusedDelete, .helpNextButton),
            KeyBinding([.backTab, .left], .previousField, .refusedDelete, .helpPreviousButton),
            KeyBinding([.enter], .confirm, .withdrawReason, hint: .hintWithdraw, .helpWithdrawWithReasonTyped),
            KeyBinding([.escape], .back, .withdrawReason, hint: .hintCancel, .helpCancelNothingChanges),
            // Conflicts
            KeyBinding([.char("r")], .reload, .conflict, hint: .hintReload, .helpReloadDropMyChangesAndOpen),
            KeyBinding([.char("o")], .overwrite, .conflict, hint: .hintOverwrite, .helpOverwriteFileOnDiskWithMine),
            KeyBinding([.char("c")], .compare, .conflict, hint: .hintCompare, .helpCompareMineWithFileOnDisk),
            KeyBinding([.escape], .back, .conflict, hint: .hintBack, .helpBackEditing),
            KeyBinding([.char("r")], .reload, .compare, hint: .hintReload, .helpReloadDropMyChanges),
            KeyBinding([.char("o")], .overwrite, .compare, hint: .hintOverwrite, .helpOverwriteFileOnDiskWithMine),
            KeyBinding([.escape, .char("q"), .backspace], .back, .compare, hint: .hintBack, .helpBack),
            // History
            KeyBinding([.enter], .open, .history, hint: .hintBeforeAfter, .helpShowChangeBeforeAndAfterSide),
            KeyBinding([.escape, .char("q"), .backspace], .back, .history, hint: .hintClose, .helpClose),
            KeyBinding([.escape, .char("q"), .backspace], .back, .change, hint: .hintBack, .helpBackHistory),
            // After the external editor
            KeyBinding([.char("r"), .enter], .reopen, .editorErrors, hint: .hintReOpen, .helpReOpenEditorWithErrorsAs),
            KeyBinding([.char("d"), .escape], .back, .editorErrors, hint: .hintDiscard, .helpDiscardEdit),
        ]
        return b
    }()

    /// Moving in a list of context `ctx`: arrows, pages, and (where letters are not typed) j k g G.
    static func movements(_ ctx: KeyContext, typing: Bool) -> [KeyBinding] {
        var b = [
            KeyBinding(typing ? [.up, .ctrl("p")] : [.up, .char("k")], .up, ctx, .helpMoveUp),
            KeyBinding(typing ? [.down, .ctrl("n")] : [.down, .char("j")], .down, ctx, .helpMoveDown),
            KeyBinding(typing ? [.pageUp] : [.pageUp, .ctrl("b")], .pageUp, ctx, .helpPageUp),
            KeyBinding(typing ? [.pageDown] : [.pageDown, .ctrl("f"), .char(" ")], .pageDown, ctx, .helpPageDown),
        ]
        if !typing {
            b.append(KeyBinding([.home, .char("g")], .top, ctx, .helpFirstRow))
            b.append(KeyBinding([.end, .char("G")], .bottom, ctx, .helpLastRow))
        }
        return b
    }

    /// The binding of a key in the innermost context that binds it.
    public static func binding(for key: Key, in contexts: [KeyContext]) -> KeyBinding? {
        for ctx in contexts {
            if let b = all.first(where: { $0.context == ctx && $0.keys.contains(key) }) { return b }
        }
        return nil
    }

    /// The command a key means in the innermost context that binds it.
    public static func command(for key: Key, in contexts: [KeyContext]) -> Command? {
        binding(for: key, in: contexts)?.command
    }

    /// Hints for the bar: the innermost contexts' hinted bindings, then global ones.
    public static func hints(for contexts: [KeyContext]) -> [HintBar.Hint] {
        var out: [HintBar.Hint] = []
        var seen = Set<String>()
        for ctx in contexts {
            for b in all where b.context == ctx {
                guard let label = b.hint, let key = b.keys.first, !seen.contains(label) else { continue }
                seen.insert(label)
                out.append(HintBar.Hint(key, label))
            }
        }
        return out
    }
}

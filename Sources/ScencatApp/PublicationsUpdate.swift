import CatalogCore
import Publishing
import TerminalKit
import Wording

/// The Publications screen's keys and the answers of publication work. Pure, like `Update`,
/// which calls in here.
enum PublicationsUpdate {
    /// Opens the screen (`5`): it replaces the pages and panels open over the tabs.
    static func open(_ state: inout AppState) -> [Effect] {
        state.layers = [.publications(PublicationsScreen())]
        return [.publications(.load)]
    }

    /// Rows of a table or lines of text the screen shows at once.
    static func page(_ state: AppState) -> Int { state.frameLayout.publicationsPage }

    /// The mouse wheel moves as ↑ and ↓ do.
    static func mouse(_ m: MouseEvent, _ state: inout AppState) -> [Effect] {
        switch m.kind {
        case .wheelUp: return command(.up, &state)
        case .wheelDown: return command(.down, &state)
        case .click: return Update.mouse(m, &state)
        }
    }

    /// A command of the screen's own contexts (the global ones go to `Update.global`).
    static func command(_ command: Command, _ state: inout AppState) -> [Effect] {
        guard var screen = state.publicationsScreen else { return [] }
        defer { if state.publicationsScreen != nil { state.publicationsScreen = screen } }
        let page = page(state)
        switch screen.mode {
        case .quarters:
            switch command {
            case .back:
                state.publicationsScreen = nil
                return []
            case .open:
                guard let q = screen.selectedQuarter else { return [] }
                screen.mode = .browse
                screen.browseQuarter = q.quarter.description
                screen.rows = []
                screen.rowsLoading = true
                screen.rowCursor = ListState()
                return [.publications(.browse(q.quarter.description))]
            case .showChanges:
                guard let q = screen.selectedQuarter else { return [] }
                return showChanges(q.quarter.description, from: .quarters, &screen)
            case .publishWizard:
                let next = screen.quarters.last.map { $0.quarter.adding(1) }
                screen.wizard = PublishWizard(quarter: next)
                screen.mode = .wizard
                screen.note = nil
                return [.publications(.preview(next))]
            case .verifyPublications:
                screen.verification = [:]
                screen.note = Text.pubVerifying.text
                return [.publications(.verify(screen.quarters.map(\.quarter.description)))]
            default:
                _ = Update.move(command, &screen.cursor, count: screen.quarters.count, visible: state.frameLayout.publicationsQuarterRows)
                return []
            }
        case .browse:
            switch command {
            case .back:
                screen.mode = .quarters
                return []
            case .open:
                guard let q = screen.browseQuarter, screen.rows.indices.contains(screen.rowCursor.selected) else { return [] }
                let row = screen.rows[screen.rowCursor.selected]
                screen.mode = .record
                screen.recordTitle = "\(row.id) · \(row.title)"
                screen.recordLines = []
                screen.recordScroll = 0
                return [.publications(.record(quarter: q, id: row.id))]
            case .showChanges:
                guard let q = screen.browseQuarter else { return [] }
                return showChanges(q, from: .browse, &screen)
            default:
                _ = Update.move(command, &screen.rowCursor, count: screen.rows.count, visible: max(1, page - 1))
                return []
            }
        case .record:
            if command == .back { screen.mode = .browse; return [] }
            scroll(command, &screen.recordScroll, count: screen.recordLines.count, page: page)
            return []
        case .changes(let from):
            if command == .back { screen.mode = from == .browse ? .browse : .quarters; return [] }
            scroll(command, &screen.changesScroll, count: screen.changesLines.count, page: page)
            return []
        case .wizard:
            return wizardCommand(command, &screen)
        }
    }

    static func showChanges(_ quarter: String, from: PublicationsScreen.Back, _ screen: inout PublicationsScreen) -> [Effect] {
        screen.mode = .changes(from: from)
        screen.changesQuarter = quarter
        screen.changesLines = []
        screen.changesScroll = 0
        return [.publications(.changes(quarter))]
    }

    static func wizardCommand(_ command: Command, _ screen: inout PublicationsScreen) -> [Effect] {
        guard var wizard = screen.wizard else { screen.mode = .quarters; return [] }
        defer { screen.wizard = wizard }
        if wizard.confirming {
            switch command {
            case .confirm, .choose:
                wizard.confirming = false
                guard let q = wizard.quarter else { return [] }
                wizard.running = true
                wizard.outcome = []
                return [.publications(.publish(q))]
            case .back:
                wizard.confirming = false
            default:
                break
            }
            return []
        }
        switch command {
        case .back:
            screen.mode = .quarters
            return []
        case .previousQuarter, .nextQuarter:
            guard let q = wizard.quarter, !wizard.running else { return [] }
            wizard = PublishWizard(quarter: q.adding(command == .nextQuarter ? 1 : -1))
            return [.publications(.preview(wizard.quarter))]
        case .reload:
            guard !wizard.running else { return [] }
            wizard = PublishWizard(quarter: wizard.quarter)
            return [.publications(.preview(wizard.quarter))]
        case .confirm:
            if wizard.computing { screen.note = Text.pubStillChecking.text; return [] }
            guard wizard.canPublish else {
                screen.note = Text.pubBlockedSeeAbove.text
                return []
            }
            screen.note = nil
            wizard.confirming = true
            return []
        default:
            return []
        }
    }

    static func scroll(_ command: Command, _ offset: inout Int, count: Int, page: Int) {
        Update.scroll(command, &offset, maxScroll: max(0, count - page), page: page)
    }

    /// Results of publication work.
    static func apply(_ result: PublicationsResult, _ state: inout AppState) -> [Effect] {
        guard var screen = state.publicationsScreen else { return [] }
        defer { state.publicationsScreen = screen }
        switch result {
        case .loaded(let quarters):
            let selected = screen.selectAfterLoad ?? screen.selectedQuarter?.quarter
            screen.selectAfterLoad = nil
            screen.quarters = quarters
            screen.loaded = true
            screen.verification = [:]
            screen.cursor = ListState(selected: selected.flatMap { q in quarters.firstIndex { $0.quarter == q } } ?? max(0, quarters.count - 1))
            screen.cursor.clamp(count: quarters.count, visible: state.frameLayout.publicationsQuarterRows)
            return quarters.isEmpty ? [] : [.publications(.verify(quarters.map(\.quarter.description)))]
        case .verified(let quarter, let check):
            screen.verification[quarter] = check
            if screen.verification.count == screen.quarters.count, screen.note == Text.pubVerifying.text {
                let failed = screen.verification.values.filter { !$0.ok }.count
                screen.note = failed == 0 ? Text.pubAllVerify.text : Text.pubSomeFail(failed, failed)
            }
            return []
        case .browsed(let quarter, let rows):
            guard screen.browseQuarter == quarter else { return [] }
            screen.rows = rows
            screen.rowsLoading = false
            screen.rowCursor.clamp(count: rows.count, visible: max(1, page(state) - 1))
            return []
        case .record(let quarter, let id, let title, let lines):
            guard screen.browseQuarter == quarter, screen.mode == .record, screen.recordTitle.hasPrefix(id) else { return [] }
            screen.recordTitle = title
            screen.recordLines = lines
            return []
        case .changes(let quarter, let lines):
            guard screen.changesQuarter == quarter else { return [] }
            screen.changesLines = lines
            return []
        case .previewed(let preview):
            guard var wizard = screen.wizard, wizard.quarter == nil || wizard.quarter == preview.quarter, !wizard.running else { return [] }
            wizard.quarter = preview.quarter
            wizard.preview = preview
            wizard.computing = false
            screen.wizard = wizard
            return []
        case .published(let quarter, let ok, let lines):
            guard var wizard = screen.wizard, wizard.quarter == quarter else { return [] }
            wizard.running = false
            wizard.outcome = lines
            screen.wizard = wizard
            if ok {
                screen.note = Text.pubPublished(quarter, quarter)
                screen.mode = .quarters
                screen.wizard = nil
                screen.selectAfterLoad = quarter
                return [.publications(.load)]
            }
            screen.note = Text.pubNotPublished.text
            return []
        case .failed(let message):
            screen.note = message
            screen.rowsLoading = false
            if var wizard = screen.wizard {
                wizard.computing = false
                wizard.running = false
                screen.wizard = wizard
            }
            return []
        }
    }
}

import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// Day-to-day keys: `c` confirms a scenario reviewed; `[` `]` step the Centers list's quarter.
enum DailyUpdate {
    /// nil leaves the command to the rest of `Update`. Reached only with a list or a detail page on
    /// top of the layers (the key table's `list` and `detail` contexts).
    static func command(_ command: Command, _ state: inout AppState) -> [Effect]? {
        switch command {
        case .confirmReview:
            guard let id = selectedId(state) else { return [] }
            guard state.path.isEmpty ? state.tab == .scenarios : selectedKind(state) == .scenario else {
                state.message = Text.dailyOnlyScenarios.text
                return []
            }
            return [.edit(.confirm([id]))]
        case .previousQuarter, .nextQuarter:
            guard state.path.isEmpty, state.tab == .centers else { return nil }
            let i = state.tab.rawValue
            let now = demandQuarter(state.lists[i])
            let next = now.adding(command == .nextQuarter ? 1 : -1)
            // The current quarter is the default: no chip for it.
            state.lists[i].setFilter(.quarter, next == IndexStore.currentQuarter() ? nil : next.description)
            state.message = Text.dailyDemandInMessage(next)
            return [Update.reload(&state, i, keepSelection: true)]
        default:
            return nil
        }
    }

    /// The quarter the Centers list's demand is for: its quarter filter, else this quarter.
    static func demandQuarter(_ list: ListScreen) -> Quarter {
        list.value(of: .quarter).flatMap(Quarter.init) ?? IndexStore.currentQuarter()
    }

    static func selectedId(_ state: AppState) -> String? {
        if let d = state.path.last { return d.preview == nil ? nil : d.id }
        return state.list.selectedRow?.id
    }

    static func selectedKind(_ state: AppState) -> EntityKind? {
        state.path.last?.preview?.entity.kind
    }
}

import CatalogCore
import CatalogIndex
import TerminalKit

/// Work for the runtime: queries, file reads, indexing. `update` returns these as values;
/// the runtime runs them and feeds the results back as `Action`s.
public enum Effect: Sendable {
    /// Count and first window of a list after its query changed, plus sector counts for the sidebar.
    /// `recount`: the filters changed, so the count and the sidebar's sector counts change too
    /// (a new sort order only needs rows).
    case reloadList(Int, ListQuery, window: Int, recount: Bool)
    /// Rows `start..<start+limit` of a list.
    case loadWindow(Int, ListQuery, start: Int)
    case loadPreview(Int, id: String)
    case loadDetail(depth: Int, id: String)
    case search(String)
    /// Candidates of the `:` jump for the text typed (Jump.swift).
    case jump(String)
    case loadFilterOptions(EntityKind, FilterField, text: String, within: ListQuery)
    case loadStats
    /// The taxonomy and the catalogue's name: all the first frame needs besides its rows.
    case loadCatalog
    case loadFile(path: String, line: Int, column: Int, message: String)
    /// Re-index changed files (in the background) and reload what is shown.
    case refreshIndex
    /// Editing: open, check, save, delete, undo, history, the external editor (EditEffects.swift).
    case edit(EditEffect)
    /// Sync: plan, run, resolve, the header's counts (SyncEffects.swift).
    case sync(SyncEffect)
    /// Publications: list, verify, browse, compare, publish (PublicationsEffects.swift).
    case publications(PublicationsEffect)
    /// Spreadsheets: export a list, read, plan and apply an import (SheetEffects.swift).
    case sheets(SheetEffect)
}

/// Everything that changes the state: keys, and the results of effects.
public enum Action: Sendable {
    case key(Key)
    /// `total` nil: unchanged.
    case listReloaded(Int, total: Int?, start: Int, rows: [EntityRow], sectorCounts: [FacetCount]?)
    case windowLoaded(Int, start: Int, rows: [EntityRow])
    case previewLoaded(Int, id: String, EntityPreview?)
    case detailLoaded(depth: Int, id: String, EntityPreview?)
    /// The entity's file changed since it was indexed (`IndexStale`, worded): shown in its place.
    case previewStale(Int, id: String, String)
    case detailStale(depth: Int, id: String, String)
    case searchLoaded(String, [SearchHit])
    case jumpLoaded(String, [JumpCandidate])
    case filterOptionsLoaded(FilterField, [FilterOption])
    case statsLoaded(CatalogStats)
    case catalogLoaded(Taxonomy, name: String)
    /// The models checked against the filing registers (with every `loadCatalog`).
    case registerLoaded(RegisterSummary)
    case fileLoaded(FilePanel)
    case indexProgress(done: Int, total: Int)
    case indexFinished(diagnostics: [Diagnostic], committed: Bool, pendingFiles: Int)
    /// How many files differ from the index, from the idle check.
    case pendingChecked(Int)
    /// A problem to show on the status line (an effect that failed).
    case failed(String)
    /// A query met a damaged index: the header says so instead of "up to date".
    case indexDamaged(String)
    /// Results of editing effects.
    case edit(EditResult)
    /// Results of sync work.
    case sync(SyncResult)
    /// Results of publication work.
    case publications(PublicationsResult)
    /// Results of spreadsheet work.
    case sheets(SheetResult)
}

import ArgumentParser
import CatalogCore
import CatalogIndex

struct ConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record that scenarios were reviewed: `updated` becomes today, nothing else changes.",
        discussion: """
        For the round of calls that re-confirms entries with their demand side: one command, one journal \
        entry (`scencat undo` takes the whole round back). Scenarios already confirmed today are left as they are.
          scencat confirm dongguan-pcb-visual-inspection foshan-bus-dispatch
          scencat list scenarios --stale 12m --format csv   # what is due
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "Scenario ids.") var ids: [String]

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one scenario id") }
    }

    func run() throws {
        let context = try EditContext(catalog)
        let outcome: ChangeOutcome
        do { outcome = try context.store.confirm(ids) } catch let f as EditFailure { throw context.failure(f) }
        if case .saved(let docs, _) = outcome, docs.isEmpty {
            Terminal.err("already confirmed today")
            return
        }
        try context.finish(outcome, verb: "confirmed")
    }
}

import ArgumentParser
import Wording
import CatalogCore
import CatalogIndex

struct ConfirmCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "confirm",
        abstract: Text.cliHelpConfirmAbstract.text,
        discussion: Text.cliHelpConfirmDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpConfirmIds)) var ids: [String]

    func validate() throws {
        if ids.isEmpty { throw ValidationError(Text.cliConfirmGiveId.text) }
    }

    func run() throws {
        let context = try EditContext(catalog)
        let outcome: ChangeOutcome
        do { outcome = try context.store.confirm(ids) } catch let f as EditFailure { throw context.failure(f) }
        if case .saved(let docs, _) = outcome, docs.isEmpty {
            Terminal.err(Text.cliAlreadyConfirmed.text)
            return
        }
        try context.finish(outcome, verb: Text.cliVerbConfirmed.text)
    }
}

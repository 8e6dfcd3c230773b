import ArgumentParser
import CatalogCore
import CatalogFiles
#if canImport(Glibc)
import Glibc
#endif

/// `scencat`: the catalogue of AI application scenarios, from the command line.
/// Without a subcommand it opens the terminal UI.
@main
struct Scencat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scencat",
        abstract: "Browse, check, index and search the AI application scenario catalogue (人工智能场景清单).",
        discussion: """
        The catalogue is a folder of YAML files (default: $SCENCAT_CATALOG, else ./Catalog).
        Exit codes: 0 ok, 1 the catalogue or input has errors, 2 usage, 3 conflict, 4 environment.
        """,
        subcommands: [
            ValidateCommand.self, IndexCommand.self, ListCommand.self, ShowCommand.self, SearchCommand.self,
            StatsCommand.self, FmtCommand.self, SchemaCommand.self,
            NewCommand.self, EditCommand.self, SetCommand.self, LinkCommand.self, UnlinkCommand.self,
            WithdrawCommand.self, DeleteCommand.self, UndoCommand.self, HistoryCommand.self,
            InitCommand.self, SyncCommand.self, MergeDriverCommand.self, ResolveCommand.self,
            PublishCommand.self, DiffCommand.self, VerifyCommand.self, KeygenCommand.self,
            ExportCommand.self, ImportCommand.self,
            UICommand.self, BenchUICommand.self,
        ],
        defaultSubcommand: UICommand.self
    )

    /// Runs the command, mapping errors to the exit codes of the contract.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.err(failure.message) }
            Glibc.exit(failure.code.rawValue)
        } catch let e as FileError {
            Terminal.err("scencat: \(e)")
            Glibc.exit(Exit.environment.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Terminal.out(fullMessage(for: error))
                Glibc.exit(0)
            }
            let message = fullMessage(for: error)
            if code == .validationFailure || error is ValidationError {
                Terminal.err(message)
                Glibc.exit(Exit.usage.rawValue)
            }
            if !message.isEmpty { Terminal.err(message) }
            Glibc.exit(code.rawValue == ExitCode.failure.rawValue ? Exit.invalid.rawValue : code.rawValue)
        }
    }
}

/// `--catalog DIR`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp("The catalogue folder (default: $SCENCAT_CATALOG, else ./Catalog).", valueName: "DIR"))
    var catalog: String?

    var root: String {
        if let catalog { return catalog }
        if let env = getenv("SCENCAT_CATALOG"), !String(cString: env).isEmpty { return String(cString: env) }
        return "Catalog"
    }

    /// The layout, after checking the folder is a catalogue at all (exit 4 otherwise).
    func layout() throws -> CatalogLayout {
        let layout = CatalogLayout(root: root)
        var st = stat()
        guard stat(layout.root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw CommandFailure(.environment, "scencat: \(layout.root): no such catalogue folder (use --catalog DIR or set SCENCAT_CATALOG)")
        }
        guard layout.exists else {
            throw CommandFailure(.environment, "scencat: \(layout.root): not a catalogue (no catalog.yaml); create one with `scencat init DIR`")
        }
        return layout
    }
}

/// Where data is printed: `--format table|json|csv|yaml`; a table on a terminal, JSON otherwise.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, yaml
}

struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: table, json, csv or yaml (default: table on a terminal, json when piped).")
    var format: OutputFormat?

    var resolved: OutputFormat { format ?? (Terminal.stdoutIsTTY ? .table : .json) }
}

/// Prints diagnostics gcc-style on stderr, with the catalogue folder as the path prefix.
func printDiagnostics(_ diags: [Diagnostic], root: String, limit: Int = Int.max) {
    var text = ""
    for d in diags.prefix(limit) { text += d.formatted(prefix: root) + "\n" }
    if diags.count > limit { text += "… and \(diags.count - limit) more\n" }
    Terminal.writeAll(2, text)
}

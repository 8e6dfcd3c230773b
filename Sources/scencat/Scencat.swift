import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Wording
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
        The catalogue is a folder of YAML files: --catalog DIR (before or after the subcommand), else the nearest \
        folder holding catalog.yaml from the current folder up, else $SCENCAT_CATALOG, else ./Catalog.
        Exit codes: 0 ok, 1 the catalogue or input has errors, 2 usage, 3 conflict, 4 environment.
        """,
        subcommands: [
            ValidateCommand.self, IndexCommand.self, ListCommand.self, ShowCommand.self, SearchCommand.self,
            StatsCommand.self, FmtCommand.self, SchemaCommand.self,
            NewCommand.self, EditCommand.self, SetCommand.self, LinkCommand.self, UnlinkCommand.self,
            WithdrawCommand.self, DeleteCommand.self, UndoCommand.self, RedoCommand.self, HistoryCommand.self, ConfirmCommand.self,
            InitCommand.self, SyncCommand.self, MergeDriverCommand.self, ResolveCommand.self,
            PublishCommand.self, DiffCommand.self, VerifyCommand.self, KeygenCommand.self, KeyCommand.self, TrustCommand.self,
            ExportCommand.self, ImportCommand.self, RegisterCommand.self,
            UICommand.self, BenchUICommand.self,
        ],
        defaultSubcommand: UICommand.self
    )

    /// Runs the command, mapping errors to the exit codes of the contract.
    static func main() {
        do {
            let arguments = catalogAfterSubcommand(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            Wording.use(interfaceLanguage(arguments))
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.err(failure.message) }
            Glibc.exit(failure.code.rawValue)
        } catch let damage as IndexDamage {
            Terminal.err("scencat: the index is damaged (\(damage.reason)): run scencat index --rebuild")
            Glibc.exit(Exit.environment.rawValue)
        } catch let e as FileError {
            Terminal.err("scencat: \(e)")
            Glibc.exit(Exit.environment.rawValue)
        } catch {
            // A query that met damage the opening checks did not read.
            if let damage = IndexDamage.of(error) {
                Terminal.err("scencat: the index is damaged (\(damage.reason)): run scencat index --rebuild")
                Glibc.exit(Exit.environment.rawValue)
            }
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

    /// `scencat --catalog DIR list …` reads as `scencat list --catalog DIR …`: options given before a
    /// subcommand belong to the root, which has none, so `--catalog` is moved after the subcommand's name.
    static func catalogAfterSubcommand(_ args: [String]) -> [String] {
        var lead: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--catalog", i + 1 < args.count { lead += args[i...i + 1]; i += 2 }
            else if args[i].hasPrefix("--catalog=") { lead.append(args[i]); i += 1 }
            else { break }
        }
        let names = Set(configuration.subcommands.map { $0._commandName })
        guard !lead.isEmpty, i < args.count, names.contains(args[i]) else { return args }
        return [args[i]] + lead + args[(i + 1)...]
    }
}

extension Scencat {
    /// The language of what this run prints and shows (docs/0020): `--lang`, else `SCENCAT_LANG`, else
    /// the catalogue's `ui_language`, else the locale, else both. The arguments have parsed, so a
    /// `--lang` here names a language.
    static func interfaceLanguage(_ arguments: [String]) -> InterfaceLanguage {
        let flag = optionValue("--lang", in: arguments).flatMap(InterfaceLanguage.init(rawValue:))
        let environment = ProcessInfo.processInfo.environment
        func catalogueSetting() -> InterfaceLanguage? {
            var options = CatalogOptions()
            options.catalog = optionValue("--catalog", in: arguments)
            let bytes = try? AtomicFile.read(options.root + "/" + CatalogLayout.catalogFile, limit: YAMLReader.maxFileSize)
            guard let bytes, let root = YAMLReader.read(bytes, file: CatalogLayout.catalogFile, positions: false).root else { return nil }
            return TaxonomyDecoder.catalogInfo(root, file: CatalogLayout.catalogFile).0?.uiLanguage
        }
        // The catalogue is read only when neither the flag nor the environment decides.
        let decided = flag ?? environment["SCENCAT_LANG"].flatMap { InterfaceLanguage(rawValue: $0.lowercased()) }
        return Wording.resolve(flag: flag, environment: environment, catalog: decided == nil ? catalogueSetting() : nil).0
    }

    /// The value of `--name VALUE` or `--name=VALUE` before a `--`.
    static func optionValue(_ name: String, in arguments: [String]) -> String? {
        for (i, a) in arguments.enumerated() {
            if a == "--" { return nil }
            if a == name, i + 1 < arguments.count { return arguments[i + 1] }
            if a.hasPrefix(name + "=") { return String(a.dropFirst(name.count + 1)) }
        }
        return nil
    }
}

extension InterfaceLanguage: ExpressibleByArgument {}

/// `--catalog DIR` and `--lang`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "The language of tables, messages and screens: zh, en or both (default: $SCENCAT_LANG, else catalog.yaml ui_language, else zh for a zh_* locale, else both).",
        valueName: "LANG"))
    var lang: InterfaceLanguage?

    @Option(name: .customLong("catalog"), help: ArgumentHelp(
        "The catalogue folder (default: the nearest folder with catalog.yaml from here up, else $SCENCAT_CATALOG, else ./Catalog).",
        valueName: "DIR"))
    var catalog: String?

    /// Like git finds its repository: `--catalog`, then the nearest catalog.yaml walking up from the
    /// current folder, then `$SCENCAT_CATALOG`, then `./Catalog`.
    var root: String {
        if let catalog { return catalog }
        if let found = CatalogOptions.nearest(from: currentDirectory()) { return found }
        if let env = getenv("SCENCAT_CATALOG"), !String(cString: env).isEmpty { return String(cString: env) }
        return "Catalog"
    }

    /// The nearest folder holding catalog.yaml at or above `start` (an absolute path), written
    /// relative to it (`.`, `..`, `../..`) so that paths in messages stay short.
    static func nearest(from start: String) -> String? {
        var dir = start
        var ups = 0
        while true {
            if access((dir == "/" ? "" : dir) + "/" + CatalogLayout.catalogFile, F_OK) == 0 {
                return ups == 0 ? "." : Array(repeating: "..", count: ups).joined(separator: "/")
            }
            guard dir != "/", let slash = dir.lastIndex(of: "/") else { return nil }
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
            ups += 1
        }
    }

    func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }

    /// The layout, after checking the folder is a catalogue at all (exit 4 otherwise).
    func layout() throws -> CatalogLayout {
        let layout = CatalogLayout(root: root)
        var st = stat()
        guard stat(layout.root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw CommandFailure(.environment, "scencat: \(layout.root): no such catalogue folder (run scencat inside a catalogue, use --catalog DIR or set SCENCAT_CATALOG)")
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
    for d in diags.prefix(limit) { text += d.shown(prefix: root) + "\n" }
    if diags.count > limit { text += "… and \(diags.count - limit) more\n" }
    Terminal.writeAll(2, text)
}

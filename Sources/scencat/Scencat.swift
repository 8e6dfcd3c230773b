import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import TerminalKit
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// `scencat`: the catalogue of AI application scenarios, from the command line.
/// Without a subcommand it opens the terminal UI.
@main
struct Scencat: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "scencat",
        abstract: Text.cliHelpRootAbstract.text,
        discussion: Text.cliHelpRootDiscussion.text,
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
    ) }

    /// Runs the command, mapping errors to the exit codes of the contract.
    static func main() {
        do {
            var arguments = catalogAfterSubcommand(Array(CommandLine.arguments.dropFirst()))
            // Before parsing: the help and the usage errors are worded in it too.
            Wording.use(interfaceLanguage(arguments))
            arguments = languageDecided(arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.err(failure.message) }
            Glibc.exit(failure.code.rawValue)
        } catch let damage as IndexDamage {
            Terminal.err(Text.cliIndexDamagedRunRebuild(ErrorWording.shown(damage)))
            Glibc.exit(Exit.environment.rawValue)
        } catch let e as FileError {
            Terminal.err("scencat: \(ErrorWording.shown(e))")
            Glibc.exit(Exit.environment.rawValue)
        } catch let stale as IndexStale {
            // The entity's file changed and the catalogue has errors, so the index could not follow.
            Terminal.err("scencat: \(ErrorWording.shown(stale))")
            Glibc.exit(Exit.invalid.rawValue)
        } catch {
            // A query that met damage the opening checks did not read.
            if let damage = IndexDamage.of(error) {
                Terminal.err(Text.cliIndexDamagedRunRebuild(ErrorWording.shown(damage)))
                Glibc.exit(Exit.environment.rawValue)
            }
            let code = exitCode(for: error)
            if code == .success {
                Terminal.out(ParserWording.translated(fullMessage(for: error)))
                Glibc.exit(0)
            }
            let message = ParserWording.translated(fullMessage(for: error))
            if code == .validationFailure || error is ValidationError {
                Terminal.err(message)
                Glibc.exit(Exit.usage.rawValue)
            }
            if !message.isEmpty { Terminal.err(message) }
            Glibc.exit(code.rawValue == ExitCode.failure.rawValue ? Exit.invalid.rawValue : code.rawValue)
        }
    }

    /// `scencat --catalog DIR list …` reads as `scencat list --catalog DIR …`: options given before a
    /// subcommand belong to the root, which has none, so `--catalog` (and `--lang`) is moved after the subcommand's name.
    static func catalogAfterSubcommand(_ args: [String]) -> [String] {
        var lead: [String] = []
        var i = 0
        while i < args.count {
            if ["--catalog", "--lang"].contains(args[i]), i + 1 < args.count { lead += args[i...i + 1]; i += 2 }
            else if args[i].hasPrefix("--catalog=") || args[i].hasPrefix("--lang=") { lead.append(args[i]); i += 1 }
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

    /// Without a subcommand, a `--lang` that names a language has done its work: left in, it would
    /// send `scencat --lang zh --help` to the default subcommand's help instead of the root's.
    static func languageDecided(_ args: [String]) -> [String] {
        let names = Set(configuration.subcommands.map { $0._commandName })
        guard let first = args.first, !names.contains(first) else { return args }
        var out: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--" { out += args[i...]; break }
            if args[i] == "--lang", i + 1 < args.count, InterfaceLanguage(rawValue: args[i + 1]) != nil { i += 2; continue }
            if args[i].hasPrefix("--lang="), InterfaceLanguage(rawValue: String(args[i].dropFirst(7))) != nil { i += 1; continue }
            out.append(args[i])
            i += 1
        }
        return out
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

/// `--lang` alone, for the commands that read no catalogue (`trust list`, `trust remove`).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: usage(.cliHelpLang, "LANG"))
    var lang: InterfaceLanguage?
}

/// `--catalog DIR` and `--lang`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("lang"), help: usage(.cliHelpLang, "LANG"))
    var lang: InterfaceLanguage?

    @Option(name: .customLong("catalog"), help: usage(.cliHelpCatalog, "DIR"))
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
            throw CommandFailure(.environment, Text.cliNoCatalogueFolder(layout.root))
        }
        guard layout.exists else {
            throw CommandFailure(.environment, Text.cliNotACatalogue(layout.root))
        }
        return layout
    }
}

/// Where data is printed: `--format table|json|csv|yaml`; a table on a terminal, JSON otherwise.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, yaml
}

struct FormatOptions: ParsableArguments {
    @Option(help: usage(.cliHelpFormat))
    var format: OutputFormat?

    var resolved: OutputFormat { format ?? (Terminal.stdoutIsTTY ? .table : .json) }
}

/// Prints diagnostics gcc-style on stderr, with the catalogue folder as the path prefix.
func printDiagnostics(_ diags: [Diagnostic], root: String, limit: Int = Int.max) {
    var text = ""
    for d in diags.prefix(limit) { text += d.shown(prefix: root) + "\n" }
    if diags.count > limit { text += Text.cliAndMore(diags.count - limit) + "\n" }
    Terminal.writeAll(2, text)
}

/// A help text in the language in effect (resolved before the arguments are parsed).
func usage(_ text: Text, _ valueName: String? = nil) -> ArgumentHelp {
    ArgumentHelp(text.text, valueName: valueName)
}

/// The words swift-argument-parser writes itself (headings, `Show help information.`, `(default: …)`,
/// `Error:`, `Usage:` and its common usage errors), in the language in effect. Options, values and
/// commands stay as they are. English and both print what the parser wrote.
enum ParserWording {
    static func translated(_ message: String) -> String {
        guard Wording.language == .zh else { return message }
        var out = message
        let headings: [(String, Text)] = [("OVERVIEW: ", .cliHelpOverview), ("USAGE: ", .cliHelpUsage), ("ARGUMENTS:", .cliHelpArguments),
                                          ("OPTIONS:", .cliHelpOptions), ("SUBCOMMANDS:", .cliHelpSubcommands)]
        for (english, text) in headings { out = out.replacingOccurrences(of: english, with: text.text) }
        out = out.replacingOccurrences(of: "Show help information.", with: Text.cliHelpShowHelp.text)
            .replacingOccurrences(of: "(default: ", with: "（\(Text.cliHelpDefault.text)：")
            .replacingOccurrences(of: " (default)", with: "（\(Text.cliHelpDefault.text)）")
            .replacingOccurrences(of: "(values: ", with: "（\(Text.cliHelpValues.text)：")
            .replacingOccurrences(of: "(values:", with: "（\(Text.cliHelpValues.text)：")
            .replacingOccurrences(of: "(default:", with: "（\(Text.cliHelpDefault.text)：")
            .replacingOccurrences(of: "; default: ", with: "；\(Text.cliHelpDefault.text)：")
        let patterns: [(String, ([String]) -> String)] = [
            (#"See '(.+?) <subcommand>' for detailed help\."#, { Text.cliHelpSeeHelp($0[0]) }),
            (#"See '(.+?)' for more information\."#, { Text.cliUsageSee($0[0]) }),
            (#"Missing expected argument '(.+?)'"#, { Text.cliArgMissing($0[0]) }),
            (#"\. Did you mean '(.+?)'\?"#, { Text.cliDidYouMean($0[0]) }),
            (#"Unknown option '(.+?)'"#, { Text.cliArgUnknownOption($0[0]) }),
            (#"Unexpected argument '(.+?)'"#, { Text.cliArgUnexpected($0[0]) }),
            (#"Missing value for '(.+?)'"#, { Text.cliArgMissingValue($0[0]) }),
            (#"The value '(.+?)' is invalid for '(.+?)'"#, { Text.cliArgInvalidValue($0[0], $0[1]) }),
            (#"Please provide one of (.+?)\."#, { Text.cliArgPleaseProvide($0[0]) }),
            (#"(?m)^Error: "#, { _ in Text.cliUsageError.text }),
            (#"(?m)^Usage: "#, { _ in Text.cliUsageLine.text }),
        ]
        for (pattern, word) in patterns { out = replacing(pattern, in: out, with: word) }
        return reflowed(out, width: terminalWidth())
    }

    /// The parser wraps by characters; a Chinese character takes two columns. Each option's help
    /// (its first line and the lines under its description's column) is joined and wrapped again by
    /// display width; any other line wider than the terminal is wrapped under its first character.
    static func reflowed(_ text: String, width: Int) -> String {
        let column = 26
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            var line = lines[i]
            i += 1
            let isOption = line.hasPrefix("  ") && line.count > column && Array(line)[column - 2..<column] == [" ", " "]
                && !Array(line)[column].isWhitespace
            if isOption || line.hasPrefix(String(repeating: " ", count: column)) {
                while i < lines.count, lines[i].hasPrefix(String(repeating: " ", count: column)),
                      !lines[i].dropFirst(column).hasPrefix(" ") {
                    let next = lines[i].dropFirst(column)
                    let joinsWithSpace = (line.last?.isASCII ?? false) || (next.first?.isASCII ?? false)
                    line += (joinsWithSpace ? " " : "") + next
                    i += 1
                }
                out.append(wrapped(line, width: width, indent: column))
            } else {
                out.append(wrapped(line, width: width, indent: line.prefix { $0 == " " }.count))
            }
        }
        return out.joined(separator: "\n")
    }

    /// `line` in lines of at most `width` columns, continued at `indent`; a word (a run of ASCII),
    /// a `code span` and a value list (`（可选值：…)`) are never cut, and a line never starts with a
    /// closing mark (、，。；：）).
    static func wrapped(_ line: String, width: Int, indent: Int) -> String {
        guard line.displayWidth > width, indent < width / 2 else { return line }
        let chars = Array(line)
        var pieces: [String] = []
        var i = 0
        let values = ["（\(Text.cliHelpValues.text)：", "（\(Text.cliHelpDefault.text)："].map(Array.init)
        func atomicEnd(_ i: Int) -> Int? {
            var closers: Set<Character> = []
            var from = i + 1
            if chars[i] == "`" { closers = ["`"] }
            else if let v = values.first(where: { i + $0.count <= chars.count && Array(chars[i..<i + $0.count]) == $0 }) { closers = [")", "）"]; from = i + v.count }
            guard !closers.isEmpty, let end = chars[from...].firstIndex(where: closers.contains) else { return nil }
            return String(chars[i...end]).displayWidth <= width - indent ? end + 1 : nil
        }
        while i < chars.count {
            var j = i + 1
            if let end = atomicEnd(i) {
                j = end
                while j < chars.count && chars[j].isASCII && !chars[j].isWhitespace && chars[j] != "`" { j += 1 }
            } else if chars[i].isASCII && !chars[i].isWhitespace {
                while j < chars.count && chars[j].isASCII && !chars[j].isWhitespace && chars[j] != "`" { j += 1 }
            }
            pieces.append(String(chars[i..<j]))
            i = j
        }
        let closing: Set<String> = ["、", "，", "。", "；", "：", "）", "」", "！", "？", ")", ",", "."]
        var lines: [[String]] = [[]]
        var currentWidth = 0
        for piece in pieces {
            let w = piece.displayWidth
            if currentWidth + w > width && currentWidth > indent {
                var carried: [String] = []
                if closing.contains(piece), let last = lines[lines.count - 1].popLast() { carried = [last] }
                lines.append([String(repeating: " ", count: indent)] + carried)
                currentWidth = indent + carried.reduce(0) { $0 + $1.displayWidth }
                if piece == " " { continue }
            }
            lines[lines.count - 1].append(piece)
            currentWidth += w
        }
        return lines.map { $0.joined().replacingOccurrences(of: #" +$"#, with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    /// The terminal's width for help (the parser's own choice: the terminal's, else 80).
    static func terminalWidth() -> Int {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 80
    }

    static func replacing(_ pattern: String, in text: String, with word: ([String]) -> String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let ns = text as NSString
        var out = "", last = 0
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let groups = (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
            out += word(groups)
            last = m.range.location + m.range.length
        }
        return out + ns.substring(from: last)
    }
}

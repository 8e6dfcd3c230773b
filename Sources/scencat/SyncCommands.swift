import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles
import CatalogSync
#if canImport(Glibc)
import Glibc
#endif

/// The absolute path of the running scencat (git runs it as the merge driver, also off PATH).
func runningExecutable() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return CommandLine.arguments.first ?? "scencat"
}

/// Turns a sync failure into the contract's exit code, printing what goes with it.
func fail(_ error: SyncError, root: String) -> CommandFailure {
    if !error.diagnostics.isEmpty { printDiagnostics(error.diagnostics, root: root, limit: 50) }
    var message = "scencat: " + error.message
    if !error.conflicts.isEmpty {
        for c in error.conflicts {
            let lines = c.describe()
            message += "\n  ! \(AtomicFile.basename(of: c.path) == c.path ? c.path : root + "/" + c.path): " + lines[0]
            for l in lines.dropFirst() { message += "\n  " + l }
        }
        message += "\n" + Text.cliResolveEach.text
    }
    return CommandFailure(Exit(rawValue: error.code.rawValue) ?? .environment, message)
}

struct InitCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "init",
        abstract: Text.cliHelpInitAbstract.text,
        discussion: Text.cliHelpInitDiscussion.text) }

    @Argument(help: usage(.cliHelpInitDirectory, "DIR"))
    var directory: String?
    @Option(name: .customLong("catalog"), help: usage(.cliHelpInitCatalog, "DIR")) var catalog: String?
    @Flag(help: usage(.cliHelpInitHere)) var here = false
    @Flag(help: usage(.cliHelpInitGit)) var git = false
    @Option(help: usage(.cliHelpInitName)) var name = "人工智能应用场景清单"
    @Option(help: usage(.cliHelpInitOwner)) var owner = "待填写 (set in catalog.yaml)"
    @Option(name: .customLong("lang"), help: usage(.cliHelpInitLang, "LANG")) var lang: InterfaceLanguage?

    /// DIR or --catalog DIR (both only when they agree).
    var folder: String? { directory ?? catalog }

    func validate() throws {
        if let directory, let catalog, directory != catalog { throw ValidationError(Text.cliInitFolderTwice.text) }
        if !here && folder == nil { throw ValidationError(Text.cliInitGiveFolder.text) }
        if git && !here { throw ValidationError(Text.cliInitGitWithHere.text) }
        if name.isEmpty || owner.isEmpty { throw ValidationError(Text.cliInitNameOwnerEmpty.text) }
    }

    func run() throws {
        let driver = Syncer.driverCommand(program: runningExecutable())
        do {
            let report: CatalogInit.Report
            let dir = folder ?? "."
            if here {
                var initGit = git
                if !initGit, access(dir, F_OK) == 0, !(try CatalogInit.isInsideRepository(dir)) {
                    guard isatty(0) == 1 else {
                        throw CommandFailure(.environment, Text.cliInitNotInRepository(dir))
                    }
                    Terminal.writeAll(2, Text.cliInitAskGitInit(dir))
                    guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                        throw CommandFailure(.environment, Text.cliInitNothingChanged.text)
                    }
                    initGit = true
                }
                report = try CatalogInit.here(dir, name: name, owner: owner, driverCommand: driver, initGit: initGit, uiLanguage: lang)
            } else {
                report = try CatalogInit.create(at: dir, name: name, owner: owner, driverCommand: driver, uiLanguage: lang)
            }
            var out: [String] = []
            if here && report.createdRepository { out.append(Text.cliInitCreatedRepository(report.top)) }
            out.append(here ? Text.cliInitSetUp(dir, report.top)
                            : report.createdRepository ? Text.cliInitCreatedWithRepository(dir) : Text.cliInitCreatedInRepository(dir, report.top))
            for path in report.created { out.append("  + \(path)") }
            if let c = report.commit { out.append(Text.cliInitCommitted(c.prefix(8), name)) }
            out += report.notes
            Terminal.out(out.joined(separator: "\n"))
        } catch let e as SyncError {
            throw fail(e, root: folder ?? ".")
        }
    }
}

struct SyncCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "sync",
        abstract: Text.cliHelpSyncAbstract.text,
        discussion: Text.cliHelpSyncDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: usage(.cliHelpSyncDryRun)) var dryRun = false
    @Flag(help: usage(.cliHelpSyncNoFetch)) var noFetch = false

    func run() throws {
        let layout = try catalog.layout()
        do {
            let repo = try CatalogRepository.open(catalogRoot: layout.root)
            if dryRun {
                // The check sync starts with, so the plan says what sync will do about errors.
                let check = try runIndex(layout, rebuild: false)
                let plan = try repo.plan(fetch: !noFetch, catalogueErrors: check.committed ? [] : check.diagnostics)
                Terminal.out(plan.lines().joined(separator: "\n"))
                return
            }
            let syncer = Syncer(repo: repo, driverCommand: Syncer.driverCommand(program: runningExecutable()))
            let showProgress = Terminal.stderrIsTTY
            let outcome = try syncer.run { p in
                if showProgress { Terminal.writeAll(2, "\r\u{1B}[K\(p.message)…") }
            }
            if showProgress { Terminal.writeAll(2, "\r\u{1B}[K") }
            if !outcome.warnings.isEmpty { printDiagnostics(outcome.warnings, root: layout.root, limit: 10) }
            Terminal.out(outcome.lines.joined(separator: "\n"))
        } catch let e as SyncError {
            if Terminal.stderrIsTTY { Terminal.writeAll(2, "\r\u{1B}[K") }
            throw fail(e, root: layout.root)
        }
    }
}

struct MergeDriverCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "merge-driver",
        abstract: Text.cliHelpMergeDriverAbstract.text,
        discussion: Text.cliHelpMergeDriverDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpMergeBase)) var base: String
    @Argument(help: usage(.cliHelpMergeOurs)) var ours: String
    @Argument(help: usage(.cliHelpMergeTheirs)) var theirs: String
    @Argument(help: usage(.cliHelpMergePath)) var path: String?

    func run() throws {
        let (status, summary) = MergeDriver.run(base: base, ours: ours, theirs: theirs, path: path ?? ours)
        if status != 0 { throw CommandFailure(.invalid, Text.cliMergeDriverFailed(summary)) }
    }
}

struct ResolveCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "resolve",
        abstract: Text.cliHelpResolveAbstract.text,
        discussion: Text.cliHelpResolveDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpResolveId, "ID")) var id: String?
    @Flag(help: usage(.cliHelpResolveList)) var list = false
    @Flag(help: usage(.cliHelpResolveOurs)) var ours = false
    @Flag(help: usage(.cliHelpResolveTheirs)) var theirs = false
    @Option(name: .customLong("field"), help: usage(.cliHelpResolveField, "KEY=SIDE"))
    var fields: [String] = []
    @Flag(help: usage(.cliHelpResolveEdited)) var edited = false

    func validate() throws {
        if ours && theirs { throw ValidationError(Text.cliResolveGiveOne.text) }
        if list && id != nil { throw ValidationError(Text.cliResolveListNoId.text) }
        if id == nil && (ours || theirs || !fields.isEmpty || edited) { throw ValidationError(Text.cliResolveNameEntity.text) }
        if id != nil && !ours && !theirs && fields.isEmpty && !edited {
            throw ValidationError(Text.cliResolveSayHow(id!))
        }
        if edited && (ours || theirs || !fields.isEmpty) { throw ValidationError(Text.cliResolveEditedAlone.text) }
        for f in fields { _ = try parseField(f) }
    }

    func parseField(_ text: String) throws -> (String, MergeSide) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let side = MergeSide(rawValue: parts[1]) else {
            throw ValidationError(Text.cliResolveFieldSyntax(text))
        }
        return (parts[0], side)
    }

    func run() throws {
        let layout = try catalog.layout()
        do {
            let repo = try CatalogRepository.open(catalogRoot: layout.root)
            guard let id else {
                let open = try repo.openConflicts()
                if open.isEmpty {
                    Terminal.out(repo.mergeInProgress() ? Text.cliResolveNoneOpenMerge.text : Text.cliResolveNoneOpen.text)
                    return
                }
                var lines: [String] = []
                for c in open {
                    let d = c.describe(limit: 60)
                    lines.append("\(layout.path(c.path)): \(d[0])")
                    lines += d.dropFirst()
                }
                Terminal.out(lines.joined(separator: "\n"))
                throw CommandFailure(.conflict, "")
            }
            guard let conflict = try repo.openConflict(id) else {
                let open = try repo.openConflicts()
                throw CommandFailure(.usage, Text.cliResolveNoConflict(id) + (open.isEmpty ? "" : Text.cliResolveOpenList(open.map { $0.id ?? $0.path }.joined(separator: ", "))))
            }
            var choice = ConflictChoice(prefer: ours ? .ours : (theirs ? .theirs : nil), edited: edited)
            for f in fields {
                let (key, side) = try parseField(f)
                choice.fields[key] = .side(side)
            }
            let diags = try repo.resolve(conflict, choice)
            printDiagnostics(diags, root: layout.root, limit: 20)
            let left = try repo.openConflicts()
            var out = Text.cliResolved(layout.path(conflict.path))
            out += left.isEmpty ? Text.cliResolvedNoneLeft.text : Text.cliResolvedLeft(left.count, left.count == 1 ? "" : "s")
            Terminal.out(out)
        } catch let e as SyncError {
            throw fail(e, root: layout.root)
        }
    }
}

import ArgumentParser
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
        message += "\nResolve each with `scencat resolve ID --ours|--theirs|--field KEY=ours|theirs|base` (or edit the file and `scencat resolve ID --edited`), then run `scencat sync` again; `git merge --abort` undoes the merge."
    }
    return CommandFailure(Exit(rawValue: error.code.rawValue) ?? .environment, message)
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a catalogue in a new git repository, or add the sync set-up to an existing clone (--here).",
        discussion: """
        `scencat init DIR` writes catalog.yaml, the taxonomies, empty scenarios/ models/ centers/ keys/ publications/,
        .gitignore (.scencat/) and .gitattributes (entity files merge field by field), runs `git init` unless DIR is
        already inside a repository, registers the merge driver and makes the first commit when git has an identity.
        `scencat init --here [DIR]` does the same inside an existing clone (DIR defaults to the current folder),
        writing only what is missing; `scencat sync` commits it. In a folder that is not yet in a git repository, \
        --here asks whether to run `git init` there (--git does it without asking). --catalog DIR names the folder \
        as DIR does. Exit 4 when DIR exists and is not empty.
        """)

    @Argument(help: ArgumentHelp("The new catalogue folder (with --here: the catalogue folder of the clone, default .).", valueName: "DIR"))
    var directory: String?
    @Option(name: .customLong("catalog"), help: ArgumentHelp("The catalogue folder, as DIR.", valueName: "DIR")) var catalog: String?
    @Flag(help: "Add the set-up to the catalogue of an existing clone instead of creating a new folder.") var here = false
    @Flag(help: "With --here: run `git init` in a folder that is not in a git repository yet, without asking.") var git = false
    @Option(help: "The catalogue's name (catalog.yaml).") var name = "人工智能应用场景清单"
    @Option(help: "The office that owns it (catalog.yaml).") var owner = "待填写 (set in catalog.yaml)"

    /// DIR or --catalog DIR (both only when they agree).
    var folder: String? { directory ?? catalog }

    func validate() throws {
        if let directory, let catalog, directory != catalog { throw ValidationError("give the folder once: DIR or --catalog DIR, not both") }
        if !here && folder == nil { throw ValidationError("give the folder to create: scencat init DIR (or scencat init --here inside a clone)") }
        if git && !here { throw ValidationError("--git goes with --here (scencat init DIR makes the repository anyway)") }
        if name.isEmpty || owner.isEmpty { throw ValidationError("--name and --owner must not be empty") }
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
                        throw CommandFailure(.environment, "scencat: \(dir) is not in a git repository; run `scencat init --here --git` to create one there (or clone the catalogue's repository)")
                    }
                    Terminal.writeAll(2, "\(dir) is not in a git repository. Run `git init` there? [y/N] ")
                    guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                        throw CommandFailure(.environment, "scencat: nothing changed; run `scencat init --here --git` to create the repository")
                    }
                    initGit = true
                }
                report = try CatalogInit.here(dir, name: name, owner: owner, driverCommand: driver, initGit: initGit)
            } else {
                report = try CatalogInit.create(at: dir, name: name, owner: owner, driverCommand: driver)
            }
            var out: [String] = []
            if here && report.createdRepository { out.append("created the git repository \(report.top)") }
            out.append(here ? "set up \(dir) for scencat sync (repository \(report.top))"
                            : "created catalogue \(dir)\(report.createdRepository ? " and its git repository" : " in the repository at \(report.top)")")
            for path in report.created { out.append("  + \(path)") }
            if let c = report.commit { out.append("committed \(c.prefix(8)): Create catalogue \(name)") }
            out += report.notes
            Terminal.out(out.joined(separator: "\n"))
        } catch let e as SyncError {
            throw fail(e, root: folder ?? ".")
        }
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit local changes, fetch and merge the remote (field by field), re-index, validate, push.",
        discussion: """
        --dry-run prints the plan (local changes per field, incoming commits, expected conflicts) and changes
        nothing but the remote-tracking branch, which it fetches first (--no-fetch: not even that).
        Exit codes: 1 the catalogue or the merged result has errors (nothing pushed), 3 conflicts to resolve
        (scencat resolve), 4 git, the remote or the repository's state (detached HEAD, no identity…).
        A sync that stopped (conflicts, errors, killed) is completed by running scencat sync again.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: "Print the plan and change nothing.") var dryRun = false
    @Flag(help: "With --dry-run: compare with the remote as last fetched, without fetching.") var noFetch = false

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
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "git merge driver for entity files: a three-way merge per field (registered by init and sync).",
        discussion: """
        git runs `scencat merge-driver %O %A %B %P`. The merged file is written to %A in canonical form (exit 0);
        with conflicts, %A gets the merged fields with conflict markers around each conflicted field and the
        exit status is 1, so git marks the path conflicted. It reads only the files git names: --catalog is \
        accepted, as by every command, and not needed.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The common ancestor's version (%O).") var base: String
    @Argument(help: "Our version (%A); the result is written here.") var ours: String
    @Argument(help: "Their version (%B).") var theirs: String
    @Argument(help: "The path in the repository (%P), for messages.") var path: String?

    func run() throws {
        let (status, summary) = MergeDriver.run(base: base, ours: ours, theirs: theirs, path: path ?? ours)
        if status != 0 { throw CommandFailure(.invalid, "scencat merge-driver: \(summary)") }
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "List open merge conflicts, or resolve one entity per field or by side.",
        discussion: """
        scencat resolve --list                      every open conflict with base, ours and theirs per field
        scencat resolve ID --ours | --theirs        decide every conflicted field (fields that merged stay merged)
        scencat resolve ID --field title=theirs --field tags=ours   decide field by field (base: the common version)
        scencat resolve ID --edited                 take the file as edited by hand (conflict markers removed)
        The result is written in canonical form and marked resolved in git; when none is left,
        `scencat sync` commits the merge and pushes.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("The entity id (or catalogue path) to resolve.", valueName: "ID")) var id: String?
    @Flag(help: "List the open conflicts.") var list = false
    @Flag(help: "Take our side for every conflicted field not named by --field.") var ours = false
    @Flag(help: "Take their side for every conflicted field not named by --field.") var theirs = false
    @Option(name: .customLong("field"), help: ArgumentHelp("Decide one field: KEY=ours|theirs|base (repeatable).", valueName: "KEY=SIDE"))
    var fields: [String] = []
    @Flag(help: "The file was resolved by hand: take it as it is.") var edited = false

    func validate() throws {
        if ours && theirs { throw ValidationError("give --ours or --theirs, not both") }
        if list && id != nil { throw ValidationError("--list takes no id") }
        if id == nil && (ours || theirs || !fields.isEmpty || edited) { throw ValidationError("name the entity to resolve: scencat resolve ID …") }
        if id != nil && !ours && !theirs && fields.isEmpty && !edited {
            throw ValidationError("say how to resolve \(id!): --ours, --theirs, --field KEY=ours|theirs|base, or --edited")
        }
        if edited && (ours || theirs || !fields.isEmpty) { throw ValidationError("--edited takes the file as it is; it goes with no other choice") }
        for f in fields { _ = try parseField(f) }
    }

    func parseField(_ text: String) throws -> (String, MergeSide) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let side = MergeSide(rawValue: parts[1]) else {
            throw ValidationError("--field takes KEY=ours, KEY=theirs or KEY=base, not '\(text)'")
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
                    Terminal.out(repo.mergeInProgress() ? "no open conflicts: run scencat sync to commit the merge" : "no open conflicts")
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
                throw CommandFailure(.usage, "scencat: \(id) has no open conflict" + (open.isEmpty ? "" : " (open: \(open.map { $0.id ?? $0.path }.joined(separator: ", ")))"))
            }
            var choice = ConflictChoice(prefer: ours ? .ours : (theirs ? .theirs : nil), edited: edited)
            for f in fields {
                let (key, side) = try parseField(f)
                choice.fields[key] = .side(side)
            }
            let diags = try repo.resolve(conflict, choice)
            printDiagnostics(diags, root: layout.root, limit: 20)
            let left = try repo.openConflicts()
            var out = "resolved \(layout.path(conflict.path))"
            out += left.isEmpty ? "; no conflict left: run scencat sync to commit the merge and push"
                                : "; \(left.count) conflict\(left.count == 1 ? "" : "s") left (scencat resolve --list)"
            Terminal.out(out)
        } catch let e as SyncError {
            throw fail(e, root: layout.root)
        }
    }
}

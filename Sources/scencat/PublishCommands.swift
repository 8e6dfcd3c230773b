import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSync
import Dispatch
import Foundation
import Publishing
#if canImport(Glibc)
import Glibc
import Wording
#endif

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a quarter's scenario list into publications/YYYY-Qn/ (YAML, CSV, Markdown, HTML, changes, manifest).",
        discussion: """
        Lists the approved scenarios listable in the quarter (since ≤ quarter, never drafts or withdrawn ones), with models,
        centers and compute resolved, and compares them with the previous published quarter (changes.md). The catalogue must
        be valid and committed: the list records the commit, and its date is the commit's date, so publishing the same
        commit again gives the same bytes. Internal fields (contact) are never published.
        Exit codes: 1 invalid or uncommitted catalogue, bad key; 3 the quarter is already published (--supersede --reason
        replaces it, keeping the old list in superseded/N/); 4 not a git repository, no commit, disk errors.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("The quarter to publish.", valueName: "YYYY-Qn")) var quarter: String
    @Option(help: ArgumentHelp("Sign manifest.json with this private key (made by `scencat keygen`).", valueName: "PATH"))
    var key: String?
    @Flag(help: "Replace the quarter's existing list; the old one is kept in superseded/N/.") var supersede = false
    @Option(help: ArgumentHelp("Why the list is replaced (required with --supersede; recorded in the manifest).", valueName: "TEXT"))
    var reason: String?
    @Option(name: .customLong("allow-unfiled"), help: ArgumentHelp(
        "Publish although listed scenarios deploy models the filing register does not carry (未找到, 已移出); the reason is recorded in manifest.json.",
        valueName: "REASON"))
    var allowUnfiled: String?
    @Flag(help: "Show what would be published and what blocks it; write nothing.") var dryRun = false
    @Flag(name: .shortAndLong, help: "Print each step and how long it took.") var verbose = false

    func validate() throws {
        if Quarter(quarter) == nil { throw ValidationError("the quarter must be YYYY-Qn (e.g. 2026-Q4), found '\(quarter)'") }
        if supersede && (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--supersede needs --reason TEXT: why the published list is replaced")
        }
        if reason != nil && !supersede { throw ValidationError("--reason goes with --supersede") }
    }

    func run() throws {
        let layout = try catalog.layout()
        let q = Quarter(quarter)!
        let signingKey = try key.map { try loadPrivateKey($0, catalogRoot: layout.root) }
        let publisher = Publisher(catalogRoot: layout.root, trust: try readerTrust(files: []))
        let store = try openStore(layout)
        func elapsed(_ since: UInt64) -> String {
            String(format: "%7.3f s  ", Double(DispatchTime.now().uptimeNanoseconds - since) / 1e9)
        }
        // git status and the index's freshness check both walk every file: run them side by side.
        let started = DispatchTime.now().uptimeNanoseconds
        let gitJob = Job { try GitState.read(layout) }
        let indexReport: IndexReport
        do {
            indexReport = try runIndex(layout, rebuild: false)
        } catch {
            _ = try? gitJob.value()
            throw error
        }
        let git = try gitJob.value()
        if verbose {
            Terminal.err(elapsed(started) + "git (commit \(git.commit.prefix(12)), \(git.uncommitted.count) uncommitted paths) and index "
                         + "(\(indexReport.filesScanned) files, \(indexReport.filesParsed) read), side by side")
        }
        var request = PublishRequest(quarter: q, source: PublicationSource(commit: git.commit, commitDate: git.commitDate),
                                     uncommittedPaths: git.uncommitted, key: signingKey,
                                     supersedeReason: supersede ? reason!.trimmingCharacters(in: .whitespacesAndNewlines) : nil)
        // The filing registers the list is checked against (docs/0018).
        request.register = try RegisterUse.current(catalogRoot: layout.root, store: store,
                                                   allowUnfiled: allowUnfiled?.trimmingCharacters(in: .whitespacesAndNewlines))
        do {
            if dryRun {
                let blockers = publisher.blockers(request)
                if !indexReport.committed { throw PublishingError.invalidCatalogue(indexReport.diagnostics) }
                let selection = try Selection.load(store: store, quarter: q, catalogRoot: layout.root)
                let prepared = try publisher.prepare(request, selection: selection)
                Terminal.out(summary(prepared, path: nil, root: layout.root))
                for b in blockers { Terminal.err("scencat: blocks publishing: \(b)") }
                if let b = blockers.first { throw failure(b, root: layout.root) }
                return
            }
            let outcome = try publisher.publish(request, store: store, indexReport: indexReport, log: verbose ? { Terminal.err($0) } : nil)
            Terminal.out(summary(outcome.prepared, path: layout.path(outcome.path), root: layout.root)
                         + (outcome.supersededAs.map { "\nthe earlier list is kept in \(layout.path(outcome.path))/superseded/\($0)/" } ?? ""))
        } catch let e as PublishingError {
            throw failure(e, root: layout.root)
        } catch let e as CommandFailure {
            throw e
        } catch {
            throw CommandFailure(.environment, "scencat: publishing failed: \(error)")
        }
    }

    func summary(_ p: PreparedPublication, path: String?, root: String) -> String {
        let m = p.manifest
        var lines: [String] = []
        let target = path.map { "published \(m.quarter) → \($0)" } ?? "would publish \(m.quarter) (dry run: nothing written)"
        lines.append("\(target): \(m.scenarios) scenarios, \(Figures.pflops(m.pflops)) PFLOPS (FP16) in the quarter")
        if let d = p.diff {
            lines.append("against \(d.from): \(d.added.count) added, \(d.changed.count) changed, \(d.withdrawn.count) withdrawn, \(d.removed.count) removed")
        } else {
            lines.append("first published list (no earlier quarter)")
        }
        lines.append("commit \(m.commit) of \(m.commitDate)")
        if let s = m.signer { lines.append("signed by \(s.name) (key \(s.keyId))") } else { lines.append("unsigned (use --key PATH to sign)") }
        lines += m.oversubscribed.map { "warning: \($0.text(quarter: m.quarter)) (recorded in manifest.json)" }
        lines.append(m.registers.isEmpty ? "filings unchecked: no filing register imported (recorded in manifest.json)"
                     : "filings checked against \(m.registers.map(\.description).joined(separator: ", "))")
        if let u = m.unfiledAllowed {
            lines += u.models.map { "warning: \($0.text), published with --allow-unfiled: \(u.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// The exit code and message for each reason publishing stops.
func failure(_ e: PublishingError, root: String) -> CommandFailure {
    switch e {
    case .invalidCatalogue(let diags):
        printDiagnostics(diags.filter { $0.severity == .error }, root: root, limit: 50)
        return CommandFailure(.invalid, "scencat: \(e)")
    case .alreadyPublished:
        return CommandFailure(.conflict, "scencat: \(e)")
    case .io, .indexChanged:
        return CommandFailure(.environment, "scencat: \(e)")
    case .supersededDoesNotVerify(let q, _):
        return CommandFailure(.invalid, "scencat: \(e)" + (restoreCommand(q, root: root).map { "\nexactly: \($0)" } ?? ""))
    case .uncommittedChanges, .previousDoesNotVerify, .keyNotInCatalogue, .cannotSupersede, .unfiledModels:
        return CommandFailure(.invalid, "scencat: \(e)")
    }
}

/// The git command that restores a published quarter's folder from the commit that last wrote its
/// manifest (the publish commit), when git knows one.
func restoreCommand(_ q: Quarter, root: String) -> String? {
    let folder = "\(Publications.directoryName)/\(q)"
    let git = Git(directory: root)
    guard let out = try? git.output(["log", "-1", "--format=%H", "--", "\(folder)/\(Manifest.fileName)"]), out.succeeded else { return nil }
    let commit = out.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !commit.isEmpty else { return nil }
    return "rm -r '\(root)/\(folder)' && git -C '\(root)' checkout \(commit) -- '\(folder)'"
}

/// What publishing needs to know from git (the commit, its date, uncommitted paths); exit 4 when git cannot tell.
enum GitState {
    static func read(_ layout: CatalogLayout) throws -> PublicationGitFacts {
        do {
            return try PublicationGit.facts(catalogRoot: layout.root)
        } catch let e as PublicationGitError {
            throw CommandFailure(.environment, "scencat: \(e.message)")
        }
    }
}

func realPath(_ path: String) -> String { PublicationGit.realPath(path) }

/// Reads a private key file (Publishing's `PrivateKeys`: refused inside the catalogue, warned when loose).
func loadPrivateKey(_ path: String, catalogRoot: String) throws -> PrivateKeyFile {
    do {
        let loaded = try PrivateKeys.load(path, catalogRoot: catalogRoot)
        for w in loaded.warnings { Terminal.err("scencat: warning: \(w)") }
        return loaded.key
    } catch {
        throw CommandFailure(.invalid, "scencat: \(error)")
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two published quarters, or a published quarter with the live catalogue.",
        discussion: """
        scencat diff FROM TO              two published lists, e.g. FROM 2026-Q3, TO 2026-Q4
        scencat diff QUARTER              the published QUARTER against what the catalogue would list for it now
        scencat diff --working            the latest published list against the live catalogue
        --quarter Q lists the live catalogue for another quarter (e.g. the one about to be published).
        Reports added, changed (field by field, old → new), withdrawn and removed scenarios.
        """)

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: ArgumentHelp("The earlier published quarter (default with --working: the latest).", valueName: "QA")) var from: String?
    @Argument(help: ArgumentHelp("The later published quarter; without it, the live catalogue.", valueName: "QB")) var to: String?
    @Flag(help: "Compare with the live catalogue (the default when only QA is given).") var working = false
    @Option(help: ArgumentHelp("With the live catalogue: the quarter it is listed for (default: QA).", valueName: "YYYY-Qn")) var quarter: String?

    func validate() throws {
        for (name, v) in [("QA", from), ("QB", to), ("--quarter", quarter)] {
            if let v, Quarter(v) == nil { throw ValidationError("\(name) must be a quarter YYYY-Qn, found '\(v)'") }
        }
        if from == nil && !working { throw ValidationError("give two published quarters (scencat diff QA QB), one (against the live catalogue), or --working") }
        if to != nil && working { throw ValidationError("--working compares one published quarter with the live catalogue; give only QA") }
        if to != nil && quarter != nil { throw ValidationError("--quarter applies to the live catalogue, not to two published quarters") }
    }

    func run() throws {
        let layout = try catalog.layout()
        let published = Publications.quarters(catalogRoot: layout.root)
        let qa: Quarter
        if let from { qa = Quarter(from)! } else {
            guard let last = published.last else { throw CommandFailure(.invalid, "scencat: nothing is published yet in \(layout.path(Publications.directoryName))") }
            qa = last
        }
        let old = ListRecords(label: qa.description, text: try publishedList(qa, layout: layout, published: published))
        let new: ListRecords
        if let to {
            let qb = Quarter(to)!
            new = ListRecords(label: qb.description, text: try publishedList(qb, layout: layout, published: published))
        } else {
            let q = quarter.flatMap(Quarter.init) ?? qa
            let report = try runIndex(layout, rebuild: false)
            if !report.committed {
                printDiagnostics(report.diagnostics.filter { $0.severity == .error }, root: layout.root, limit: 50)
                throw CommandFailure(.invalid, "scencat: the catalogue has errors; fix them to compare it with a published list")
            }
            let selection: Selection
            do {
                selection = try Selection.load(store: try openStore(layout), quarter: q, catalogRoot: layout.root)
            } catch {
                throw CommandFailure(.environment, "scencat: cannot read the index: \(error)")
            }
            let (_, records) = ListDocument.render(selection, source: PublicationSource(commit: "working", commitDate: ""))
            new = ListRecords(label: q == qa ? "working" : "working \(q)", selection: selection, rendered: records)
        }
        let diff = ListDiff.compare(old, new)
        let format = output.resolved
        switch format {
        case .json: Terminal.write(diff.json.text() + "\n")
        case .yaml: Terminal.write(CanonicalWriter.yaml(node: jsonToNode(diff.json)))
        case .table, .csv:
            let t = table(diff, human: format == .table)
            if format == .table && t.rows.isEmpty {
                Terminal.out("no differences between \(diff.from) and \(diff.to)")
            } else {
                Terminal.write(t.render(format))
            }
        }
    }

    func publishedList(_ q: Quarter, layout: CatalogLayout, published: [Quarter]) throws -> ListText {
        guard published.contains(q) else {
            throw CommandFailure(.invalid, "scencat: \(q) is not published (\(layout.path(Publications.directoryName))/\(q) does not exist)")
        }
        do {
            return try Publications.listText(q, catalogRoot: layout.root)
        } catch let e as FileError {
            throw CommandFailure(.invalid, "scencat: \(e)")
        } catch {
            throw CommandFailure(.invalid, "scencat: \(layout.root)/\(error)")
        }
    }

    func table(_ d: ListDiff, human: Bool) -> OutputTable {
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "change", header: Text.headChange.text), C(key: "id", header: Text.headId.text), C(key: "title", header: Text.headTitle.text, maxWidth: 30),
                                      C(key: "field", header: Text.headField.text), C(key: "old", header: Text.headOld.text, maxWidth: 36), C(key: "new", header: Text.headNew.text, maxWidth: 36)])
        func entry(_ kind: String, _ e: ListDiff.Entry) {
            t.add([(kind, .string(kind)), (e.id, .string(e.id)), (e.title, .string(e.title)), ("", .null), ("", .null), ("", .null)])
        }
        for e in d.added { entry("added", e) }
        for c in d.changed {
            for f in c.fields {
                let o = FieldText.display(f.old, key: f.key), n = FieldText.display(f.new, key: f.key)
                t.add([("changed", .string("changed")), (c.id, .string(c.id)), (c.title, .string(c.title)), (f.key, .string(f.key)),
                       (human ? o.replacingAll("\n", " ") : o, .string(o)), (human ? n.replacingAll("\n", " ") : n, .string(n))])
            }
        }
        for e in d.withdrawn { entry("withdrawn", e) }
        for e in d.removed { entry("removed", e) }
        return t
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check published lists: every file's SHA-256, no missing or extra files, and a signature by a key you trust.",
        discussion: """
        Without a quarter, checks every published quarter. Each problem is one line on stderr,
        `PATH: error: MESSAGE`; exit 1 when any list fails. An unsigned list is reported as a warning
        (an error with --require-signature). A signature counts only when made by a key you trust:
        one in your trust files (scencat trust add), one given with --trusted-key FILE, or one a
        trusted key handed over to by a rotation statement in keys/ (scencat key rotate). A valid
        signature by any other key — even one in the catalogue's keys/ — is `untrusted key`.
        --dir PATH verifies a publication folder on its own (downloaded, not in a catalogue).
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("Quarters to verify (default: all published).", valueName: "YYYY-Qn")) var quarters: [String] = []
    @Flag(help: "Fail on unsigned lists.") var requireSignature = false
    @Option(name: .customLong("trusted-key"), help: ArgumentHelp("Also trust this public key file (repeatable).", valueName: "FILE"))
    var trustedKeys: [String] = []
    @Option(help: ArgumentHelp("Verify this publication folder alone, outside any catalogue.", valueName: "PATH")) var dir: String?
    @Option(help: ArgumentHelp("With --dir: a keys/ folder whose rotation statements to follow.", valueName: "DIR")) var keys: String?
    @Option(help: "json prints a report per quarter on stdout (default: one line per quarter).") var format: OutputFormat?

    func validate() throws {
        for q in quarters where Quarter(q) == nil { throw ValidationError("the quarter must be YYYY-Qn, found '\(q)'") }
        if dir != nil && !quarters.isEmpty { throw ValidationError("--dir verifies one publication folder; give no quarter with it") }
        if keys != nil && dir == nil { throw ValidationError("--keys goes with --dir (a catalogue's own keys/ is used otherwise)") }
    }

    func run() throws {
        let trust = try readerTrust(files: trustedKeys)
        let reports: [VerifyReport]
        let prefix: String
        if let dir {
            reports = [Verifier.verify(folder: dir, trust: trust, keysDirectory: keys, requireSignature: requireSignature)]
            prefix = AtomicFile.directory(of: dir.count > 1 && dir.hasSuffix("/") ? String(dir.dropLast()) : dir)
        } else {
            let layout = try catalog.layout()
            let targets = quarters.isEmpty ? Publications.quarters(catalogRoot: layout.root).map(\.description) : quarters
            if targets.isEmpty {
                Terminal.err("scencat: nothing is published in \(layout.path(Publications.directoryName))")
                return
            }
            reports = targets.map { Verifier.verify(catalogRoot: layout.root, quarter: $0, trust: trust, requireSignature: requireSignature) }
            prefix = layout.root
        }
        func full(_ rel: String) -> String { prefix == "." ? rel : "\(prefix)/\(rel)" }
        var text = ""
        for r in reports { for p in r.problems { text += p.formatted(prefix: prefix) + "\n" } }
        Terminal.writeAll(2, text)
        if format == .json {
            let json = JSONValue.array(reports.map { r in
                .object([
                    ("quarter", .string(r.quarter)), ("path", .string(full(r.path))), ("ok", .bool(r.ok)),
                    ("signed", .bool(r.isSigned)), ("signer", .str(r.signer?.name)), ("key_id", .str(r.signer?.keyId)),
                    ("fingerprint", .str(r.signer?.fingerprint)), ("trusted_because", .str(r.signer?.trustedBecause)),
                    ("files", .int(r.manifest?.files.count ?? 0)), ("scenarios", r.manifest.map { .int($0.scenarios) } ?? .null),
                    ("problems", .array(r.problems.map { p in
                        .object([("severity", .string(p.severity.rawValue)), ("path", .string(full(p.path))), ("message", .string(p.message))])
                    })),
                ])
            })
            Terminal.write(json.text() + "\n")
        } else {
            for r in reports where r.ok {
                let signed = r.signer.map { "signed by \($0.name) (key \($0.keyId))\n  fingerprint \($0.fingerprint), trusted: \($0.trustedBecause)" } ?? "unsigned"
                Terminal.out("\(full(r.path)): verified: \(r.manifest?.files.count ?? 0) files, \(r.manifest?.scenarios ?? 0) scenarios, \(signed)")
            }
        }
        let failed = reports.filter { !$0.ok }
        if !failed.isEmpty {
            throw CommandFailure(.invalid, "scencat: \(failed.map(\.quarter).joined(separator: ", ")) failed verification")
        }
    }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing published lists.",
        discussion: """
        The private key goes to ~/.config/scencat/keys/NAME.key (or --out PATH), mode 0600, never inside the catalogue;
        the public key to the catalogue's keys/NAME.pub, to be committed so that readers find it, and to your own trust
        files (~/.config/scencat/trusted/): you trust your own key. Readers trust it with `scencat trust add` once you
        confirm its fingerprint to them. ($SCENCAT_CONFIG_DIR replaces ~/.config/scencat; $XDG_CONFIG_HOME is honoured.)
        Existing files are never overwritten (exit 3).
        """)

    @OptionGroup var catalog: CatalogOptions
    @Option(help: ArgumentHelp("The key's name (lower-case letters, digits, -).", valueName: "NAME")) var name: String
    @Option(help: ArgumentHelp("Where to write the private key.", valueName: "PATH")) var out: String?

    func validate() throws {
        if !Signing.isValidName(name) {
            throw ValidationError("--name must be 2–63 lower-case letters, digits or '-', starting with a letter or digit; found '\(name)'")
        }
    }

    func run() throws {
        let layout = try catalog.layout()
        let privatePath = try out ?? defaultKeyPath()
        let publicRel = "\(PublicKeys.directoryName)/\(name).pub"
        let publicPath = layout.path(publicRel)
        if let problem = layout.folderProblem(PublicKeys.directoryName) { throw CommandFailure(.invalid, "scencat: \(problem)") }
        let privateDir = AtomicFile.directory(of: privatePath)
        let rootReal = realPath(layout.root)
        let dirReal = realPath(existingAncestor(privateDir))
        if dirReal == rootReal || dirReal.hasPrefix(rootReal + "/") {
            throw CommandFailure(.invalid, "scencat: \(privatePath) is inside the catalogue; a private key must be kept outside it (use --out PATH)")
        }
        var st = stat()
        if lstat(privatePath, &st) == 0 { throw CommandFailure(.conflict, "scencat: \(privatePath) already exists; not overwriting a key") }
        if lstat(publicPath, &st) == 0 { throw CommandFailure(.conflict, "scencat: \(publicPath) already exists; choose another --name") }
        let key = PrivateKeyFile(name: name, key: .init())
        do {
            try PrivateDirectories.make(privateDir)
            try AtomicFile.write(key.text, to: privatePath, mode: 0o600)
        } catch {
            throw CommandFailure(.environment, "scencat: cannot write \(privatePath): \(error)")
        }
        do {
            try AtomicFile.makeDirectories(layout.path(PublicKeys.directoryName))
            try AtomicFile.write(key.publicFile.text, to: publicPath)
        } catch {
            unlink(privatePath)
            throw CommandFailure(.environment, "scencat: cannot write \(publicPath): \(error)")
        }
        // The publisher trusts their own key: the next publish verifies this list with it.
        let trusted: String
        if let store = ScencatConfig.current?.trustStore, let added = try? store.add(key.publicFile) {
            trusted = "  trusted: \(added.path) (your own key: verify accepts lists it signs)"
        } else {
            trusted = "  not trusted: scencat's configuration folder cannot be written; run `scencat trust add \(Fingerprint.of(key.key.publicKey))`"
        }
        Terminal.out("""
            key \(name), id \(key.keyId)
              fingerprint: \(Fingerprint.of(key.key.publicKey))
              private: \(privatePath) (mode 600; keep it secret, never commit it)
              public:  \(publicPath) (commit it: readers find it there, and trust it once you confirm its fingerprint to them)
            \(trusted)
            next, commit the public key (publish refuses while it is uncommitted):
              git -C \(layout.root) add \(publicRel) && git -C \(layout.root) commit -m "Add key \(name)"
              (or `scencat sync`, which commits and pushes it)
            then sign a list with: scencat publish YYYY-Qn --key \(privatePath)
            """)
    }

    func defaultKeyPath() throws -> String {
        guard let config = ScencatConfig.current else {
            throw CommandFailure(.environment, "scencat: HOME is not set; give the private key's path with --out PATH")
        }
        return "\(config.keysDirectory)/\(name).key"
    }
}

/// The nearest folder of `path` that exists (itself when it does), to resolve where a new file would land.
func existingAncestor(_ path: String) -> String {
    var p = path
    var st = stat()
    while !p.isEmpty && p != "/" && stat(p, &st) != 0 {
        p = AtomicFile.directory(of: p)
    }
    return p.isEmpty ? "." : p
}

/// Work on another thread; `value()` waits for it and rethrows its error.
final class Job<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}

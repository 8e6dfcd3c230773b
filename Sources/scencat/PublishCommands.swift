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
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "publish",
        abstract: Text.cliHelpPublishAbstract.text,
        discussion: Text.cliHelpPublishDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpPublishQuarter, "YYYY-Qn")) var quarter: String
    @Option(help: usage(.cliHelpPublishKey, "PATH"))
    var key: String?
    @Flag(help: usage(.cliHelpPublishSupersede)) var supersede = false
    @Option(help: usage(.cliHelpPublishReason, "TEXT"))
    var reason: String?
    @Option(name: .customLong("allow-unfiled"), help: usage(.cliHelpPublishAllowUnfiled, "REASON"))
    var allowUnfiled: String?
    @Flag(help: usage(.cliHelpPublishDryRun)) var dryRun = false
    @Flag(name: .shortAndLong, help: usage(.cliHelpPublishVerbose)) var verbose = false

    func validate() throws {
        if Quarter(quarter) == nil { throw ValidationError(Text.cliQuarterFormat(quarter)) }
        if supersede && (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(Text.cliSupersedeNeedsReason.text)
        }
        if reason != nil && !supersede { throw ValidationError(Text.cliReasonWithSupersede.text) }
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
            Terminal.err(elapsed(started) + Text.cliPublishVerboseGit(git.commit.prefix(12), git.uncommitted.count, indexReport.filesScanned, indexReport.filesParsed))
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
                for b in blockers { Terminal.err(Text.cliBlocksPublishing(b)) }
                if let b = blockers.first { throw failure(b, root: layout.root) }
                return
            }
            let outcome = try publisher.publish(request, store: store, indexReport: indexReport, log: verbose ? { Terminal.err($0) } : nil)
            Terminal.out(summary(outcome.prepared, path: layout.path(outcome.path), root: layout.root)
                         + (outcome.supersededAs.map { "\n" + Text.cliEarlierListKept("\(layout.path(outcome.path))/superseded/\($0)/") } ?? ""))
        } catch let e as PublishingError {
            throw failure(e, root: layout.root)
        } catch let e as CommandFailure {
            throw e
        } catch {
            throw CommandFailure(.environment, Text.cliPublishingFailed(error))
        }
    }

    func summary(_ p: PreparedPublication, path: String?, root: String) -> String {
        let m = p.manifest
        var lines: [String] = []
        let target = path.map { Text.cliPublished(m.quarter, $0) } ?? Text.cliWouldPublish(m.quarter)
        lines.append(Text.cliPublishCounts(target, m.scenarios, Figures.pflops(m.pflops)))
        if let d = p.diff {
            lines.append(Text.cliPublishAgainst(d.from, d.added.count, d.changed.count, d.withdrawn.count, d.removed.count))
        } else {
            lines.append(Text.cliPublishFirst.text)
        }
        lines.append(Text.cliPublishCommit(m.commit, m.commitDate))
        if let s = m.signer { lines.append(Text.cliPublishSignedBy(s.name, s.keyId)) } else { lines.append(Text.cliPublishUnsigned.text) }
        lines += m.oversubscribed.map { Text.cliPublishOversubscribed($0.text(quarter: m.quarter)) }
        lines.append(m.registers.isEmpty ? Text.cliPublishFilingsUnchecked.text
                     : Text.cliPublishFilingsChecked(m.registers.map(\.description).joined(separator: ", ")))
        if let u = m.unfiledAllowed {
            lines += u.models.map { Text.cliPublishUnfiledAllowed($0.text, u.reason) }
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
        return CommandFailure(.invalid, "scencat: \(e)" + (restoreCommand(q, root: root).map { "\n" + Text.cliExactly($0) } ?? ""))
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
            throw CommandFailure(.environment, Text.cliScencatProblem(e.message))
        }
    }
}

func realPath(_ path: String) -> String { PublicationGit.realPath(path) }

/// Reads a private key file (Publishing's `PrivateKeys`: refused inside the catalogue, warned when loose).
func loadPrivateKey(_ path: String, catalogRoot: String) throws -> PrivateKeyFile {
    do {
        let loaded = try PrivateKeys.load(path, catalogRoot: catalogRoot)
        for w in loaded.warnings { Terminal.err(Text.cliKeyWarning(w)) }
        return loaded.key
    } catch {
        throw CommandFailure(.invalid, "scencat: \(ErrorWording.shown(error))")
    }
}

struct DiffCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "diff",
        abstract: Text.cliHelpDiffAbstract.text,
        discussion: Text.cliHelpDiffDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: usage(.cliHelpDiffFrom, "QA")) var from: String?
    @Argument(help: usage(.cliHelpDiffTo, "QB")) var to: String?
    @Flag(help: usage(.cliHelpDiffWorking)) var working = false
    @Option(help: usage(.cliHelpDiffQuarter, "YYYY-Qn")) var quarter: String?

    func validate() throws {
        for (name, v) in [("QA", from), ("QB", to), ("--quarter", quarter)] {
            if let v, Quarter(v) == nil { throw ValidationError(Text.cliDiffQuarterFormat(name, v)) }
        }
        if from == nil && !working { throw ValidationError(Text.cliDiffGiveQuarters.text) }
        if to != nil && working { throw ValidationError(Text.cliDiffWorkingOne.text) }
        if to != nil && quarter != nil { throw ValidationError(Text.cliDiffQuarterLive.text) }
    }

    func run() throws {
        let layout = try catalog.layout()
        let published = Publications.quarters(catalogRoot: layout.root)
        let qa: Quarter
        if let from { qa = Quarter(from)! } else {
            guard let last = published.last else { throw CommandFailure(.invalid, Text.cliNothingPublishedYet(layout.path(Publications.directoryName))) }
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
                throw CommandFailure(.invalid, Text.cliDiffCatalogueErrors.text)
            }
            let selection: Selection
            do {
                selection = try Selection.load(store: try openStore(layout), quarter: q, catalogRoot: layout.root)
            } catch {
                throw CommandFailure(.environment, Text.cliCannotReadIndex(error))
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
                Terminal.out(Text.cliNoDifferences(diff.from, diff.to))
            } else {
                Terminal.write(t.render(format))
            }
        }
    }

    func publishedList(_ q: Quarter, layout: CatalogLayout, published: [Quarter]) throws -> ListText {
        guard published.contains(q) else {
            throw CommandFailure(.invalid, Text.cliNotPublished(q, "\(layout.path(Publications.directoryName))/\(q)"))
        }
        do {
            return try Publications.listText(q, catalogRoot: layout.root)
        } catch let e as FileError {
            throw CommandFailure(.invalid, "scencat: \(ErrorWording.shown(e))")
        } catch {
            throw CommandFailure(.invalid, "scencat: \(layout.root)/\(ErrorWording.shown(error))")
        }
    }

    func table(_ d: ListDiff, human: Bool) -> OutputTable {
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "change", header: Text.headChange.text), C(key: "id", header: Text.headId.text), C(key: "title", header: Text.headTitle.text, maxWidth: 30),
                                      C(key: "field", header: Text.headField.text), C(key: "old", header: Text.headOld.text, maxWidth: 36), C(key: "new", header: Text.headNew.text, maxWidth: 36)])
        func named(_ kind: String) -> String { human ? changeName(kind) : kind }
        func entry(_ kind: String, _ e: ListDiff.Entry) {
            t.add([(named(kind), .string(kind)), (e.id, .string(e.id)), (e.title, .string(e.title)), ("", .null), ("", .null), ("", .null)])
        }
        for e in d.added { entry("added", e) }
        for c in d.changed {
            for f in c.fields {
                let o = FieldText.display(f.old, key: f.key), n = FieldText.display(f.new, key: f.key)
                t.add([(named("changed"), .string("changed")), (c.id, .string(c.id)), (c.title, .string(c.title)), (f.key, .string(f.key)),
                       (human ? o.replacingAll("\n", " ") : o, .string(o)), (human ? n.replacingAll("\n", " ") : n, .string(n))])
            }
        }
        for e in d.withdrawn { entry("withdrawn", e) }
        for e in d.removed { entry("removed", e) }
        return t
    }
}

struct VerifyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "verify",
        abstract: Text.cliHelpVerifyAbstract.text,
        discussion: Text.cliHelpVerifyDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpVerifyQuarters, "YYYY-Qn")) var quarters: [String] = []
    @Flag(help: usage(.cliHelpVerifyRequireSignature)) var requireSignature = false
    @Option(name: .customLong("trusted-key"), help: usage(.cliHelpVerifyTrustedKey, "FILE"))
    var trustedKeys: [String] = []
    @Option(help: usage(.cliHelpVerifyDir, "PATH")) var dir: String?
    @Option(help: usage(.cliHelpVerifyKeys, "DIR")) var keys: String?
    @Option(help: usage(.cliHelpVerifyFormat)) var format: OutputFormat?

    func validate() throws {
        for q in quarters where Quarter(q) == nil { throw ValidationError(Text.cliQuarterFormat(q)) }
        if dir != nil && !quarters.isEmpty { throw ValidationError(Text.cliVerifyDirAlone.text) }
        if keys != nil && dir == nil { throw ValidationError(Text.cliVerifyKeysWithDir.text) }
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
                Terminal.err(Text.cliNothingPublishedIn(layout.path(Publications.directoryName)))
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
                let signed = r.signer.map { Text.cliVerifiedSigned($0.name, $0.keyId, $0.fingerprint, $0.trustedBecause) } ?? Text.cliVerifiedUnsigned.text
                Terminal.out(Text.cliVerified(full(r.path), r.manifest?.files.count ?? 0, r.manifest?.scenarios ?? 0, signed))
            }
        }
        let failed = reports.filter { !$0.ok }
        if !failed.isEmpty {
            throw CommandFailure(.invalid, Text.cliFailedVerification(failed.map(\.quarter).joined(separator: ", ")))
        }
    }
}

struct KeygenCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "keygen",
        abstract: Text.cliHelpKeygenAbstract.text,
        discussion: Text.cliHelpKeygenDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Option(help: usage(.cliHelpKeygenName, "NAME")) var name: String
    @Option(help: usage(.cliHelpKeygenOut, "PATH")) var out: String?

    func validate() throws {
        if !Signing.isValidName(name) {
            throw ValidationError(Text.cliKeygenNameRule(name))
        }
    }

    func run() throws {
        let layout = try catalog.layout()
        let privatePath = try out ?? defaultKeyPath()
        let publicRel = "\(PublicKeys.directoryName)/\(name).pub"
        let publicPath = layout.path(publicRel)
        if let problem = layout.folderProblem(PublicKeys.directoryName) { throw CommandFailure(.invalid, Text.cliScencatProblem(problem)) }
        let privateDir = AtomicFile.directory(of: privatePath)
        let rootReal = realPath(layout.root)
        let dirReal = realPath(existingAncestor(privateDir))
        if dirReal == rootReal || dirReal.hasPrefix(rootReal + "/") {
            throw CommandFailure(.invalid, Text.cliKeyInsideCatalogue(privatePath))
        }
        var st = stat()
        if lstat(privatePath, &st) == 0 { throw CommandFailure(.conflict, Text.cliKeyExists(privatePath)) }
        if lstat(publicPath, &st) == 0 { throw CommandFailure(.conflict, Text.cliPublicKeyExists(publicPath)) }
        let key = PrivateKeyFile(name: name, key: .init())
        do {
            try PrivateDirectories.make(privateDir)
            try AtomicFile.write(key.text, to: privatePath, mode: 0o600)
        } catch {
            throw CommandFailure(.environment, Text.cliCannotWrite(privatePath, error))
        }
        do {
            try AtomicFile.makeDirectories(layout.path(PublicKeys.directoryName))
            try AtomicFile.write(key.publicFile.text, to: publicPath)
        } catch {
            unlink(privatePath)
            throw CommandFailure(.environment, Text.cliCannotWrite(publicPath, error))
        }
        // The publisher trusts their own key: the next publish verifies this list with it.
        let trusted: String
        if let store = ScencatConfig.current?.trustStore, let added = try? store.add(key.publicFile) {
            trusted = Text.cliKeygenTrusted(added.path)
        } else {
            trusted = Text.cliKeygenNotTrusted(Fingerprint.of(key.key.publicKey))
        }
        Terminal.out(Text.cliKeygenDone(name, key.keyId, Fingerprint.of(key.key.publicKey), privatePath, publicPath, trusted, layout.root, publicRel))
    }

    func defaultKeyPath() throws -> String {
        guard let config = ScencatConfig.current else {
            throw CommandFailure(.environment, Text.cliHomeNotSetKey.text)
        }
        return "\(config.keysDirectory)/\(name).key"
    }
}

/// A change's kind (`added`, `changed`, `withdrawn`, `removed`, `dropped`) as a table shows it.
func changeName(_ kind: String) -> String {
    let names: [String: Text] = ["added": .cliChangeAdded, "changed": .cliChangeChanged, "withdrawn": .cliChangeWithdrawn,
                                 "removed": .cliChangeRemoved, "dropped": .cliChangeDropped]
    return names[kind]?.text ?? kind
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

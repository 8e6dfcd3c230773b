import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// Why a quarter cannot be published (each maps to an exit code of the command line).
public enum PublishingError: Error, CustomStringConvertible, Sendable {
    /// The catalogue has errors (printed as diagnostics).
    case invalidCatalogue([Diagnostic])
    /// Files under the catalogue differ from the commit (paths relative to the catalogue).
    case uncommittedChanges([String])
    case alreadyPublished(Quarter)
    /// The previous quarter's list, which changes.md compares with, fails verification.
    case previousDoesNotVerify(Quarter, [VerifyProblem])
    /// The signing key's public half is not in the catalogue's `keys/`.
    case keyNotInCatalogue(name: String, keyId: String)
    /// `--supersede` of a folder that has no manifest to keep a record of.
    case cannotSupersede(Quarter, String)
    /// `--supersede` of a list that does not verify: kept as it is, the quarter would never verify again.
    case supersededDoesNotVerify(Quarter, [VerifyProblem])
    /// A listed scenario's file changed after indexing (someone edited it while publishing).
    case indexChanged(String)
    /// Listed scenarios deploy models the filing registers do not carry (`--allow-unfiled REASON` overrides).
    case unfiledModels([RegisterUse.Unfiled])
    case io(String)

    /// Why publishing refuses, in the language in effect (`both` and English read as always).
    public var description: String {
        func problemLines(_ problems: [VerifyProblem]) -> String {
            problems.filter { $0.severity == .error }.prefix(10).map { "  \($0.formatted())" }.joined(separator: "\n")
        }
        switch self {
        case .invalidCatalogue(let d):
            return Text.pubErrInvalid(d.errorCount, d.errorCount == 1 ? "" : "s")
        case .uncommittedChanges(let paths):
            let shown = paths.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = paths.count > 10 ? "\n" + Text.pubErrMore(paths.count - 10) : ""
            return Text.pubErrUncommitted(shown, more)
        case .alreadyPublished(let q):
            return Text.pubErrAlreadyPublished(q, Publications.directoryName)
        case .previousDoesNotVerify(let q, let problems):
            return Text.pubErrPreviousDoesNotVerify(q, problemLines(problems))
        case .keyNotInCatalogue(let name, let id):
            return Text.pubErrKeyNotInCatalogue(name, id, PublicKeys.directoryName)
        case .cannotSupersede(let q, let why):
            return Text.pubErrCannotSupersede(q, why)
        case .supersededDoesNotVerify(let q, let problems):
            return Text.pubErrSupersededDoesNotVerify(q, problemLines(problems), Publications.directoryName)
        case .indexChanged(let id):
            return Text.pubErrIndexChanged(id)
        case .io(let m):
            return m
        case .unfiledModels(let list):
            return Text.pubErrUnfiled(list.count, list.count == 1 ? " deploys a model" : "s deploy models",
                                      list.prefix(20).map { "  \($0.text)" }.joined(separator: "\n"))
        }
    }
}

/// What to publish and the facts about the catalogue's git state, which the caller (the command
/// line, the UI) finds out; this module never runs git.
extension Publisher {
    /// Why the last system call failed (errno), in the language in effect.
    static func systemReason() -> String {
        let number = errno
        return Wording.language == .zh ? ErrorWording.errnoText(String(number)) : String(cString: strerror(number))
    }
}

public struct PublishRequest: Sendable {
    public var quarter: Quarter
    public var source: PublicationSource
    /// Paths under the catalogue folder, relative to it, that differ from the commit (modified,
    /// staged, untracked, or ignored files scencat would read).
    public var uncommittedPaths: [String]
    public var key: PrivateKeyFile?
    /// Replace an existing list of the quarter, keeping it in `superseded/N/` with this reason.
    public var supersedeReason: String?
    /// The filing registers to check the list against (none: the manifest says no register was used).
    public var register = RegisterUse()

    public init(quarter: Quarter, source: PublicationSource, uncommittedPaths: [String], key: PrivateKeyFile? = nil,
                supersedeReason: String? = nil) {
        self.quarter = quarter
        self.source = source
        self.uncommittedPaths = uncommittedPaths
        self.key = key
        self.supersedeReason = supersedeReason
    }
}

/// A publication made in memory: every file's bytes, ready to write.
public struct PreparedPublication: Sendable {
    public var selection: Selection
    public var previous: Quarter?
    public var diff: ListDiff?
    /// File name → bytes, for every file but the manifest and signature.
    public var files: [(name: String, bytes: [UInt8])]
    public var manifest: Manifest
    public var manifestBytes: [UInt8]
    public var signature: SignatureFile?
}

/// What `publish` did.
public struct PublishOutcome: Sendable {
    public var prepared: PreparedPublication
    /// The folder written, relative to the catalogue.
    public var path: String
    /// The number under `superseded/` the old list was kept as.
    public var supersededAs: Int?
}

/// Publishes a quarter's list: checks, selects from the index, renders every file, and writes the
/// folder as a whole.
public struct Publisher: Sendable {
    public let layout: CatalogLayout
    /// The publisher's trusted keys: the previous list must verify with them before changes.md
    /// compares against it.
    public let trust: TrustedKeys
    public static let listFiles = ["changes.md", "list.csv", "list.html", "list.md", "list.xlsx", "list.yaml"]

    public init(catalogRoot: String, trust: TrustedKeys) {
        layout = CatalogLayout(root: catalogRoot)
        self.trust = trust
    }

    public var root: String { layout.root }

    func folder(_ q: Quarter) -> String { "\(Publications.directoryName)/\(q)" }

    /// Uncommitted paths that block publishing: everything but the derived index, the folder of
    /// the quarter being written and publish's own temporary folders.
    public static func blockingPaths(_ paths: [String], quarter: Quarter) -> [String] {
        let own = "\(Publications.directoryName)/\(quarter)"
        return paths.filter { p in
            if p == LayoutNames.state || p.hasPrefix(LayoutNames.state + "/") { return false }
            if p == own || p.hasPrefix(own + "/") { return false }
            if p.hasPrefix("\(Publications.directoryName)/\(Publications.temporaryPrefix)") { return false }
            return true
        }.sorted()
    }

    /// Everything that stops `request` from being published, without reading the index: for the
    /// UI's wizard and as the first step of `publish`.
    public func blockers(_ request: PublishRequest) -> [PublishingError] {
        var out: [PublishingError] = []
        for folder in [Publications.directoryName, PublicKeys.directoryName] {
            if let problem = layout.folderDiagnostic(folder) { out.append(.io(problem.shownMessage)) }
        }
        let paths = Self.blockingPaths(request.uncommittedPaths, quarter: request.quarter)
        if !paths.isEmpty { out.append(.uncommittedChanges(paths)) }
        let dir = layout.path(folder(request.quarter))
        if Publications.exists(dir) {
            if request.supersedeReason == nil {
                out.append(.alreadyPublished(request.quarter))
            } else if !Publications.exists("\(dir)/\(Manifest.fileName)") {
                out.append(.cannotSupersede(request.quarter, Text.pubNoManifestToSupersede(folder(request.quarter), Manifest.fileName)))
            } else {
                let report = Verifier.verify(catalogRoot: root, quarter: request.quarter.description, trust: trust)
                if !report.ok { out.append(.supersededDoesNotVerify(request.quarter, report.problems)) }
            }
        }
        if let key = request.key, PublicKeys.load(catalogRoot: root).byId[key.keyId] == nil {
            out.append(.keyNotInCatalogue(name: key.name, keyId: key.keyId))
        }
        return out
    }

    /// Brings the index up to date and reads the quarter's selection; throws `.invalidCatalogue`
    /// when the catalogue has errors.
    public func selection(_ quarter: Quarter, store: IndexStore, progress: ((Int, Int) -> Void)? = nil) throws -> Selection {
        let report = try Indexer(root: root, store: store).run(progress: progress)
        guard report.committed else { throw PublishingError.invalidCatalogue(report.diagnostics) }
        return try Selection.load(store: store, quarter: quarter, catalogRoot: root)
    }

    /// The previous published quarter's list, verified.
    public func previousList(before quarter: Quarter) throws -> (Quarter, ListText)? {
        guard let prev = Publications.previous(before: quarter, catalogRoot: root) else { return nil }
        let report = Verifier.verify(catalogRoot: root, quarter: prev.description, trust: trust)
        if !report.ok { throw PublishingError.previousDoesNotVerify(prev, report.problems) }
        do {
            return (prev, try Publications.listText(prev, catalogRoot: root))
        } catch {
            throw PublishingError.previousDoesNotVerify(prev, [VerifyProblem(.error, "\(folder(prev))/list.yaml", "\(error)")])
        }
    }

    /// Every file of the publication, in memory.
    public func prepare(_ request: PublishRequest, selection: Selection) throws -> PreparedPublication {
        var clock = StepClock(log: nil)
        return try prepare(request, selection: selection, clock: &clock)
    }

    func prepare(_ request: PublishRequest, selection: Selection, clock: inout StepClock) throws -> PreparedPublication {
        let unfiled = request.register.unfiled(in: selection)
        if !unfiled.isEmpty && request.register.allowUnfiled == nil { throw PublishingError.unfiledModels(unfiled) }
        let selection = request.register.apply(to: selection)
        let previous = try previousList(before: request.quarter)
        if let previous { clock.step("read and verified the previous list \(previous.0)") }
        let (yaml, records) = ListDocument.render(selection, source: request.source)
        clock.step("rendered list.yaml")
        let diff = previous.map { ListDiff.compare(ListRecords(label: $0.0.description, text: $0.1),
                                                   ListRecords(label: request.quarter.description, selection: selection, rendered: records)) }
        if let diff { clock.step("compared with \(diff.from): \(diff.added.count) added, \(diff.changed.count) changed, \(diff.withdrawn.count) withdrawn, \(diff.removed.count) removed") }
        let source = request.source
        // The other renderings are independent: one per core.
        let rendered = ParallelMap.map([0, 1, 2, 3, 4]) { i -> Result<[UInt8], Error> in
            switch i {
            case 0: return .success(Array(ChangesRenderer.render(diff, selection: selection).utf8))
            case 1: return .success(CSVRenderer.render(selection))
            case 2: return .success(Array(HTMLRenderer.render(selection, source: source).utf8))
            case 3: return .success(Array(MarkdownRenderer.render(selection, source: source).utf8))
            default: return Result { try XLSXRenderer.render(selection, source: source) }
            }
        }
        let bytes: [[UInt8]]
        do { bytes = try rendered.map { try $0.get() } } catch { throw PublishingError.io(Text.pubIoRender(ErrorWording.shown(error))) }
        var files: [(String, [UInt8])] = [
            ("changes.md", bytes[0]), ("list.csv", bytes[1]), ("list.html", bytes[2]), ("list.md", bytes[3]),
            ("list.xlsx", bytes[4]), ("list.yaml", Array(yaml.utf8)),
        ]
        files.sort { $0.0 < $1.0 }
        clock.step("rendered list.csv, list.xlsx, list.html, list.md, changes.md")
        let hashes = ParallelMap.map(files.map(\.1)) { Signing.sha256Hex($0) }
        var supersessions: [Manifest.Supersession] = []
        if let reason = request.supersedeReason {
            let old = try existingManifest(request.quarter)
            supersessions = old.manifest.superseded
            supersessions.append(Manifest.Supersession(number: nextSupersededNumber(request.quarter), reason: reason,
                                                       manifestSha256: Signing.sha256Hex(old.bytes), commit: old.manifest.commit))
        }
        var manifest = Manifest(
            quarter: request.quarter.description, catalog: selection.catalogName, commit: request.source.commit,
            commitDate: request.source.commitDate, published: request.source.date, previous: previous?.0.description,
            scenarios: selection.scenarios.count,
            bySector: selection.bySector.map {
                Manifest.SectorCount(sector: $0.sector.id, scenarios: $0.scenarios.count,
                                     pflops: Figures.round3($0.scenarios.reduce(0) { $0 + $1.quarterPflops }))
            },
            added: diff?.added.count, changed: diff?.changed.count, withdrawn: diff?.withdrawn.count, removed: diff?.removed.count,
            pflops: selection.totalPflops,
            files: zip(files, hashes).map { Manifest.FileEntry(path: $0.0.0, bytes: $0.0.1.count, sha256: $0.1) },
            signer: request.key.map { Manifest.Signer(name: $0.name, keyId: $0.keyId) }, superseded: supersessions)
        manifest.version = 1
        manifest.oversubscribed = selection.oversubscribed.map { Manifest.Oversubscribed(center: $0.center, demand: $0.demand, capacity: $0.capacity) }
        manifest.registers = request.register.snapshots
        manifest.unfiledAllowed = request.register.allowUnfiled.flatMap { unfiled.isEmpty ? nil : Manifest.UnfiledAllowed(reason: $0, models: unfiled) }
        let manifestBytes = manifest.bytes
        var signature: SignatureFile?
        if let key = request.key {
            do {
                signature = SignatureFile(keyId: key.keyId, signature: try key.sign(manifestBytes))
            } catch {
                throw PublishingError.io(Text.pubIoSigning(ErrorWording.shown(error)))
            }
        }
        clock.step("hashed\(signature == nil ? "" : " and signed")")
        return PreparedPublication(selection: selection, previous: previous?.0, diff: diff, files: files, manifest: manifest,
                                   manifestBytes: manifestBytes, signature: signature)
    }

    /// Checks, brings the index up to date, renders, and writes `publications/<quarter>/` as a whole.
    /// `log` hears each step and how long it took (`publish --verbose`).
    /// `indexReport`: the caller already brought the index up to date (while finding out the git
    /// state, say); otherwise `publish` does, after checking the blockers.
    public func publish(_ request: PublishRequest, store: IndexStore, indexReport: IndexReport? = nil,
                        progress: ((Int, Int) -> Void)? = nil, log: ((String) -> Void)? = nil) throws -> PublishOutcome {
        var clock = StepClock(log: log)
        if let first = blockers(request).first { throw first }
        let report = try indexReport ?? Indexer(root: root, store: store).run(progress: progress)
        guard report.committed else { throw PublishingError.invalidCatalogue(report.diagnostics) }
        if indexReport == nil { clock.step("index checked (\(report.filesScanned) files, \(report.filesParsed) read)") }
        let selection = try Selection.load(store: store, quarter: request.quarter, catalogRoot: root)
        clock.step("selected \(selection.scenarios.count) scenarios from the index")
        let prepared = try prepare(request, selection: selection, clock: &clock)
        let supersededAs = try write(prepared, quarter: request.quarter, superseding: request.supersedeReason != nil)
        clock.step("wrote \(folder(request.quarter)) (\(prepared.files.reduce(prepared.manifestBytes.count) { $0 + $1.bytes.count }) bytes)")
        return PublishOutcome(prepared: prepared, path: folder(request.quarter), supersededAs: supersededAs)
    }

    // MARK: Writing

    func existingManifest(_ q: Quarter) throws -> (manifest: Manifest, bytes: [UInt8]) {
        let path = layout.path("\(folder(q))/\(Manifest.fileName)")
        do {
            let bytes = try AtomicFile.read(path, limit: 64 << 20)
            return (try Manifest.parse(bytes), bytes)
        } catch {
            throw PublishingError.cannotSupersede(q, "\(folder(q))/\(Manifest.fileName): \(ErrorWording.shown(error))")
        }
    }

    func nextSupersededNumber(_ q: Quarter) -> Int {
        let dir = layout.path("\(folder(q))/\(Manifest.supersededDirectory)")
        return (Publications.entries(of: dir).compactMap(Int.init).max() ?? 0) + 1
    }

    /// Writes the folder under a temporary name inside `publications/` and renames it into place,
    /// so that a failure at any point leaves either no list or the old one, never half of one.
    func write(_ p: PreparedPublication, quarter: Quarter, superseding: Bool) throws -> Int? {
        let pubDir = layout.path(Publications.directoryName)
        let final = layout.path(folder(quarter))
        do {
            try AtomicFile.makeDirectories(pubDir)
        } catch {
            throw PublishingError.io(Text.pubIoCannotCreate(pubDir, ErrorWording.shown(error)))
        }
        removeStaleTemporaryFolders(pubDir)
        let tmp = "\(pubDir)/\(Publications.temporaryPrefix)\(quarter)-\(getpid())"
        try? FileManager.default.removeItem(atPath: tmp)
        var done = false
        defer { if !done { try? FileManager.default.removeItem(atPath: tmp) } }
        var number: Int?
        do {
            try AtomicFile.makeDirectories(tmp)
            for (name, bytes) in p.files { try AtomicFile.write(bytes, to: "\(tmp)/\(name)") }
            try AtomicFile.write(p.manifestBytes, to: "\(tmp)/\(Manifest.fileName)")
            if let sig = p.signature { try AtomicFile.write(sig.text, to: "\(tmp)/\(Manifest.signatureFileName)") }
            if superseding {
                // The old list, and the lists it had superseded, move under superseded/.
                let n = nextSupersededNumber(quarter)
                number = n
                let oldSuperseded = "\(final)/\(Manifest.supersededDirectory)"
                let newSuperseded = "\(tmp)/\(Manifest.supersededDirectory)"
                if Publications.isDirectory(oldSuperseded) {
                    try FileManager.default.copyItem(atPath: oldSuperseded, toPath: newSuperseded)
                } else {
                    try AtomicFile.makeDirectories(newSuperseded)
                }
                try AtomicFile.makeDirectories("\(newSuperseded)/\(n)")
                for name in Publications.entries(of: final) where name != Manifest.supersededDirectory {
                    try FileManager.default.copyItem(atPath: "\(final)/\(name)", toPath: "\(newSuperseded)/\(n)/\(name)")
                }
                syncTree(newSuperseded)
            }
            syncPath(tmp)
        } catch let e as PublishingError {
            throw e
        } catch {
            throw PublishingError.io(Text.pubIoCannotWrite(ErrorWording.shown(error)))
        }
        if superseding {
            guard Self.exchange(tmp, final) else {
                throw PublishingError.io(Text.pubIoCannotReplace(final, Self.systemReason()))
            }
            // tmp now holds the old folder, whose files were copied into superseded/.
            try? FileManager.default.removeItem(atPath: tmp)
        } else if rename(tmp, final) != 0 {
            if errno == EEXIST || errno == ENOTEMPTY { throw PublishingError.alreadyPublished(quarter) }
            throw PublishingError.io(Text.pubIoCannotRename(final, Self.systemReason()))
        }
        done = true
        syncPath(pubDir)
        return number
    }

    /// Swaps two folders in one step (`renameat2` with `RENAME_EXCHANGE`); where the kernel or file
    /// system cannot, moves the old one aside first.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        // glibc's renameat2 (2.28+), looked up at run time: Swift cannot call the variadic syscall().
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        let RENAME_EXCHANGE: UInt32 = 2
        if let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "renameat2") {
            let fn = unsafeBitCast(sym, to: RenameAt2.self)
            if fn(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0 { return true }
        }
        #endif
        let aside = b + ".old-\(getpid())"
        guard rename(b, aside) == 0 else { return false }
        guard rename(a, b) == 0 else { _ = rename(aside, b); return false }
        return rename(aside, a) == 0
    }

    /// Temporary folders left by a publish that was killed (its process no longer runs).
    func removeStaleTemporaryFolders(_ pubDir: String) {
        for name in Publications.entries(of: pubDir) where name.hasPrefix(Publications.temporaryPrefix) {
            guard let pid = name.split(separator: "-").last.flatMap({ Int32($0) }) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(pubDir)/\(name)")
            }
        }
    }

    func syncPath(_ path: String) {
        let fd = open(path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    func syncTree(_ path: String) {
        for name in Publications.entries(of: path) {
            let p = "\(path)/\(name)"
            if Publications.isDirectory(p) { syncTree(p) } else { syncPath(p) }
        }
        syncPath(path)
    }
}

/// Times the steps of a publication for `log`.
struct StepClock {
    var log: ((String) -> Void)?
    var last = DispatchTime.now().uptimeNanoseconds

    init(log: ((String) -> Void)?) { self.log = log }

    mutating func step(_ what: String) {
        guard let log else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        log(String(format: "%7.3f s  ", Double(now - last) / 1e9) + what)
        last = now
    }
}

/// Names of the catalogue layout this module needs.
enum LayoutNames {
    static let state = CatalogLayout.stateDirectory
}

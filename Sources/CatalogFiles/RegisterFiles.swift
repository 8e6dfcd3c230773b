import CatalogCore
#if canImport(Glibc)
import Glibc
#endif

/// The register snapshots under the catalogue's `registers/SOURCE/YYYY-MM-DD.yaml`: reading them,
/// writing one atomically, and the check of models and scenarios against them (docs/0018).
public enum RegisterFiles {
    public static let directory = RegisterSnapshot.directory
    /// A national list of a few thousand rows is well under this; the entity files' 1 MiB is too small.
    public static let maxFileSize = 64 << 20

    /// Every snapshot, sorted by source and date, with the problems of the files that do not read.
    public static func load(root: String) -> (snapshots: [RegisterSnapshot], diagnostics: [Diagnostic]) {
        let layout = CatalogLayout(root: root)
        if let d = layout.folderDiagnostic(directory) { return ([], [d]) }
        var snapshots: [RegisterSnapshot] = []
        var diags: [Diagnostic] = []
        for source in names(in: layout.path(directory)) {
            let folder = "\(directory)/\(source)"
            guard isDirectory(layout.path(folder)) else { continue }
            if !RegisterSnapshot.isValidSource(source) {
                diags.append(.error(folder, .start, "'\(source)' is not a register source name (lower-case letters, digits and -)",
                                         code: "RegisterSourceName", arguments: [source]))
                continue
            }
            for name in names(in: layout.path(folder)) {
                let file = "\(folder)/\(name)"
                guard name.hasSuffix(".yaml"), CalendarDate.isValid(String(name.dropLast(5))) else {
                    diags.append(.warning(file, .start, "not a register snapshot (registers/SOURCE/YYYY-MM-DD.yaml); ignored",
                                               code: "RegisterNotSnapshot"))
                    continue
                }
                let (snapshot, d) = read(file, root: root)
                diags += d
                if let snapshot { snapshots.append(snapshot) }
            }
        }
        return (snapshots.sorted { $0.ref < $1.ref }, diags)
    }

    /// One snapshot file, relative to the catalogue.
    public static func read(_ file: String, root: String) -> (RegisterSnapshot?, [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(CatalogLayout(root: root).path(file), limit: maxFileSize)
        } catch let e as FileError {
            return (nil, [e.diagnostic(file)])
        } catch {
            return (nil, [.error(file, .start, "\(error)")])
        }
        let parsed = YAMLReader.read(bytes, file: file, limit: maxFileSize)
        guard let node = parsed.root, !parsed.diagnostics.hasErrors else { return (nil, parsed.diagnostics) }
        let (snapshot, d) = RegisterCodec.decode(node, file: file)
        return (snapshot, parsed.diagnostics + d)
    }

    /// The canonical text of a snapshot.
    public static func text(_ snapshot: RegisterSnapshot) -> String { CanonicalWriter.yaml(RegisterCodec.fields(snapshot)) }

    public enum WriteOutcome: Sendable, Equatable {
        case written(String)
        /// The same snapshot is already there: nothing was written.
        case unchanged(String)
    }

    /// Why a snapshot cannot be written.
    public struct Conflict: Error, CustomStringConvertible, Sendable, CodedError {
        public var path: String
        public var existing: RegisterSnapshot?
        public var description: String {
            "\(path) already holds another snapshot of this source and date"
                + (existing?.importedFrom.map { " (imported from \($0))" } ?? "")
                + "; a later list is a new snapshot: give its own --as-of date, or remove the file first"
        }
        public var coded: CodedMessage? {
            if let from = existing?.importedFrom { return CodedMessage(description, "registerConflictFrom", [path, from]) }
            return CodedMessage(description, "registerConflict", [path])
        }
    }

    /// Writes `snapshot` to `registers/SOURCE/DATE.yaml` atomically. The same rows (or the same
    /// imported bytes) already there is a no-op; other content for the same source and date is a conflict.
    public static func write(_ snapshot: RegisterSnapshot, root: String) throws -> WriteOutcome {
        let layout = CatalogLayout(root: root)
        if let error = layout.folderError(directory, file: layout.path(directory)) { throw error }
        let relative = snapshot.ref.path
        let full = layout.path(relative)
        if access(full, F_OK) == 0 {
            let (existing, _) = read(relative, root: root)
            if let existing, existing.rows == snapshot.rows || (existing.fingerprint != nil && existing.fingerprint == snapshot.fingerprint) {
                return .unchanged(relative)
            }
            throw Conflict(path: relative, existing: existing)
        }
        try AtomicFile.makeDirectories(AtomicFile.directory(of: full))
        try AtomicFile.write(text(snapshot), to: full)
        return .written(relative)
    }

    static func names(in path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if !name.hasPrefix(".") { out.append(name) }
        }
        return out.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}

/// The check of a catalogue's models against its register snapshots, as `validate` reports it:
/// a warning at each model's `filing_no` line that is not 在册, and an error at each approved
/// scenario's `deployed` link to a model that is 未找到 or 已移出 (it blocks publishing).
public struct RegisterReview: Sendable {
    public var book: RegisterBook
    /// Model id → what the registers say of it (empty when there is no snapshot).
    public var findings: [String: RegisterFinding]
    /// Model id → its filing number, as its file writes it.
    public var filingNos: [String: String]
    /// Snapshot files that do not read, then the warnings and errors of the check.
    public var diagnostics: [Diagnostic]

    /// The errors that block publishing (approved scenarios deploying unfiled models).
    public var blocking: [Diagnostic] { diagnostics.filter { $0.severity == .error && $0.message.hasPrefix(RegisterReview.blockingPrefix) } }

    static let blockingPrefix = "deployed model "

    /// What `validate` prints once when the catalogue holds no snapshot.
    public static let uncheckedNote = "no filing register imported: filing numbers are unchecked; "
        + "import the official list with scencat register import FILE --source NAME --as-of YYYY-MM-DD (docs/0018)"

    /// One model as the check needs it: the entity and the position of its `filing_no` line.
    public struct ModelEntry: Sendable {
        public var file: String
        public var model: Model
        /// Where a warning goes when the `filing_no` line cannot be found.
        public var filingNoPosition: SourcePosition
        public init(file: String, model: Model, filingNoPosition: SourcePosition) {
            self.file = file
            self.model = model
            self.filingNoPosition = filingNoPosition
        }
    }

    /// A `deployed` link of an approved scenario, where the file names the model.
    public struct DeployedLink: Sendable {
        public var file: String
        public var scenario: String
        public var model: String
        public var position: SourcePosition
        public init(file: String, scenario: String, model: String, position: SourcePosition) {
            self.file = file
            self.scenario = scenario
            self.model = model
            self.position = position
        }
    }

    /// `locate` finds the `filing_no` line of a model file (read only for models that get a warning).
    public init(book: RegisterBook, models: [ModelEntry], deployed: [DeployedLink], loadDiagnostics: [Diagnostic] = [],
                locate: (String) -> SourcePosition? = { _ in nil }) {
        self.book = book
        var findings: [String: RegisterFinding] = [:]
        var diags = loadDiagnostics
        filingNos = Dictionary(models.map { ($0.model.id, $0.model.filingNo) }, uniquingKeysWith: { a, _ in a })
        guard !book.isEmpty else {
            self.findings = [:]
            diagnostics = diags
            return
        }
        findings.reserveCapacity(models.count)
        for (entry, f) in zip(models, book.check(models.map(\.model))) {
            findings[entry.model.id] = f
            if let coded = Self.codedMessage(entry.model, f) { diags.append(.warning(entry.file, locate(entry.file) ?? entry.filingNoPosition, coded)) }
        }
        for link in deployed {
            guard let f = findings[link.model], f.status.blocks else { continue }
            diags.append(.error(link.file, link.position, Self.blockingPrefix + "'\(link.model)' is \(f.status.kind.label) in the filing register"
                + " (\(Self.checked(book))): an approved scenario must be served by a filed model; fix the model's filing_no, or publish with --allow-unfiled REASON",
                code: "RegisterBlocks", arguments: [link.model, f.status.kind.rawValue, book.latest.map(\.ref.description).joined(separator: ", ")]))
        }
        self.findings = findings
        diagnostics = diags
    }

    /// `checked against guangdong 2026-02-28, national 2026-01-31`.
    static func checked(_ book: RegisterBook) -> String {
        "checked against " + book.latest.map(\.ref.description).joined(separator: ", ")
    }

    /// The warning for a model that is not 在册, or nil.
    public static func message(_ model: Model, _ f: RegisterFinding) -> String? { codedMessage(model, f)?.message }

    /// `message` with its code and arguments: `RegisterMismatch` (the filing number, the snapshot,
    /// then field, ours, theirs for each differing field), `RegisterNotFound`, `RegisterRemoved` (the
    /// snapshot it was last in, the latest), each with `Suggest` and the register's row (name,
    /// organisation, number) when the register lists the model under another number.
    public static func codedMessage(_ model: Model, _ f: RegisterFinding) -> CodedMessage? {
        guard let message = englishMessage(model, f) else { return nil }
        let suggest = f.suggestion.map { [$0.name, $0.organisation, $0.filingNo] } ?? []
        let code = suggest.isEmpty ? "" : "Suggest"
        switch f.status {
        case .listed: return nil
        case .mismatch(let fields):
            return CodedMessage(message, "RegisterMismatch", [model.filingNo, f.snapshot?.description ?? ""] + fields.flatMap { [$0.field, $0.ours, $0.theirs] })
        case .notFound:
            return CodedMessage(message, "RegisterNotFound" + code, [model.filingNo] + suggest)
        case .removed:
            return CodedMessage(message, "RegisterRemoved" + code, [model.filingNo, f.lastSeen?.description ?? "", f.snapshot?.description ?? ""] + suggest)
        }
    }

    static func englishMessage(_ model: Model, _ f: RegisterFinding) -> String? {
        let no = model.filingNo.isEmpty ? "an empty filing_no" : "filing_no '\(model.filingNo)'"
        let suggestion = f.suggestion.map { "; the register lists '\($0.name)' of \($0.organisation) as \($0.filingNo): set filing_no=\($0.filingNo)?" } ?? ""
        switch f.status {
        case .listed:
            return nil
        case .mismatch(let fields):
            let which = fields.map { "\($0.field) '\($0.ours)' here, '\($0.theirs)' in the register" }.joined(separator: "; ")
            return "\(RegisterStatus.Kind.mismatch.label): \(no) in \(f.snapshot?.description ?? "the register") differs: \(which)"
        case .notFound:
            return "\(RegisterStatus.Kind.notFound.label): \(no) is in no register snapshot" + suggestion
        case .removed:
            return "\(RegisterStatus.Kind.removed.label): \(no) was in \(f.lastSeen?.description ?? "an earlier snapshot") and is gone from \(f.snapshot?.description ?? "the latest")" + suggestion
        }
    }

    /// The review of the catalogue at `root`: its snapshots, its models and approved scenarios as decoded.
    public init(root: String, decoded: [DecodedEntity]) {
        let (snapshots, loadDiags) = RegisterFiles.load(root: root)
        var models: [ModelEntry] = []
        var deployed: [DeployedLink] = []
        for d in decoded {
            switch d.entity {
            case .model(let m): models.append(ModelEntry(file: d.file, model: m, filingNoPosition: d.idPosition))
            case .scenario(let s) where s.status == .approved:
                for (i, link) in s.models.enumerated() where link.role == .deployed {
                    let position = d.references.first { $0.field == "models[\(i)].model" && $0.target == link.model }?.position ?? d.idPosition
                    deployed.append(DeployedLink(file: d.file, scenario: s.id, model: link.model, position: position))
                }
            default: break
            }
        }
        let reader = CatalogReader(root: root)
        self.init(book: RegisterBook(snapshots), models: models, deployed: deployed, loadDiagnostics: loadDiags) { file in
            (try? AtomicFile.read(reader.layout.path(file), limit: YAMLReader.maxFileSize)).flatMap {
                Self.filingNoPosition(in: String(decoding: $0, as: UTF8.self))
            }
        }
    }

    /// The models of the catalogue at `root` against its snapshots, without the scenarios (the
    /// command line's `register` commands, the terminal UI's badges, publish).
    public static func models(root: String) -> RegisterReview {
        let reader = CatalogReader(root: root)
        let files = reader.layout.scanEntityFiles().files.filter { $0.kind == .model }
        return RegisterReview(root: root, decoded: files.map(reader.readEntity))
    }

    /// The line of `filing_no:` in a model file's text (column 1), else nil.
    public static func filingNoPosition(in text: String) -> SourcePosition? {
        var line = 1
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.hasPrefix("filing_no:") { return SourcePosition(line: line, column: 1) }
            line += 1
        }
        return nil
    }
}

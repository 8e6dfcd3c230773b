import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

/// The filing registers a publication is checked against (docs/0018): the latest snapshot of each
/// source, what they say of each model, and the office's reason to publish unfiled models anyway.
public struct RegisterUse: Sendable {
    /// The latest snapshot of each source; empty when the catalogue holds none (the list then says
    /// no register was used).
    public var snapshots: [RegisterSnapshotRef]
    /// Model id → finding.
    public var findings: [String: RegisterFinding]
    /// `--allow-unfiled REASON`: publish although a listed scenario deploys a model that is
    /// 未找到 or 已移出; recorded in the manifest.
    public var allowUnfiled: String?

    public init(snapshots: [RegisterSnapshotRef] = [], findings: [String: RegisterFinding] = [:], allowUnfiled: String? = nil) {
        self.snapshots = snapshots
        self.findings = findings
        self.allowUnfiled = allowUnfiled
    }

    /// The catalogue's registers as they are now, against the models as the index has them (the
    /// index the list is selected from; no model file is read again).
    public static func current(catalogRoot: String, store: IndexStore, allowUnfiled: String? = nil) throws -> RegisterUse {
        let review = try review(catalogRoot: catalogRoot, store: store)
        return RegisterUse(snapshots: review.book.latest.map(\.ref), findings: review.findings, allowUnfiled: allowUnfiled)
    }

    /// The snapshots and the index's models, checked (the models are read only when a snapshot exists).
    public static func review(catalogRoot: String, store: IndexStore) throws -> RegisterReview {
        let (snapshots, diagnostics) = RegisterFiles.load(root: catalogRoot)
        let filings = snapshots.isEmpty ? [] : try store.modelFilings()
        let models = filings.map { RegisterReview.ModelEntry(file: $0.file, model: $0.model, filingNoPosition: .start) }
        return RegisterReview(book: RegisterBook(snapshots), models: models, deployed: [], loadDiagnostics: diagnostics)
    }

    /// A listed scenario's deployed model the registers do not carry.
    public struct Unfiled: Sendable, Hashable {
        public var scenario: String
        public var model: String
        public var status: RegisterStatus.Kind

        /// `scenario x deploys model y: 未找到 not found`.
        public var text: String {
            let zh: Text = switch status {
            case .listed: .registerListed
            case .mismatch: .registerMismatch
            case .notFound: .registerNotFound
            case .removed: .registerRemoved
            }
            return Text.pubErrUnfiledLine(scenario, model, status.label, zh.rendered(in: .zh))
        }
    }

    /// Every deployed model of the listed scenarios that is 未找到 or 已移出.
    public func unfiled(in selection: Selection) -> [Unfiled] {
        guard !snapshots.isEmpty else { return [] }
        var out: [Unfiled] = []
        for s in selection.scenarios {
            for m in s.models where m.link.role == .deployed {
                if let f = findings[m.link.model], f.status.blocks {
                    out.append(Unfiled(scenario: s.id, model: m.link.model, status: f.status.kind))
                }
            }
        }
        return out
    }

    /// The selection with each model's finding attached, for the renderers.
    public func apply(to selection: Selection) -> Selection {
        guard !snapshots.isEmpty else { return selection }
        var out = selection
        for i in out.scenarios.indices {
            for j in out.scenarios[i].models.indices {
                let id = out.scenarios[i].models[j].link.model
                out.scenarios[i].models[j].register = findings[id] ?? RegisterFinding(status: .notFound)
            }
        }
        return out
    }
}

extension ResolvedModel {
    /// `在册 listed guangdong 2026-02-28`, or the status alone when no snapshot has the model.
    public var registerText: String? {
        register.map { f in f.status.kind.label + (f.snapshot.map { " \($0)" } ?? "") }
    }
}

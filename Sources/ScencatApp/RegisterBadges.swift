import CatalogCore
import CatalogFiles
import CatalogIndex
import Publishing
import TerminalKit

/// What the filing registers say of the catalogue's models, as the screens show it (docs/0018):
/// loaded with the catalogue's facts at start and after each re-index.
public struct RegisterSummary: Sendable {
    /// The latest snapshot of each source; empty when none is imported.
    public var snapshots: [RegisterSnapshotRef] = []
    /// Model id → finding.
    public var findings: [String: RegisterFinding] = [:]
    /// Model id → its filing number as its file writes it.
    public var filingNos: [String: String] = [:]

    public init() {}

    public init(_ review: RegisterReview) {
        snapshots = review.book.latest.map(\.ref)
        findings = review.findings
        filingNos = review.filingNos
    }

    public var isEmpty: Bool { snapshots.isEmpty }

    /// The snapshots under `root` and the models as the index has them (as `publish` checks them).
    public static func load(root: String, store: IndexStore) throws -> RegisterSummary {
        RegisterSummary(try RegisterUse.review(catalogRoot: root, store: store))
    }

    /// Model ids per status, for the Models list's filter.
    public var members: [String: [String]] {
        var out: [String: [String]] = [:]
        for (id, f) in findings { out[f.status.kind.rawValue, default: []].append(id) }
        for k in out.keys { out[k]!.sort() }
        return out
    }

    public func count(_ kind: RegisterStatus.Kind) -> Int { findings.values.filter { $0.status.kind == kind }.count }
}

/// The texts of the register badges, together so they can move to the message tables.
enum RegisterTexts {
    static let heading = "备案核对 register"
    static let filingNo = "备案号"
    static let ours = "本库 catalogue"
    static let theirs = "登记表 register"
    static let filterLabel = "备案核对 register"
    static let dashboard = "备案核对 filings: "
    static let lastSeen = "最后见于 last in"
    static let suggestion = "登记表中同名同单位 · the register lists"
    static let blocks = "阻止发布 blocks publishing when deployed"
}

enum RegisterBadge {
    static func style(_ kind: RegisterStatus.Kind) -> Style {
        switch kind {
        case .listed: return Theme.dim
        case .mismatch: return Theme.warning
        case .notFound, .removed: return Theme.error
        }
    }

    /// `[在册 listed · guangdong 2026-02-28]`.
    static func span(_ f: RegisterFinding) -> Span { Span("[\(f.badge)]", style: style(f.status.kind)) }

    /// The model page's lines: the badge with the snapshot, and on a mismatch each field's two values
    /// side by side. Nothing without a register: the pages stay as they were (`validate` says filings are unchecked).
    static func modelLines(_ id: String, _ summary: RegisterSummary) -> [[Span]] {
        guard let f = summary.findings[id] else { return [] }
        var out: [[Span]] = [[Span(RegisterTexts.heading + " ", style: Theme.dim), span(f)]]
        switch f.status {
        case .mismatch(let fields):
            let width = max(RegisterTexts.ours.displayWidth, fields.map { $0.ours.displayWidth }.max() ?? 0)
            out.append([Span("  " + String(repeating: " ", count: 18), style: Theme.dim), Span(RegisterTexts.ours.padded(toWidth: width) + " │ " + RegisterTexts.theirs, style: Theme.dim)])
            for m in fields {
                out.append([Span("  " + m.label.padded(toWidth: 18), style: Theme.dim), Span(m.ours.padded(toWidth: width), style: Theme.warning),
                            Span(" │ ", style: Theme.dim), Span(m.theirs, style: Theme.warning)])
            }
        case .removed:
            if let seen = f.lastSeen { out.append([Span("  \(RegisterTexts.lastSeen) \(seen)", style: Theme.dim)]) }
        default: break
        }
        if let s = f.suggestion { out.append([Span("  \(RegisterTexts.suggestion) \(s.name) · \(s.organisation) · \(s.filingNo)", style: Theme.dim)]) }
        return out
    }

    /// What a scenario's model link adds: ` · 备案号 X [在册 listed · guangdong 2026-02-28]`.
    static func linkSuffix(_ id: String, _ summary: RegisterSummary) -> String {
        guard !summary.isEmpty else { return "" }
        var s = summary.filingNos[id].map { " · \(RegisterTexts.filingNo) \($0)" } ?? ""
        if let f = summary.findings[id] { s += " [\(f.badge)]" }
        return s
    }

    /// The dashboard's line: models per status (nothing when no register is imported).
    static func dashboardLines(_ state: AppState) -> [[Span]] {
        let summary = state.register
        guard !summary.isEmpty else { return [] }
        var spans = [Span(RegisterTexts.dashboard, style: Theme.dim)]
        for (i, k) in RegisterStatus.Kind.allCases.enumerated() {
            let n = summary.count(k)
            spans.append(Span((i == 0 ? "" : " · ") + "\(k.label) \(n)", style: n > 0 && k != .listed ? style(k) : Style()))
        }
        spans.append(Span(" (\(summary.snapshots.map(\.description).joined(separator: ", ")))", style: Theme.dim))
        return [spans]
    }

    /// The Models list's filter values: each status with its count.
    static func filterOptions(_ summary: RegisterSummary, matching needle: String) -> [FilterOption] {
        RegisterStatus.Kind.allCases.map { FilterOption(value: $0.rawValue, label: $0.label, count: summary.count($0)) }
            .filter { needle.isEmpty || $0.label.lowercased().contains(needle) || $0.value.contains(needle) }
    }
}

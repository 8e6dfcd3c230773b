import CatalogCore
import CatalogFiles
import CatalogIndex
import Publishing
import TerminalKit
import Wording

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

/// The texts of the register badges, from the wording tables.
enum RegisterTexts {

    /// A status as the screens name it: `在册 listed` (`RegisterStatus.Kind.label`, in the language in effect).
    static func label(_ kind: RegisterStatus.Kind) -> String {
        switch kind {
        case .listed: return Text.registerListed.text
        case .mismatch: return Text.registerMismatch.text
        case .notFound: return Text.registerNotFound.text
        case .removed: return Text.registerRemoved.text
        }
    }

    /// A differing field: `名称 name` (`RegisterMismatch.label`).
    static func label(_ mismatch: RegisterMismatch) -> String { mismatch.shownLabel }

    /// The badge text: `在册 listed · guangdong 2026-02-28` (`RegisterFinding.badge`).
    static func badge(_ f: RegisterFinding) -> String {
        label(f.status.kind) + (f.snapshot.map { " · \($0)" } ?? "")
    }
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
    static func span(_ f: RegisterFinding) -> Span { Span("[\(RegisterTexts.badge(f))]", style: style(f.status.kind)) }

    /// The model page's lines: the badge with the snapshot, and on a mismatch each field's two values
    /// side by side. Nothing without a register: the pages stay as they were (`validate` says filings are unchecked).
    static func modelLines(_ id: String, _ summary: RegisterSummary) -> [[Span]] {
        guard let f = summary.findings[id] else { return [] }
        var out: [[Span]] = [[Span(Text.registerHeading.text + " ", style: Theme.dim), span(f)]]
        switch f.status {
        case .mismatch(let fields):
            let width = max(Text.registerOurs.text.displayWidth, fields.map { $0.ours.displayWidth }.max() ?? 0)
            out.append([Span("  " + String(repeating: " ", count: 18), style: Theme.dim), Span(Text.registerOurs.text.padded(toWidth: width) + " │ " + Text.registerTheirs.text, style: Theme.dim)])
            for m in fields {
                out.append([Span("  " + RegisterTexts.label(m).padded(toWidth: 18), style: Theme.dim), Span(m.ours.padded(toWidth: width), style: Theme.warning),
                            Span(" │ ", style: Theme.dim), Span(m.theirs, style: Theme.warning)])
            }
        case .removed:
            if let seen = f.lastSeen { out.append([Span("  \(Text.registerLastSeen.text) \(seen)", style: Theme.dim)]) }
        default: break
        }
        if let s = f.suggestion { out.append([Span("  \(Text.registerSuggestion.text) \(s.name) · \(s.organisation) · \(s.filingNo)", style: Theme.dim)]) }
        return out
    }

    /// What a scenario's model link adds: ` · 备案号 X [在册 listed · guangdong 2026-02-28]`.
    static func linkSuffix(_ id: String, _ summary: RegisterSummary) -> String {
        guard !summary.isEmpty else { return "" }
        var s = summary.filingNos[id].map { " · \(Text.registerFilingNo.text) \($0)" } ?? ""
        if let f = summary.findings[id] { s += " [\(RegisterTexts.badge(f))]" }
        return s
    }

    /// The dashboard's line: models per status (nothing when no register is imported).
    static func dashboardLines(_ state: AppState) -> [[Span]] {
        let summary = state.register
        guard !summary.isEmpty else { return [] }
        var spans = [Span(Text.registerDashboard.text, style: Theme.dim)]
        for (i, k) in RegisterStatus.Kind.allCases.enumerated() {
            let n = summary.count(k)
            spans.append(Span((i == 0 ? "" : " · ") + "\(RegisterTexts.label(k)) \(n)", style: n > 0 && k != .listed ? style(k) : Style()))
        }
        spans.append(Span(" (\(summary.snapshots.map(\.description).joined(separator: ", ")))", style: Theme.dim))
        return [spans]
    }

    /// The Models list's filter values: each status with its count.
    static func filterOptions(_ summary: RegisterSummary, matching needle: String) -> [FilterOption] {
        RegisterStatus.Kind.allCases.map { FilterOption(value: $0.rawValue, label: RegisterTexts.label($0), count: summary.count($0)) }
            .filter { needle.isEmpty || $0.label.lowercased().contains(needle) || $0.value.contains(needle) }
    }
}

import CatalogCore
import TerminalKit

/// An entity's fields and links as styled paragraphs, for the preview pane and the detail view.
enum EntityPage {
    static let linkMarker = "▶ "
    static let linkIndent = "  "

    /// Whether a paragraph is one of the links (the detail view keeps the selected one on screen).
    static func isLinkLine(_ para: [Span]) -> Bool {
        para.count == 2 && (para[0].text == linkMarker || para[0].text == linkIndent)
    }

    static func paragraphs(_ p: EntityPreview, state: AppState, compact: Bool, selectedLink: Int? = nil) -> [[Span]] {
        var out: [[Span]] = []
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out.append([Span(label + " ", style: Theme.dim), Span(value)])
        }
        switch p.entity {
        case .scenario(let s):
            out.append([Span(s.title, style: Theme.title)] + (s.titleEn.map { [Span("  " + $0, style: Theme.dim)] } ?? []))
            out.append([Span("\(state.sectorName(s.sector)) · \(state.cityName(s.city)) · \(s.stage.zh) \(s.stage.rawValue) · \(Show.scenarioStatus(s.status.rawValue))\(s.since.map { " · 自 since \($0)" } ?? "")\(s.dataClass.map { " · 数据 \($0.rawValue)" } ?? "")")])
            field("撤回原因 withdrawn because", s.withdrawnReason)
            field("需求方", s.demandOrg)
            if !s.supplierOrgs.isEmpty { field("供给方", s.supplierOrgs.joined(separator: "、")) }
            if let summary = s.summary { out.append([Span(summary)]) }
            if !s.tags.isEmpty { out.append([Span("标签 ", style: Theme.dim)] + s.tags.map { Span("#\($0) ", style: Theme.link) }) }
            if !compact { field("联系人 contact (internal)", s.contact) }
            field("更新 updated", s.updated ?? "—")
        case .model(let m):
            out.append([Span(m.name, style: Theme.title), Span("  \(m.status.rawValue)", style: m.status == .active ? Theme.dim : Theme.warning)])
            field("撤回原因 withdrawn because", m.withdrawnReason)
            field("备案单位 provider", m.provider)
            field(m.filingKind == .filed ? "备案号 filing no" : "登记号 registration no", m.filingNo + (m.filedOn.map { "（\($0)）" } ?? ""))
            out += RegisterBadge.modelLines(m.id, state.register)
            field("属地 jurisdiction", m.jurisdiction.map { state.cityName($0) })
            field("功能 functions", m.functions.map(\.rawValue).joined(separator: ", "))
            field("领域 domain", m.domain.map { $0.isEmpty ? "通用 general" : $0.map { state.sectorName($0) }.joined(separator: "、") })
            field("参数 params", m.paramsB.map { NumberText.format($0) + "B" })
            field("开源 open source", m.openSource.map { $0 ? "是 yes" + (m.license.map { " (\($0))" } ?? "") : "否 no" })
            if m.government == true { field("政务大模型", "是 government model") }
        case .center(let c):
            out.append([Span(c.name, style: Theme.title), Span("  \(c.status.rawValue)", style: Theme.dim)])
            field("城市 city", state.cityName(c.city))
            field("运营 operator", c.operator)
            field("层级 tier", c.tier.rawValue)
            field("容量 capacity", Figures.pflops(c.capacityPflopsFP16) + " PFLOPS FP16")
            field("加速卡 accelerators", c.accelerators.joined(separator: ", "))
            field("投运 since", c.since?.description)
            // Two columns narrower than the pane: its scroll bar, and no line that only just fits.
            if !compact { out += DailyView.centerChart(p.centerLoads, width: DetailView.inner(state.size, tab: state.tab).width - 2) }
        }
        for n in p.notes { out.append([Span(n, style: Theme.dim)]) }
        var group: LinkKind?
        for (i, link) in p.links.enumerated() {
            if link.kind != group {
                group = link.kind
                out.append([Span(link.kind.heading, style: Style(bold: true, underline: true))])
            }
            let selected = selectedLink == i
            let text = link.kind == .model ? link.text + RegisterBadge.linkSuffix(link.targetId, state.register) : link.text
            out.append([Span(selected ? linkMarker : linkIndent, style: Theme.key), Span(text, style: selected ? Theme.focus : Theme.link)])
        }
        return out
    }
}

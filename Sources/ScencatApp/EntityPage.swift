import CatalogCore
import TerminalKit
import Wording

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
            out.append([Span("\(state.sectorName(s.sector)) · \(state.cityName(s.city)) · \(Names.shown(s.stage)) · \(Show.scenarioStatus(s.status.rawValue))\(s.since.map { " · " + Text.pageSince($0) } ?? "")\(s.dataClass.map { " · " + Text.pageDataClass(Names.shown($0.rawValue)) } ?? "")")])
            field(Text.pageWithdrawnBecause.text, s.withdrawnReason)
            field(Text.pageDemandOrg.text, s.demandOrg)
            if !s.supplierOrgs.isEmpty { field(Text.pageSuppliers.text, s.supplierOrgs.joined(separator: "、")) }
            if let summary = s.summary { out.append([Span(summary)]) }
            if !s.tags.isEmpty { out.append([Span(Text.pageTags.text, style: Theme.dim)] + s.tags.map { Span("#\($0) ", style: Theme.link) }) }
            if !compact { field(Text.pageContact.text, s.contact) }
            field(Text.pageUpdated.text, s.updated ?? "—")
        case .model(let m):
            out.append([Span(m.name, style: Theme.title), Span("  \(Names.shown(m.status.rawValue))", style: m.status == .active ? Theme.dim : Theme.warning)])
            field(Text.pageWithdrawnBecause.text, m.withdrawnReason)
            field(Text.pageProvider.text, m.provider)
            field(m.filingKind == .filed ? Text.pageFilingNo.text : Text.pageRegistrationNo.text, m.filingNo + (m.filedOn.map { "（\($0)）" } ?? ""))
            out += RegisterBadge.modelLines(m.id, state.register)
            field(Text.pageJurisdiction.text, m.jurisdiction.map { state.cityName($0) })
            field(Text.pageFunctions.text, m.functions.map { Names.shown($0.rawValue) }.joined(separator: ", "))
            field(Text.pageDomain.text, m.domain.map { $0.isEmpty ? Text.pageGeneralDomain.text : $0.map { state.sectorName($0) }.joined(separator: "、") })
            field(Text.pageParams.text, m.paramsB.map { NumberText.format($0) + "B" })
            field(Text.pageOpenSource.text, m.openSource.map { $0 ? Text.yes.text + (m.license.map { " (\($0))" } ?? "") : Text.no.text })
            if m.government == true { field(Text.pageGovernment.text, Text.pageGovernmentYes.text) }
        case .center(let c):
            out.append([Span(c.name, style: Theme.title), Span("  \(Names.shown(c.status.rawValue))", style: Theme.dim)])
            field(Text.pageCity.text, state.cityName(c.city))
            field(Text.pageOperator.text, c.operator)
            field(Text.pageTier.text, Names.shown(c.tier.rawValue))
            field(Text.pageCapacity.text, Figures.pflops(c.capacityPflopsFP16) + " PFLOPS FP16")
            field(Text.pageAccelerators.text, c.accelerators.joined(separator: ", "))
            field(Text.pageInServiceSince.text, c.since?.description)
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

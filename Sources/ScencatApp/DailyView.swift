import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// What a clerk checks day to day: centers booked past capacity, entries due for review.
enum DailyView {
    /// The dashboard's lines: the over-subscribed centers by name, then the stale count.
    static func dashboardLines(_ state: AppState) -> [[Span]] {
        guard let daily = state.stats?.daily else { return [] }
        var over: [[Span]] = []
        if daily.oversubscribed.isEmpty {
            over = [[Span(Text.dailyCompute.text, style: Theme.dim), Span(Text.dailyNoCenterOver(Figures.pflops(daily.warningPercent), Figures.pflops(daily.warningPercent)))]]
        } else {
            // One line per center: its quarters at or over the threshold, the worst named.
            var order: [String] = []
            var byCenter: [String: [Oversubscription.Load]] = [:]
            for l in daily.oversubscribed {
                if byCenter[l.center] == nil { order.append(l.center) }
                byCenter[l.center, default: []].append(l)
            }
            var spans: [Span] = [Span(Text.dailyOverbooked.text, style: Theme.warning)]
            for (i, center) in order.enumerated() {
                let loads = byCenter[center]!
                let quarters = loads.map(\.quarter.description).joined(separator: ",")
                let worst = loads.max { ($0.utilisation ?? 0) < ($1.utilisation ?? 0) }!
                spans.append(Span((i == 0 ? "" : " · ") + center, style: worst.isOver ? Theme.error : Theme.warning))
                spans.append(Span(" \(quarters) \(worst.percent ?? 0)%"))
            }
            over = [spans]
        }
        // What matters first (a narrow screen cuts the end): how many, since when; then the keys.
        let stale: [Span] = [Span(Text.dailyDueForReview.text, style: daily.staleScenarios > 0 ? Theme.warning : Theme.dim),
                             Span(Text.dailyStale(daily.staleScenarios, daily.reviewMonths, daily.staleBefore))]
        return over + [stale]
    }

    /// A center's quarters as bars of demand against capacity, `width` columns wide, each with
    /// the scenarios that book it underneath.
    static func centerChart(_ loads: [Oversubscription.Load], width: Int) -> [[Span]] {
        guard !loads.isEmpty, width > 20 else { return [] }
        var out: [[Span]] = [[Span(Text.dailyByQuarter.text, style: Style(bold: true, underline: true))]]
        for load in loads {
            let text = "\(Figures.pflops(load.demand))/\(Figures.pflops(load.capacity)) \(load.utilisation.map { Figures.percent($0) } ?? "—")"
            let bar = BarChart.Bar(load.quarter.description, value: load.demand, secondary: load.capacity, valueText: text,
                                   style: load.isOver ? Theme.error : nil)
            let scale = loads.map { max($0.demand, $0.capacity) }.max() ?? 0
            out.append(line(BarChart(bars: [bar], maxValue: scale, maxLabelWidth: 7), width: width))
            // Each scenario once, with all its rows at the center summed, largest first.
            var byScenario: [(String, Double)] = []
            for b in load.bookings {
                if let i = byScenario.firstIndex(where: { $0.0 == b.scenario }) { byScenario[i].1 += b.pflops } else { byScenario.append((b.scenario, b.pflops)) }
            }
            byScenario.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            if !byScenario.isEmpty {
                // One line per quarter (cut with …): the links below list every row in full.
                let text = "  " + byScenario.map { "\($0.0) \(Figures.pflops($0.1))" }.joined(separator: " · ")
                out.append([Span(text.displayWidth > width ? text.truncated(toWidth: width) : text, style: Theme.dim)])
            }
        }
        return out
    }

    /// One row of a widget drawn `width` columns wide, as spans (runs of one style).
    static func line<W: Widget>(_ widget: W, width: Int) -> [Span] {
        var buffer = Buffer(width: width, height: 1)
        buffer.render(widget, in: buffer.area)
        var spans: [Span] = []
        for x in 0..<width {
            let cell = buffer[x, 0]
            if cell.isContinuation { continue }
            if let last = spans.last, last.style == cell.style { spans[spans.count - 1].text.append(cell.symbol) } else {
                spans.append(Span(String(cell.symbol), style: cell.style))
            }
        }
        // Trailing blanks would wrap a line that just fits.
        while let last = spans.last, last.text.allSatisfy({ $0 == " " }) { spans.removeLast() }
        return spans
    }

    /// The Centers list's quarter, at the start of its filter line.
    static func centersQuarterChip(_ list: ListScreen) -> String {
        let q = DailyUpdate.demandQuarter(list)
        let now = q == IndexStore.currentQuarter() ? Text.dailyThisQuarter.text : ""
        return Text.dailyDemandIn(q, now)
    }
}

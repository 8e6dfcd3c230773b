import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// Counts by sector, stage and city, and compute demand per quarter against capacity, as bar charts.
///
/// On a narrow screen (80 columns and less) titles and labels that would be cut short are
/// replaced by their short Chinese forms, so every bar stays readable.
enum DashboardView {
    /// A bar with the short label to use when the full one doesn't fit.
    struct LabelledBar {
        var bar: BarChart.Bar
        var short: String
    }

    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer) {
        guard let s = state.stats else {
            buffer.put(Text.loading.text, x: area.x + 1, y: area.y + 1, style: Theme.dim)
            return
        }
        // Over-subscribed centers and entries due for review, on the last lines.
        let daily = area.height > 12 ? DailyView.dashboardLines(state) + RegisterBadge.dashboardLines(state) : []
        for (i, line) in daily.enumerated() {
            buffer.put(line, x: area.x + 1, y: area.maxY - daily.count + i, maxWidth: area.width - 2)
        }
        let area = Rect(x: area.x, y: area.y, width: area.width, height: area.height - daily.count)
        let halves = area.rows([.percentage(50), .fill(1)])
        let top = halves[0].columns([.percentage(50), .fill(1)], spacing: 1)
        let bottom = halves[1].columns([.percentage(50), .fill(1)], spacing: 1)
        func plain(_ label: String, _ count: Int) -> LabelledBar {
            LabelledBar(bar: BarChart.Bar(label, value: Double(count), valueText: String(count)), short: label)
        }
        chart(Text.chartBySector.text, short: Text.chartBySectorShort.text,
              s.scenariosBySector.map { plain(state.sectorName($0.value), $0.count) }, top[0], &buffer)
        let stages = Stage.allCases.map { st -> LabelledBar in
            let count = s.scenariosByStage.first { $0.value == st.rawValue }?.count ?? 0
            return LabelledBar(bar: BarChart.Bar(Names.shown(st), value: Double(count), valueText: String(count)), short: Names.short(st))
        }
        let statuses = s.scenariosByStatus.map { f -> LabelledBar in
            return LabelledBar(bar: BarChart.Bar(Names.shown(f.value), value: Double(f.count), valueText: String(f.count)),
                               short: Show.scenarioStatus(f.value))
        }
        chart(Text.chartStageStatus.text, short: Text.chartStageStatusShort.text, stages + statuses, top[1], &buffer)
        // Quarters around now: the most recent ones that fit.
        let rows = max(1, bottom[0].height - 2)
        let series = Array(s.series.suffix(rows))
        chart(Text.chartDemandCapacity.text, short: Text.chartDemandCapacityShort.text, series.map { q in
            LabelledBar(bar: BarChart.Bar(q.quarter.description, value: q.demand, secondary: q.capacity,
                                          valueText: "\(Figures.pflops(q.demand))/\(Figures.pflops(q.capacity))"),
                        short: q.quarter.description)
        }, bottom[0], &buffer)
        chart(Text.chartByCity.text, short: Text.chartByCityShort.text,
              s.scenariosByCity.map { plain(state.cityName($0.value), $0.count) }, bottom[1], &buffer)
    }

    /// The widest a label may be in a chart `width` columns wide (inside its border).
    static func labelRoom(_ width: Int) -> Int { max(4, width / 3) }

    static func chart(_ title: String, short: String, _ bars: [LabelledBar], _ area: Rect, _ buffer: inout Buffer) {
        guard area.height > 2, area.width > 10 else { return }
        // A border title has the width less six columns (corners, rules, spaces), and is padded here by one space each side.
        let shownTitle = title.displayWidth + 2 <= area.width - 6 ? title : short
        buffer.render(Border(title: " \(shownTitle) ", style: Theme.dim, titleStyle: Theme.title), in: area)
        let inner = Border.inner(area)
        let visible = Array(bars.prefix(inner.height))
        let room = labelRoom(inner.width)
        let fullFits = visible.allSatisfy { $0.bar.label.displayWidth <= room }
        let shown = visible.map { b -> BarChart.Bar in
            var bar = b.bar
            if !fullFits { bar.label = b.short }
            return bar
        }
        let labelWidth = min(max(4, shown.map { $0.label.displayWidth }.max() ?? 4), room)
        buffer.render(BarChart(bars: shown, maxLabelWidth: labelWidth), in: inner)
    }
}

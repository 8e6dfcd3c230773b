import CatalogCore
import CatalogIndex
import TerminalKit

/// Counts by sector, stage and city, and compute demand per quarter against capacity, as bar charts.
enum DashboardView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer) {
        guard let s = state.stats else {
            buffer.put("载入中 loading…", x: area.x + 1, y: area.y + 1, style: Theme.dim)
            return
        }
        let halves = area.rows([.percentage(50), .fill(1)])
        let top = halves[0].columns([.percentage(50), .fill(1)], spacing: 1)
        let bottom = halves[1].columns([.percentage(50), .fill(1)], spacing: 1)
        chart("场景·行业 Scenarios by sector", s.scenariosBySector.map { BarChart.Bar(state.sectorName($0.value), value: Double($0.count), valueText: String($0.count)) }, top[0], &buffer)
        let stages = Stage.allCases.map { st in
            BarChart.Bar("\(st.zh) \(st.rawValue)", value: Double(s.scenariosByStage.first { $0.value == st.rawValue }?.count ?? 0),
                         valueText: String(s.scenariosByStage.first { $0.value == st.rawValue }?.count ?? 0))
        }
        let statuses = s.scenariosByStatus.map { BarChart.Bar(Show.scenarioStatus($0.value) + " " + $0.value, value: Double($0.count), valueText: String($0.count)) }
        chart("场景·阶段与状态 Stage & status", stages + statuses, top[1], &buffer)
        // Quarters around now: the most recent ones that fit.
        let rows = max(1, bottom[0].height - 2)
        let series = Array(s.series.suffix(rows))
        chart("算力需求/容量 Demand vs capacity (PFLOPS)", series.map { q in
            BarChart.Bar(q.quarter.description, value: q.demand, secondary: q.capacity,
                         valueText: "\(Show.pflops(q.demand))/\(Show.pflops(q.capacity))")
        }, bottom[0], &buffer)
        chart("场景·城市 Scenarios by city", s.scenariosByCity.map { BarChart.Bar(state.cityName($0.value), value: Double($0.count), valueText: String($0.count)) }, bottom[1], &buffer)
    }

    static func chart(_ title: String, _ bars: [BarChart.Bar], _ area: Rect, _ buffer: inout Buffer) {
        guard area.height > 2, area.width > 10 else { return }
        buffer.render(Border(title: " \(title) ", style: Theme.dim, titleStyle: Theme.title), in: area)
        let inner = Border.inner(area)
        let shown = Array(bars.prefix(inner.height))
        let labelWidth = min(max(4, shown.map { $0.label.displayWidth }.max() ?? 4), max(4, inner.width / 3))
        buffer.render(BarChart(bars: shown, maxLabelWidth: labelWidth), in: inner)
    }
}

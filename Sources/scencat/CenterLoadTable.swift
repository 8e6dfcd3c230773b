import CatalogCore
import Wording

/// `stats --centers`: one row per center and quarter with demand or capacity.
enum CenterLoadTable {
    /// `human`: a table on a terminal names the flag; CSV, JSON and YAML keep `over` and `near`.
    static func table(_ loads: [Oversubscription.Load], warningPercent: Double, human: Bool) -> OutputTable {
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "center", header: Text.headCenter.text), C(key: "quarter", header: Text.headQuarter.text),
                                      C(key: "demand_pflops", header: Text.headDemand.text, alignment: .right),
                                      C(key: "capacity_pflops_fp16", header: Text.headCapacity.text, alignment: .right),
                                      C(key: "utilisation", header: Text.headUtil.text, alignment: .right),
                                      C(key: "flag", header: ""), C(key: "scenarios", header: Text.headScenarios.text, alignment: .right)])
        for l in loads {
            let flag = l.isOver ? "over" : (l.reaches(warningPercent) ? "near" : "")
            let scenarios = Set(l.bookings.map(\.scenario)).count
            t.add([(l.center, .string(l.center)), (l.quarter.description, .string(l.quarter.description)),
                   (Figures.pflops(l.demand), .number(l.demand)), (Figures.pflops(l.capacity), .number(l.capacity)),
                   (Figures.percent(l.utilisation), .num(l.utilisation)), (human ? (flag == "over" ? Text.cliLoadOver.text : flag == "near" ? Text.cliLoadNear.text : "") : flag, .string(flag)),
                   (String(scenarios), .int(scenarios))])
        }
        return t
    }
}

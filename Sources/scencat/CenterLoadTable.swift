import CatalogCore

/// `stats --centers`: one row per center and quarter with demand or capacity.
enum CenterLoadTable {
    static func table(_ loads: [Oversubscription.Load], warningPercent: Double) -> OutputTable {
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "center", header: "CENTER"), C(key: "quarter", header: "QUARTER"),
                                      C(key: "demand_pflops", header: "DEMAND", alignment: .right),
                                      C(key: "capacity_pflops_fp16", header: "CAPACITY", alignment: .right),
                                      C(key: "utilisation", header: "UTIL", alignment: .right),
                                      C(key: "flag", header: ""), C(key: "scenarios", header: "SCENARIOS", alignment: .right)])
        for l in loads {
            let flag = l.isOver ? "over" : (l.reaches(warningPercent) ? "near" : "")
            let scenarios = Set(l.bookings.map(\.scenario)).count
            t.add([(l.center, .string(l.center)), (l.quarter.description, .string(l.quarter.description)),
                   (Figures.pflops(l.demand), .number(l.demand)), (Figures.pflops(l.capacity), .number(l.capacity)),
                   (Figures.percent(l.utilisation), .num(l.utilisation)), (flag, .string(flag)),
                   (String(scenarios), .int(scenarios))])
        }
        return t
    }
}

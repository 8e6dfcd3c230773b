import Foundation

/// For the test targets only: catalogue files that tests of different layers write alike.
public enum RankingScenarios {
    /// More than a page of scenarios whose names start with 医疗 (yl), all written before the best
    /// match — the name that is 医疗 itself (`rank-zz-best`), then 医疗助手 (`rank-second`): what
    /// the command line's `search` and the terminal's `/` must both rank first (docs/0032).
    public static func write(into catalogRoot: String) throws {
        func write(_ id: String, _ title: String) throws {
            let yaml = """
                kind: Scenario
                id: \(id)
                title: \(title)
                sector: culture-tourism
                city: chaozhou
                stage: demonstration
                status: approved
                demand_org: 排序示例单位
                summary: 排序示例。
                data_class: general
                since: 2025-Q4
                updated: 2025-11-15

                """
            try yaml.write(toFile: "\(catalogRoot)/scenarios/\(id).yaml", atomically: true, encoding: .utf8)
        }
        for i in 0..<110 { try write(String(format: "rank-%03d", i), "医疗影像辅助诊断平台\(i)") }
        try write("rank-second", "医疗助手")
        try write("rank-zz-best", "医疗")
    }
}

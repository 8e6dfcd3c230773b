/// Compute arithmetic: everything is summed in PFLOPS (FP16 dense).
public enum ComputeMath {
    /// PFLOPS of one need: `amount` as is for pflops; cards × the accelerator's FP16 TFLOPS / 1000.
    /// nil when the accelerator is unknown (the catalogue would not validate).
    public static func pflops(_ need: ComputeNeed, accelerators: [String: Double]) -> Double? {
        switch need.unit {
        case .pflops: return need.amount
        case .cards:
            guard let a = need.accelerator, let tf = accelerators[a] else { return nil }
            return need.amount * tf / 1000
        }
    }

    /// Total PFLOPS a scenario needs in `quarter` (or over all its rows when quarter is nil).
    public static func demand(of scenario: Scenario, in quarter: Quarter? = nil, accelerators: [String: Double]) -> Double {
        scenario.compute.reduce(0) { sum, need in
            guard quarter.map(need.isActive(in:)) ?? true else { return sum }
            return sum + (pflops(need, accelerators: accelerators) ?? 0)
        }
    }

    /// Peak demand over the quarters a scenario's needs span: what it asks of the province at most.
    public static func peakDemand(of scenario: Scenario, accelerators: [String: Double]) -> Double {
        let quarters = Set(scenario.compute.map(\.from))
        return quarters.map { demand(of: scenario, in: $0, accelerators: accelerators) }.max() ?? 0
    }
}

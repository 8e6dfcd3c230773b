/// Numbers as people read them, the same on the command line and in the terminal UI: PFLOPS
/// with one decimal (three below 0.1, so that 0.04 is not shown as 0), percentages.
public enum Figures {
    public static func pflops(_ d: Double?) -> String {
        guard let d else { return "" }
        if d == 0 { return "0" }
        if abs(d) < 0.1 { return fixed(d, 3) }
        return fixed(d, 1)
    }

    /// `d` rounded to `places` decimals, always written with that many.
    public static func fixed(_ d: Double, _ places: Int) -> String {
        var p = 1.0
        for _ in 0..<places { p *= 10 }
        let r = (d * p).rounded() / p
        var s = NumberText.format(r)
        if places > 0 && !s.contains(".") && !s.contains("e") { s += "." + String(repeating: "0", count: places) }
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < places { s += String(repeating: "0", count: places - decimals) }
        }
        return s
    }

    public static func percent(_ d: Double?) -> String {
        guard let d else { return "" }
        return fixed(d * 100, 0).filter { $0 != "." } + "%"
    }
}

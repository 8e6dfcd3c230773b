/// When a scenario was last confirmed with its demand side (`updated`), and whether that is too long ago.
public enum Freshness {
    /// Months in a period written `12m` or `1y` (a bare number is months); nil for anything else.
    public static func months(_ period: String) -> Int? {
        var text = Substring(period)
        var factor = 1
        if text.hasSuffix("m") { text = text.dropLast() } else if text.hasSuffix("y") { text = text.dropLast(); factor = 12 }
        guard let n = Int(text), n > 0, n <= 1200 else { return nil }
        return n * factor
    }

    /// The date `months` before `today` (both `YYYY-MM-DD`), the day clamped to the month's length:
    /// a scenario `updated` before it is stale. nil when `today` is not such a date.
    public static func cutoff(today: String, months: Int) -> String? {
        let parts = today.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return nil }
        let total = parts[0] * 12 + (parts[1] - 1) - months
        let year = total / 12, month = total % 12 + 1
        let day = min(parts[2], daysIn(month: month, year: year))
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Whether `date` is a real `YYYY-MM-DD` date.
    public static func isDate(_ date: String) -> Bool {
        let u = Array(date.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return false }
        return (1...daysIn(month: parts[1], year: parts[0])).contains(parts[2])
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

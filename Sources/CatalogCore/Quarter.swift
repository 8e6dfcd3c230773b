/// A calendar quarter such as `2026-Q4`: when a scenario may first be listed, and when compute is needed.
public struct Quarter: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    /// 1...4
    public var quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (2000...2100).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses exactly `YYYY-Qn` (upper-case Q, n in 1...4, year 2000...2100).
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"), u[5] == UInt8(ascii: "Q") else { return nil }
        var year = 0
        for b in u[0..<4] {
            guard b >= 48 && b <= 57 else { return nil }
            year = year * 10 + Int(b - 48)
        }
        guard u[6] >= 49 && u[6] <= 52 else { return nil }
        self.init(year: year, quarter: Int(u[6] - 48))
    }

    public var description: String { "\(year)-Q\(quarter)" }

    /// A number that increases by one per quarter, for arithmetic and ordering.
    public var ordinal: Int { year * 4 + quarter - 1 }

    public init(ordinal: Int) {
        year = ordinal / 4
        quarter = ordinal % 4 + 1
    }

    public func adding(_ quarters: Int) -> Quarter { Quarter(ordinal: ordinal + quarters) }

    public static func < (a: Quarter, b: Quarter) -> Bool { a.ordinal < b.ordinal }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let q = Quarter(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a quarter: \(text)"))
        }
        self = q
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A calendar date written `YYYY-MM-DD`, kept as text (no time zone games).
public enum CalendarDate {
    /// True for a real date `YYYY-MM-DD` (month 1–12, day valid for the month, leap years included).
    public static func isValid(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for b in u[r] { guard b >= 48 && b <= 57 else { return nil }; v = v * 10 + Int(b - 48) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}

import Foundation

/// What one cell of a sheet holds, as the reader finds it and the writer writes it.
public enum CellValue: Sendable, Hashable {
    case empty
    case text(String)
    case number(Double)
    case date(SheetDate)
    case bool(Bool)

    /// The cell as text: numbers without a needless `.0`, dates as `YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let d): return NumberFormat.text(d)
        case .date(let d): return d.description
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }

    public var isEmpty: Bool {
        if case .empty = self { return true }
        if case .text(let s) = self { return s.allSatisfy(\.isWhitespace) }
        return false
    }
}

/// A calendar date; in a sheet it is a serial number (days since 1899-12-30, Excel's 1900 system).
public struct SheetDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...SheetDate.days(in: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日`), or nil.
    public init?(text: String) {
        // `YYYY-MM-DD`, what every stored date is, read by byte (the general path gives the same parts).
        if text.utf8.count == 10 {
            var y = 0, m = 0, d = 0, k = 0, ok = true
            for b in text.utf8 {
                switch k {
                case 4, 7: ok = ok && b == 0x2D
                default:
                    guard b >= 0x30 && b <= 0x39 else { ok = false; break }
                    let v = Int(b - 0x30)
                    if k < 4 { y = y * 10 + v } else if k < 7 { m = m * 10 + v } else { d = d * 10 + v }
                }
                k += 1
            }
            if ok {
                self.init(year: y, month: m, day: d)
                return
            }
        }
        var parts: [Int] = []
        var current = ""
        for c in text.trimmingCharacters(in: .whitespaces) {
            if c.isASCII && c.isNumber { current.append(c); continue }
            guard !current.isEmpty, "-/.年月日".contains(c) else { return nil }
            parts.append(Int(current)!)
            current = ""
        }
        if !current.isEmpty { parts.append(Int(current)!) }
        guard parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// From a serial number of the 1900 (or, with `date1904`, the 1904) date system; the time of day is dropped.
    public init?(serial: Double, date1904: Bool = false) {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down)) + (date1904 ? 1462 : 0)
        // Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm, from 1970-01-01).
        let z = days - 25569 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1899-12-30 (dates from 1900-03-01 on agree with Excel, which counts a 1900-02-29).
    public var serial: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 25569
    }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (a: SheetDate, b: SheetDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func days(in month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Numbers as cell text: integers without a decimal point, others in the shortest form that reads back equal.
public enum NumberFormat {
    public static func text(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

/// A sheet as read: its name and its rows, each with the row number the file gives it.
public struct Sheet: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// 1-based, as a spreadsheet program shows it.
        public var number: Int
        /// Column A first; trailing empty cells may be missing.
        public var cells: [CellValue]

        public init(number: Int, cells: [CellValue]) {
            self.number = number
            self.cells = cells
        }

        public subscript(column: Int) -> CellValue { column < cells.count ? cells[column] : .empty }
        public var isEmpty: Bool { cells.allSatisfy(\.isEmpty) }
    }

    public var name: String
    public var hidden: Bool
    public var rows: [Row]

    public init(name: String, hidden: Bool = false, rows: [Row]) {
        self.name = name
        self.hidden = hidden
        self.rows = rows
    }
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
public enum ColumnName {
    public static func letters(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// The 0-based column and 1-based row of a reference such as `AB12`, or nil.
    public static func parse(_ ref: Substring) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for u in ref.utf8 {
            switch u {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                column = column * 26 + Int(u - 64); sawLetter = true
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                column = column * 26 + Int(u - 96); sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(u - 48); sawDigit = true
            case UInt8(ascii: "$"): continue
            default: return nil
            }
        }
        guard sawLetter, column > 0 else { return nil }
        return (column - 1, sawDigit ? row : 0)
    }
}

/// Why a sheet cannot be read or written.
public struct SheetError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

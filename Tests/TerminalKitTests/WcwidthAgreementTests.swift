import CNCursesW
import Testing
import TerminalKit

/// The width table must agree with glibc `wcwidth` under a UTF-8 locale, because ncursesw
/// positions characters with `wcwidth`: any disagreement shifts everything after it on a row.
@Suite struct WcwidthAgreementTests {
    /// Code points (printable to glibc) where the table knowingly differs from `wcwidth`.
    /// Empty: the generator reproduces glibc's rules (see scripts/gen-width-table).
    static let allowList: Set<UInt32> = []

    @Test func tableAgreesWithGlibcWcwidthOverTheBMP() throws {
        try #require(term_set_ctype_utf8() == 1, "C.UTF-8 locale is needed to compare widths")
        var compared = 0
        var disagreements: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            let glibc = term_wcwidth(value)
            guard glibc >= 0 else { continue }  // not printable to glibc
            compared += 1
            let ours = DisplayWidth.of(scalar)
            if Int(glibc) != ours, !Self.allowList.contains(value) {
                disagreements.append("U+\(String(value, radix: 16, uppercase: true)) table \(ours) wcwidth \(glibc)")
            }
        }
        #expect(compared > 50_000)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(40))")
    }

    /// Beyond the BMP (emoji, CJK Extension B and later) the table follows the same rules.
    @Test func tableAgreesWithGlibcWcwidthBeyondTheBMP() throws {
        try #require(term_set_ctype_utf8() == 1, "C.UTF-8 locale is needed to compare widths")
        var disagreements: [String] = []
        for value in UInt32(0x10000)...0x10FFFF {
            let glibc = term_wcwidth(value)
            guard glibc >= 0, let scalar = Unicode.Scalar(value) else { continue }
            let ours = DisplayWidth.of(scalar)
            if Int(glibc) != ours, !Self.allowList.contains(value) {
                disagreements.append("U+\(String(value, radix: 16, uppercase: true)) table \(ours) wcwidth \(glibc)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(40))")
    }
}

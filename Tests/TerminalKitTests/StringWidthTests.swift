import Testing
import TerminalKit

@Suite struct StringWidthTests {
    let title = "基于多模态大模型的城市交通信号智能优化与拥堵预测平台"

    @Test func truncationNeverSplitsAWideCharacterAndEndsWithEllipsis() {
        for width in 1...30 {
            let cut = title.truncated(toWidth: width)
            #expect(cut.displayWidth <= width, "width \(width): \(cut)")
            #expect(cut.displayWidth >= width - 1, "width \(width): \(cut)")
            #expect(cut.hasSuffix("…"), "width \(width): \(cut)")
            // Everything before the ellipsis is a prefix of the title, made of whole characters.
            #expect(title.hasPrefix(String(cut.dropLast())))
        }
        #expect(title.truncated(toWidth: 10) == "基于多模…")
        #expect(title.truncated(toWidth: 9) == "基于多模…")
        #expect(title.truncated(toWidth: 8) == "基于多…")
    }

    @Test func shortTextIsNotTruncated() {
        #expect("医疗".truncated(toWidth: 4) == "医疗")
        #expect("医疗影像".truncated(toWidth: 7) == "医疗影…")
        #expect("abc".truncated(toWidth: 0) == "")
    }

    @Test func clippingHasNoEllipsis() {
        #expect("智能制造".clipped(toWidth: 5) == "智能")
        #expect("a智能".clipped(toWidth: 2) == "a")
    }

    @Test func paddingAlignsByDisplayWidth() {
        #expect("医疗".padded(toWidth: 6) == "医疗  ")
        #expect("医疗".padded(toWidth: 6, alignment: .right) == "  医疗")
        #expect("医疗".padded(toWidth: 7, alignment: .center) == " 医疗  ")
        #expect("医疗影像".padded(toWidth: 3) == "医疗影像")
        #expect("医疗影像诊断".fitted(toWidth: 7).displayWidth == 7)
        #expect("医疗影像诊断".fitted(toWidth: 8) == "医疗影… ")
        #expect("12.5".fitted(toWidth: 6, alignment: .right) == "  12.5")
    }
}

import Testing
import TerminalKit

@Suite struct DisplayWidthTests {
    @Test func mixedChineseAndAsciiWidths() {
        #expect("智能制造 | abc".displayWidth == 14)
        #expect("abc".displayWidth == 3)
        #expect("医疗".displayWidth == 4)
        #expect("ＡＢ".displayWidth == 4)  // fullwidth forms
        #expect("，。".displayWidth == 4)  // CJK punctuation is wide
        #expect("…".displayWidth == 1)  // ambiguous counts as narrow
        #expect("│─┌".displayWidth == 3)  // box drawing is ambiguous too
        #expect("".displayWidth == 0)
    }

    @Test func pipeLandsAtColumnNine() {
        var buffer = Buffer(width: 20, height: 1)
        buffer.put("智能制造 | abc", x: 0, y: 0)
        #expect(buffer[9, 0].symbol == "|")
        #expect(buffer[11, 0].symbol == "a")
        #expect(buffer[0, 0].width == 2)
        #expect(buffer[1, 0].isContinuation)
    }

    @Test func zeroWidthAndCombiningCharacters() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)  // combining acute
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)  // zero-width space
        #expect(DisplayWidth.of(Unicode.Scalar(0x07)!) == 0)  // bell
        #expect(DisplayWidth.of(Unicode.Scalar(0x85)!) == 0)  // C1 control
        #expect("e\u{301}".displayWidth == 1)
        #expect("\u{1160}".displayWidth == 0)  // Hangul medial vowel joins the syllable
        #expect("한".displayWidth == 2)
    }

    @Test func emojiAndGraphemeClustersTakeAtMostTwoColumns() {
        #expect("🚀".displayWidth == 2)
        #expect("👍🏽".displayWidth == 2)
        #expect("👨‍👩‍👧".displayWidth == 2)
        #expect("🇨🇳".displayWidth == 2)
    }

    @Test func ideographsBeyondTheBMPAreWide() {
        #expect("𠀀".displayWidth == 2)  // CJK Extension B
        #expect(DisplayWidth.of(Unicode.Scalar(0x2FFFD)!) == 2)  // unassigned, defaults to wide
    }
}

import TerminalKit
import Wording

extension KeyBindings {
    /// The Publications screen's keys (`5` opens it from the tabs and detail pages).
    static let publicationBindings: [KeyBinding] = {
        var b: [KeyBinding] = [
            KeyBinding([.char("5")], .publications, .publicationsEntry, .helpPublicationsPublishedQuarterlyListsVerifiedBrowse),
        ]
        for ctx in [KeyContext.publications, .publicationList, .publicationRecord, .publicationChanges] {
            b.append(KeyBinding([.up, .char("k")], .up, ctx, .helpMoveUp))
            b.append(KeyBinding([.down, .char("j")], .down, ctx, .helpMoveDown))
            b.append(KeyBinding([.pageUp, .ctrl("b")], .pageUp, ctx, .helpPageUp))
            b.append(KeyBinding([.pageDown, .ctrl("f"), .char(" ")], .pageDown, ctx, .helpPageDown))
            b.append(KeyBinding([.home, .char("g")], .top, ctx, .helpFirstRow))
            b.append(KeyBinding([.end, .char("G")], .bottom, ctx, .helpLastRow))
        }
        b += [
            KeyBinding([.enter], .open, .publications, hint: .hintBrowse, .helpBrowseSelectedListReadOnly),
            KeyBinding([.char("c")], .showChanges, .publications, hint: .hintChanges, .helpItsChangesAgainstPreviousPublishedQuarter),
            KeyBinding([.char("p")], .publishWizard, .publications, hint: .hintPublish, .helpPublishQuarterWhatWillBeListed),
            KeyBinding([.char("v")], .verifyPublications, .publications, hint: .hintVerify, .helpVerifyEveryListAgainHashesSignature),
            KeyBinding([.escape, .backspace], .back, .publications, hint: .hintClose, .helpClosePublicationsScreen),
            KeyBinding([.enter], .open, .publicationList, hint: .hintOpen, .helpShowSelectedRecord),
            KeyBinding([.char("c")], .showChanges, .publicationList, hint: .hintChanges, .helpListChangesAgainstPreviousQuarter),
            KeyBinding([.escape, .backspace], .back, .publicationList, hint: .hintBack, .helpBackPublishedQuarters),
            KeyBinding([.escape, .backspace], .back, .publicationRecord, hint: .hintBack, .helpBackList),
            KeyBinding([.escape, .backspace], .back, .publicationChanges, hint: .hintBack, .helpBack),
            KeyBinding([.left, .char("h")], .previousQuarter, .publishWizard, hint: .hintQuarter, .helpQuarterBefore),
            KeyBinding([.right, .char("l")], .nextQuarter, .publishWizard, .helpQuarterAfter),
            KeyBinding([.enter, .char("y")], .confirm, .publishWizard, hint: .hintPublish, .helpPublishThisQuarterAsksFirstRefused),
            KeyBinding([.char("r")], .reload, .publishWizard, hint: .hintCheckAgain, .helpCheckAgainAfterCommittingFixingErrors),
            KeyBinding([.escape, .backspace], .back, .publishWizard, hint: .hintCancel, .helpBackPublishedQuarters),
        ]
        return b
    }()
}

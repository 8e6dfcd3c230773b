import TerminalKit

extension KeyBindings {
    /// The Publications screen's keys (`5` opens it from the tabs and detail pages).
    static let publicationBindings: [KeyBinding] = {
        var b: [KeyBinding] = [
            KeyBinding([.char("5")], .publications, .publicationsEntry, "Publications: the published quarterly lists, verified; browse, changes, publish"),
        ]
        for ctx in [KeyContext.publications, .publicationList, .publicationRecord, .publicationChanges] {
            b.append(KeyBinding([.up, .char("k")], .up, ctx, "Move up"))
            b.append(KeyBinding([.down, .char("j")], .down, ctx, "Move down"))
            b.append(KeyBinding([.pageUp, .ctrl("b")], .pageUp, ctx, "Page up"))
            b.append(KeyBinding([.pageDown, .ctrl("f"), .char(" ")], .pageDown, ctx, "Page down"))
            b.append(KeyBinding([.home, .char("g")], .top, ctx, "First row"))
            b.append(KeyBinding([.end, .char("G")], .bottom, ctx, "Last row"))
        }
        b += [
            KeyBinding([.enter], .open, .publications, hint: "browse", "Browse the selected list (read-only)"),
            KeyBinding([.char("c")], .showChanges, .publications, hint: "changes", "Its changes against the previous published quarter"),
            KeyBinding([.char("p")], .publishWizard, .publications, hint: "publish", "Publish a quarter: what will be listed and what blocks it"),
            KeyBinding([.char("v")], .verifyPublications, .publications, hint: "verify", "Verify every list again (hashes, signature)"),
            KeyBinding([.escape, .backspace], .back, .publications, hint: "close", "Close the Publications screen"),
            KeyBinding([.enter], .open, .publicationList, hint: "open", "Show the selected record"),
            KeyBinding([.char("c")], .showChanges, .publicationList, hint: "changes", "The list's changes against the previous quarter"),
            KeyBinding([.escape, .backspace], .back, .publicationList, hint: "back", "Back to the published quarters"),
            KeyBinding([.escape, .backspace], .back, .publicationRecord, hint: "back", "Back to the list"),
            KeyBinding([.escape, .backspace], .back, .publicationChanges, hint: "back", "Back"),
            KeyBinding([.left, .char("h")], .previousQuarter, .publishWizard, hint: "quarter", "The quarter before"),
            KeyBinding([.right, .char("l")], .nextQuarter, .publishWizard, "The quarter after"),
            KeyBinding([.enter, .char("y")], .confirm, .publishWizard, hint: "publish", "Publish this quarter (asks first; refused while something blocks it)"),
            KeyBinding([.char("r")], .reload, .publishWizard, hint: "check again", "Check again (after committing, fixing errors…)"),
            KeyBinding([.escape, .backspace], .back, .publishWizard, hint: "cancel", "Back to the published quarters"),
        ]
        return b
    }()
}

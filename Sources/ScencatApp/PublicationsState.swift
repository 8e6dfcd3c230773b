import CatalogCore
import Publishing
import TerminalKit
import Wording

/// The Publications screen (`5`): the published quarters with their verification, a read-only
/// view of one list and of its changes, and the publish wizard. It covers the tabs' body like a
/// sixth tab.
public struct PublicationsScreen: Sendable {
    public enum Mode: Sendable, Equatable {
        /// The published quarters.
        case quarters
        /// One list, read-only.
        case browse
        /// One record of that list.
        case record
        /// What changed against the previous quarter; `from` is where Esc goes back to.
        case changes(from: Back)
        /// Publishing a quarter: what will be listed and what blocks it.
        case wizard
    }

    public enum Back: Sendable, Equatable { case quarters, browse }

    public var mode: Mode = .quarters
    /// False until the first listing of `publications/` came back.
    public var loaded = false
    public var quarters: [PublicationSummary] = []
    /// Verification by quarter (absent while it runs).
    public var verification: [String: PublicationCheck] = [:]
    public var cursor = ListState()
    /// The quarter to select when the listing comes back (the one just published).
    public var selectAfterLoad: Quarter?

    /// The list being browsed, its rows, and the selected one.
    public var browseQuarter: String?
    public var rows: [PublishedListRow] = []
    public var rowsLoading = false
    public var rowCursor = ListState()

    /// The record shown, as lines.
    public var recordTitle = ""
    public var recordLines: [String] = []
    public var recordScroll = 0

    public var changesQuarter: String?
    public var changesLines: [String] = []
    public var changesScroll = 0

    public var wizard: PublishWizard?
    /// A line inside the screen: what just happened, what to do next.
    public var note: String?

    public init() {}

    public var selectedQuarter: PublicationSummary? {
        quarters.indices.contains(cursor.selected) ? quarters[cursor.selected] : nil
    }
}

/// How a published quarter verified.
public struct PublicationCheck: Sendable, Equatable {
    public var ok: Bool
    /// Who signed it, when the signature checked out.
    public var signer: String?
    /// `path: error: message` lines.
    public var problems: [String]

    public init(ok: Bool, signer: String?, problems: [String]) {
        self.ok = ok
        self.signer = signer
        self.problems = problems
    }

    /// ✓ verified (signed), ✓ unsigned, ✗ N problems.
    public var badge: String {
        if !ok { return Text.pubFailed(problems.filter { $0.contains(": error: ") }.count) }
        return signer != nil ? Text.pubVerified.text : Text.pubVerifiedUnsigned.text
    }
}

/// The publish wizard: the quarter chosen, and what publishing it would do.
public struct PublishWizard: Sendable {
    /// nil until the first preview chose the default (the quarter after the latest published one).
    public var quarter: Quarter?
    public var preview: PublishPreview?
    public var computing = true
    public var confirming = false
    public var running = false
    /// Lines after publishing (or why it stopped).
    public var outcome: [String] = []

    public init(quarter: Quarter?) { self.quarter = quarter }

    public var canPublish: Bool { preview.map { $0.blockers.isEmpty && $0.errors.isEmpty } ?? false }
}

/// What publishing a quarter would list, and what stands in the way.
public struct PublishPreview: Sendable, Equatable {
    public struct SectorLine: Sendable, Equatable {
        public var name: String
        public var scenarios: Int
        public var pflops: Double
    }

    public var quarter: Quarter
    public var scenarios: Int
    public var pflops: Double
    public var sectors: [SectorLine]
    /// The previous published quarter and the change counts against it.
    public var previous: String?
    public var added: Int?
    public var changed: Int?
    public var withdrawn: Int?
    public var removed: Int?
    /// The signing key found for a public key in `keys/` (name and path), if any.
    public var signer: String?
    /// What blocks publishing, one line each.
    public var blockers: [String]
    /// The catalogue's errors (PATH:LINE:COL lines), when it does not validate.
    public var errors: [String]
    /// Centers booked at or over the warning threshold in the quarter: a warning, not a blocker.
    public var oversubscribed: [String] = []
}

/// Publication work for the runtime (reading, verifying and comparing lists runs in the background).
public enum PublicationsEffect: Sendable {
    /// The published quarters' manifests.
    case load
    /// Verify these quarters.
    case verify([String])
    case browse(String)
    case record(quarter: String, id: String)
    case changes(String)
    /// What publishing `quarter` (nil: the quarter after the latest published) would list and what blocks it.
    case preview(Quarter?)
    case publish(Quarter)
}

public enum PublicationsResult: Sendable {
    case loaded([PublicationSummary])
    case verified(String, PublicationCheck)
    case browsed(String, [PublishedListRow])
    case record(quarter: String, id: String, title: String, lines: [String])
    case changes(String, [String])
    case previewed(PublishPreview)
    /// Publishing finished: the quarter, and lines to show; `ok` false when it stopped.
    case published(Quarter, ok: Bool, lines: [String])
    case failed(String)
}

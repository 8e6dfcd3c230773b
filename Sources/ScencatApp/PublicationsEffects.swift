import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSync
import Foundation
import Publishing
import Wording

extension EffectRunner {
    /// Runs publication work here and now, posting each result as it is ready (the runtime moves
    /// it off the UI loop first: verifying, reading and comparing large lists takes a while).
    func performPublications(_ effect: PublicationsEffect, post: (Action) -> Void) {
        let root = layout.root
        switch effect {
        case .load:
            post(.publications(.loaded(Publications.summaries(catalogRoot: root))))
        case .verify(let quarters):
            for q in quarters {
                let report = Verifier.verify(catalogRoot: root, quarter: q, trust: Self.userTrust)
                let problems = report.problems.map { $0.formatted() }
                post(.publications(.verified(q, PublicationCheck(ok: report.ok, signer: report.signer?.name, problems: problems))))
            }
        case .browse(let q):
            do {
                let text = try listText(q)
                post(.publications(.browsed(q, text.rows())))
            } catch {
                post(.publications(.failed(Text.pubCannotRead(q, error))))
            }
        case .record(let q, let id):
            do {
                let text = try listText(q)
                guard let record = text.records.first(where: { $0.id == id }) else {
                    post(.publications(.failed(Text.pubNoRecord(q, id, id))))
                    return
                }
                post(.publications(.record(quarter: q, id: id, title: "\(id) · \(ListText.title(of: record.text))",
                                           lines: ListText.readableLines(of: record.text))))
            } catch {
                post(.publications(.failed(Text.pubCannotRead(q, error))))
            }
        case .changes(let q):
            do {
                post(.publications(.changes(q, try changeLines(q))))
            } catch {
                post(.publications(.failed(Text.pubCannotCompare(error))))
            }
        case .preview(let quarter):
            post(.publications(.previewed(preview(quarter ?? defaultQuarter()))))
        case .publish(let q):
            let (ok, lines) = publish(q)
            post(.publications(.published(q, ok: ok, lines: lines)))
        }
    }

    /// The keys the user trusts (scencat's trust files), read when used: `scencat trust add` may run meanwhile.
    static var userTrust: TrustedKeys { ScencatConfig.current?.trustStore.trustedKeys ?? TrustedKeys() }

    func listText(_ q: String) throws -> ListText {
        guard let quarter = Quarter(q) else { throw PublicationGitError(message: "not a quarter: \(q)") }
        return try Publications.listText(quarter, catalogRoot: layout.root)
    }

    /// The quarter after the latest published one; with none, the current calendar quarter.
    func defaultQuarter() -> Quarter {
        if let last = Publications.quarters(catalogRoot: layout.root).last { return last.adding(1) }
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
        return Quarter(year: now.year ?? 2026, quarter: ((now.month ?? 1) - 1) / 3 + 1) ?? Quarter("2026-Q1")!
    }

    /// The changes of published quarter `q` against the one before it, as lines of text.
    func changeLines(_ q: String) throws -> [String] {
        guard let quarter = Quarter(q) else { return [] }
        guard let previous = Publications.previous(before: quarter, catalogRoot: layout.root) else {
            let count = (try? listText(q).records.count) ?? 0
            return Text.firstPublicationChanges.lines(count)
        }
        let diff = ListDiff.compare(ListRecords(label: previous.description, text: try Publications.listText(previous, catalogRoot: layout.root)),
                                    ListRecords(label: q, text: try listText(q)))
        return PublicationLines.changes(diff)
    }

    /// What publishing `quarter` would list and what blocks it; writes nothing.
    func preview(_ quarter: Quarter) -> PublishPreview {
        var p = PublishPreview(quarter: quarter, scenarios: 0, pflops: 0, sectors: [], previous: nil, added: nil, changed: nil,
                               withdrawn: nil, removed: nil, signer: nil, blockers: [], errors: [])
        let found = PublicationKeys.find(catalogRoot: layout.root)
        let key = found.key
        p.signer = key.map { "\($0.key.name) (\($0.path))" + $0.warnings.map { " ⚠ " + $0 }.joined() }
        p.blockers += found.refused
        let publisher = Publisher(catalogRoot: layout.root, trust: Self.userTrust)
        var source = PublicationSource(commit: "", commitDate: "")
        var uncommitted: [String] = []
        do {
            let facts = try PublicationGit.facts(catalogRoot: layout.root)
            source = PublicationSource(commit: facts.commit, commitDate: facts.commitDate)
            uncommitted = facts.uncommitted
        } catch {
            p.blockers.append(ErrorWording.shown(error))
        }
        var request = PublishRequest(quarter: quarter, source: source, uncommittedPaths: uncommitted, key: key?.key)
        for b in publisher.blockers(request) {
            p.blockers.append(PublicationLines.blocker(b))
            if case .uncommittedChanges(let paths) = b {
                p.blockers += paths.prefix(8).map { "    " + $0 }
                if paths.count > 8 { p.blockers.append(Text.pubMorePaths(paths.count - 8, paths.count - 8)) }
            }
        }
        do {
            let report = try Indexer(root: layout.root, store: store).run()
            guard report.committed else {
                p.errors = report.diagnostics.filter { $0.severity == .error }.prefix(20).map { $0.formatted() }
                if p.errors.isEmpty { p.errors = [Text.pubIndexNotUpdated.text] }
                return p
            }
            let selection = try Selection.load(store: store, quarter: quarter, catalogRoot: layout.root)
            request.register = try RegisterUse.current(catalogRoot: layout.root, store: store)
            p.scenarios = selection.scenarios.count
            p.pflops = selection.totalPflops
            p.oversubscribed = selection.oversubscribed.map {
                Manifest.Oversubscribed(center: $0.center, demand: $0.demand, capacity: $0.capacity).text(quarter: quarter.description)
            }
            p.sectors = selection.bySector.map {
                PublishPreview.SectorLine(name: $0.sector.zh, scenarios: $0.scenarios.count, pflops: $0.scenarios.reduce(0) { $0 + $1.quarterPflops })
            }
            // What the filing register blocks is listed, and the counts are still worked out.
            let unfiled = request.register.unfiled(in: selection)
            if !unfiled.isEmpty {
                p.blockers += PublicationLines.unfiled(unfiled)
                request.register.allowUnfiled = "preview"
            }
            let prepared = try publisher.prepare(request, selection: selection)
            p.previous = prepared.previous?.description
            if let d = prepared.diff {
                p.added = d.added.count
                p.changed = d.changed.count
                p.withdrawn = d.withdrawn.count
                p.removed = d.removed.count
            }
        } catch let e as PublishingError {
            p.blockers.append(PublicationLines.blocker(e))
        } catch {
            p.blockers.append(ErrorWording.shown(error))
        }
        return p
    }

    /// Publishes `quarter` as `scencat publish` does (unsigned unless a key is found for `keys/`).
    func publish(_ quarter: Quarter) -> (ok: Bool, lines: [String]) {
        do {
            let facts = try PublicationGit.facts(catalogRoot: layout.root)
            let found = PublicationKeys.find(catalogRoot: layout.root)
            if let refused = found.refused.first { return (false, [refused]) }
            let key = found.key
            var request = PublishRequest(quarter: quarter, source: PublicationSource(commit: facts.commit, commitDate: facts.commitDate),
                                         uncommittedPaths: facts.uncommitted, key: key?.key)
            // The models are checked as the index has them: bring it up to date first, and publish with that report.
            let report = try Indexer(root: layout.root, store: store).run()
            request.register = try RegisterUse.current(catalogRoot: layout.root, store: store)
            let outcome = try Publisher(catalogRoot: layout.root, trust: Self.userTrust).publish(request, store: store, indexReport: report)
            let m = outcome.prepared.manifest
            var lines = Text.publishedOutcome.lines(m.quarter, layout.path(outcome.path), m.scenarios, Figures.pflops(m.pflops), String(m.commit.prefix(12)))
            lines.append(m.signer.map { Text.pubSignedBy($0.name, $0.keyId) } ?? Text.pubUnsigned.text)
            return (true, lines)
        } catch let e as PublishingError {
            var lines = [PublicationLines.blocker(e)]
            if case .invalidCatalogue(let d) = e { lines += d.filter { $0.severity == .error }.prefix(20).map { $0.shown() } }
            if case .unfiledModels(let list) = e { lines = PublicationLines.unfiled(list) }
            return (false, lines)
        } catch {
            return (false, [ErrorWording.shown(error)])
        }
    }
}

/// The signing key the UI uses: `$SCENCAT_KEY`, else `NAME.key` in scencat's key folder for a
/// `keys/NAME.pub` of the catalogue (what `scencat keygen` writes). Read by Publishing's
/// `PrivateKeys`, as `scencat publish --key` reads it: a key inside the catalogue is refused
/// (`refused` says why, and blocks publishing), a loose one warned about.
enum PublicationKeys {
    static func find(catalogRoot: String) -> (key: LoadedPrivateKey?, refused: [String]) {
        let keys = PublicKeys.load(catalogRoot: catalogRoot)
        guard !keys.byId.isEmpty else { return (nil, []) }
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let path = env["SCENCAT_KEY"], !path.isEmpty { candidates.append(path) }
        var dirs: [String] = []
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty { dirs.append(xdg + "/scencat/keys") }
        if let home = env["HOME"], !home.isEmpty { dirs.append(home + "/.config/scencat/keys") }
        for name in keys.byId.values.map(\.name).sorted() {
            for dir in dirs { candidates.append("\(dir)/\(name).key") }
        }
        for path in candidates where access(path, F_OK) == 0 {
            do {
                let loaded = try PrivateKeys.load(path, catalogRoot: catalogRoot)
                if keys.byId[loaded.key.keyId] != nil { return (loaded, []) }
            } catch let e as KeyFileError where CatalogLayout.isInside(path, root: catalogRoot) {
                return (nil, [Text.pubKeyInsideCatalogue(e)])
            } catch {
                continue
            }
        }
        return (nil, [])
    }
}

/// Texts the Publications screen shows.
enum PublicationLines {
    static func blocker(_ e: PublishingError) -> String {
        switch e {
        case .uncommittedChanges(let paths):
            return Text.pubUncommitted(paths.count)
        case .alreadyPublished(let q):
            return Text.pubAlreadyPublished(q, q)
        case .invalidCatalogue(let d):
            return Text.pubCatalogueErrors(d.errorCount, d.errorCount)
        case .unfiledModels(let list):
            return unfiled(list).joined(separator: "\n")
        default:
            return e.description
        }
    }

    /// What the filing register blocks: one line per scenario and model (`--allow-unfiled` stays on the command line).
    static func unfiled(_ list: [RegisterUse.Unfiled]) -> [String] {
        let models = Set(list.map(\.model)).count
        return [Text.registerBlocksPublishing(list.count, list.count == 1 ? "" : "s", models, models == 1 ? "" : "s")]
            + list.prefix(12).map { "    \($0.scenario) → \($0.model): \(RegisterTexts.label($0.status))" }
            + (list.count > 12 ? [Text.pubMorePaths(list.count - 12, list.count - 12)] : [])
    }

    static func changes(_ d: ListDiff) -> [String] {
        var out = Text.changesAgainst.lines(d.from, d.added.count, d.changed.count, d.withdrawn.count, d.removed.count)
        func section(_ title: String, _ mark: String, _ entries: [ListDiff.Entry]) {
            out.append("")
            out.append("\(title) (\(entries.count))")
            for e in entries { out.append("  \(mark) \(e.id)  \(e.title)") }
        }
        section(Text.changesAdded.text, "+", d.added)
        out.append("")
        out.append(Text.changesChanged(d.changed.count))
        for c in d.changed {
            out.append("  ~ \(c.id)  \(c.title)")
            for f in c.fields {
                let old = FieldText.display(f.old, key: f.key).replacingOccurrences(of: "\n", with: " ⏎ ")
                let new = FieldText.display(f.new, key: f.key).replacingOccurrences(of: "\n", with: " ⏎ ")
                out.append("      \(f.key): \(old) → \(new)")
            }
        }
        section(Text.changesWithdrawn.text, "−", d.withdrawn)
        section(Text.changesRemoved.text, "×", d.removed)
        return out
    }
}

extension Runtime {
    /// Starts publication work in the background (on the queue sync work uses, so scripted runs
    /// wait for it), posting its results to the UI loop.
    func startPublicationsJob(_ effect: PublicationsEffect) -> Bool {
        let inbox = self.inbox
        let runner = self.runner
        syncJobs.submit {
            runner.performPublications(effect) { inbox.post($0) }
        }
        return true
    }
}

extension EffectRunner {
    /// Publication work run in place, its results collected (the runtime runs it in the background instead).
    func performPublicationsNow(_ effect: PublicationsEffect) -> [Action] {
        var out: [Action] = []
        performPublications(effect) { out.append($0) }
        return out
    }
}

import CatalogCore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The scan behind the freshness check every query command runs first, made for 110,000 files:
/// names are kept as bytes in one buffer and stat'ed on every core, and the fingerprint is
/// folded from them without a Swift string per file. Only when the fingerprint differs from the
/// one the index stored are `EntityFile`s made (from what was already stat'ed, no second stat).
///
/// It takes no part in judging the layout: a folder holding anything but regular `.yaml` files
/// (a symbolic link, a sub-folder, another file) gives `nil`, and the caller runs the full
/// `scanEntityFiles`, which names such entries.
public struct QuickScan: Sendable {
    public let fingerprint: ScanFingerprint
    public var count: Int { sizes.count }
    /// Per kind folder: its directory name and the range of its entries.
    private let folders: [(kind: EntityKind, range: Range<Int>)]
    /// Every name, NUL-terminated, one after the other; `starts[i]` is where name i begins.
    private let names: [UInt8]
    private let starts: [Int]
    private let sizes: [Int64]
    private let mtimes: [Int64]

    /// The files as `scanEntityFiles` gives them, with the diagnostics it would give (only names
    /// that are no ids can remain, as every entry is a regular `.yaml` file).
    public func files() -> (files: [EntityFile], diagnostics: [Diagnostic]) {
        var files: [EntityFile] = []
        var diags: [Diagnostic] = []
        files.reserveCapacity(count)
        for (kind, range) in folders {
            for i in range {
                let end = names[starts[i]...].firstIndex(of: 0)!
                let name = String(decoding: names[starts[i]..<end], as: UTF8.self)
                let rel = "\(kind.directory)/\(name)"
                if let problem = CatalogLayout.fileNameCodedProblem(String(name.dropLast(5))) {
                    diags.append(.error(rel, .start, problem))
                } else {
                    files.append(EntityFile(path: rel, kind: kind, size: sizes[i], mtimeNs: mtimes[i]))
                }
            }
        }
        return (files, diags)
    }

    init?(layout: CatalogLayout) {
        var names: [UInt8] = []
        var starts: [Int] = []
        var folders: [(kind: EntityKind, range: Range<Int>)] = []
        var dirs: [(EntityKind, Int32, Range<Int>)] = []
        defer { for d in dirs { close(d.1) } }
        for kind in EntityKind.allCases {
            let dirPath = layout.path(kind.directory)
            var st = stat()
            if lstat(dirPath, &st) != 0 { folders.append((kind, starts.count..<starts.count)); continue }
            guard (st.st_mode & S_IFMT) == S_IFDIR, let dir = opendir(dirPath) else { return nil }
            let first = starts.count
            var unusual = false
            while let entry = readdir(dir) {
                let ok: Bool = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
                    guard length > 0, bytes[0] != UInt8(ascii: ".") else { return true } // ., .., temp files
                    // Only a regular file named *.yaml; anything else goes to the full scan.
                    guard entry.pointee.d_type == UInt8(DT_REG), length > 5,
                          Array(bytes[(length - 5)..<length]) == Array(".yaml".utf8) else { return false }
                    starts.append(names.count)
                    names.append(contentsOf: bytes[0..<length])
                    names.append(0)
                    return true
                }
                if !ok { unusual = true; break }
            }
            let fd = dup(dirfd(dir))
            closedir(dir)
            if unusual || fd < 0 { if fd >= 0 { close(fd) }; return nil }
            folders.append((kind, first..<starts.count))
            dirs.append((kind, fd, first..<starts.count))
        }
        let n = starts.count
        var sizes = [Int64](repeating: 0, count: n), mtimes = [Int64](repeating: 0, count: n)
        var sumA: UInt64 = 0, sumB: UInt64 = 0
        var regular = true
        for (kind, fd, range) in dirs where !range.isEmpty {
            let prefix = Array("\(kind.directory)/".utf8)
            let workers = max(1, min(range.count / 256, System.activeProcessorCount * 2))
            var partial = [(UInt64, UInt64, Bool)](repeating: (0, 0, true), count: workers)
            names.withUnsafeBufferPointer { nameBytes in
                sizes.withUnsafeMutableBufferPointer { sz in
                    mtimes.withUnsafeMutableBufferPointer { mt in
                        partial.withUnsafeMutableBufferPointer { out in
                            // Each worker writes its own stripe of indexes and its own slot of `out`.
                            nonisolated(unsafe) let nameBytes = nameBytes
                            nonisolated(unsafe) let sz = sz
                            nonisolated(unsafe) let mt = mt
                            nonisolated(unsafe) let out = out
                            let starts = starts
                            DispatchQueue.concurrentPerform(iterations: workers) { w in
                                var a: UInt64 = 0, b: UInt64 = 0, ok = true
                                var i = range.lowerBound + w
                                while i < range.upperBound {
                                    let name = nameBytes.baseAddress! + starts[i]
                                    var st = stat()
                                    let found = name.withMemoryRebound(to: CChar.self, capacity: 1) { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) } == 0
                                    if !found || (st.st_mode & S_IFMT) != S_IFREG { ok = false; break }
                                    let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
                                    sz[i] = Int64(st.st_size)
                                    mt[i] = mtime
                                    var h = ScanFingerprint.fnvBasis
                                    for byte in prefix { h = ScanFingerprint.fnvStep(h, byte) }
                                    var p = name
                                    while p.pointee != 0 { h = ScanFingerprint.fnvStep(h, p.pointee); p += 1 }
                                    let folded = ScanFingerprint.fold(pathHash: h, Int64(st.st_size), mtime)
                                    a = a &+ folded
                                    b = b &+ ScanFingerprint.secondLane(folded)
                                    i += workers
                                }
                                out[w] = (a, b, ok)
                            }
                        }
                    }
                }
            }
            for (a, b, ok) in partial {
                sumA = sumA &+ a
                sumB = sumB &+ b
                regular = regular && ok
            }
        }
        // A file removed or replaced by something else since it was listed: the full scan decides.
        guard regular else { return nil }
        self.folders = folders
        self.names = names
        self.starts = starts
        self.sizes = sizes
        self.mtimes = mtimes
        fingerprint = ScanFingerprint(count: n, sumA: sumA, sumB: sumB, layout: layout)
    }
}

extension CatalogLayout {
    /// The quick scan of the entity folders, or nil when they hold anything the full scan must judge.
    public func quickScan() -> QuickScan? { QuickScan(layout: self) }
}

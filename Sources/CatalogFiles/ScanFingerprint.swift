#if canImport(Glibc)
import Glibc
#endif

/// What the incremental scan compares — every entity file's path, size and time stamp, and those
/// of `catalog.yaml` and the taxonomy files — folded into one short text.
///
/// The index stores it when it commits a full scan; a later scan that folds to the same text saw
/// no file added, removed or changed (by size or time stamp, exactly what comparing file by file
/// would look at), so the 110,000 stored stamps need not be loaded and compared (docs/0021).
/// Every file is still stat'ed: a file rewritten in place changes its own time stamp, not its
/// folder's, so nothing here skips a folder.
public struct ScanFingerprint: Sendable, Equatable {
    public let text: String

    /// The fingerprint of a scan's `files` (any order) and the catalogue-wide files of `layout`.
    public init(files: [EntityFile], layout: CatalogLayout) {
        var a: UInt64 = 0, b: UInt64 = 0
        for f in files {
            let h = Self.fold(f.path, f.size, f.mtimeNs)
            a = a &+ h
            b = b &+ Self.secondLane(h)
        }
        self.init(count: files.count, sumA: a, sumB: b, layout: layout)
    }

    /// From the sums of `fold` and `secondLane` over `count` files (what `QuickScan` folds on
    /// every core): sums are independent of the scan's order, and two differently mixed lanes
    /// make a chance collision negligible (about 2^-128).
    init(count: Int, sumA: UInt64, sumB: UInt64, layout: CatalogLayout) {
        var head: UInt64 = Self.fnvBasis
        for rel in [CatalogLayout.catalogFile, CatalogLayout.sectorsFile, CatalogLayout.citiesFile, CatalogLayout.acceleratorsFile] {
            var st = stat()
            let h: UInt64
            if stat(layout.path(rel), &st) == 0 {
                h = Self.fold(rel, Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
            } else {
                h = Self.fold(rel, -1, -1)
            }
            head = Self.mix(head ^ h)
        }
        text = "\(count)-" + [head, sumA, sumB].map { String($0, radix: 16) }.joined(separator: "-")
    }

    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) static func fnvStep(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// One file's contribution: FNV-1a of the path, mixed with its size and time stamp.
    static func fold(_ path: String, _ size: Int64, _ mtimeNs: Int64) -> UInt64 {
        var h = fnvBasis
        for byte in path.utf8 { h = fnvStep(h, byte) }
        return fold(pathHash: h, size, mtimeNs)
    }

    @inline(__always) static func fold(pathHash: UInt64, _ size: Int64, _ mtimeNs: Int64) -> UInt64 {
        mix(mix(pathHash ^ UInt64(bitPattern: size)) ^ UInt64(bitPattern: mtimeNs))
    }

    @inline(__always) static func secondLane(_ folded: UInt64) -> UInt64 {
        mix(folded ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// splitmix64's finaliser: every input bit changes about half of the output bits.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

import CatalogCore
import Foundation

extension CodedMessage {
    /// The message in the language in effect: in Chinese from the `Text` its code names (an entity
    /// kind among the arguments in Chinese too); in English and both the English message.
    public var shown: String {
        guard Wording.language == .zh, let text = Text(rawValue: code) else { return message }
        return text.rendered(in: .zh, arguments.map { EntityKind(rawValue: $0).map(Names.kind) ?? $0 })
    }
}

/// An error as a person reads it: a `CodedError` in the language in effect, any other error as
/// it describes itself (the operating system's or a library's text).
public enum ErrorWording {
    public static func shown(_ error: any Error) -> String {
        guard let codedError = error as? any CodedError, var coded = codedError.coded else { return "\(error)" }
        guard Wording.language == .zh else { return coded.message }
        if coded.code == "fileSystem", coded.arguments.count == 3 {
            // What failed and why (errno) in Chinese; an errno not listed keeps the system's text.
            let what = fileWhatChinese[coded.arguments[1]] ?? coded.arguments[1]
            coded.arguments = [coded.arguments[0], what, errnoText(coded.arguments[2])]
        }
        if let cause = codedError.cause, let at = coded.arguments.firstIndex(of: "\(cause)") {
            coded.arguments[at] = shown(cause)
        }
        return coded.shown
    }

    /// What failed, as `FileError.posix` names it.
    static let fileWhatChinese: [String: String] = [
        "cannot create a temporary file": "无法创建临时文件", "cannot create the file": "无法创建文件",
        "cannot create the file (this file system supports neither renameat2 nor hard links)": "无法创建文件（该文件系统既不支持 renameat2，也不支持硬链接）",
        "cannot create directory": "无法创建目录",
        "cannot flush the files to disk": "无法把文件写入磁盘", "cannot open": "无法打开",
        "cannot open the write lock": "无法打开写锁", "cannot remove": "无法删除",
        "cannot set the damaged journal aside": "无法把损坏的修改记录移到一旁", "cannot stat": "无法读取文件信息",
        "cannot take the write lock": "无法取得写锁", "chmod failed": "无法设置权限", "fsync failed": "无法写入磁盘",
        "read failed": "读取失败", "rename failed": "重命名失败", "write failed": "写入失败",
    ]

    /// Why a system call failed, in Chinese: `errno` (as its decimal text) from the table below, an
    /// errno not listed as the system's own `strerror` text.
    public static func errnoText(_ number: String) -> String {
        guard let n = Int32(number) else { return number }
        return errnoChinese[n] ?? String(cString: strerror(n))
    }

    /// The reasons a save, a read or a scan meets (docs/0026: 35 values; on Linux EWOULDBLOCK is
    /// EAGAIN and ENOTSUP is EOPNOTSUPP, so each is listed once).
    public static let errnoChinese: [Int32: String] = [
        ENOENT: "没有这个文件或目录", EACCES: "没有权限", EPERM: "不允许这样操作", ENOSPC: "磁盘已满",
        EROFS: "文件系统只读", EEXIST: "文件已存在", EDQUOT: "超出磁盘配额", EISDIR: "这是一个目录",
        ENOTDIR: "路径中有一项不是目录", EIO: "读写设备出错", EBUSY: "设备或资源正忙", EXDEV: "不能跨文件系统移动",
        ENAMETOOLONG: "文件名太长", EMFILE: "打开的文件太多", ELOOP: "符号链接层数太多",
        ENFILE: "系统中打开的文件太多", ENOTEMPTY: "目录不是空的", EFBIG: "文件太大", ETXTBSY: "文件正被执行",
        EINVAL: "参数无效", EAGAIN: "资源暂时不可用，请重试", EINTR: "操作被中断", ENOMEM: "内存不足",
        EBADF: "文件描述符无效", ESTALE: "网络文件句柄已失效", ENXIO: "没有这个设备或地址", ENODEV: "没有这个设备",
        ETIMEDOUT: "连接超时", ECONNREFUSED: "连接被拒绝", ENETUNREACH: "网络不可达", EHOSTUNREACH: "主机不可达",
        ENOLCK: "没有可用的锁", EMLINK: "链接太多", EPIPE: "管道已断开", EOPNOTSUPP: "不支持这项操作",
    ]
}

import CatalogCore

/// The names of things: the values of stage, status, data class, role, filing kind, tier, workload,
/// unit and function, and the catalogue's field names, as people read them. The one table the
/// screens, the CLI's tables and the spreadsheet exports all name them from; the ids stay in
/// JSON, YAML and list.yaml.
public enum Names {
    /// Chinese names of enumerated values, by id (the ids of different fields never clash in meaning).
    public static let chinese: [String: String] = [
        "proposed": "提出", "piloting": "试点", "demonstration": "示范", "scaled": "推广",
        "draft": "草稿", "approved": "已批准", "withdrawn": "已撤回",
        "general": "一般", "important": "重要", "core": "核心",
        "deployed": "已部署", "candidate": "候选", "evaluated": "已评估",
        "training": "训练", "fine-tuning": "微调", "inference": "推理",
        "pflops": "PFLOPS", "cards": "卡",
        "filed": "备案", "registered": "登记",
        "active": "有效", "suspended": "暂停",
        "national-hub": "国家枢纽节点", "provincial": "省级", "city": "市级",
        "operating": "运营中", "building": "建设中", "planned": "规划中",
        "chat": "对话", "text": "文本", "image": "图像", "audio": "音频", "video": "视频", "code": "代码",
    ]

    /// The fields whose values `chinese` names.
    public static let namedFields: Set<String> = [
        "stage", "status", "data_class", "role", "filing_kind", "tier", "workload", "unit", "functions",
    ]

    /// The Chinese name of a value; a value without one as itself.
    public static func zh(_ value: String) -> String { chinese[value] ?? value }

    /// A value as the language in effect shows it in running text: `试点`, `piloting`, `试点 piloting`.
    public static func shown(_ value: String) -> String {
        switch Wording.language {
        case .zh: return zh(value)
        case .en: return value
        case .both:
            guard let name = chinese[value], name != value else { return value }
            return "\(name) \(value)"
        }
    }

    /// A value where a column has room for one word: Chinese unless the language is English.
    public static func short(_ value: String) -> String { Wording.language == .en ? value : zh(value) }

    public static func shown<V: RawRepresentable>(_ value: V?) -> String where V.RawValue == String { value.map { shown($0.rawValue) } ?? "" }
    public static func short<V: RawRepresentable>(_ value: V?) -> String where V.RawValue == String { value.map { short($0.rawValue) } ?? "" }

    /// A taxonomy entry's two names (a sector, a city) as the language in effect shows them.
    public static func pair(_ zh: String, _ en: String) -> String {
        switch Wording.language {
        case .zh: return zh
        case .en: return en
        case .both: return "\(zh) \(en)"
        }
    }

    /// An entity kind's name: `场景` in Chinese, `Scenario` otherwise (as the pages always named it).
    public static func kind(_ kind: EntityKind) -> String {
        guard Wording.language == .zh else { return kind.rawValue }
        switch kind {
        case .scenario: return "场景"
        case .model: return "模型"
        case .center: return "算力中心"
        }
    }

    /// Chinese names of the catalogue's fields (forms, the CLI's table headers, `show`).
    public static let fieldChinese: [String: String] = [
        "id": "标识", "title": "标题", "title_en": "英文标题", "sector": "行业", "city": "城市", "stage": "阶段",
        "status": "状态", "withdrawn_reason": "撤回原因", "demand_org": "需求方", "supplier_orgs": "供给方", "summary": "简介", "data_class": "数据分级",
        "tags": "标签", "models": "模型", "compute": "算力需求", "since": "起始季度", "links": "链接", "contact": "联系人",
        "updated": "更新", "name": "名称", "provider": "备案单位", "filing_kind": "备案类型", "filing_no": "备案号",
        "filed_on": "备案日期", "jurisdiction": "属地", "functions": "功能", "domain": "领域", "params_b": "参数(十亿)",
        "open_source": "开源", "license": "许可证", "base_model": "基座模型", "government": "政务大模型",
        "operator": "运营方", "tier": "层级", "capacity_pflops_fp16": "容量", "accelerators": "加速卡",
        "workload": "负载", "amount": "数量", "unit": "单位", "accelerator": "加速卡", "precision": "精度",
        "center": "算力中心", "from": "起", "until": "止", "model": "模型", "role": "角色", "kind": "类型",
        "description": "说明", "owner": "所属单位", "format": "格式",
    ]

    /// A field's path (`city`, `compute[0].amount`) with a top-level field named in Chinese in `zh`.
    public static func fieldOrPath(_ path: String) -> String {
        Wording.language == .zh ? fieldChinese[path] ?? path : path
    }

    /// A field's name as the language in effect shows it: `行业`, `sector`, `行业 sector`.
    public static func field(_ name: String) -> String {
        guard let zh = fieldChinese[name] else { return name }
        switch Wording.language {
        case .zh: return zh
        case .en: return name
        case .both: return "\(zh) \(name)"
        }
    }
}

extension Diagnostic {
    /// The message in the language in effect: a coded message in Chinese from the `diag…` texts;
    /// otherwise (and in English and both) the English message, as `formatted()` prints it.
    public var shownMessage: String {
        guard Wording.language == .zh, let code else { return message }
        // A sheet cell's problem: the message's own wording, then its column (letters, header).
        if code.hasPrefix("Cell."), arguments.count >= 2 {
            let inner = Diagnostic(severity, file, position, message, code: String(code.dropFirst(5)), arguments: Array(arguments.dropLast(2)))
            guard inner.shownMessage != message else { return message }
            return inner.shownMessage + Text.diagCellColumn.rendered(in: .zh, Array(arguments.suffix(2)))
        }
        if code.hasPrefix("Register"), let worded = Self.registerFinding(code, arguments) { return worded }
        guard let text = Text(rawValue: "diag" + code) else { return message }
        // A file that cannot be read: what failed and why (errno) from the tables of ErrorWording.
        if code == "FileSystem", arguments.count == 2 {
            return text.rendered(in: .zh, [ErrorWording.fileWhatChinese[arguments[0]] ?? arguments[0], ErrorWording.errnoText(arguments[1])])
        }
        // A file name that is not an id: why, in Chinese.
        if code.hasPrefix("FileName"), arguments.count >= 3 {
            var shown = arguments
            shown[1] = Self.fileNameWhyChinese[arguments[1]] ?? arguments[1]
            return text.rendered(in: .zh, shown)
        }
        // An entity kind (`Scenario` in `missing required key 'title' in Scenario`), a model's
        // status, what a YAML value was (`a number`) and what a reference names (`sector`) read in
        // Chinese too; other arguments are ids, keys and values as written.
        let kindAt = Self.valueKindArgument[code]
        let shown = arguments.enumerated().map { i, a -> String in
            if let kind = EntityKind(rawValue: a) { return Names.kind(kind) }
            if i + 1 == kindAt { return Self.valueKindChinese[a] ?? a }
            if i == 0 && code.hasPrefix("UnknownReference") { return Self.referenceChinese[a] ?? a }
            if i == 0 && (code.hasPrefix("SheetUnknown") || code == "SheetEmpty") { return Names.fieldChinese[a] ?? a }
            return code == "ModelStatus" ? Names.zh(a) : a
        }
        return text.rendered(in: .zh, shown)
    }

    /// A model's finding against the filing registers (`RegisterReview.codedMessage`) and a deployed
    /// model that blocks publishing, in Chinese: the differing fields are a list of triples.
    static func registerFinding(_ code: String, _ a: [String]) -> String? {
        func zh(_ t: Text, _ arguments: [String]) -> String { t.rendered(in: .zh, arguments) }
        func no(_ n: String) -> String { n.isEmpty ? zh(.diagRegisterEmptyNo, []) : zh(.diagRegisterNo, [n]) }
        func suggest(_ rest: ArraySlice<String>) -> String { rest.count == 3 ? zh(.diagRegisterSuggest, Array(rest)) : "" }
        switch code {
        case "RegisterMismatch" where a.count >= 2:
            let fields = stride(from: 2, to: a.count - 2, by: 3).map { i in
                zh(.diagRegisterField, [RegisterMismatch(field: a[i], ours: "", theirs: "").shownLabel, a[i + 1], a[i + 2]])
            }
            return zh(.diagRegisterMismatch, [no(a[0]), a[1].isEmpty ? zh(.diagRegisterTheRegister, []) : a[1], fields.joined(separator: "；")])
        case "RegisterNotFound", "RegisterNotFoundSuggest":
            guard a.count >= 1 else { return nil }
            return zh(.diagRegisterNotFound, [no(a[0])]) + suggest(a.dropFirst(1))
        case "RegisterRemoved", "RegisterRemovedSuggest":
            guard a.count >= 3 else { return nil }
            return zh(.diagRegisterRemoved, [no(a[0]), a[1].isEmpty ? zh(.diagRegisterEarlier, []) : a[1], a[2].isEmpty ? zh(.diagRegisterLatest, []) : a[2]])
                + suggest(a.dropFirst(3))
        case "RegisterBlocks" where a.count == 3:
            let status = RegisterStatus.Kind(rawValue: a[1])?.zh ?? a[1]
            return zh(.diagRegisterBlocks, [a[0], status, a[2]])
        default:
            return nil
        }
    }

    /// Why a file name is not an id (`CatalogLayout.fileNameProblem`) in Chinese.
    static let fileNameWhyChinese: [String: String] = [
        "'..' is not allowed": "不允许 '..'", "spaces are not allowed": "不允许空格",
        "capital letters are not allowed": "不允许大写字母", "an id has 2 to 63 characters": "标识须有 2 到 63 个字符",
        "an id has at most 63 characters": "标识最多 63 个字符", "ids use lower-case letters, digits and '-'": "标识只用小写字母、数字和 '-'",
    ]

    /// Which argument (1-based) names the kind of a YAML value (`Value.kindName`), by code.
    static let valueKindArgument: [String: Int] = [
        "ExpectedMapping": 2, "TextQuote": 2, "TextKind": 2, "OneOfKind": 3, "NumberKind": 2, "NumberValue": 2, "NumberQuoted": 2,
        "WholeKind": 2, "WholeValue": 2, "BoolKind": 2, "BoolValue": 2, "BoolQuoted": 2, "DateKind": 2, "QuarterKind": 2,
        "ListKind": 2, "EntityMapping": 1, "RegisterMapping": 1, "RegisterRowMapping": 1, "KindInFile": 2, "Domain": 1, "KindOneOf": 2,
    ]

    /// `Value.kindName` in Chinese.
    static let valueKindChinese: [String: String] = [
        "nothing (null)": "空值", "text": "文本", "a number": "数字", "a boolean": "布尔值", "a date": "日期",
        "a list": "列表", "a mapping": "映射",
    ]

    /// `ReferenceKind` in Chinese.
    static let referenceChinese: [String: String] = [
        "sector": "行业", "city": "城市", "model": "模型", "center": "算力中心", "accelerator": "加速卡",
    ]

    /// `PATH:LINE:COL: error: MESSAGE` with the message in the language in effect: the prefix
    /// stays as editors and scripts read it.
    public func shown(prefix: String = "") -> String {
        let line = formatted(prefix: prefix)
        guard Wording.language == .zh, code != nil else { return line }
        return String(line.dropLast(message.count)) + shownMessage
    }
}

extension RegisterMismatch {
    /// The differing field as a person reads it: `名称` in zh, `名称 name` in both, `name` in en
    /// (the register's own words: name, organisation, date); `label` is the bilingual one.
    public var shownLabel: String {
        switch field {
        case "name": return Text.registerFieldName.text
        case "provider": return Text.registerFieldOrganisation.text
        default: return Text.registerFieldDate.text
        }
    }
}

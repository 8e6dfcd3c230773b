extension Text {
    /// How `both` joins a text's two wordings where it is not `中文 English` (see `Joint`). The
    /// help screen's texts, its headings and the hint bar's labels (keys `help…`, `context…`,
    /// `hint…`) were English only and stay so in `both`: see `defaultJoint`.
    static let bilingual: [Text: Joint] = [
        // Tabs, header, status line, lists
        .sortTitle: .chinese,
        .sortCity: .chinese,
        .sortStage: .chinese,
        .sortStatus: .chinese,
        .sortModels: .chinese,
        .sortSince: .chinese,
        .sortUpdated: .chinese,
        .sortName: .chinese,
        .sortProvider: .chinese,
        .sortFilingNo: .chinese,
        .sortParams: .chinese,
        .sortUsedBy: .chinese,
        .sortTier: .chinese,
        .sortCapacity: .chinese,
        .sortDemand: .chinese,
        .sortUtilisation: .chinese,
        .searchPlaceholder: .chinese,
        .tooSmallTitle: .dot,
        .tooSmallSize: .english,
        .tooSmallEnlarge: .dot,
        .tooSmallUnsavedForm: .exact("表单有未保存的修改 · unsaved form: enlarge to save or discard"),
        .tooSmallQuit: .english,
        .headerIndexingPercent: .exact("索引中 indexing {1}%"),
        .headerIndexing: .exact("索引中 indexing…"),
        .headerErrors: .exact("{1} 个错误 errors (!)"),
        .headerPendingFiles: .exact("{1} 个文件已更改 changed (r)"),
        .statusEntriesSort: .exact("{1} 条 entries · 排序 sort: {2} {3}"),
        .statusCounts: .chinese,
        .filtersNone: .exact("筛选 filters: 无 none — f 添加 add"),
        .filtersLabel: .chinese,
        .filtersClear: .exact("F 清除 clear"),
        .columnUpdated: .chinese,
        .columnParamsB: .chinese,
        .columnScenarios: .chinese,
        .listEmpty: .exact("（空）empty"),
        .listNothingMatches: .exact("没有符合筛选的条目 · nothing matches the filters (F clears)"),
        // Forms
        .formRowTitle: .exact("{1} · 第 {2} 行 row {2}"),
        // END OF TABLE
    ]
}

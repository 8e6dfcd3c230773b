import GRDB

/// The index's tables, created by a versioned migration.
///
/// The index is derived from the files, so a schema change needs no data migration: the
/// migration's identifier carries a fingerprint of the schema text, and an index made with any
/// other schema (older or newer scencat) is erased on open and refilled by the next indexing run.
enum IndexSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration(identifier) { db in
            try db.execute(sql: tables)
            try db.execute(sql: searchTablesSQL)
            try db.execute(sql: PinyinIndex.tablesSQL)
            try db.execute(sql: secondaryIndexes.map { $0 + ";" }.joined(separator: "\n"))
        }
        return m
    }

    /// `v1-` and the FNV-1a hash of everything the migration creates.
    static let identifier: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (tables + searchTablesSQL + PinyinIndex.tablesSQL + secondaryIndexes.joined(separator: ";")).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "v1-" + String(hash, radix: 16)
    }()

    /// FTS5 columns of `search`, in order; `ListSQL.bm25` weights follow it.
    static let searchColumns = ["name", "orgs", "tags", "summary", "ident", "kind"]
    /// The full-text tables, which a bulk load merges once at the end.
    static let searchTables = ["search", "search_name"]

    /// Tables and the indexes that enforce uniqueness or serve deletes.
    ///
    /// The index holds no copy of an entity (docs/0029): what the columns do not hold is read
    /// from the entity's file, hash-checked against `file.hash`. `entity.pk` is AUTOINCREMENT, so
    /// a pk is never used twice: a changed entity gets a new row, and the contentless text
    /// indexes' rows of the old pk are dead (joins with `entity` drop them; see
    /// `IndexWriter.forgetSearchDocument`). Child rows are deleted by the writer, not by foreign keys: a foreign-key check per
    /// inserted row costs more than it protects in a table only the writer touches.
    static let tables = """
    CREATE TABLE entity (
        pk INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_en TEXT,
        sector TEXT,            -- scenario sector
        city TEXT,              -- scenario and center city, model jurisdiction
        stage TEXT,
        stage_ord INTEGER,      -- lifecycle order of stage, for sorting
        status TEXT NOT NULL,
        since TEXT,             -- YYYY-Qn sorts as text in quarter order
        data_class TEXT,
        demand_org TEXT,
        provider TEXT,
        filing_kind TEXT,
        filing_no TEXT,
        filed_on TEXT,
        functions TEXT,         -- ",chat,text," so one function is found with instr()
        domain TEXT,            -- ",healthcare,finance," for a limited domain; NULL when general
        params_b REAL,
        base_model TEXT,
        government INTEGER,
        open_source INTEGER,
        operator TEXT,
        tier TEXT,
        tier_ord INTEGER,       -- national-hub, provincial, city
        capacity REAL,
        peak_pflops REAL,       -- scenario: ComputeMath.peakDemand
        model_count INTEGER,    -- scenario: linked models
        used_by INTEGER,        -- model: scenarios linking it (kept by IndexWriter)
        updated TEXT
    );

    CREATE TABLE scenario_model (
        scenario INTEGER NOT NULL,  -- entity.pk
        model_id TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (scenario, model_id)
    ) WITHOUT ROWID;

    CREATE TABLE compute_need (
        scenario INTEGER NOT NULL,  -- entity.pk
        row INTEGER NOT NULL,       -- position in the scenario's compute list
        workload TEXT NOT NULL,
        amount REAL NOT NULL,
        unit TEXT NOT NULL,
        accelerator TEXT,
        precision TEXT,
        center_id TEXT,
        from_q INTEGER NOT NULL,    -- Quarter.ordinal
        until_q INTEGER,            -- NULL: open-ended
        pflops REAL,                -- NULL when the accelerator is unknown
        -- Copies of the scenario's fields that demand figures group by, so that stats and
        -- center loads read this table alone (rewritten with the scenario).
        live INTEGER NOT NULL,      -- 1 unless the scenario is withdrawn
        sector TEXT NOT NULL,
        city TEXT NOT NULL,
        PRIMARY KEY (scenario, row)
    ) WITHOUT ROWID;

    CREATE TABLE ref (
        entity INTEGER NOT NULL,    -- entity.pk
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,         -- ReferenceKind raw value
        target TEXT NOT NULL,
        line INTEGER NOT NULL,
        col INTEGER NOT NULL,
        field TEXT NOT NULL,
        PRIMARY KEY (entity, seq)
    ) WITHOUT ROWID;

    CREATE TABLE file (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash TEXT NOT NULL,
        entity_id TEXT              -- NULL for catalog.yaml and taxonomy files
    ) WITHOUT ROWID;

    CREATE TABLE taxonomy_sector (id TEXT PRIMARY KEY, ord INTEGER NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE taxonomy_city (id TEXT PRIMARY KEY, ord INTEGER NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE taxonomy_accelerator (
        id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, vendor TEXT NOT NULL,
        domestic INTEGER NOT NULL, fp16_tflops REAL NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

    """

    /// The full-text tables. Their text is `SearchText.indexText` per column, case and diacritics
    /// already folded, hence the `ascii` tokenizer (which only splits on ASCII punctuation and
    /// spaces, and indexes ~40 % faster than `unicode61`); rowid = entity.pk. `kind` holds the
    /// entity kind as a word, so that a kind filter is part of the full-text query. prefix='1'
    /// indexes every token's first character, so a one-character query (医, s) is a lookup
    /// instead of a merge of every token that starts with it. `search_name` holds names alone:
    /// the first tier of a query too common to rank (see `IndexStore.search`), found in a small
    /// index however many summaries mention the word.
    /// Both are contentless (`content = ''`): only `rowid`, `MATCH` and `bm25` are ever read, so
    /// FTS5 keeps no copy of the text (a third of the index, docs/0021). SQLite 3.40 has no
    /// `contentless_delete`, and the text a row was made from is gone once its file changed, so a
    /// changed or removed entity's rows are left in place as dead rows (their pk no longer
    /// exists; every query joins `entity`), counted in `meta.dead_documents`; `Indexer` reloads
    /// the index when they grow too many (docs/0029).
    /// The comment names the tokenization (SearchText): changing it changes the identifier, so
    /// indexes holding the old tokens are rebuilt.
    static let searchTablesSQL = """
    -- tokens: words, CJK and emoji bigrams (2)
    CREATE VIRTUAL TABLE search USING fts5(name, orgs, tags, summary, ident, kind, tokenize = 'ascii', prefix = '1', content = '');
    CREATE VIRTUAL TABLE search_name USING fts5(name, kind, tokenize = 'ascii', prefix = '1', content = '');
    """

    /// Indexes for filters, sorts and lookups. A bulk load drops them and builds them again at
    /// the end, which is several times faster than keeping them up to date row by row.
    static let secondaryIndexes = [
        "CREATE INDEX entity_kind_id ON entity(kind, id)",
        "CREATE INDEX entity_status ON entity(kind, status, id)",
        "CREATE INDEX entity_city ON entity(kind, city, id)",
        "CREATE INDEX entity_since ON entity(kind, since, id)",
        "CREATE INDEX entity_updated ON entity(kind, updated, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_sector ON entity(kind, sector, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_stage ON entity(kind, stage_ord, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_data_class ON entity(kind, data_class, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_peak ON entity(kind, peak_pflops, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_model_count ON entity(kind, model_count, id) WHERE kind = 'Scenario'",
        "CREATE INDEX entity_provider ON entity(kind, provider, id) WHERE kind = 'Model'",
        "CREATE INDEX entity_filing_no ON entity(kind, filing_no, id) WHERE kind = 'Model'",
        "CREATE INDEX entity_filing_kind ON entity(kind, filing_kind, id) WHERE kind = 'Model'",
        "CREATE INDEX entity_params ON entity(kind, params_b, id) WHERE kind = 'Model'",
        "CREATE INDEX entity_used_by ON entity(kind, used_by, id) WHERE kind = 'Model'",
        "CREATE INDEX entity_base_model ON entity(base_model) WHERE base_model IS NOT NULL",
        "CREATE INDEX scenario_model_model ON scenario_model(model_id, scenario)",
        "CREATE INDEX compute_need_center ON compute_need(center_id, live, from_q, until_q, pflops)",
        // Covers the demand series and the sector and city breakdowns of `stats`.
        "CREATE INDEX compute_need_live ON compute_need(live, from_q, until_q, pflops, sector, city)",
        // References between entities, to find those a removal leaves dangling. Taxonomy
        // references (most of them) are only checked in full, when the taxonomy changes.
        "CREATE INDEX ref_target ON ref(target, kind) WHERE kind IN ('model', 'center')",
    ] + PinyinIndex.secondaryIndexes

    /// The name of each secondary index, for dropping.
    static var secondaryIndexNames: [String] {
        secondaryIndexes.map { $0.split(separator: " ")[2].description }
    }
}

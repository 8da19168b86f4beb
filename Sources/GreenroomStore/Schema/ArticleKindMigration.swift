import GRDB
import GreenroomCore

// v22-article-kinds: the resource hub's creator-facing resources (issue 26; `ArticleKind`).
extension Schema {
    /// - `article.kind` (synced): `reply` (every article so far, and every macro), `guide`,
    ///   `toolkit` or `link`. Rows already here, and rows a peer's older lines insert without
    ///   the field, take the default `reply`.
    /// - `article.url` (synced): where the resource lives (`ResourceURL`); a `link` needs one.
    /// Both carry their own checks, as `snoozed_until` does (v21): SQLite refuses a kind it
    /// does not know and a URL that is not text, whoever writes them. The kind's check is an OR
    /// chain, not an IN list (v11-checks says why).
    static let v22ArticleKinds = """
    ALTER TABLE article ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply' CHECK (kind = 'reply' OR kind = 'guide' OR kind = 'toolkit' OR kind = 'link');
    ALTER TABLE article ADD COLUMN url TEXT CHECK (url IS NULL OR typeof(url) = 'text');
    CREATE INDEX article_kind ON article(kind, title) WHERE deleted = 0;
    """
}

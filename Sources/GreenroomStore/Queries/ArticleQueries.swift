import Foundation
import GRDB
import GreenroomCore

/// An article as the editor (or `greenroom kb add/edit`) asks for it: `id` nil creates one.
public struct ArticleDraft: Hashable, Sendable {
    public var id: String?
    public var title: String
    public var body: String
    public var isMacro: Bool
    public var macroStatus: TicketStatus?
    public var macroPriority: TicketPriority?
    public var macroTags: [String]
    public var kind: ArticleKind
    public var url: String?

    public init(id: String? = nil, title: String, body: String, isMacro: Bool = false, macroStatus: TicketStatus? = nil,
                macroPriority: TicketPriority? = nil, macroTags: [String] = [], kind: ArticleKind = .reply, url: String? = nil) {
        self.id = id; self.title = title; self.body = body; self.isMacro = isMacro
        self.macroStatus = macroStatus; self.macroPriority = macroPriority; self.macroTags = macroTags
        self.kind = kind; self.url = url
    }

    /// A draft that edits `article`.
    public init(_ article: Article) {
        self.init(id: article.id, title: article.title, body: article.body, isMacro: article.isMacro,
                  macroStatus: article.macroStatus, macroPriority: article.macroPriority, macroTags: article.macroTags,
                  kind: article.kind, url: article.url)
    }
}

/// The knowledge base: articles and macros. Saved directly (no undo); every write is stamped
/// and goes to the outbox like any other.
extension Store {
    /// The longest title an article may have, in characters.
    public static let articleTitleLimit = 120

    /// Live articles matching `search` (a phrase, case-insensitive for ASCII) in their title
    /// or body: title prefix matches first, then title matches, then body matches; title A–Z
    /// within each. An empty search lists every article A–Z. `kinds` keeps only articles of
    /// those kinds (nil: every kind).
    public func articles(search: String = "", macrosOnly: Bool = false, kinds: Set<ArticleKind>? = nil, limit: Int = 200) throws -> [Article] {
        let phrase = search.trimmingCharacters(in: .whitespacesAndNewlines)
        guard limit > 0 else { return [] }
        var conditions = ["deleted = 0"]
        var arguments: [(any DatabaseValueConvertible)?] = []
        if macrosOnly { conditions.append("is_macro = 1") }
        if let kinds {
            guard !kinds.isEmpty else { return [] }
            conditions.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += kinds.map(\.rawValue).sorted()
        }
        var order = "title COLLATE NOCASE, title, id"
        if !phrase.isEmpty {
            let escaped = Store.likeEscaped(phrase)
            let contains = "%" + escaped + "%"
            conditions.append(#"(title LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\' OR url LIKE ? ESCAPE '\')"#)
            arguments += [contains, contains, contains]
            order = #"CASE WHEN title LIKE ? ESCAPE '\' THEN 0 WHEN title LIKE ? ESCAPE '\' THEN 1 ELSE 2 END, "# + order
            arguments += [escaped + "%", contains]
        }
        arguments.append(limit)
        let sql = "SELECT \(Article.selectColumns) FROM article WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?"
        return try read { db in try Article.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// A live article by id; nil when there is none or it was deleted.
    public func article(id: String) throws -> Article? {
        try read { db in try Store.liveArticle(id: id, db) }
    }

    /// The article `ref` names: its id, its exact title, or a unique title prefix (all
    /// case-insensitive). Throws a one-line reason when nothing or several match.
    public func article(ref: String) throws -> Article {
        let clean = ref.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { throw GreenroomError.invalidInput("name an article by its id or the start of its title") }
        return try read { db in
            if let byID = try Store.liveArticle(id: clean.lowercased(), db) { return byID }
            let all = try Article.fetchAll(db, sql: "SELECT \(Article.selectColumns) FROM article WHERE deleted = 0 ORDER BY title COLLATE NOCASE, title")
            let wanted = clean.lowercased()
            if let exact = all.first(where: { $0.title.lowercased() == wanted }) { return exact }
            let matches = all.filter { $0.title.lowercased().hasPrefix(wanted) }
            switch matches.count {
            case 1: return matches[0]
            case 0: throw GreenroomError.invalidInput("no article matches \"\(TerminalText.sanitize(clean))\"")
            default:
                let shown = matches.prefix(3).map { "\"\(TerminalText.sanitize($0.title))\"" }.joined(separator: ", ")
                throw GreenroomError.invalidInput("\"\(TerminalText.sanitize(clean))\" matches \(matches.count) articles (\(shown)\(matches.count > 3 ? ", …" : "")); type more of the title")
            }
        }
    }

    /// Creates the article (`draft.id` nil) or updates the fields that changed, after
    /// checking it; returns it as stored. Nothing is written when something is wrong or
    /// nothing changed.
    ///
    /// Checks: the title is 1–120 characters on one line once trimmed and unique among live
    /// articles (ignoring case); the body is not blank (a link's may be: its URL is the
    /// content); only a macro sets a status, priority or tags, and a macro is a reply; the URL
    /// is an http(s) address (`ResourceURL`) and a link has one. Tags are trimmed, lowercased,
    /// inner spaces become dashes, duplicates dropped; the URL is trimmed, blank is none.
    @discardableResult
    public func saveArticle(_ draft: ArticleDraft) throws -> Article {
        let clean = try Store.validated(draft)
        return try write { db in
            let others = try Row.fetchAll(db, sql: "SELECT id, title FROM article WHERE deleted = 0")
            let wanted = clean.title.lowercased()
            if others.contains(where: { ($0["id"] as String) != draft.id && ($0["title"] as String).lowercased() == wanted }) {
                throw GreenroomError.invalidInput("an article titled \"\(TerminalText.sanitize(clean.title))\" already exists")
            }
            let stamp = now
            guard let id = draft.id else {
                let article = Article(id: UUIDv7.make(millis: stamp), title: clean.title, body: clean.body, isMacro: clean.isMacro,
                                      macroStatus: clean.macroStatus, macroPriority: clean.macroPriority, macroTags: clean.macroTags,
                                      updatedAt: stamp, kind: clean.kind, url: clean.url)
                try insertStamped(article, in: db)
                return article
            }
            guard var article = try Store.liveArticle(id: id, db) else {
                throw GreenroomError.invalidInput("that article no longer exists")
            }
            var fields: [String: DatabaseValue] = [:]
            if article.title != clean.title { fields["title"] = clean.title.databaseValue }
            if article.body != clean.body { fields["body"] = clean.body.databaseValue }
            if article.isMacro != clean.isMacro { fields["is_macro"] = clean.isMacro.databaseValue }
            if article.macroStatus != clean.macroStatus { fields["macro_status"] = clean.macroStatus?.rawValue.databaseValue ?? .null }
            if article.macroPriority != clean.macroPriority { fields["macro_priority"] = clean.macroPriority?.rawValue.databaseValue ?? .null }
            if article.macroTags != clean.macroTags { fields["macro_tags"] = JSONText.encode(clean.macroTags).databaseValue }
            if article.kind != clean.kind { fields["kind"] = clean.kind.rawValue.databaseValue }
            if article.url != clean.url { fields["url"] = clean.url?.databaseValue ?? .null }
            guard !fields.isEmpty else { return article }
            if stamp != article.updatedAt { fields["updated_at"] = stamp.databaseValue }
            try updateStamped(.article, id: id, fields: fields, in: db)
            article.title = clean.title; article.body = clean.body; article.isMacro = clean.isMacro
            article.macroStatus = clean.macroStatus; article.macroPriority = clean.macroPriority; article.macroTags = clean.macroTags
            article.kind = clean.kind; article.url = clean.url
            article.updatedAt = stamp
            return article
        }
    }

    /// Deletes an article (a tombstone, so the deletion syncs). It disappears from every list.
    public func deleteArticle(id: String) throws {
        try write { db in
            guard let article = try Store.liveArticle(id: id, db) else {
                throw GreenroomError.invalidInput("that article no longer exists")
            }
            var fields: [String: DatabaseValue] = ["deleted": true.databaseValue]
            if now != article.updatedAt { fields["updated_at"] = now.databaseValue }
            try updateStamped(.article, id: id, fields: fields, in: db)
        }
    }

    // MARK: Helpers

    static func liveArticle(id: String, _ db: Database) throws -> Article? {
        try Article.fetchOne(db, sql: "SELECT \(Article.selectColumns) FROM article WHERE id = ? AND deleted = 0", arguments: [id])
    }

    /// The draft with its title trimmed, trailing blank space cut from the body and tags
    /// normalized; throws the first problem as one line.
    static func validated(_ draft: ArticleDraft) throws -> ArticleDraft {
        var clean = draft
        clean.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.title.isEmpty { throw GreenroomError.invalidInput("an article needs a title") }
        if clean.title.count > articleTitleLimit {
            throw GreenroomError.invalidInput("a title can be at most \(articleTitleLimit) characters (this one has \(clean.title.count))")
        }
        if clean.title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw GreenroomError.invalidInput("the title must be one line of plain text (no control characters)")
        }
        var body = draft.body
        while let last = body.last, last.isWhitespace { body.removeLast() }
        if body.isEmpty && draft.kind != .link { throw GreenroomError.invalidInput("an article needs a body") }
        clean.body = body
        clean.url = ResourceURL.normalized(draft.url)
        if let url = clean.url, let problem = ResourceURL.problem(url) { throw GreenroomError.invalidInput(problem) }
        if clean.kind == .link && clean.url == nil { throw GreenroomError.invalidInput("a link needs a URL (http:// or https://)") }
        if clean.isMacro && clean.kind != .reply {
            throw GreenroomError.invalidInput("a macro answers tickets, so it is a reply, not a \(clean.kind.rawValue)")
        }
        var tags: [String] = []
        for raw in draft.macroTags {
            let tag = normalizeTag(raw)
            if tag.isEmpty { throw GreenroomError.invalidInput("a tag cannot be empty") }
            if tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "," }) {
                throw GreenroomError.invalidInput("tag \"\(TerminalText.sanitize(tag))\" has characters a tag cannot have")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        clean.macroTags = tags
        if !clean.isMacro {
            var set: [String] = []
            if clean.macroStatus != nil { set.append("a status") }
            if clean.macroPriority != nil { set.append("a priority") }
            if !clean.macroTags.isEmpty { set.append("tags") }
            if !set.isEmpty {
                throw GreenroomError.invalidInput("only a macro can set \(set.joined(separator: " or ")); this article is not a macro")
            }
        }
        return clean
    }

    /// `text` with LIKE's wildcards and escape character escaped by a backslash.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

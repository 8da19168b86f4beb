import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore

/// `greenroom kb [list|add|edit|show|remove]`: the knowledge base of articles and macros.
/// Every edit is checked first: it prints one confirming line, or one line saying why not
/// (exit 2) and changes nothing.
struct KBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "The knowledge base: reply articles, macros, and creator-facing resources (guides, toolkits, links).",
        discussion: """
        An article is titled text of a kind: a reply (an agent's answer, the default), or a \
        creator-facing resource — a guide, a toolkit, or a link (which needs --url) — that \
        kb send sends to creators or a community. A macro is a reply that also sets a ticket's status, \
        priority or tags when applied. Text may use {{creator.handle}}, {{creator.name}}, \
        {{network.name}}, {{ticket.key}}, {{ticket.subject}}, {{agent.handle}} and {{agent.name}}. \
        REF is an article's id or the start of its title. \
        Examples: greenroom kb add --title "Payout delay" --body-file payout.txt --macro --status pending --tag payout; \
        greenroom kb add --title "Lighting kit" --kind link --url https://example.com/kit; \
        greenroom kb list --search payout; greenroom kb list --kind resource; greenroom kb edit payout --priority high; \
        greenroom kb remove "payout delay"
        """,
        subcommands: [List.self, Add.self, Edit.self, Show.self, Remove.self, Send.self, Sent.self],
        defaultSubcommand: List.self
    )

    /// `greenroom kb [list] [--search TEXT] [--macros] [--kind K] [--format table|json]`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List articles: title matches first, then body matches; A–Z.",
            discussion: "Examples: greenroom kb list --search payout --macros --format json; greenroom kb list --kind link"
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only articles whose title or text contains this.", valueName: "text"))
        var search: String?

        @Flag(help: "Only macros.")
        var macros = false

        @Option(help: ArgumentHelp("Only articles of this kind: \(ArticleKind.allCases.map(\.rawValue).joined(separator: ", ")), or resource (any but reply).",
                                   valueName: "kind"))
        var kind: String?

        @Option(help: "table or json.")
        var format: String = "table"

        func run() throws {
            guard ["table", "json"].contains(format) else {
                throw GreenroomError.invalidInput("--format must be table or json (got \(format))")
            }
            let kinds = try kind.map(KBCommand.kinds)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.articles(search: search ?? "", macrosOnly: macros, kinds: kinds, limit: Int.max)
            if format == "json" {
                let data = try JSONOutput.data(rows.map(KBCommand.object))
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let now = store.now
            let header = ["TITLE", "KIND", "DOES / URL", "UPDATED"]
            let body = rows.map { a in
                [a.title, a.kindLabel, a.isMacro ? Macro.describe(MacroEffect(a)) : a.url ?? "—", RelativeTime.ago(a.updatedAt, now: now)]
                    .map { TerminalText.sanitize($0) }
            }
            let caps = [48, 7, 60, 7]
            var widths = header.map { DisplayWidth.of($0) }
            for row in body { for (i, v) in row.enumerated() { widths[i] = min(caps[i], max(widths[i], DisplayWidth.of(v))) } }
            for row in [header] + body {
                let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i], alignRight: i == 3) }.joined(separator: "  ")
                print(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            }
            let noun = macros ? "macro" : kind.map { $0 == "resource" ? "resource" : $0.lowercased() } ?? "article"
            FileHandle.standardError.write(Data("\(rows.count) \(noun)\(rows.count == 1 ? "" : "s")\n".utf8))
        }
    }

    /// `greenroom kb add --title T --body B|--body-file F [--kind K] [--url U] [--macro --status S --priority P --tag X…]`
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an article, a macro with --macro, or a resource with --kind guide|toolkit|link.",
            discussion: """
            Examples: greenroom kb add --title "Payout delay" --body "Hi {{creator.name}}, …" --macro --status pending --tag payout; \
            greenroom kb add --title "Lighting kit" --kind toolkit --url https://example.com/kit.pdf --body "Three lights, one window."; \
            greenroom kb add --title "Community guidelines" --kind link --url https://example.com/guidelines (a link needs no text)
            """
        )

        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let draft = try fields.draft(editing: nil)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let saved = try store.saveArticle(draft)
            let what = saved.isMacro ? "macro \"\(TerminalText.sanitize(saved.title))\" (\(Macro.describe(MacroEffect(saved))))"
                                     : "\(saved.kind.isResource ? saved.kind.rawValue : "article") \"\(TerminalText.sanitize(saved.title))\""
                                       + (saved.url.map { " (\(TerminalText.sanitize($0)))" } ?? "")
            print("added " + what + KBCommand.placeholderWarning(saved.body))
        }
    }

    /// `greenroom kb edit REF [--title T] [--body B|--body-file F] [--kind K] [--url U|none] [--macro|--no-macro] [--status S|none] [--priority P|none] [--tag X… | --clear-tags]`
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an article's title, text, kind, URL, or what its macro does.",
            discussion: """
            Only the options given change. --tag replaces the macro's tags; --status none and \
            --priority none clear them; --no-macro turns a macro back into a plain article; \
            --url none clears the URL (a link keeps one). \
            Examples: greenroom kb edit payout --priority high --tag payout --tag delay; \
            greenroom kb edit "lighting" --kind guide --url https://example.com/lighting
            """
        )

        @Argument(help: "The article's id or the start of its title.")
        var ref: String

        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard fields.changesSomething else {
                throw GreenroomError.invalidInput("say what to change: --title, --body, --body-file, --kind, --url, --macro, --no-macro, --status, --priority, --tag or --clear-tags")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let before = try store.article(ref: ref)
            let draft = try fields.draft(editing: before)
            let after = try store.saveArticle(draft)
            var changed: [String] = []
            if before.title != after.title { changed.append("title") }
            if before.body != after.body { changed.append("text") }
            if before.isMacro != after.isMacro { changed.append(after.isMacro ? "now a macro" : "no longer a macro") }
            if before.kind != after.kind { changed.append("now a \(after.kind.rawValue)") }
            if before.url != after.url { changed.append(after.url.map { "URL \(TerminalText.sanitize($0))" } ?? "no URL") }
            if after.isMacro, MacroEffect(before) != MacroEffect(after) { changed.append(Macro.describe(MacroEffect(after))) }
            let title = TerminalText.sanitize(after.title)
            if changed.isEmpty {
                print("\"\(title)\" already says that; nothing changed")
            } else {
                print("updated \"\(title)\": " + changed.joined(separator: ", ")
                      + (before.body != after.body ? KBCommand.placeholderWarning(after.body) : ""))
            }
        }
    }

    /// `greenroom kb show REF`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print an article: its title, what it does, and its text."
        )

        @Argument(help: "The article's id or the start of its title.")
        var ref: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let a = try store.article(ref: ref)
            var out = TerminalText.sanitize(a.title) + "\n"
            out += "id:       \(a.id)\n"
            out += "kind:     " + (a.isMacro ? "macro, " + Macro.describe(MacroEffect(a)) : a.kind.rawValue + (a.kind.isResource ? " (a resource: greenroom kb send)" : "")) + "\n"
            if let url = a.url { out += "url:      \(TerminalText.sanitize(url))\n" }
            let ago = RelativeTime.ago(a.updatedAt, now: store.now)
            out += "updated:  \(Time.iso(a.updatedAt)) (\(ago == "now" ? "just now" : ago + " ago"))\n"
            let unknown = Macro.unknownPlaceholders(in: a.body)
            if !unknown.isEmpty {
                out += "unknown:  " + unknown.map { "{{\($0)}}" }.joined(separator: ", ") + " (left as typed)\n"
            }
            out += "\n" + TerminalText.sanitize(a.body, multiline: true) + "\n"
            print(out, terminator: "")
        }
    }

    /// `greenroom kb remove REF`
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Delete an article or macro."
        )

        @Argument(help: "The article's id or the start of its title.")
        var ref: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let a = try store.article(ref: ref)
            try store.deleteArticle(id: a.id)
            print("removed \(a.isMacro ? "macro" : a.kind.isResource ? a.kind.rawValue : "article") \"\(TerminalText.sanitize(a.title))\"")
        }
    }

    /// The options `add` and `edit` share.
    struct Fields: ParsableArguments {
        @Option(help: ArgumentHelp("The title: 1–120 characters, unique.", valueName: "text"))
        var title: String?

        @Option(help: ArgumentHelp("The text (may use {{creator.handle}} and the other placeholders).", valueName: "text"))
        var body: String?

        @Option(name: .customLong("body-file"), help: ArgumentHelp("Read the text from a file (- for standard input).", valueName: "path"),
                completion: .file())
        var bodyFile: String?

        @Option(help: ArgumentHelp("What it is: reply (an agent's answer, the default), or a resource to send: guide, toolkit, link.", valueName: "kind"))
        var kind: String?

        @Option(help: ArgumentHelp("Where the resource lives: an http:// or https:// address (a link needs one); none clears it.", valueName: "url"))
        var url: String?

        @Flag(inversion: .prefixedNo, help: "A macro: applying it can also set the ticket's status, priority and tags.")
        var macro: Bool?

        @Option(help: ArgumentHelp("The status a macro sets (\(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))), or none.", valueName: "status"))
        var status: String?

        @Option(help: ArgumentHelp("The priority a macro sets (\(TicketPriority.allCases.map(\.rawValue).joined(separator: ", "))), or none.", valueName: "priority"))
        var priority: String?

        @Option(name: .customLong("tag"), help: ArgumentHelp("A tag a macro adds (repeat for more).", valueName: "tag"))
        var tags: [String] = []

        @Flag(name: .customLong("clear-tags"), help: "Edit: the macro adds no tags.")
        var clearTags = false

        var changesSomething: Bool {
            title != nil || body != nil || bodyFile != nil || kind != nil || url != nil || macro != nil || status != nil || priority != nil
                || !tags.isEmpty || clearTags
        }

        /// The draft these options make, on top of `base` when editing.
        func draft(editing base: Article?) throws -> ArticleDraft {
            if body != nil && bodyFile != nil { throw GreenroomError.invalidInput("use --body or --body-file, not both") }
            if clearTags && !tags.isEmpty { throw GreenroomError.invalidInput("use --tag or --clear-tags, not both") }
            guard let title = title ?? base?.title else { throw GreenroomError.invalidInput("an article needs --title") }
            let newKind = try kind.map { try KBCommand.parse($0, option: "--kind", as: ArticleKind.self, orNone: false) } ?? nil
            let articleKind = newKind ?? base?.kind ?? .reply
            // A link's URL is its content: it needs no text.
            guard let text = try body ?? bodyFile.map(KBCommand.readBody) ?? base?.body ?? (articleKind == .link ? "" : nil) else {
                throw GreenroomError.invalidInput("an article needs --body TEXT or --body-file PATH")
            }
            var newURL = base?.url
            if let url {
                let clean = url.trimmingCharacters(in: .whitespacesAndNewlines)
                if clean.lowercased() == "none" {
                    newURL = nil
                } else {
                    if let problem = ResourceURL.problem(clean) { throw GreenroomError.invalidInput("--url: " + problem) }
                    newURL = clean
                }
            }
            if articleKind == .link && newURL == nil {
                throw GreenroomError.invalidInput(url == nil ? "a link needs --url https://…" : "a link keeps its URL: give another --url, or --kind guide first")
            }
            let isMacro = macro ?? base?.isMacro ?? false
            let newStatus = try status.map { try KBCommand.parse($0, option: "--status", as: TicketStatus.self) }
            let newPriority = try priority.map { try KBCommand.parse($0, option: "--priority", as: TicketPriority.self) }
            if !isMacro {
                let given = [("--status", newStatus.flatMap { $0 } != nil), ("--priority", newPriority.flatMap { $0 } != nil), ("--tag", !tags.isEmpty)]
                    .filter(\.1).map(\.0)
                if !given.isEmpty {
                    let which = given.joined(separator: ", ")
                    throw GreenroomError.invalidInput(macro == false ? "\(which) cannot go with --no-macro"
                                                      : "\(which) \(given.count == 1 ? "is" : "are") only for macros: add --macro")
                }
            }
            if isMacro && articleKind != .reply {
                throw GreenroomError.invalidInput(macro == true ? "--macro is for replies: a \(articleKind.rawValue) is sent to creators, not applied to tickets"
                                                  : "a macro is a reply: add --no-macro to make it a \(articleKind.rawValue)")
            }
            let keep = isMacro && base?.isMacro == true
            return ArticleDraft(id: base?.id, title: title, body: text, isMacro: isMacro,
                                macroStatus: isMacro ? (newStatus ?? (keep ? base?.macroStatus : nil)) : nil,
                                macroPriority: isMacro ? (newPriority ?? (keep ? base?.macroPriority : nil)) : nil,
                                macroTags: !isMacro || clearTags ? [] : !tags.isEmpty ? tags : keep ? base?.macroTags ?? [] : [],
                                kind: articleKind, url: newURL)
        }
    }

    // MARK: Helpers

    /// A status, priority or kind by name, or `.some(nil)` for `none` (when `orNone`).
    static func parse<E: RawRepresentable & CaseIterable>(_ text: String, option: String, as: E.Type, orNone: Bool = true) throws -> E?
        where E.RawValue == String {
        let clean = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        if orNone && clean == "none" { return nil }
        guard let value = E(rawValue: clean) else {
            throw GreenroomError.invalidInput("\(option): unknown value \"\(TerminalText.sanitize(text))\" (\(E.allCases.map(\.rawValue).joined(separator: ", "))\(orNone ? ", or none" : ""))")
        }
        return value
    }

    /// `--kind` of `kb list`: one kind, or `resource` for every kind but reply.
    static func kinds(_ text: String) throws -> Set<ArticleKind> {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "resource" { return Set(ArticleKind.allCases.filter(\.isResource)) }
        guard let kind = try parse(text, option: "--kind", as: ArticleKind.self, orNone: false) else { return [] }
        return [kind]
    }

    /// The text of `--body-file` (`-` reads standard input).
    static func readBody(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw GreenroomError.invalidInput("--body-file: no file at \(path)")
            }
            guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: path) else {
                throw GreenroomError.invalidInput("--body-file: cannot read \(path)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GreenroomError.invalidInput("--body-file: \(path == "-" ? "standard input" : path) is not UTF-8 text")
        }
        return text
    }

    /// "; unknown placeholders left as typed: {{order.id}}", or nothing.
    static func placeholderWarning(_ body: String) -> String {
        let unknown = Macro.unknownPlaceholders(in: body)
        guard !unknown.isEmpty else { return "" }
        return "; unknown placeholder\(unknown.count == 1 ? "" : "s") left as typed: " + unknown.map { "{{\($0)}}" }.joined(separator: ", ")
    }

    static func object(_ a: Article) -> [String: Any] {
        [
            "id": a.id, "title": a.title, "body": a.body, "is_macro": a.isMacro,
            "macro_status": a.macroStatus?.rawValue ?? NSNull(), "macro_priority": a.macroPriority?.rawValue ?? NSNull(),
            "macro_tags": a.macroTags, "updated_at": Time.iso(a.updatedAt), "kind": a.kind.rawValue, "url": a.url ?? NSNull(),
        ]
    }
}

extension KBCommand {
    /// `greenroom kb send REF @handle… | --community NAME`: the resource hub.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send a resource (a guide, a toolkit, a link) to creators or a community; logged and written to their activity logs with its URL.",
            discussion: "Example: greenroom kb send \"LIVE lighting guide\" @mila.cooks; greenroom kb send \"LIVE lighting guide\" --community \"MX sellers\""
        )
        @Argument(help: "The article's id or the start of its title.") var ref: String
        @Argument(help: "Creator handles.") var handles: [String] = []
        @Option(help: "A community's name: one send logged, an activity for each current member.") var community: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var identity: IdentityOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let a = try store.article(ref: ref)
            let ids = try creatorIDs(store, handles)
            let communityID = try community.map { try store.community(ref: $0).id }
            let me = try identity.me.flatMap { try store.member(handle: $0)?.id }
            let r = try store.sendResource(articleID: a.id, creatorIDs: ids, communityID: communityID, by: me)
            let url = a.url.map { " (\(TerminalText.sanitize($0)))" } ?? ""
            print("sent \(a.kind.rawValue) \"\(TerminalText.sanitize(a.title))\"\(url) · \(r.logged) logged · \(r.activities) activit\(r.activities == 1 ? "y" : "ies") written")
        }
    }

    /// `greenroom kb sent [--creator @h] [--community NAME]`: the send log.
    struct Sent: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sent", abstract: "Which resources were sent to whom, latest first.")
        @Option(help: "Only sends to this creator.") var creator: String?
        @Option(help: "Only sends to this community.") var community: String?
        @Option(help: "table or json.") var format: String = "table"
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try requireFormat(format, ["table", "json"])
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let creatorID = try creator.map { try creatorIDs(store, [$0])[0] }
            let communityID = try community.map { try store.community(ref: $0).id }
            let rows = try store.resourceSends(creatorID: creatorID, communityID: communityID)
            if format == "json" {
                try printJSON(rows.map { r -> [String: Any] in
                    ["resource": r.title, "creator": r.creatorHandle as Any? ?? NSNull(), "community": r.communityName as Any? ?? NSNull(),
                     "sent_at": Time.iso(r.sentAt), "by": r.byHandle as Any? ?? NSNull(),
                     "kind": r.kind?.rawValue as Any? ?? NSNull(), "url": r.url as Any? ?? NSNull()]
                })
                return
            }
            printTable(["SENT", "RESOURCE", "TO", "BY"], rows.map {
                [Time.iso($0.sentAt), $0.title, $0.creatorHandle ?? $0.communityName.map { "community " + $0 } ?? "—", $0.byHandle ?? "—"]
            })
        }
    }
}

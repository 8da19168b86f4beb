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
        abstract: "The knowledge base: reply articles and macros.",
        discussion: """
        An article is titled reply text; a macro is an article that also sets a ticket's status, \
        priority or tags when applied. Text may use {{creator.handle}}, {{creator.name}}, \
        {{network.name}}, {{ticket.key}}, {{ticket.subject}}, {{agent.handle}} and {{agent.name}}. \
        REF is an article's id or the start of its title. \
        Examples: greenroom kb add --title "Payout delay" --body-file payout.txt --macro --status pending --tag payout; \
        greenroom kb list --search payout; greenroom kb edit payout --priority high; greenroom kb remove "payout delay"
        """,
        subcommands: [List.self, Add.self, Edit.self, Show.self, Remove.self, Send.self, Sent.self],
        defaultSubcommand: List.self
    )

    /// `greenroom kb [list] [--search TEXT] [--macros] [--format table|json]`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List articles: title matches first, then body matches; A–Z.",
            discussion: "Example: greenroom kb list --search payout --macros --format json"
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only articles whose title or text contains this.", valueName: "text"))
        var search: String?

        @Flag(help: "Only macros.")
        var macros = false

        @Option(help: "table or json.")
        var format: String = "table"

        func run() throws {
            guard ["table", "json"].contains(format) else {
                throw GreenroomError.invalidInput("--format must be table or json (got \(format))")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let rows = try store.articles(search: search ?? "", macrosOnly: macros, limit: Int.max)
            if format == "json" {
                let data = try JSONOutput.data(rows.map(KBCommand.object))
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let now = store.now
            let header = ["TITLE", "KIND", "DOES", "UPDATED"]
            let body = rows.map { a in
                [a.title, a.isMacro ? "macro" : "article", a.isMacro ? Macro.describe(MacroEffect(a)) : "—", RelativeTime.ago(a.updatedAt, now: now)]
                    .map { TerminalText.sanitize($0) }
            }
            let caps = [48, 7, 60, 7]
            var widths = header.map { DisplayWidth.of($0) }
            for row in body { for (i, v) in row.enumerated() { widths[i] = min(caps[i], max(widths[i], DisplayWidth.of(v))) } }
            for row in [header] + body {
                let line = row.enumerated().map { i, v in TerminalText.fit(v, width: widths[i], alignRight: i == 3) }.joined(separator: "  ")
                print(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            }
            let noun = macros ? "macro" : "article"
            FileHandle.standardError.write(Data("\(rows.count) \(noun)\(rows.count == 1 ? "" : "s")\n".utf8))
        }
    }

    /// `greenroom kb add --title T --body B|--body-file F [--macro --status S --priority P --tag X…]`
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an article, or a macro with --macro.",
            discussion: "Example: greenroom kb add --title \"Payout delay\" --body \"Hi {{creator.name}}, …\" --macro --status pending --tag payout"
        )

        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let draft = try fields.draft(editing: nil)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let saved = try store.saveArticle(draft)
            let what = saved.isMacro ? "macro \"\(TerminalText.sanitize(saved.title))\" (\(Macro.describe(MacroEffect(saved))))"
                                     : "article \"\(TerminalText.sanitize(saved.title))\""
            print("added " + what + KBCommand.placeholderWarning(saved.body))
        }
    }

    /// `greenroom kb edit REF [--title T] [--body B|--body-file F] [--macro|--no-macro] [--status S|none] [--priority P|none] [--tag X… | --clear-tags]`
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an article's title, text, or what its macro does.",
            discussion: """
            Only the options given change. --tag replaces the macro's tags; --status none and \
            --priority none clear them; --no-macro turns a macro back into a plain article. \
            Example: greenroom kb edit payout --priority high --tag payout --tag delay
            """
        )

        @Argument(help: "The article's id or the start of its title.")
        var ref: String

        @OptionGroup var fields: Fields
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard fields.changesSomething else {
                throw GreenroomError.invalidInput("say what to change: --title, --body, --body-file, --macro, --no-macro, --status, --priority, --tag or --clear-tags")
            }
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let before = try store.article(ref: ref)
            let draft = try fields.draft(editing: before)
            let after = try store.saveArticle(draft)
            var changed: [String] = []
            if before.title != after.title { changed.append("title") }
            if before.body != after.body { changed.append("text") }
            if before.isMacro != after.isMacro { changed.append(after.isMacro ? "now a macro" : "no longer a macro") }
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
            out += "kind:     " + (a.isMacro ? "macro, " + Macro.describe(MacroEffect(a)) : "article") + "\n"
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
            print("removed \(a.isMacro ? "macro" : "article") \"\(TerminalText.sanitize(a.title))\"")
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
            title != nil || body != nil || bodyFile != nil || macro != nil || status != nil || priority != nil || !tags.isEmpty || clearTags
        }

        /// The draft these options make, on top of `base` when editing.
        func draft(editing base: Article?) throws -> ArticleDraft {
            if body != nil && bodyFile != nil { throw GreenroomError.invalidInput("use --body or --body-file, not both") }
            if clearTags && !tags.isEmpty { throw GreenroomError.invalidInput("use --tag or --clear-tags, not both") }
            guard let title = title ?? base?.title else { throw GreenroomError.invalidInput("an article needs --title") }
            guard let text = try body ?? bodyFile.map(KBCommand.readBody) ?? base?.body else {
                throw GreenroomError.invalidInput("an article needs --body TEXT or --body-file PATH")
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
            let keep = isMacro && base?.isMacro == true
            return ArticleDraft(id: base?.id, title: title, body: text, isMacro: isMacro,
                                macroStatus: isMacro ? (newStatus ?? (keep ? base?.macroStatus : nil)) : nil,
                                macroPriority: isMacro ? (newPriority ?? (keep ? base?.macroPriority : nil)) : nil,
                                macroTags: !isMacro || clearTags ? [] : !tags.isEmpty ? tags : keep ? base?.macroTags ?? [] : [])
        }
    }

    // MARK: Helpers

    /// A status or priority by name, or `.some(nil)` for `none`.
    static func parse<E: RawRepresentable & CaseIterable>(_ text: String, option: String, as: E.Type) throws -> E?
        where E.RawValue == String {
        let clean = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        if clean == "none" { return nil }
        guard let value = E(rawValue: clean) else {
            throw GreenroomError.invalidInput("\(option): unknown value \"\(TerminalText.sanitize(text))\" (\(E.allCases.map(\.rawValue).joined(separator: ", ")), or none)")
        }
        return value
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
            "macro_tags": a.macroTags, "updated_at": Time.iso(a.updatedAt),
        ]
    }
}

extension KBCommand {
    /// `greenroom kb send REF @handle… | --community NAME`: the resource hub.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send an article (a guide, a toolkit, a link) to creators or a community; logged and written to their activity logs.",
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
            print("sent \"\(TerminalText.sanitize(a.title))\" · \(r.logged) logged · \(r.activities) activit\(r.activities == 1 ? "y" : "ies") written")
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
                     "sent_at": Time.iso(r.sentAt), "by": r.byHandle as Any? ?? NSNull()]
                })
                return
            }
            printTable(["SENT", "RESOURCE", "TO", "BY"], rows.map {
                [Time.iso($0.sentAt), $0.title, $0.creatorHandle ?? $0.communityName.map { "community " + $0 } ?? "—", $0.byHandle ?? "—"]
            })
        }
    }
}

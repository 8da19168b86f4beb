import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The knowledge base's commands: articles, and macros (articles applied to tickets).
extension CommandRunner {
    func run(_ command: KnowledgeBaseCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let macrosOnly):
            return [.knowledgeBase(.loaded(try store.articles(macrosOnly: macrosOnly, limit: 5_000), macrosOnly: macrosOnly))]
        case .save(let edit):
            let saved = try store.saveArticle(ArticleDraft(id: edit.id, title: edit.title, body: edit.body, isMacro: edit.isMacro,
                                                           macroStatus: edit.status, macroPriority: edit.priority, macroTags: edit.tags,
                                                           kind: edit.kind, url: edit.url))
            return [.knowledgeBase(.saved(saved.title))]
        case .prepareMacro(let ticketID, let articleID):
            guard let article = try store.article(id: articleID) else { return [.failed("that macro no longer exists")] }
            guard let detail = try store.ticketDetail(id: ticketID, now: now) else { return [.failed("that ticket no longer exists")] }
            return [.knowledgeBase(.macroPrepared(try macroForm(article, detail)))]
        case .applyMacro(let ids, let articleID, let label):
            guard let article = try store.article(id: articleID) else { return [.failed("that macro no longer exists")] }
            var changes: [Change] = []
            for id in ids {
                guard let detail = try store.ticketDetail(id: id, now: now) else { continue }
                if detail.isReadOnly { continue }
                let form = try macroForm(article, detail)
                let draft = TicketActionDraft(ticketIDs: [id], kind: .reply, isPublic: true, body: form.text.text,
                                              fields: macroFields(form), addTags: form.macroTags, label: label)
                changes += try ticketChangeSet(draft, now: now).changes
            }
            guard !changes.isEmpty else { return [.failed("none of those tickets can take a macro (merged or gone)")] }
            let set = ChangeSet("Applied \"\(article.title)\" to \(label)", changes)
            let store = self.store
            let author = try memberID()
            return [runInBackground(task: "macro") { [.applied(inverse: try store.apply(set, by: author), mode: .perform)] }]
        case .loadSendTargets:
            return [.knowledgeBase(.sendTargetsLoaded(try store.communitySummaries()))]
        case .sendResource(let articleID, let title, let creatorID, let communityID, let to):
            let r = try store.sendResource(articleID: articleID, creatorIDs: creatorID.map { [$0] } ?? [], communityID: communityID, by: try memberID())
            let logs = communityID == nil ? "" : " · \(r.activities) member\(r.activities == 1 ? "" : "s")' logs"
            let url = try store.article(id: articleID)?.url.map { " (\(TerminalText.sanitize($0)))" } ?? ""
            return [.notice("Sent \"\(TerminalText.sanitize(title))\"\(url) to \(to)\(logs) · logged (greenroom kb sent)")]
        }
    }
}

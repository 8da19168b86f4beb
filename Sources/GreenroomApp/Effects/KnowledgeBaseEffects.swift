import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The knowledge base's commands: articles and macros.
extension CommandRunner {
    func runKnowledgeBase(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadArticles(let macrosOnly):
            return [.articlesLoaded(try store.articles(macrosOnly: macrosOnly, limit: 5_000), macrosOnly: macrosOnly)]
        case .saveArticle(let edit):
            let saved = try store.saveArticle(ArticleDraft(id: edit.id, title: edit.title, body: edit.body, isMacro: edit.isMacro,
                                                           macroStatus: edit.status, macroPriority: edit.priority, macroTags: edit.tags))
            return [.articleSaved(saved.title)]
        default:
            return []
        }
    }
}

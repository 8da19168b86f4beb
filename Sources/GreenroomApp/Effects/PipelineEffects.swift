import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The board's commands: columns, a column's next page, where a card went, the funnel.
extension CommandRunner {
    func run(_ command: PipelineCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let query, let stages, let offsets, let limit):
            let board = try store.pipelineColumns(stages: stages, filter: query.filter, me: query.me, offsets: offsets, limit: limit, now: now)
            return [.pipeline(.loaded(query: query, counts: board.counts, columns: board.columns))]
        case .loadColumn(let query, let stage, let offset, let limit, let seek):
            let count = try store.stageCounts(filter: query.filter, me: query.me, now: now)[stage] ?? 0
            return [.pipeline(.columnLoaded(query: query, stage: stage, count: count, offset: offset,
                                          cards: try store.pipelineCards(stage: stage, filter: query.filter, me: query.me, offset: offset,
                                                                         limit: limit, total: count, now: now, seek: seek)))]
        case .locateCard(let query, let id):
            let found = try store.locateCard(creatorID: id, filter: query.filter, me: query.me, now: now)
            return [.pipeline(.cardLocated(creatorID: id, stage: found?.stage, index: found?.index ?? 0))]
        case .loadFunnel(let query, let days):
            let window = TeamCalendar(zone: try store.teamSettings().zone).window(days: days, endingAt: now)
            return [.pipeline(.funnelLoaded(try store.funnel(start: window.lowerBound, end: window.upperBound, filter: query.filter, me: query.me, now: now)))]
        }
    }
}

import GreenroomCore

// Pickers and prompts answer the feature that opened them: the purpose names it.

extension Model {
    /// A picker's choice, to the feature that asked.
    mutating func picked(_ item: PickerItem, purpose: PickerState.Purpose) -> [Command] {
        switch purpose {
        case .view, .bulkAction, .bulkOwner, .bulkStage:
            return rosterPicked(item, purpose: purpose)
        case .boardStage:
            return boardStagePicked(item.value)
        case .ticketView, .ticketStatus, .ticketPriority, .ticketAssignee, .ticketCSAT:
            return ticketPicked(item, purpose: purpose)
        case .macro(let ids, let label):
            return macroPicked(item, ids: ids, label: label)
        case .campaignSplit(let id):
            return [.campaigns(.loadPlan(id: id, split: CampaignSplit(rawValue: item.value) ?? .even))]
        }
    }

    /// A prompt's answer, to the feature that asked.
    mutating func prompted(_ text: String, purpose: PromptState.Purpose) -> [Command] {
        switch purpose {
        case .bulkAddTag: return confirmBulk(.addTag(text))
        case .bulkRemoveTag: return confirmBulk(.removeTag(text))
        case .bulkWorkshop: return confirmBulk(.logWorkshop(summary: text))
        case .moveReason(let ids, let stage, let label): return move(ids, to: stage, label: label, reason: text)
        case .escalateReason(let ids, let label): return escalate(ids, label: label, reason: text)
        case .mergeInto(let id, _): return [.tickets(.merge(id: id, into: text))]
        case .ticketTag(let ids, let label): return tagTickets(ids, label: label, text: text)
        case .campaignTarget(let campaign, let creator, let handle): return campaignTargetTyped(text, campaignID: campaign, creatorID: creator, handle: handle)
        }
    }
}

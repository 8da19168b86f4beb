import GreenroomCore

/// The `*` form (issue 25): a QA review of the ticket's replies — each criterion of the team's
/// rubric scored 0–4 (0 wrong or missing, 1 poor, 2 fair, 3 good, 4 exemplary; a
/// criterion left at "–" is not scored), and a comment. The weighted score and whether it
/// passes show as you score. `Ctrl-s` saves (undoable with `u`), `Esc` cancels.
public struct QAFormState: Hashable, Sendable {
    public var ticketID: String
    public var ticketKey: String
    public var rubric: QARubric
    /// One per criterion of `rubric`, nil while not scored.
    public var scores: [Int?]
    public var comment = TextField()
    /// 0..<criteria: a criterion; `criteria.count`: the comment.
    public var focus = 0
    public var error: String?
    public var saving = false

    public init(ticketID: String, ticketKey: String, rubric: QARubric) {
        self.ticketID = ticketID; self.ticketKey = ticketKey; self.rubric = rubric
        scores = Array(repeating: nil, count: rubric.criteria.count)
    }

    public var isDirty: Bool { scores.contains { $0 != nil } || !comment.text.isEmpty }

    /// The scores given, by criterion key.
    public var scored: [String: Int] {
        var out: [String: Int] = [:]
        for (c, s) in zip(rubric.criteria, scores) { if let s { out[c.key] = s } }
        return out
    }

    /// The weighted score of what is scored so far.
    public var score: Double? { rubric.score(scored) }

    var onComment: Bool { focus == rubric.criteria.count }

    mutating func handle(_ input: FormInput) -> FormResult {
        let key = input.key
        if input.action == .formSave {
            guard !scored.isEmpty else {
                error = "score at least one criterion (0–4)"
                focus = 0
                return ([], false, false)
            }
            saving = true
            let label = "QA review of \(ticketKey): \(score.map { String(format: "%.0f", $0) } ?? "—")"
            let draft = QAReviewDraft(ticketID: ticketID, scores: scored, comment: comment.text.trimmingCharacters(in: .whitespacesAndNewlines))
            return ([.apply(ChangeSet(label, [.insertQAReview(draft)]), mode: .perform)], false, false)
        }
        if let step = input.fieldStep(multiline: false) {
            focus = (focus + step + rubric.criteria.count + 1) % (rubric.criteria.count + 1)
            return ([], false, false)
        }
        error = nil
        if onComment {
            if key == .enter { focus = 0 } else { comment.handle(key) }
            return ([], false, false)
        }
        let current = scores[focus]
        switch key {
        case .char(let c) where c.isNumber:
            guard let n = c.wholeNumberValue, (0...QARubric.maxScore).contains(n) else {
                error = "a score is 0 to \(QARubric.maxScore)"
                return ([], false, false)
            }
            scores[focus] = n
            focus = min(focus + 1, rubric.criteria.count)
        case .right, .char("l"), .char(" "), .char("+"):
            scores[focus] = min(QARubric.maxScore, (current ?? -1) + 1)
        case .left, .char("h"), .char("-"):
            scores[focus] = current.map { $0 == 0 ? nil : $0 - 1 } ?? nil
        case .backspace, .delete, .char("x"):
            scores[focus] = nil
        case .enter:
            focus = min(focus + 1, rubric.criteria.count)
        default:
            break
        }
        return ([], false, false)
    }

    mutating func paste(_ text: String) { if onComment { comment.insert(text) } }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: QAFormState) {
        let rows = state.rubric.criteria.count
        let form = FormLayout(&canvas, model, width: 72, height: rows + 10, title: "QA review of \(state.ticketKey)", top: 3, labelWidth: 14)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        let unicode = model.capabilities.unicode
        for (i, c) in state.rubric.criteria.enumerated() {
            form.label(&canvas, TerminalText.sanitize(c.name), y: y, focused: state.focus == i)
            var cx = x
            for n in 0...QARubric.maxScore {
                let on = state.scores[i] == n
                cx += canvas.put(on ? "[\(n)]" : " \(n) ", x: cx, y: y, style: theme[on ? .overlaySelected : .textMuted]) + 1
            }
            let weight = "weight \(c.weight)"
            canvas.put(weight, x: inner.maxX - DisplayWidth.of(weight) - 1, y: y, style: theme[.textMuted])
            y += 1
        }
        y += 1
        form.label(&canvas, "Comment", y: y, focused: state.onComment)
        if state.onComment { DialogView.input(&canvas, model, state.comment, x: x, y: y, width: width) }
        else { canvas.put(state.comment.text, x: x, y: y, style: theme[.text], maxWidth: width) }
        y += 2
        let score = state.score
        let verdict = score.map { state.rubric.passes($0) ? "passes" : "fails" } ?? "not scored yet"
        let line = "Score " + (score.map { String(format: "%.0f", $0) } ?? "—") + " of 100 (pass mark \(state.rubric.passMark))" + (unicode ? " · " : " - ") + verdict
        canvas.put(line, x: inner.x + 1, y: y, style: theme[score.map { state.rubric.passes($0) ? .kpiGood : .kpiBad } ?? .textMuted], maxWidth: inner.width - 2)
        if let error = state.error {
            canvas.put(error, x: inner.x + 1, y: inner.maxY - 2, style: theme[.inputError], maxWidth: inner.width - 2)
        } else {
            let hint = state.onComment ? "what was good, what to change (optional)"
                : "0 wrong · 1 poor · 2 fair · 3 good · 4 exemplary · ←/→ · x clears"
            canvas.put(hint, x: inner.x + 1, y: inner.maxY - 2, style: theme[.textMuted], maxWidth: inner.width - 2)
        }
        canvas.put(state.saving ? "Saving…" : "Ctrl-s save · Esc cancel · Tab next", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.overlayKey], maxWidth: inner.width - 2)
    }
}

extension QAFormState: FormComponent {
    var discardQuestion: String { "Discard this QA review?" }
    mutating func handle(_ input: FormInput, _ model: Model) -> FormResult { handle(input) }
}

extension Model {
    /// `*`: a QA review of the ticket open or under the cursor.
    mutating func openQAForm() -> [Command] {
        guard let t = singleTicket else {
            showToast("Select a ticket first", kind: .error)
            return []
        }
        if case .ticket(let s) = screen, let into = s.detail?.mergedIntoKey {
            showToast("This ticket was merged into \(into); review that one", kind: .error)
            return []
        }
        overlay = .qaForm(QAFormState(ticketID: t.id, ticketKey: t.key, rubric: settings.qaRubric))
        return []
    }
}

import GreenroomCore

/// One choice in a picker.
public struct PickerItem: Hashable, Sendable {
    public var label: String
    public var detail: String
    /// What choosing it means to the picker's purpose.
    public var value: String

    public init(_ label: String, detail: String = "", value: String) {
        self.label = label; self.detail = detail; self.value = value
    }
}

/// What a picker's choice means to the feature that opened it: the message it sends back.
/// Each feature declares its own purposes beside its update, so no central place answers.
public protocol PickerPurpose: Hashable, Sendable {
    /// The feature's message for `item`.
    func picked(_ item: PickerItem) -> Msg
}

/// What a prompt's text means to the feature that opened it: the message it sends back.
public protocol PromptPurpose: Hashable, Sendable {
    /// The feature's message for `text` (trimmed, not empty).
    func answered(_ text: String) -> Msg
    /// Why `text` cannot be taken, in one line (the prompt stays open showing it and nothing
    /// changes); nil when it can. Most prompts take any text.
    func problem(with text: String, now: Millis, settings: TeamSettings) -> String?
}

extension PromptPurpose {
    public func problem(with text: String, now: Millis, settings: TeamSettings) -> String? { nil }
}

/// A list to choose from, narrowed by typing (fuzzy).
public struct PickerState: Hashable, Sendable {
    public var title: String
    /// The feature's purpose; Enter sends back its message for the choice.
    public var purpose: any PickerPurpose
    public var items: [PickerItem]
    public var input = TextField()
    public var selected = 0

    public init(title: String, purpose: any PickerPurpose, items: [PickerItem]) {
        self.title = title; self.purpose = purpose; self.items = items
    }

    public var matches: [PickerItem] {
        FuzzyMatch.rank(input.text, items) { "\($0.label) \($0.detail)" }.map(\.item)
    }

    public var choice: PickerItem? {
        let m = matches
        return m.isEmpty ? nil : m[min(selected, m.count - 1)]
    }

    public static func == (a: PickerState, b: PickerState) -> Bool {
        a.title == b.title && AnyHashable(a.purpose) == AnyHashable(b.purpose) && a.items == b.items && a.input == b.input && a.selected == b.selected
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title); hasher.combine(AnyHashable(purpose)); hasher.combine(items); hasher.combine(input); hasher.combine(selected)
    }
}

/// One line of text to type, for a purpose.
public struct PromptState: Hashable, Sendable {
    public var title: String
    /// The feature's purpose; Enter sends back its message for the text.
    public var purpose: any PromptPurpose
    public var input = TextField()
    public var error: String?

    public init(title: String, purpose: any PromptPurpose) {
        self.title = title; self.purpose = purpose
    }

    public static func == (a: PromptState, b: PromptState) -> Bool {
        a.title == b.title && AnyHashable(a.purpose) == AnyHashable(b.purpose) && a.input == b.input && a.error == b.error
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title); hasher.combine(AnyHashable(purpose)); hasher.combine(input); hasher.combine(error)
    }
}

/// A yes/no question before something big or destructive.
public struct ConfirmState: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        case apply(ChangeSet)
        case bulk(BulkPlan)
        case ticketAction(TicketActionDraft)
        case applyMacro(ids: [String], articleID: String, label: String)
        case applyCampaignPlan(campaignID: String, split: CampaignSplit)
        case unenrol(campaignID: String, creatorIDs: [String], label: String)
        /// A peer's held deletes (issue 19): `y` applies them, `k` keeps the records, `n` later.
        case acceptDeletes(device: String)
        /// Close the form behind without saving.
        case discard
        /// Merge one ticket into another (after the side-by-side preview).
        case merge(id: String, into: String)
        /// Remove a program, workshop, community or tasks (`d` on their screens).
        case remove(Removal)
    }

    public var message: String
    public var action: Action
    /// Where `n`/`Esc` goes back to (the form being discarded), or nowhere.
    public var back: Overlay?
    /// Two tickets side by side above the question (a merge).
    public var preview: MergePreview?

    public init(message: String, action: Action, back: Overlay? = nil, preview: MergePreview? = nil) {
        self.message = message; self.action = action; self.back = back; self.preview = preview
    }
}

/// The two tickets of a merge, shown side by side before it happens.
public struct MergePreview: Hashable, Sendable {
    public var source: TicketDetail
    public var target: TicketDetail

    public init(source: TicketDetail, target: TicketDetail) { self.source = source; self.target = target }

    /// One column's lines: key and status, subject, requester, created, messages, the last message.
    static func column(_ d: TicketDetail, role: String, settings: TeamSettings) -> [String] {
        let zone = settings.zone
        let messages = d.events.filter { $0.event.kind == .reply || $0.event.kind == .note }
        var lines = ["\(role) \(d.key) · \(d.ticket.status.rawValue) · \(d.ticket.priority.rawValue)",
                     TerminalText.sanitize(d.ticket.subject),
                     "from \(d.requesterHandle ?? "no creator")" + (d.networkName.map { " (\(TerminalText.sanitize($0)))" } ?? ""),
                     "opened \(DateInput.formatMinute(d.ticket.createdAt, zone: zone))",
                     "\(RelativeTime.counted(messages.count, "message"))"]
        if let last = messages.last?.event.body ?? Optional(d.ticket.body) {
            lines.append(TerminalText.sanitize(last.split(separator: "\n").first.map(String.init) ?? ""))
        }
        return lines
    }
}

/// Drawing for the small dialogs.
enum DialogView {
    static func frame(_ canvas: inout Canvas, _ model: Model, width: Int, height: Int, title: String, top: Int? = nil) -> Rect {
        let w = min(width, model.width - 4)
        let h = min(height, model.height - 2)
        let rect = Rect(x: (model.width - w) / 2, y: top ?? max(1, (model.height - h) / 2), width: w, height: h)
        canvas.fill(rect, style: model.theme[.text])
        canvas.box(rect, title: " \(title) ", border: model.capabilities.unicode ? .light : .ascii,
                   borderStyle: model.theme[.overlayBorder], titleStyle: model.theme[.overlayTitle])
        return rect.inset(1)
    }

    /// A text input line with a visible cursor cell.
    static func input(_ canvas: inout Canvas, _ model: Model, _ field: TextField, x: Int, y: Int, width: Int, style: StyleRole = .input) {
        input(&canvas, model.theme, field, x: x, y: y, width: width, style: style)
    }

    /// A text input line with a visible cursor cell, in `theme`.
    static func input(_ canvas: inout Canvas, _ theme: Theme, _ field: TextField, x: Int, y: Int, width: Int, style: StyleRole = .input) {
        let text = field.text
        let before = String(text.prefix(field.cursor))
        // Scroll horizontally so the cursor stays visible.
        var shown = text
        var cursorX = DisplayWidth.of(before)
        if cursorX >= width {
            let drop = cursorX - width + 1
            var dropped = 0
            var chars = Array(text)
            while dropped < drop && !chars.isEmpty { dropped += DisplayWidth.of(String(chars.removeFirst())) }
            shown = String(chars)
            cursorX -= dropped
        }
        canvas.put(shown, x: x, y: y, style: theme[style], maxWidth: width)
        if cursorX < width {
            canvas.restyle(Rect(x: x + cursorX, y: y, width: 1, height: 1)) { $0.adding(.reverse) }
        }
    }

    /// A multi-line input: the window of `area` that keeps its cursor visible in `height`
    /// rows, and the cursor cell when `focused`.
    static func textArea(_ canvas: inout Canvas, _ model: Model, _ area: TextArea, x: Int, y: Int, width: Int, height: Int,
                         style: StyleRole = .input, focused: Bool) {
        let window = area.window(height: height)
        for (i, line) in window.lines.enumerated() {
            canvas.put(String(line), x: x, y: y + i, style: model.theme[style], maxWidth: width)
        }
        guard focused else { return }
        let cy = y + area.row - window.first
        let cx = x + DisplayWidth.of(String(area.lines[area.row].prefix(area.column)))
        if cx < x + width { canvas.restyle(Rect(x: cx, y: cy, width: 1, height: 1)) { $0.adding(.reverse) } }
    }

    /// A soft-wrapped text area: rows from the area's scroll position (moved, if the box
    /// changed size, so the cursor shows), the cursor cell reversed and its row underlined.
    /// Returns the cursor's screen row in the wrapped text and the number of rows.
    @discardableResult
    static func wrappedTextArea(_ canvas: inout Canvas, _ model: Model, _ area: TextArea, x: Int, y: Int, width: Int, height: Int,
                                style: StyleRole = .input) -> (row: Int, total: Int) {
        let rows = area.wrapped(width: width)
        let place = area.cursorPlace(in: rows)
        let h = max(1, height)
        var first = min(area.top, max(0, rows.count - h))
        if place.row < first { first = place.row }
        if place.row >= first + h { first = place.row - h + 1 }
        for (i, r) in rows.dropFirst(first).prefix(h).enumerated() {
            canvas.put(String(r.chars), x: x, y: y + i, style: model.theme[style], maxWidth: width + 1)
        }
        let cy = y + place.row - first
        canvas.restyle(Rect(x: x, y: cy, width: width + 1, height: 1)) { $0.adding(.underline) }
        canvas.restyle(Rect(x: x + place.x, y: cy, width: 1, height: 1)) { $0.adding(.reverse) }
        return (place.row, rows.count)
    }

    static func drawPicker(_ canvas: inout Canvas, _ model: Model, _ state: PickerState) {
        let matches = state.matches
        let listHeight = min(12, max(1, matches.count))
        let inner = frame(&canvas, model, width: 64, height: listHeight + 4, title: state.title, top: 2)
        canvas.put("›", x: inner.x + 1, y: inner.y, style: model.theme[.overlayKey])
        input(&canvas, model, state.input, x: inner.x + 3, y: inner.y, width: inner.width - 4)
        guard !matches.isEmpty else {
            canvas.put("nothing matches", x: inner.x + 1, y: inner.y + 2, style: model.theme[.textMuted])
            return
        }
        let selected = min(state.selected, matches.count - 1)
        let first = max(0, selected - listHeight + 1)
        for (i, item) in matches.dropFirst(first).prefix(listHeight).enumerated() {
            let y = inner.y + 2 + i
            let detailWidth = min(DisplayWidth.of(item.detail), inner.width / 2)
            canvas.putFitted(item.label, x: inner.x + 1, y: y, width: max(1, inner.width - detailWidth - 3), style: model.theme[.text])
            if detailWidth > 0 {
                canvas.putFitted(item.detail, x: inner.maxX - detailWidth - 1, y: y, width: detailWidth, style: model.theme[.textMuted], alignRight: true)
            }
            if first + i == selected {
                canvas.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { _ in model.theme[.overlaySelected] }
            }
        }
    }

    static func drawPrompt(_ canvas: inout Canvas, _ model: Model, _ state: PromptState) {
        let inner = frame(&canvas, model, width: 64, height: 5, title: state.title)
        input(&canvas, model, state.input, x: inner.x + 1, y: inner.y, width: inner.width - 2)
        let hint = state.error ?? "Enter to continue · Esc to cancel"
        canvas.put(hint, x: inner.x + 1, y: inner.y + 2, style: model.theme[state.error == nil ? .textMuted : .inputError], maxWidth: inner.width - 2)
    }

    /// The question, wrapped over as many lines as it needs (up to four), and its keys.
    static func drawConfirm(_ canvas: inout Canvas, _ model: Model, _ state: ConfirmState) {
        let width = state.preview == nil ? min(72, max(40, DisplayWidth.of(state.message) + 4)) : min(100, model.width - 4)
        let lines = Array(TicketDetailView.wrap(state.message, width: min(width, model.width - 4) - 4).prefix(4))
        let previewRows = state.preview == nil ? 0 : 7
        let inner = frame(&canvas, model, width: width, height: 4 + lines.count + previewRows, title: state.preview == nil ? "Confirm" : "Merge")
        if let p = state.preview {
            let half = (inner.width - 3) / 2
            let settings = model.settings
            for (c, column) in [MergePreview.column(p.source, role: "merge", settings: settings),
                                MergePreview.column(p.target, role: "into", settings: settings)].enumerated() {
                let x = inner.x + 1 + c * (half + 1)
                for (i, line) in column.enumerated() {
                    canvas.put(line, x: x, y: inner.y + i, style: model.theme[i == 0 ? .columnHeader : .text], maxWidth: half - 1)
                }
            }
            for y in inner.y..<(inner.y + previewRows - 1) {
                canvas.put(model.capabilities.unicode ? "│" : "|", x: inner.x + 1 + half, y: y, style: model.theme[.overlayBorder])
            }
        }
        for (i, line) in lines.enumerated() {
            let warn = state.preview != nil && line.hasPrefix("Different requesters")
            canvas.put(line, x: inner.x + 1, y: inner.y + previewRows + i, style: model.theme[warn ? .inputError : .text], maxWidth: inner.width - 2)
        }
        let keys: String
        switch state.action {
        case .acceptDeletes: keys = "y: apply the deletes    k: keep the records    n / Esc: later"
        default: keys = "y / Enter: yes    n / Esc: no"
        }
        canvas.put(keys, x: inner.x + 1, y: inner.y + previewRows + lines.count + 1, style: model.theme[.overlayKey], maxWidth: inner.width - 2)
    }
}

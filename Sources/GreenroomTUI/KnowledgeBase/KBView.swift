import GreenroomCore

enum KBView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: KBState) {
        let theme = model.theme
        let inner = DialogView.frame(&canvas, model, width: model.width - 4, height: model.height - 2, title: "Knowledge base", top: 1)
        canvas.put("›", x: inner.x + 1, y: inner.y, style: theme[.overlayKey])
        DialogView.input(&canvas, model, state.input, x: inner.x + 3, y: inner.y, width: inner.width / 2 - 4)
        let listWidth = max(20, inner.width * 2 / 5)
        let matches = state.matches
        let top = inner.y + 2
        let height = inner.maxY - top - 1
        if !state.loaded {
            canvas.put("Loading…", x: inner.x + 1, y: top, style: theme[.textMuted])
        } else if matches.isEmpty {
            canvas.put(state.articles.isEmpty ? "No articles yet: Ctrl-n writes one." : "nothing matches", x: inner.x + 1, y: top, style: theme[.textMuted])
        }
        let selected = min(state.selected, max(0, matches.count - 1))
        let first = max(0, selected - height + 1)
        for (i, article) in matches.dropFirst(first).prefix(max(0, height)).enumerated() {
            let y = top + i
            let tag = article.isMacro ? " macro" : ""
            canvas.putFitted(article.title, x: inner.x + 1, y: y, width: max(1, listWidth - DisplayWidth.of(tag) - 2), style: theme[.text])
            if !tag.isEmpty { canvas.put(tag, x: inner.x + listWidth - DisplayWidth.of(tag), y: y, style: theme[.textMuted]) }
            if first + i == selected {
                canvas.restyle(Rect(x: inner.x, y: y, width: listWidth + 1, height: 1)) { _ in theme[.overlaySelected] }
            }
        }
        if let article = matches.isEmpty ? nil : matches[selected] {
            let x = inner.x + listWidth + 3
            let w = inner.maxX - x - 1
            var y = top
            canvas.put(TerminalText.sanitize(article.title), x: x, y: y, style: theme[.columnHeader], maxWidth: w)
            y += 1
            if article.isMacro {
                canvas.put("macro · " + Macro.describe(MacroEffect(article)), x: x, y: y, style: theme[.textAccent], maxWidth: w)
                y += 1
            }
            y += 1
            for line in TicketDetailView.wrap(article.body, width: w) where y < inner.maxY - 1 {
                canvas.put(line, x: x, y: y, style: theme[.text], maxWidth: w)
                y += 1
            }
        }
        canvas.put("type to search · ↑/↓ choose · Enter edit · Ctrl-n new · Ctrl-t send to a creator or community · Esc close", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.textMuted], maxWidth: inner.width - 2)
    }
}

extension ArticleFormState {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: ArticleFormState) {
        let form = FormLayout(&canvas, model, width: 90, height: 22, title: state.id == nil ? "New article" : "Edit article", top: 1, labelWidth: 11)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        func label(_ f: Field) { form.label(&canvas, f.label, y: y, focused: f == state.focus) }
        label(.title)
        if state.focus == .title { DialogView.input(&canvas, model, state.title, x: x, y: y, width: width) }
        else { canvas.put(state.title.text, x: x, y: y, style: theme[.text], maxWidth: width) }
        y += 1
        label(.macro)
        canvas.put(state.isMacro ? "[x] a macro: applies status, priority and tags with its reply" : "[ ] an article (Space makes it a macro)",
                   x: x, y: y, style: theme[state.focus == .macro ? .overlaySelected : .text], maxWidth: width)
        y += 1
        if state.isMacro {
            for (f, value) in [(Field.status, state.status?.rawValue ?? "unchanged"), (.priority, state.priority?.rawValue ?? "unchanged")] {
                label(f)
                canvas.put(value, x: x, y: y, style: theme[state.focus == f ? .overlaySelected : .text], maxWidth: width)
                y += 1
            }
            label(.tags)
            if state.focus == .tags { DialogView.input(&canvas, model, state.tags, x: x, y: y, width: width) }
            else { canvas.put(state.tags.text.isEmpty ? "none" : state.tags.text, x: x, y: y, style: theme[state.tags.text.isEmpty ? .textMuted : .text], maxWidth: width) }
            y += 1
        }
        y += 1
        label(.body)
        canvas.put("placeholders: " + Macro.placeholders.map { "{{\($0)}}" }.joined(separator: " "), x: x, y: y, style: theme[.textMuted], maxWidth: width)
        y += 1
        let rows = max(1, inner.maxY - y - 1)
        DialogView.textArea(&canvas, model, state.body, x: inner.x + 1, y: y, width: inner.width - 2, height: rows, focused: state.focus == .body)
        let hint = state.error ?? "Tab next field · Space change · Ctrl-s save · Esc cancel"
        canvas.put(hint, x: inner.x + 1, y: inner.maxY - 1, style: theme[state.error == nil ? .textMuted : .inputError], maxWidth: inner.width - 2)
    }
}

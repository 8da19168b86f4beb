import GreenroomCore

enum KBView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: KBState) {
        let theme = model.theme
        let inner = DialogView.frame(&canvas, model, width: model.width - 4, height: model.height - 2, title: "Knowledge base", top: 1)
        canvas.put("›", x: inner.x + 1, y: inner.y, style: theme[.overlayKey])
        DialogView.input(&canvas, model, state.input, x: inner.x + 3, y: inner.y, width: inner.width / 2 - 4)
        let listWidth = max(20, inner.width * 2 / 5)
        let matches = state.matches
        drawKindFilter(&canvas, model, state, x: inner.x + 1, y: inner.y + 1, width: inner.width - 2)
        let top = inner.y + 2
        let height = inner.maxY - top - 1
        if !state.loaded {
            canvas.put("Loading…", x: inner.x + 1, y: top, style: theme[.textMuted])
        } else if matches.isEmpty {
            let empty = state.articles.isEmpty ? "No articles yet: Ctrl-n writes one."
                : state.kindFilter != .all && state.count(state.kindFilter) == 0 ? "No \(state.kindFilter.rawValue.lowercased()) yet: Ctrl-n writes one."
                : "nothing matches"
            canvas.put(empty, x: inner.x + 1, y: top, style: theme[.textMuted], maxWidth: listWidth)
        }
        let selected = min(state.selected, max(0, matches.count - 1))
        let first = max(0, selected - height + 1)
        for (i, article) in matches.dropFirst(first).prefix(max(0, height)).enumerated() {
            let y = top + i
            let tag = article.isMacro || article.kind.isResource ? " " + article.kindLabel : ""
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
            } else if article.kind.isResource {
                let dot = model.capabilities.unicode ? " · " : " - "
                canvas.put(article.kind.rawValue + dot + "Ctrl-t sends it to a creator or a community", x: x, y: y, style: theme[.textAccent], maxWidth: w)
                y += 1
                // The whole URL, cut into lines of the column's width: it is what is sent.
                let url = Array(article.url.map { TerminalText.sanitize($0) } ?? (article.kind == .link ? "no URL yet (Enter edits it)" : ""))
                for start in stride(from: 0, to: url.count, by: max(1, w)) where y < inner.maxY - 2 {
                    canvas.put(String(url[start..<min(url.count, start + max(1, w))]), x: x, y: y, style: theme[.text], maxWidth: w)
                    y += 1
                }
            }
            y += 1
            for line in TicketDetailView.wrap(article.body, width: w) where y < inner.maxY - 1 {
                canvas.put(line, x: x, y: y, style: theme[.text], maxWidth: w)
                y += 1
            }
        }
        canvas.put("type to search · ↑/↓ choose · Tab kinds · Enter edit · Ctrl-n new · Ctrl-t send a resource · Esc close", x: inner.x + 1, y: inner.maxY - 1,
                   style: theme[.textMuted], maxWidth: inner.width - 2)
    }

    /// "All 31 · Resources 10 · Guides 5 · Toolkits 2 · Links 3 · Replies 21", the shown one marked.
    static func drawKindFilter(_ canvas: inout Canvas, _ model: Model, _ state: KBState, x: Int, y: Int, width: Int) {
        guard state.loaded else { return }
        let theme = model.theme
        let dot = model.capabilities.unicode ? " · " : " | "
        var at = x
        for (i, filter) in KBKindFilter.allCases.enumerated() {
            if i > 0 {
                canvas.put(dot, x: at, y: y, style: theme[.textMuted], maxWidth: max(0, x + width - at))
                at += DisplayWidth.of(dot)
            }
            let text = "\(filter.rawValue) \(state.count(filter))"
            guard at < x + width else { return }
            canvas.put(text, x: at, y: y, style: theme[filter == state.kindFilter ? .overlaySelected : .textMuted], maxWidth: x + width - at)
            at += DisplayWidth.of(text)
        }
    }
}

extension ArticleFormState {
    /// What the kind means, beside it (Space cycles it).
    static func kindHint(_ kind: ArticleKind) -> String {
        switch kind {
        case .reply: return "an agent's answer to tickets (Space: guide, toolkit, link)"
        case .guide: return "a creator-facing guide, sent with Ctrl-t"
        case .toolkit: return "a creator-facing toolkit, sent with Ctrl-t"
        case .link: return "a creator-facing link: its URL is what is sent"
        }
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: ArticleFormState) {
        let form = FormLayout(&canvas, model, width: 90, height: 22, title: state.id == nil ? "New article" : "Edit article", top: 1, labelWidth: 11)
        let (inner, x, width, theme) = (form.inner, form.x, form.width, form.theme)
        var y = inner.y
        func label(_ f: Field) { form.label(&canvas, f.label, y: y, focused: f == state.focus) }
        label(.title)
        if state.focus == .title { DialogView.input(&canvas, model, state.title, x: x, y: y, width: width) }
        else { canvas.put(state.title.text, x: x, y: y, style: theme[.text], maxWidth: width) }
        y += 1
        label(.kind)
        canvas.put(state.kind.rawValue + "  " + kindHint(state.kind), x: x, y: y, style: theme[state.focus == .kind ? .overlaySelected : .text], maxWidth: width)
        y += 1
        label(.url)
        if state.focus == .url { DialogView.input(&canvas, model, state.url, x: x, y: y, width: width) }
        else if state.url.text.isEmpty {
            canvas.put(state.kind == .link ? "none yet (a link needs one: http:// or https://)" : "none (optional)", x: x, y: y,
                       style: theme[state.kind == .link ? .inputError : .textMuted], maxWidth: width)
        } else { canvas.put(TerminalText.sanitize(state.url.text), x: x, y: y, style: theme[.text], maxWidth: width) }
        y += 1
        if state.kind == .reply {
            label(.macro)
            canvas.put(state.isMacro ? "[x] a macro: applies status, priority and tags with its reply" : "[ ] an article (Space makes it a macro)",
                       x: x, y: y, style: theme[state.focus == .macro ? .overlaySelected : .text], maxWidth: width)
            y += 1
        }
        if state.macro {
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
        let bodyHint = state.kind == .reply ? "placeholders: " + Macro.placeholders.map { "{{\($0)}}" }.joined(separator: " ")
            : state.kind == .link ? "what the link is (optional: the URL is what is sent)" : "what the creator reads"
        canvas.put(bodyHint, x: x, y: y, style: theme[.textMuted], maxWidth: width)
        y += 1
        let rows = max(1, inner.maxY - y - 1)
        DialogView.textArea(&canvas, model, state.body, x: inner.x + 1, y: y, width: inner.width - 2, height: rows, focused: state.focus == .body)
        let hint = state.error ?? "Tab next field · Space change · Ctrl-s save · Esc cancel"
            + (state.kind.isResource ? " · saved, Ctrl-t in the list sends it" : "")
        canvas.put(hint, x: inner.x + 1, y: inner.maxY - 1, style: theme[state.error == nil ? .textMuted : .inputError], maxWidth: inner.width - 2)
    }
}

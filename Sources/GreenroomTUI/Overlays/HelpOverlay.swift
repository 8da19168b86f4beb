import GreenroomCore

/// The `?` overlay: every binding of the key map, grouped by where it applies. Built from the
/// same table that dispatches keys, so it cannot drift from what the keys do.
enum HelpOverlay {
    static func lines(_ model: Model) -> [(text: String, role: StyleRole, keyWidth: Int)] {
        var out: [(String, StyleRole, Int)] = []
        let sections = model.keyMap.helpSections()
        func widest(_ rows: [(keys: String, title: String)]) -> Int { rows.map { DisplayWidth.of($0.keys) }.max() ?? 0 }
        // The screens' keys set the column; a dialog's longer key lists widen only its own section.
        let modal = zip(Action.Context.allCases, sections).filter { $0.0.isModal }.map { $0.1.title }
        let base = min(24, sections.filter { !modal.contains($0.title) }.map { widest($0.rows) }.max() ?? 10)
        for (i, section) in sections.enumerated() {
            let keyWidth = modal.contains(section.title) ? min(24, max(base, widest(section.rows))) : base
            if i > 0 { out.append(("", .text, 0)) }
            out.append((section.title, .overlayTitle, 0))
            for row in section.rows {
                out.append((TerminalText.fit(row.keys, width: keyWidth) + "  " + row.title, .text, keyWidth))
            }
        }
        return out
    }

    static func frame(_ model: Model) -> Rect {
        let count = lines(model).count
        let width = min(64, model.width - 4)
        let height = min(count + 2, model.height - 4)
        return Rect(x: (model.width - width) / 2, y: (model.height - height) / 2, width: width, height: height)
    }

    static func maxScroll(_ model: Model) -> Int {
        max(0, lines(model).count - (frame(model).height - 2))
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, scroll: Int) {
        let rect = frame(model)
        let theme = model.theme
        canvas.fill(rect, style: theme[.text])
        canvas.box(rect, title: " Help — keys ", border: model.capabilities.unicode ? .light : .ascii,
                   borderStyle: theme[.overlayBorder], titleStyle: theme[.overlayTitle])
        let inner = rect.inset(1)
        let all = lines(model)
        for (i, line) in all.dropFirst(scroll).prefix(inner.height).enumerated() {
            let y = inner.y + i
            if line.keyWidth > 0 {
                canvas.put(String(line.text.prefix(line.keyWidth)), x: inner.x + 1, y: y, style: theme[.overlayKey], maxWidth: inner.width - 1)
                canvas.put(String(line.text.dropFirst(line.keyWidth)), x: inner.x + 1 + line.keyWidth, y: y, style: theme[.text],
                           maxWidth: inner.width - 1 - line.keyWidth)
            } else {
                canvas.put(line.text, x: inner.x + 1, y: y, style: theme[line.role], maxWidth: inner.width - 1)
            }
        }
        if all.count > inner.height {
            let more = "\(scroll + 1)–\(min(all.count, scroll + inner.height))/\(all.count)"
            canvas.put(more, x: rect.maxX - 2 - more.count, y: rect.maxY - 1, style: theme[.overlayBorder])
        }
    }
}

/// The `:` command palette: fuzzy search over every action, with its keys.
enum PaletteOverlay {
    static func draw(_ canvas: inout Canvas, _ model: Model, state: PaletteState) {
        let theme = model.theme
        let matches = state.matches(keyMap: model.keyMap)
        let width = min(70, model.width - 4)
        let listHeight = min(10, max(1, matches.count))
        let rect = Rect(x: (model.width - width) / 2, y: 2, width: width, height: listHeight + 4)
        canvas.fill(rect, style: theme[.text])
        canvas.box(rect, title: " Command ", border: model.capabilities.unicode ? .light : .ascii,
                   borderStyle: theme[.overlayBorder], titleStyle: theme[.overlayTitle])
        let inner = rect.inset(1)
        // Input line with a visible cursor cell.
        canvas.put(":", x: inner.x + 1, y: inner.y, style: theme[.overlayKey])
        let text = state.input.text
        canvas.put(text, x: inner.x + 3, y: inner.y, style: theme[.input], maxWidth: inner.width - 4)
        let cursorX = inner.x + 3 + DisplayWidth.of(String(text.prefix(state.input.cursor)))
        if cursorX < inner.maxX {
            canvas.restyle(Rect(x: cursorX, y: inner.y, width: 1, height: 1)) { $0.adding(.reverse) }
        }
        // A typed command with arguments (`enrol 12.12`) is what Enter runs: show it, not the fuzzy list.
        if let command = state.command {
            canvas.putFitted("Enter: " + command.title, x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, style: theme[.text])
            canvas.restyle(Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: 1)) { _ in theme[.overlaySelected] }
            return
        }
        if matches.isEmpty {
            canvas.put("no matching command", x: inner.x + 1, y: inner.y + 2, style: theme[.textMuted])
            return
        }
        let selected = min(state.selected, matches.count - 1)
        let first = max(0, selected - listHeight + 1)
        for (i, entry) in matches.dropFirst(first).prefix(listHeight).enumerated() {
            let y = inner.y + 2 + i
            let keys = model.keyMap.keys(for: entry.action).map(\.label).joined(separator: " ")
            let keysWidth = DisplayWidth.of(keys)
            canvas.putFitted(entry.action.title, x: inner.x + 1, y: y, width: max(1, inner.width - keysWidth - 3), style: theme[.text])
            // Highlight the matched characters of the title.
            let titleCount = entry.action.title.count
            for p in entry.match.positions where p < titleCount {
                let col = inner.x + 1 + DisplayWidth.of(String(entry.action.title.prefix(p)))
                if col < inner.maxX { canvas.restyle(Rect(x: col, y: y, width: 1, height: 1)) { _ in theme[.overlayMatch] } }
            }
            canvas.put(keys, x: inner.maxX - keysWidth - 1, y: y, style: theme[.overlayKey])
            if first + i == selected {
                canvas.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { old in
                    var s = theme[.overlaySelected]
                    s.attributes.formUnion(old.attributes.intersection(.bold))
                    return s
                }
            }
        }
    }
}

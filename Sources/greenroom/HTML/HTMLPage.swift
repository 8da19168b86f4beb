import Foundation
import GreenroomCore

/// Text for an HTML report and the page it is written into.
///
/// Every string that comes from data (a name, a subject, a topic, a campaign's name) goes
/// through `text`, `name` or `attribute`: sanitized as on the terminal (control characters
/// shown, bidirectional overrides and other format characters dropped) and escaped, so no
/// value can open an element, end an attribute or reorder the text around it.
enum HTML {
    /// Escapes the five characters that mean something in HTML text and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Data text for element content.
    static func text(_ s: String) -> String { escape(TerminalText.sanitize(s)) }

    /// Data text that may be written right to left (names, subjects, topics), isolated from
    /// the direction of the text around it.
    static func name(_ s: String) -> String { "<bdi>" + text(s) + "</bdi>" }

    /// Data text for a double-quoted attribute value.
    static func attribute(_ s: String) -> String { escape(TerminalText.sanitize(s)) }

    /// A number for a `data-` attribute: the JSON report's value (already rounded as there),
    /// in its shortest exact form; the empty string for JSON's null.
    static func value(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func value(_ v: Int) -> String { String(v) }

    /// One `<section>`: a heading, an optional lead line and its body.
    static func section(id: String, title: String, lead: String? = nil, _ body: String) -> String {
        var out = "<section id=\"\(escape(id))\" data-section=\"\(escape(id))\">\n<h2>\(title)</h2>\n"
        if let lead { out += "<p class=\"lead\">\(lead)</p>\n" }
        return out + body + "</section>\n"
    }

    /// A table: `header` cells are markup (escape data before), `numeric` columns align right.
    static func table(_ header: [String], numeric: Set<Int> = [], rows: [String], caption: String? = nil) -> String {
        var out = "<table>\n"
        if let caption { out += "<caption>\(caption)</caption>\n" }
        out += "<thead><tr>" + header.enumerated().map { i, h in "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }.joined() + "</tr></thead>\n"
        return out + "<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody>\n</table>\n"
    }

    /// A row of cells (markup); `numeric` columns align right, `classes` add a class to a
    /// column's cell. `attributes` go on the `<tr>`.
    static func row(_ cells: [String], numeric: Set<Int> = [], classes: [Int: String] = [:], attributes: String = "") -> String {
        "<tr\(attributes.isEmpty ? "" : " " + attributes)>" + cells.enumerated().map { i, c in
            let names = [numeric.contains(i) ? "num" : nil, classes[i]].compactMap { $0 }
            return "<td\(names.isEmpty ? "" : " class=\"" + names.joined(separator: " ") + "\"")>\(c)</td>"
        }.joined() + "</tr>"
    }

    /// The "nothing to show" line that stands where a chart or table would be.
    static func empty(_ what: String) -> String { "<p class=\"empty\" data-empty=\"true\">\(what)</p>\n" }

    /// The whole document. Nothing is fetched: styles are inline, charts are inline SVG, and
    /// the Content-Security-Policy forbids scripts, fonts, frames and every network request.
    /// `title` is plain text (escaped here) for the window and, unless `heading` (markup) is
    /// given, the page's heading.
    static func page(title: String, heading: String? = nil, kind: String, subtitle: String, generated: String, sections: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="greenroom">
        <title>\(text(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body data-report="\(escape(kind))">
        <header class="report">
        <p class="kicker">Greenroom · \(escape(kind)) report</p>
        <h1>\(heading ?? text(title))</h1>
        <p class="subtitle">\(subtitle)</p>
        </header>
        <main>
        \(sections.joined())</main>
        <footer><p>\(generated)</p></footer>
        </body>
        </html>

        """
    }

    /// Screen and print styles. Colour only repeats what text and line style already say
    /// (✓/✗ marks, dashed target lines, numbers in every heat-map cell), so a black-and-white
    /// printout reads the same.
    static let stylesheet = """
    :root { --ink: #1d2330; --muted: #5b6475; --line: #d6dae2; --soft: #f3f5f8; --accent: #2f5fd0; --good: #1f7a4d; --bad: #b3261e; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0 auto; max-width: 1040px; padding: 32px 40px 48px; color: var(--ink); background: #fff;
           font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
    header.report { border-bottom: 3px solid var(--ink); padding-bottom: 14px; margin-bottom: 8px; }
    .kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: var(--muted); font-weight: 600; }
    h1 { margin: 4px 0 4px; font-size: 28px; line-height: 1.2; }
    .subtitle { margin: 0; color: var(--muted); }
    h2 { font-size: 18px; margin: 0 0 6px; padding-top: 4px; }
    section { margin-top: 30px; }
    .lead { margin: 0 0 12px; color: var(--muted); }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
    th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
    th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 2px solid var(--ink); white-space: nowrap; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    tbody tr:nth-child(even) td { background: var(--soft); }
    td.kpi-name { font-weight: 600; }
    td.kpi-name small { display: block; font-weight: 400; color: var(--muted); }
    .value { font-weight: 700; font-size: 15px; }
    .mark { font-weight: 700; margin-left: 4px; }
    .good { color: var(--good); }
    .bad { color: var(--bad); }
    .muted { color: var(--muted); }
    .empty { padding: 14px 16px; border: 1px dashed var(--line); color: var(--muted); background: var(--soft); margin: 0; }
    .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; padding: 0; list-style: none; }
    .cards li { flex: 1 1 150px; border: 1px solid var(--line); border-left: 4px solid var(--ink); padding: 10px 12px; }
    .cards .big { display: block; font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .cards .label { color: var(--muted); font-size: 12px; }
    svg { display: block; max-width: 100%; height: auto; overflow: visible; }
    svg text { font-family: inherit; }
    td svg { display: inline-block; vertical-align: middle; }
    td .n { display: inline-block; min-width: 3.2em; text-align: right; }
    .chart { margin: 6px 0 14px; }
    .legend { font-size: 12px; color: var(--muted); margin: 4px 0 12px; }
    .key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
    .note { font-size: 12px; color: var(--muted); margin-top: 8px; }
    footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { max-width: none; padding: 0; font-size: 11px; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      section { margin-top: 0; break-before: page; }
      section:first-of-type { break-before: auto; margin-top: 14px; }
      h2 { break-after: avoid; }
      tr, svg, .cards li, .chart { break-inside: avoid; }
      thead { display: table-header-group; }
      tbody tr:nth-child(even) td { background: none; }
      th, td { padding: 4px 6px; }
    }
    """
}

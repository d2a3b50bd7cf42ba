/// The report's only stylesheet, inlined in `<head>`: screen layout for a laptop, and a print
/// layout for A4 (no navigation, no shadows, colours kept for badges and timelines).
enum ReportStyle {
    static let css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
          --ok: #1a7f37; --bad: #cf222e; --none: #6e7781; --warn: #9a6700; --never: #8250df; --info: #0969da; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 0 28px 48px; }
        header.top { background: #24292f; color: #fff; padding: 22px 28px 18px; }
        header.top .inner { max-width: 1124px; margin: 0 auto; }
        header.top h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
        header.top p { margin: 2px 0; color: #d1d9e0; }
        header.top code { color: #fff; background: rgba(255,255,255,.12); }
        nav.toc { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); }
        nav.toc ul { max-width: 1180px; margin: 0 auto; padding: 8px 28px; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 22px; }
        nav.toc a { color: var(--info); text-decoration: none; font-weight: 500; }
        section.part { margin-top: 34px; }
        h2 { font-size: 21px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
        h3 { font-size: 17px; margin: 22px 0 8px; }
        h4 { font-size: 15px; margin: 14px 0 6px; }
        p.lead { color: var(--muted); margin: 0 0 12px; }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
        code { background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
        a { color: var(--info); }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; background: var(--soft); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td { overflow-wrap: break-word; }
        td code { overflow-wrap: break-word; }
        td .sub { color: var(--muted); font-size: 13px; }
        td.time { white-space: nowrap; }
        .muted { color: var(--muted); }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 16px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 118px; }
        .card b { display: block; font-size: 22px; }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600;
          color: #fff; background: var(--none); white-space: nowrap; line-height: 1.6; }
        .badge.status-success { background: var(--ok); }
        .badge.status-failed { background: var(--bad); }
        .badge.status-no_schema { background: var(--none); }
        .badge.status-not_exported { background: var(--warn); }
        .badge.status-never { background: #fff; color: var(--never); box-shadow: inset 0 0 0 1.5px var(--never); }
        .badge.sev-error { background: var(--bad); }
        .badge.sev-warning { background: var(--warn); }
        .badge.sev-info { background: var(--info); }
        .tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; border: 1px solid currentColor; white-space: nowrap; }
        .tag.stale { color: var(--bad); }
        .tag.unmapped { color: var(--warn); }
        .tag.mapped { color: var(--ok); }
        .tag.changed { color: var(--info); }
        table.cols { table-layout: fixed; }
        table.cols th:nth-child(1) { width: 56px; }
        table.cols th:nth-child(2) { width: 38%; }
        tr.unmapped td { background: #fff8c5; }
        .timeline { display: grid; grid-template-columns: minmax(140px, 220px) 1fr; gap: 2px 14px; align-items: center; }
        .timeline .name { font-weight: 600; overflow-wrap: anywhere; }
        .timeline svg { display: block; width: 100%; height: auto; }
        .timeline .axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 12px; }
        .timeline .detail { grid-column: 2; font-size: 13px; color: var(--muted); margin: 0 0 8px; }
        .timeline .detail ul { margin: 2px 0 0; padding-left: 18px; }
        .timeline .detail li.failed { color: var(--bad); }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; font-size: 13px; color: var(--muted); margin-bottom: 10px; }
        .legend svg { vertical-align: middle; }
        .conn { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 8px; margin: 12px 0; }
        .conn > summary, .conn > h3 { cursor: pointer; font-size: 17px; font-weight: 600; margin: 8px 0; }
        .conn > summary .muted { font-weight: 400; font-size: 14px; }
        .technical { font-size: 13px; color: var(--muted); margin: -4px 0 10px; }
        .finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 8px 0; background: var(--soft); border-radius: 0 6px 6px 0; }
        .finding.sev-error { border-left-color: var(--bad); }
        .finding.sev-warning { border-left-color: var(--warn); }
        .finding.sev-info { border-left-color: var(--info); }
        .finding .where { font-weight: 600; }
        .finding p { margin: 4px 0 0; }
        ul.changes { margin: 4px 0 12px; padding-left: 20px; }
        footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          body { font-size: 9.5pt; }
          main { max-width: none; padding: 0; }
          header.top { background: none; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--ink); }
          header.top .inner { max-width: none; }
          header.top p { color: var(--muted); }
          header.top code { color: var(--ink); background: none; }
          nav.toc { display: none; }
          section.part { margin-top: 18px; }
          section.part + section.part { break-before: page; }
          h2, h3, h4 { break-after: avoid; }
          tr, .finding, .card, .timeline > * { break-inside: avoid; }
          thead { display: table-header-group; }
          a { color: inherit; text-decoration: none; }
          .conn { border: none; padding: 0; }
          th, td { padding: 3px 6px; }
          #overview table { font-size: 8.5pt; }
          #overview td code { font-size: 7.5pt; }
          .timeline { grid-template-columns: 110px 1fr; }
        }
        """
}

/** The overlay's styles, given to each shadow root as text (no stylesheet fetch per bar). */
export const overlayCss = `
.bar {
  --fg: #0f1419; --muted: #536471; --line: #cfd9de; --bg: #f7f9f9; --accent: #1d6fe8; --accent-fg: #fff;
  --ok: #00875a; --soon: #b35c00; --late: #d0312d;
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg);
  background: var(--bg); border: 1px solid var(--line); border-radius: 10px; margin: 6px 0; padding: 6px 8px;
  box-sizing: border-box; max-width: 100%;
}
.bar[data-theme='dark'] {
  --fg: #e7e9ea; --muted: #8b98a5; --line: #38444d; --bg: #16181c; --accent: #4c9bf5; --accent-fg: #0b0d10;
  --ok: #3fcf8e; --soon: #ffb44c; --late: #ff6b66;
}
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.bar.compact { padding: 2px 8px; border-style: dashed; font-size: 12px; }
.bar.compact .answer { font-weight: 600; }
.brand { font-weight: 800; color: var(--accent-fg); background: var(--accent); border-radius: 5px; padding: 0 5px; }
button, select, textarea, input {
  font: inherit; color: inherit; background: transparent; border: 1px solid var(--line); border-radius: 999px;
  padding: 2px 10px; cursor: pointer;
}
button:hover { border-color: var(--accent); }
button:focus-visible, select:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button[type='submit'] { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); font-weight: 600; }
button:disabled { opacity: 0.6; cursor: default; }
button.quiet { border-color: transparent; text-decoration: underline; }
select, input { border-radius: 6px; }
input { cursor: text; }
input[type='checkbox'] { cursor: pointer; }
button.number { font-weight: 700; padding: 0 6px; }
.case-panel h4 { margin: 6px 0 2px; font-size: 13px; }
.merge { margin-top: 6px; }
textarea { border-radius: 6px; width: 100%; box-sizing: border-box; resize: vertical; cursor: text; }
.badge { display: inline-flex; gap: 6px; align-items: center; border: 1px solid var(--line); border-radius: 999px; padding: 1px 8px; }
.muted { color: var(--muted); }
.sla { font-weight: 600; }
.sla-on_time { color: var(--ok); } .sla-due_soon { color: var(--soon); } .sla-breached { color: var(--late); }
.panel { margin: 6px 0 0; padding: 6px 0 0; border-top: 1px solid var(--line); list-style: none; }
.panel p { margin: 0 0 4px; }
.title { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.tag { border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 12px; }
.tag.vip { border-color: var(--soon); color: var(--soon); font-weight: 700; }
.identities, .history { margin: 0 0 4px; padding-left: 18px; }
.status-new, .status-open, .status-pending { color: var(--accent); font-weight: 600; }
.suggestions { padding-left: 0; display: grid; gap: 6px; }
.suggestions li { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; align-items: start; }
.suggestion-title { font-weight: 600; }
.suggestion-text { grid-column: 1; color: var(--muted); white-space: pre-wrap; }
.suggestion-reason { grid-column: 1; font-size: 12px; }
.suggestions button { grid-column: 2; grid-row: 1 / span 3; align-self: center; }
.case-form { display: grid; gap: 6px; }
.case-form label { color: var(--muted); }
.notice { margin: 6px 0 0; }
.tone-line { display: flex; align-items: center; gap: 3px; }
.tone-chip { border-radius: 999px; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid var(--line); }
.tone-chip.tone-negative { color: var(--late); border-color: var(--late); }
.tone-chip.tone-positive { color: var(--ok); border-color: var(--ok); }
.bar[data-alert='true'] { border: 2px solid var(--late); box-shadow: 0 0 0 2px color-mix(in srgb, var(--late) 25%, transparent); }
.tone { display: inline-block; width: 10px; height: 10px; border-radius: 50%; background: var(--muted); }
.tone.tone-negative { background: var(--late); } .tone.tone-positive { background: var(--ok); }
.presence { margin: 6px 0 0; color: var(--soon); font-weight: 600; }
.offline { color: var(--late); font-weight: 600; }
.notice.error, .error { color: var(--late); }
.feedback { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 2px; }
.feedback form { display: contents; }
.feedback button { padding: 0 6px; font-size: 12px; border-color: transparent; color: var(--muted); }
.feedback button[aria-pressed='true'] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
.feedback input { width: 8em; padding: 0 6px; font-size: 12px; }
.feedback-current { font-size: 12px; font-weight: 600; }
.selection-create {
  position: fixed; z-index: 2147483646; transform: translate(-50%, calc(-100% - 6px));
  font: 600 13px/1.4 system-ui, sans-serif; background: #1d6fe8; color: #fff; border: 0; border-radius: 999px;
  padding: 4px 12px; box-shadow: 0 2px 8px #0004;
}
`;

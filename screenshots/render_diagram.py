"""Render the demo's timeline diagram (the export's Mermaid block) to a PNG, as GitHub draws it.

    POSTMORTEM_MERMAID_DIR=DIR python screenshots/render_diagram.py [OUT.png]

DIR is a folder where `npm install mermaid@11` was run; the page is drawn by headless Chromium
(Debian's `chromium` package, /usr/bin/chromium) with that Mermaid, offline. Writes
`timeline_diagram.png` next to this file by default.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.mermaid import gantt

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>body {{ margin: 16px; background: #fff; font-family: sans-serif; }}</style></head>
<body><pre class="mermaid">{source}</pre>
<script src="{script}"></script>
<script>mermaid.initialize({{startOnLoad: true, theme: "default",
  gantt: {{useWidth: 1100, barHeight: 22, fontSize: 13, sectionFontSize: 14}}}});</script>
</body></html>"""


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE / "timeline_diagram.png"
    folder = os.environ.get("POSTMORTEM_MERMAID_DIR")
    if not folder:
        print("set POSTMORTEM_MERMAID_DIR to a folder with `npm install mermaid@11`",
              file=sys.stderr)
        return 2
    script = Path(folder) / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    doc = demo_document(dt.date(2025, 3, 4), incident_id="INC-20250228-001")
    source = gantt(doc) or ""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "diagram.html"
        page.write_text(PAGE.format(source=html.escape(source), script=script.as_uri()),
                        encoding="utf-8")
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
             "--allow-file-access-from-files", "--virtual-time-budget=5000",
             "--window-size=1140,560", f"--screenshot={out.resolve()}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

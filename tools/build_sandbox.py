"""Regenerates the demo's sandbox web (footprint/demo/web) for the fictional candidate.

Each scanner's part lives in its own module, tools/sandbox/<scanner>.py, with a
`build(web: RecordedWeb)` function: the modules run in name order into one fresh directory.
The output is generated: regenerate it rather than editing footprint/demo/web by hand.
Run: python tools/build_sandbox.py
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from footprint.net import RecordedWeb

ROOT = Path(__file__).resolve().parent
WEB = ROOT.parent / "footprint" / "demo" / "web"


def main() -> None:
    shutil.rmtree(WEB, ignore_errors=True)
    web = RecordedWeb(WEB)
    for path in sorted((ROOT / "sandbox").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"sandbox_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(web)
    print(f"wrote {web.save()}")


if __name__ == "__main__":
    main()

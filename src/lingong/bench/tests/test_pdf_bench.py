"""``python -m lingong.bench.pdf`` renders the sample contract, unsigned and signed, and reports its times."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader

from lingong.bench import pdf as bench_pdf
from lingong.contracts.rendering import render_contract_pdf
from lingong.contracts.specimen import specimen_terms


def test_the_pdf_bench_reports_both_documents(tmp_path: Path) -> None:
    out = tmp_path / "pdf.json"
    assert bench_pdf.main(["--repeat", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    for name in ("contract", "signed_contract"):
        assert result[name]["median_ms"] > 0 and result[name]["mean_ms"] > 0
    assert result["bytes"]["signed_contract"] > result["bytes"]["contract"] > 10_000
    # The sample is a real contract: its parties are in the text.
    text = "".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(render_contract_pdf(specimen_terms()))).pages
    )
    assert "张建国" in text and "宏达建筑" in text

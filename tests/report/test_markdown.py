"""Markdown tables and generated blocks (netsim.report.markdown)."""

from __future__ import annotations

from pathlib import Path

from netsim.report import markdown
from netsim.studies.validation import block_verdicts

BEGIN, END = "<!-- BEGIN x -->", "<!-- END x -->"


def test_table_keeps_cells_on_one_line_with_pipes_escaped() -> None:
    text = markdown.table([("`a`", "one | two\nthree", "0.10")], ["key", "text", "value"])
    header, rule, row = text.splitlines()
    assert header.startswith("| key ")
    assert set(rule) <= {"|", ":", "-"}
    assert "one \\| two three" in row
    assert "0.10" in row  # numbers are not reformatted


def test_a_block_is_replaced_and_the_text_around_it_kept() -> None:
    text = f"# Title\n\nbefore\n\n{BEGIN}\n\nold\n\n{END}\n\nafter\n"
    new = markdown.replace_block(text, BEGIN, END, "new\n")
    assert new == f"# Title\n\nbefore\n\n{BEGIN}\n\nnew\n\n{END}\n\nafter\n"
    assert markdown.read_block(new, BEGIN, END) == "new"
    assert markdown.replace_block(new, BEGIN, END, "new") == new


def test_a_missing_block_is_appended_and_a_missing_file_made(tmp_path: Path) -> None:
    assert (
        markdown.replace_block("text\n", BEGIN, END, "body")
        == f"text\n\n{BEGIN}\n\nbody\n\n{END}\n"
    )
    assert markdown.read_block("text", BEGIN, END) is None
    path = tmp_path / "docs" / "new.md"
    assert markdown.write_block(path, BEGIN, END, "body", write=False)  # would change
    assert not path.exists()
    assert markdown.write_block(path, BEGIN, END, "body", title="New")
    assert path.read_text(encoding="utf-8") == f"# New\n\n{BEGIN}\n\nbody\n\n{END}\n"
    assert not markdown.write_block(path, BEGIN, END, "body")


def test_verdicts_are_read_back_from_a_written_table(tmp_path: Path) -> None:
    rows = [("`short`", "a claim", "yes"), ("`a_much_longer_id`", "x \\| y", "**no**")]
    path = tmp_path / "v.md"
    markdown.write_block(path, BEGIN, END, "Made by a test.\n\n" + markdown.table(rows, "abc"))
    assert block_verdicts(path, BEGIN, END) == {"short": "yes", "a_much_longer_id": "no"}

import json

from corpus.validate import main


def test_validate_prints_counts_and_warnings(capsys, seeds_dir):
    assert main([str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert "BHR1212-001v2  培訓專案主管人員" in out
    assert "SS28" in out
    assert "units_per_role: 人才管理總監 30, 人才管理經理 25, 人才管理主任 18, 人才管理助理 11" in out


def test_validate_json_lists_documents(capsys, seeds_dir):
    assert main(["--json", str(seeds_dir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["code"] for row in rows} >= {"BHR5R0061v2", "HK:人才管理"}
    unit = next(row for row in rows if row["code"] == "BHR5R0061v2")
    assert set(unit) == {"file", "kind", "code", "title", "counts", "warnings"}
    assert unit["counts"]["indicators"] == 17


def test_validate_reports_bad_files_and_exits_non_zero(tmp_path, fixtures_dir, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes((fixtures_dir / "tw_unit_interview.txt").read_bytes())
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "✗ empty.txt: empty file" in out
    assert "✓ good.txt" in out

"""The calibration figures `seismo bench quality` prints (seismo.bench.calibration)."""
from seismo.bench.calibration import at_threshold, draw_pr_curve, pr_curve, reliability, report

SCORED = [(0.95, True), (0.9, True), (0.85, False), (0.6, True), (0.55, False), (0.2, False), (0.1, False)]


def test_threshold_keeps_records_at_or_above_it():
    op = at_threshold(SCORED, n_gold=5, threshold=0.6)
    assert (op.kept, round(op.precision, 3), op.recall) == (4, 0.75, 0.6)
    assert at_threshold(SCORED, 5, 0.99).precision == 1.0 and at_threshold(SCORED, 5, 0.99).kept == 0


def test_reliability_and_ece():
    perfect = [(0.85, True)] * 85 + [(0.85, False)] * 15
    table, ece = reliability(perfect)
    assert len(table) == 1 and abs(ece) < 1e-9 and abs(table[0].share_right - 0.85) < 1e-9
    _, overconfident = reliability([(0.95, False)] * 10)
    assert abs(overconfident - 0.95) < 1e-9


def test_pr_curve_points_and_png(tmp_path):
    pts = pr_curve(SCORED, 5)
    assert pts[0] == (0.95, 1.0, 0.2) and pts[-1][2] == 0.6
    png = draw_pr_curve({"dev": (SCORED, 5)}, tmp_path / "pr.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ECE" in report("dev", SCORED, 5)

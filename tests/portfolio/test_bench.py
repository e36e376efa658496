"""The portfolio's `flask bench` cases run at a tiny scale and print their rows (the speed
targets are read from the output at scale 1.0, never asserted as times)."""
from fossdash import bench


def test_the_portfolio_benchmarks_run_and_print_their_rows():
    text = "\n".join(bench.run(n_concerns=5, only="portfolio", scale=0.004))
    assert "seed county x0.004 (bulk insert)" in text
    assert "1 projects, 3 agencies, 200 concerns, 2,000 answers, 8 sessions, 20 actions" in text
    for name in ("portfolio page (GET /portfolio/)", "the same, CPU time", "bare aggregate SQL it needs",
                 "project dashboard (GET /projects/<id>/)", "bare SQL of its figures",
                 "portfolio trends (GET /portfolio/trends)"):
        assert name in text, name
    assert text.count("of the bare aggregate SQL (target <= 2x)") == 2
    assert "Traceback" not in text

"""The judged set (tests/search/relevance/) searched through the /jobs engine, on whichever
database the suite runs on. The bars sit just under the figures measured when they were set
(SQLite and PostgreSQL give the same): NDCG@10 0.900, no query without a relevant job in
its first ten, no query without results. Before the search understood the coder's words,
the figures were 0.548, 22% and 22%."""

from careercenter.search import relevance

NDCG_AT_10_AT_LEAST = 0.88
NOTHING_RELEVANT_AT_MOST = 0.02
ZERO_RESULTS_AT_MOST = 0.0


def test_the_judged_set_is_large_and_varied_enough():
    postings, judgements = relevance.load_set()
    assert len(postings) >= 100 and len(judgements) >= 60
    keys = {p["key"] for p in postings}
    assert all(set(j["grades"]) <= keys for j in judgements)
    assert all(set(j["grades"].values()) <= {1, 2} for j in judgements)


def test_search_relevance_on_the_judged_set(app):
    with app.app_context():
        figures = relevance.run()
    report = "\n".join(figures.lines())
    assert figures.ndcg >= NDCG_AT_10_AT_LEAST, report
    assert figures.nothing_relevant <= NOTHING_RELEVANT_AT_MOST, report
    assert figures.zero_results <= ZERO_RESULTS_AT_MOST, report


def test_the_command_prints_the_figures(app):
    result = app.test_cli_runner().invoke(args=["search-relevance"])
    assert result.exit_code == 0, result.output
    assert "NDCG@10: 0.9" in result.output
    assert "zero results: 0.0%" in result.output

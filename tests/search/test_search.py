"""What a coder finds: the same cases run on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest

from careercenter.models import utcnow
from careercenter.search import engine


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("E/M", "evaluation and management"),
        ("evaluation and management", "E/M"),
        ("HCC", "risk adjustment"),
        ("risk adjustment", "HCC"),
        ("pro-fee", "professional fee"),
        ("professional fee", "pro-fee"),
        ("inpatient", "IP"),
        ("IP", "inpatient"),
    ],
)
def test_equivalent_terms_find_each_other(make_job, find, written, searched):
    wanted = make_job(title="Coding Specialist", description=f"You will code {written} charts.")
    make_job(title="Coding Specialist", description="You will code radiology charts.")
    assert find(q=searched).ids == [wanted]


def test_cpc_a_and_cpc_are_different_credentials(make_job, find):
    apprentice = make_job(
        title="Apprentice Coder", description="CPC-A welcome to apply.", credentials=("cpc-a",)
    )
    certified = make_job(title="Certified Coder", description="CPC required.", credentials=("cpc",))
    assert find(q="CPC").ids == [certified]
    assert find(q="CPC-A").ids == [apprentice]
    assert find(credential="cpc").ids == [certified]
    assert find(credential="cpc-a").ids == [apprentice]


def test_codes_are_found_as_written(make_job, find):
    office = make_job(title="Office Visit Coder", description="Mostly 99213 and 99214 visits.")
    wound = make_job(title="Wound Clinic Coder", key_codes=("E11.52",))
    make_job(title="Other Coder", description="Modifier 25 and 59 edits.")
    assert find(q="99213").ids == [office]
    assert find(q="E11.52").ids == [wound]
    assert find(q="E11.5").ids == [wound]  # the category finds the codes under it
    assert find(q="E11.51").ids == []


def test_a_word_naming_a_filter_finds_postings_with_that_filter(make_job, find):
    houston = make_job(title="Coder", zip_code="77002")
    make_job(title="Coder", zip_code="10001")
    # "TX" appears nowhere in the text ("Houston, Texas" does): the state tag finds it.
    found = find(q="coder TX")
    assert found.ids[0] == houston
    assert found.with_all_words == 1  # the New York coder follows, with one of the words


@pytest.mark.parametrize(
    ("param", "value", "wanted", "other"),
    [
        ("arrangement", "hybrid", {"arrangement": "hybrid"}, {"arrangement": "on-site"}),
        ("type", "contract", {"employment_type": "contract"}, {"employment_type": "full-time"}),
        ("credential", "rhit", {"credentials": ("rhit", "ccs")}, {"credentials": ("cpc",)}),
        ("credential", "ccs", {"preferred": ("ccs",)}, {"credentials": ("cpc",)}),
        ("specialty", "cardiology", {"specialties": ("cardiology",)}, {"specialties": ()}),
        ("setting", "payer", {"settings": ("payer",)}, {"settings": ("telehealth",)}),
        ("apprentice", "1", {"apprentice": True}, {"apprentice": False}),
    ],
)
def test_each_filter_keeps_only_matching_jobs(make_job, find, param, value, wanted, other):
    match = make_job(title="Wanted Coder", **wanted)
    make_job(title="Other Coder", **other)
    assert find(**{param: value}).ids == [match]
    assert len(find().ids) == 2


def test_radius_uses_real_distances(make_job, find):
    houston = make_job(title="Houston Coder", zip_code="77002")
    cypress = make_job(title="Cypress Coder", zip_code="77429")  # 22 miles from 77002
    katy = make_job(title="Katy Coder", zip_code="77494")  # 28 miles
    make_job(title="New York Coder", zip_code="10001")
    austin = make_job(title="Austin Coder", zip_code="78701")  # 147 miles

    assert set(find(location="77002", radius=10).ids) == {houston}
    assert set(find(location="77002").ids) == {houston, cypress}  # 25 miles by default
    assert set(find(location="77002", radius=50).ids) == {houston, cypress, katy}
    assert set(find(location="77002", radius=200).ids) == {houston, cypress, katy, austin}
    assert set(find(location="Cypress, TX", radius=10).ids) == {cypress}
    page = find(location="77002", radius=50, sort="newest")
    assert round(page.distances[katy]) == 28 and page.distances[houston] < 1


def test_a_place_also_finds_remote_jobs_open_to_its_state(make_job, find):
    local = make_job(title="Houston Coder", zip_code="77002")
    texas = make_job(
        title="Remote TX", zip_code="10001", arrangement="remote", remote_states=("TX", "LA")
    )
    anywhere = make_job(title="Remote US", zip_code="10001", arrangement="remote")
    make_job(title="Remote CA", zip_code="77002", arrangement="remote", remote_states=("CA",))
    make_job(title="New York Coder", zip_code="10001")

    assert set(find(location="77002").ids) == {local, texas, anywhere}
    assert set(find(location="77002", arrangement="remote").ids) == {texas, anywhere}
    assert set(find(location="77002", arrangement="on-site").ids) == {local}
    assert set(find(location="Texas").ids) == {local, texas, anywhere}
    assert set(find(location="TX").ids) == {local, texas, anywhere}
    # Remote jobs are listed without a distance.
    assert set(find(location="77002").distances) == {local}


def test_remote_and_a_state_in_the_keywords(make_job, find):
    texas = make_job(title="Remote TX", arrangement="remote", remote_states=("TX",))
    anywhere = make_job(title="Remote US", arrangement="remote")
    make_job(title="Remote CA", arrangement="remote", remote_states=("CA",))
    make_job(title="Houston Coder", zip_code="77002")
    found = find(q="remote texas")
    assert set(found.ids[:2]) == {texas, anywhere}
    assert found.with_all_words == 2  # jobs with one of the words follow


def test_posted_within(make_job, find):
    old = make_job(title="Old Coder", days_ago=10)
    new = make_job(title="New Coder", days_ago=2)
    today = make_job(title="Today Coder")
    assert set(find(posted_within=1).ids) == {today}
    assert set(find(posted_within=7).ids) == {new, today}
    assert set(find(posted_within=30).ids) == {old, new, today}
    assert set(find(posted_within=60).ids) == {old, new, today}  # a window without day tags


def test_pay_min_compares_yearly_pay_with_the_top_of_each_range(make_job, find):
    hourly = make_job(title="Hourly Coder", pay=("25", "30", "hour"))  # up to $62,400 a year
    yearly = make_job(title="Salaried Coder", pay=("55000", "70000", "year"))
    make_job(title="Production Coder", pay=("2.50", "4.00", "chart"))
    assert set(find(pay_min=65000).ids) == {yearly}
    assert set(find(pay_min=62400).ids) == {hourly, yearly}
    assert set(find(pay_min=30).ids) == {hourly, yearly}  # $30 an hour = $62,400 a year
    assert set(find(pay_min=31).ids) == {yearly}
    assert set(find(pay_min=200000).ids) == set()


def test_sort_orders(make_job, find):
    first = make_job(
        title="Coder", description="Coder coder coder.", pay=("55000", "70000", "year")
    )
    second = make_job(title="Auditor", description="An auditor; coder welcome.")
    third = make_job(title="Biller", description="Some coder work.", pay=("2", "3", "chart"))
    fourth = make_job(title="Analyst", description="Coder background.", pay=("30", "36", "hour"))

    assert find(q="coder", sort="newest").ids == [fourth, third, second, first]
    assert find(sort="newest").ids == [fourth, third, second, first]
    # Top of the range per year: $74,880 (36 x 2080) > $70,000 > $62,400; per chart last.
    assert find(q="coder", sort="pay").ids == [fourth, first, second, third]
    # The posting with the word in its title ranks first.
    assert find(q="coder", sort="relevance").ids[0] == first
    assert find(sort="relevance").ids == [fourth, third, second, first]  # no words: newest


def test_an_expired_posting_is_never_shown_even_before_the_expiry_command(
    make_job, find, monkeypatch
):
    make_job(title="Coder")  # open for 30 days
    assert find().total == 1
    later = utcnow() + timedelta(days=31)
    monkeypatch.setattr(engine, "utcnow", lambda: later)
    page = find(q="coder")
    assert page.ids == [] and page.total == 0


def test_count_is_capped_and_pages_stop_at_the_cap(make_job, find, monkeypatch):
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    for n in range(7):
        make_job(title=f"Coder {n}")
    page = find(per_page=2)
    assert (page.total, page.total_is_capped, page.total_label, page.pages) == (5, True, "5+", 3)
    assert len(find(per_page=2, page=3).ids) == 1
    assert find(per_page=2, page=99).page == 3
    assert find(q="coder", per_page=10, sort="pay").total_label == "5+"


def test_pay_order_is_the_same_whichever_way_many_matches_are_ordered(
    app, make_job, find, monkeypatch, statements
):
    jobs = [
        make_job(title=f"{kind} Coder", pay=(str(p), str(p + 5), "hour"), zip_code=zip_code)
        for kind, p, zip_code in [
            ("Outpatient", 30, "77002"),
            ("Inpatient", 20, "77002"),
            ("Outpatient", 40, "10001"),
            ("Outpatient", 25, "77429"),
            ("Outpatient", 35, "77002"),
        ]
    ]
    everything = find(q="outpatient", sort="pay", location="77002", per_page=10).ids
    assert everything == [jobs[4], jobs[0], jobs[3]]
    # Past the cap, SQLite walks the pay index and tests each row's stored document.
    monkeypatch.setattr(engine, "COUNT_CAP", 2)
    monkeypatch.setattr(engine, "PAY_SORT_ALL", 1)
    with statements() as seen:
        walked = find(q="outpatient", sort="pay", location="77002", per_page=10).ids
    assert walked == everything[:2]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert any("instr(" in statement for statement in seen)


def test_rare_words_read_from_the_word_index_find_what_the_newest_first_walk_finds(
    app, make_job, find, monkeypatch, statements
):
    """PostgreSQL reads the matches of rare words from its GIN index and sorts them, common
    ones by walking the rows newest first (engine.FEW_MATCHES_SHARE): either way, the same
    jobs in the same order, for each order and for jobs with only some of the words."""
    for n in range(12):
        make_job(title=f"Oncology Coder {n}" if n % 3 else f"Cardiology Auditor {n}")
    make_job(title="Oncology Auditor")
    searches = [
        {"q": "oncology coder"},
        {"q": "oncology coder", "sort": "newest", "page": "2", "per_page": 5},
        {"q": "cardiology auditor", "sort": "pay"},
        {"q": "oncology auditor"},  # one job has both words, others follow
        {"q": "coder"},
    ]
    answers, seen = {}, {}
    for share in (0.0, 2.0):  # never read from the word index; always
        monkeypatch.setattr(engine, "FEW_MATCHES_SHARE", share)
        with statements() as seen[share]:
            answers[share] = [find(**search).ids for search in searches]
    assert answers[0.0] == answers[2.0]
    assert all(answers[0.0])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert not any("MATERIALIZED" in statement for statement in seen[0.0])
        assert any("MATERIALIZED" in statement for statement in seen[2.0])

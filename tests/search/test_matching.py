"""What a search finds when the words are not all in one job, are written another way, or
are misspelt: jobs with all the words first, then jobs with most of them, said so on the
page; word families and places typed among the words; typos corrected, with a way back."""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import feedparser

DESCRIPTION = "Review charts and assign the right codes. Full-time, benefits from day one."


def page_text(client, **params) -> str:
    response = client.get("/jobs", query_string=params)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def titles(text: str) -> list[str]:
    return re.findall(r'<a href="/jobs/\d+-[^"]*">([^<]+)</a>', text)


def test_jobs_with_all_the_words_come_first_then_jobs_with_most_of_them(make_job, find):
    some = make_job(title="Remote Coder", description=DESCRIPTION, arrangement="remote")
    most = make_job(title="Remote Cardiology Coder", description=DESCRIPTION)
    make_job(title="Front Desk Clerk", description="Greet patients at the desk.")
    both = make_job(title="Cardiology Coder, Cath Lab", arrangement="remote")
    found = find(q="remote cardiology cath lab")
    assert found.ids == [both, most, some]
    assert found.with_all_words == 1


def test_the_page_says_when_no_job_has_all_the_words(client, make_job):
    make_job(title="Surgical Coder", description=DESCRIPTION)
    make_job(title="Front Desk Clerk", description="Greet patients at the desk.")
    text = page_text(client, q="surgical coder pediatric")
    assert (
        "No job has all of \u201csurgical coder pediatric\u201d; showing jobs with some of them."
        in text
    )
    assert titles(text) == ["Surgical Coder"]


def test_a_meaningful_word_never_gives_an_empty_page_while_a_job_has_it(client, make_job):
    make_job(title="Wound Care Coder", description=DESCRIPTION)
    text = page_text(client, q="wound jobs in austin hiring now")
    assert titles(text) == ["Wound Care Coder"]


def test_a_rare_form_of_a_common_word_does_not_outrank_the_words_searched(make_job, find):
    # "coded" is in one job of twelve, "coder" and "coding" in all of them: as its own
    # alternative, its rarity would put the auditor first for "outpatient coder".
    wanted = [make_job(title="Outpatient Coder", description=DESCRIPTION) for _ in range(2)]
    auditor = make_job(
        title="Coding Auditor",
        description="Audit outpatient charts coded by our team, and teach coding.",
    )
    for _ in range(2):
        make_job(title="Clinic Coder", description="Outpatient and clinic coding.")
    for _ in range(7):
        make_job(title="Inpatient Coder", description="Inpatient coding for our hospital.")
    found = find(q="outpatient coder")
    assert sorted(found.ids[:2]) == sorted(wanted)
    assert auditor in found.ids
    assert auditor in find(q="coded").ids  # the word as typed is always searched


def test_a_word_of_the_trade_is_never_corrected_to_another(make_job, find):
    # "dermatology" is two edits from "hematology", but it is a specialty, not a typo.
    make_job(title="Hematology Coder", description=DESCRIPTION)
    found = find(q="dermatology")
    assert found.corrected_q == "" and found.ids == []
    assert find(q="hematolgy").corrected_q == "hematology"


def test_a_city_no_job_names_is_not_corrected_to_another_city(make_job, find):
    # A remote job of a Houston employer says where its coders may live, not "Houston";
    # "houston" is one edit from "boston", but a coder in Houston wants no Boston job.
    make_job(title="Coder", description=DESCRIPTION, zip_code="02108")  # Boston, MA
    found = find(q="coder houston")
    assert found.corrected_q == ""
    assert found.place_hint.label == "Houston, TX"  # of eight Houstons, the largest


def test_a_city_no_job_names_offers_a_search_near_it(client, make_job):
    make_job(title="Coder", description=DESCRIPTION, zip_code="02108")  # Boston, MA
    houston = make_job(title="Coder", description=DESCRIPTION, zip_code="77002",
                       arrangement="remote", remote_states=["TX"])  # fmt: skip
    text = page_text(client, q="coder houston")
    assert "Showing results for" not in text
    link = re.search(r'No job names Houston\. <a href="([^"]+)">Search near Houston, TX</a>', text)
    assert link
    near = dict(parse_qsl(urlsplit(link.group(1)).query))
    assert near == {"q": "coder", "location": "Houston, TX"}
    assert re.findall(r'href="/jobs/(\d+)-', page_text(client, **near)) == [str(houston)]


def test_a_city_of_several_words_or_a_short_name_offers_a_search_near_it(client, make_job):
    make_job(title="Coder", description=DESCRIPTION, zip_code="02108")  # Boston, MA
    for typed, city, rest in [
        ("coder el paso", "El Paso, TX", "coder"),
        ("Salt Lake City medical coder", "Salt Lake City, UT", "medical coder"),
        ("coder waco", "Waco, TX", "coder"),
        ("coder st louis", "Saint Louis, MO", "coder"),
    ]:
        text = page_text(client, q=typed)
        link = re.search(r'No job names [^.]+\. <a href="([^"]+)">Search near ([^<]+)</a>', text)
        assert link and link.group(2) == city, typed
        assert dict(parse_qsl(urlsplit(link.group(1)).query)) == {"q": rest, "location": city}


def test_a_city_that_jobs_name_is_searched_as_words(client, make_job):
    wanted = make_job(title="Coder", description=DESCRIPTION, zip_code="78205")  # San Antonio
    make_job(title="Coder", description=DESCRIPTION, zip_code="02108")
    text = page_text(client, q="coder san antonio")
    assert "No job names" not in text
    assert re.findall(r'href="/jobs/(\d+)-', text)[0] == str(wanted)


def test_stop_words_do_not_count(make_job, find):
    wanted = make_job(title="Coder", description=DESCRIPTION)
    found = find(q="the coder jobs for a position opening")
    assert found.ids == [wanted] and found.with_all_words is None


def test_word_families_meet(make_job, find):
    validator = make_job(title="Inpatient Coding Validator", description=DESCRIPTION)
    surgeon = make_job(title="Coder for our Surgeons", description="Operative notes daily.")
    make_job(title="Front Desk Clerk", description="Greet patients at the desk.")
    assert find(q="validation").ids == [validator]  # one Snowball stem, "valid"
    assert find(q="surgical").ids == [surgeon]  # a family of the vocabulary
    assert set(find(q="coding").ids) == {validator, surgeon}


def test_a_city_typed_among_the_words_finds_its_jobs_first(make_job, find):
    houston = make_job(title="Medical Coder", zip_code="77002", description=DESCRIPTION)
    make_job(title="Medical Coder", zip_code="10001", description=DESCRIPTION)
    assert find(q="coder houston").ids[0] == houston
    assert find(q="houston").ids == [houston]


def test_a_typo_is_corrected_and_the_page_offers_the_words_as_typed(client, make_job):
    make_job(title="Cardiology Coder", description=DESCRIPTION)
    make_job(title="Front Desk Clerk", description="Greet patients at the desk.")
    text = page_text(client, q="cardiolgy")
    assert titles(text) == ["Cardiology Coder"]
    words = re.sub(r"<[^>]+>", "", text)
    assert "Showing results for cardiology · search instead for cardiolgy" in words
    assert 'href="/jobs?q=cardiolgy&amp;literal=1"' in client.get(
        "/jobs", query_string={"q": "cardiolgy"}
    ).get_data(as_text=True)
    literal = page_text(client, q="cardiolgy", literal="1")
    assert titles(literal) == [] and "Showing results for" not in literal


def test_short_words_and_words_found_somewhere_are_not_corrected(make_job, find):
    coder = make_job(title="Coder", description=DESCRIPTION)
    assert find(q="codr").ids == []  # four letters: too short to correct
    assert find(q="coderz").corrected_q == "coder"
    assert find(q="coderz").ids == [coder]
    clerk = make_job(title="Coderz Clerk", description="Greet patients at the desk.")
    found = find(q="coderz")
    assert found.corrected_q == "" and found.ids == [clerk]


def test_the_correction_vocabulary_follows_the_index(make_job, find):
    make_job(title="Coder", description=DESCRIPTION)
    assert find(q="oncolgy").corrected_q == ""  # nothing near it in the index yet
    oncology = make_job(title="Oncology Coder", description=DESCRIPTION)
    found = find(q="oncolgy")
    assert found.corrected_q == "oncology" and found.ids == [oncology]


def test_the_page_the_api_and_the_feed_give_the_same_order(client, make_job):
    make_job(title="Remote Coder", description=DESCRIPTION, arrangement="remote")
    make_job(title="Cardiology Coder", description=DESCRIPTION)
    make_job(title="Remote Cardiology Coder", description=DESCRIPTION, arrangement="remote")
    make_job(title="Cardiology Auditor", description="Audits.")
    params = {"q": "remote cardiology coder", "sort": "newest"}
    on_page = titles(page_text(client, **params))
    api = [job["title"] for job in client.get("/api/v1/jobs", query_string=params).json["items"]]
    feed = feedparser.parse(client.get("/jobs/feed.atom", query_string=params).data)
    in_feed = [entry.title.removesuffix(" at Riverside Health") for entry in feed.entries]
    assert on_page == api == in_feed
    assert on_page[0] == "Remote Cardiology Coder"

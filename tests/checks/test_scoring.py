"""The scoring function, table-driven from the trade's cases and confusions."""

from __future__ import annotations

import pytest

from careercenter.checks.scoring import (
    CM,
    CPT,
    PCS,
    Code,
    Fact,
    Rules,
    candidates,
    parse_answer,
    resolve,
    score_case,
    score_check,
)

# What the code data says of the codes below (the official titles where they matter).
FACTS = {
    (CM, "E11.52"): Fact(True, True, "Type 2 diabetes mellitus with diabetic peripheral angiopathy with gangrene"),
    (CM, "E11.51"): Fact(True, True, "Type 2 diabetes mellitus with diabetic peripheral angiopathy without gangrene"),
    (CM, "E11.5"): Fact(True, False, "Type 2 diabetes mellitus with circulatory complications"),
    (CM, "E11.9"): Fact(True, True, "Type 2 diabetes mellitus without complications"),
    (CM, "I70.231"): Fact(True, True, "Atherosclerosis of native arteries of right leg with ulceration of thigh"),
    (CM, "I70.261"): Fact(True, True, "Atherosclerosis of native arteries of extremities with gangrene, right leg"),
    (CM, "W13.9XXA"): Fact(True, True, "Fall from, out of or through building, not otherwise specified, initial encounter"),
    (CM, "W13.XXXA"): Fact(False),
    (CM, "S72.001A"): Fact(True, True, "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"),
    (CM, "S72.001D"): Fact(True, True, "Fracture of unspecified part of neck of right femur, subsequent encounter"),
    (CM, "S72.001"): Fact(True, False, "Fracture of unspecified part of neck of right femur"),
    (CM, "W19.XXXA"): Fact(True, True, "Unspecified fall, initial encounter"),
    (CM, "W19"): Fact(True, False, "Unspecified fall"),
    (CM, "Z79.4"): Fact(True, True, "Long term (current) use of insulin"),
    (CM, "I10"): Fact(True, True, "Essential (primary) hypertension"),
    (CPT, "28820"): Fact(True, True, "Toe amputation at the metatarsophalangeal joint"),
    (CPT, "28296"): Fact(True, True, "Bunion correction"),
    (CPT, "99213"): Fact(True, True, "Office visit"),
    (CPT, "28810"): Fact(True, True, "Ray amputation"),
    (PCS, "0DTJ4ZZ"): Fact(True, True, "Resection of Appendix, Percutaneous Endoscopic Approach"),
    (PCS, "0DTJ0ZZ"): Fact(True, True, "Resection of Appendix, Open Approach"),
}  # fmt: skip
RULES = Rules()  # 50% specificity, 50% 7th character, 75% modifier, 25% sequence, -50%/-10% extras


def dx(code):
    return Code(CM, code)


def px(code, *modifiers, system=CPT):
    return Code(system, code, modifiers)


# (what the sheet should say, expected, given, points, verdicts of the lines)
CASES = [
    ("exact diagnosis", [dx("E11.52")], [dx("E11.52")], 1.0, ["exact"]),
    ("E11.51 for E11.52: without gangrene for with gangrene", [dx("E11.52")], [dx("E11.51")], 0.5, ["partial"]),
    ("I70.231 for I70.261: ulceration of thigh for gangrene", [dx("I70.261")], [dx("I70.231")], 0.5, ["partial"]),
    ("E11.5, the heading, for E11.52", [dx("E11.52")], [dx("E11.5")], 0.5, ["partial"]),
    ("E11.9: same category E11, another subcategory", [dx("E11.52")], [dx("E11.9")], 0.0, ["missing", "extra"]),
    ("W13.XXXA is invalid: nothing for it", [dx("W13.9XXA")], [dx("W13.XXXA")], 0.0, ["missing", "extra"]),
    ("wrong 7th character", [dx("S72.001A")], [dx("S72.001D")], 0.5, ["partial"]),
    ("missing 7th character", [dx("S72.001A")], [dx("S72.001")], 0.5, ["partial"]),
    ("missing placeholders and 7th character", [dx("W19.XXXA")], [dx("W19")], 0.5, ["partial"]),
    ("procedure exact with modifier", [px("28296", "RT")], [px("28296", "RT")], 1.0, ["exact"]),
    ("wrong modifier", [px("28296", "RT")], [px("28296", "LT")], 0.75, ["partial"]),
    ("missing modifier", [px("28296", "RT")], [px("28296")], 0.75, ["partial"]),
    ("modifiers in another order are the same", [px("99213", "25", "95")], [px("99213", "95", "25")], 1.0, ["exact"]),
    ("another procedure earns nothing", [px("28820")], [px("28810")], 0.0, ["missing", "extra"]),
    ("PCS: right root operation and body part, wrong approach", [px("0DTJ4ZZ", system=PCS)], [px("0DTJ0ZZ", system=PCS)], 0.5, ["partial"]),
    ("nothing given", [dx("E11.52"), px("28820")], [], 0.0, ["missing", "missing"]),
    (
        "first-listed diagnosis out of sequence loses a quarter",
        [dx("E11.52"), dx("Z79.4")], [dx("Z79.4"), dx("E11.52")], 1.75, ["partial", "exact"],
    ),
    ("a wrong extra costs half a point", [dx("E11.52"), dx("Z79.4")], [dx("E11.52"), dx("Z79.4"), dx("I10")], 1.5, ["exact", "exact", "extra"]),
    ("a repeated code costs a tenth", [dx("E11.52")], [dx("E11.52"), dx("E11.52")], 0.9, ["exact", "redundant"]),
    ("a heading next to its code costs a tenth", [dx("E11.52")], [dx("E11.52"), dx("E11.5")], 0.9, ["exact", "redundant"]),
    ("the same code with other modifiers is redundant", [px("99213", "25")], [px("99213", "25"), px("99213")], 0.9, ["exact", "redundant"]),
    ("text that is not a code is a wrong extra", [dx("I10")], [dx("I10"), "HTN"], 0.5, ["exact", "extra"]),
    ("a case never goes below zero", [dx("I10")], [dx("E11.9"), dx("Z79.4"), dx("W13.XXXA")], 0.0, ["missing", "extra", "extra", "extra"]),
    # E11.52 takes its point, not E11.51's half; given second it is out of sequence (0.75),
    # and E11.51 is a wrong extra (-0.5).
    ("the exact code wins over a near one given first", [dx("E11.52")], [dx("E11.51"), dx("E11.52")], 0.25, ["partial", "extra"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("expected", "given", "points", "verdicts"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_score_case(expected, given, points, verdicts):
    result = score_case(expected, given, RULES, FACTS)
    assert result.points == pytest.approx(points)
    assert [line.verdict for line in result.lines] == verdicts
    assert result.possible == len(expected)
    assert all(line.reason for line in result.lines)


def test_the_sheet_says_why_with_the_official_titles():
    result = score_case([dx("E11.52")], [dx("E11.51")], RULES, FACTS)
    reason = result.lines[0].reason
    assert "Right category, wrong specificity" in reason
    assert "without gangrene" in reason and "50% credit" in reason
    invalid = score_case([dx("W13.9XXA")], [dx("W13.XXXA")], RULES, FACTS)
    assert invalid.lines[1].reason == "Extra code: W13.XXXA is not a valid ICD-10-CM code."
    seventh = score_case([dx("S72.001A")], [dx("S72.001D")], RULES, FACTS)
    assert "A expected, D given" in seventh.lines[0].reason


def test_sequence_does_not_count_when_the_employer_says_so():
    rules = Rules(sequence_matters=False)
    result = score_case([dx("E11.52"), dx("Z79.4")], [dx("Z79.4"), dx("E11.52")], rules, FACTS)
    assert result.points == 2.0


@pytest.mark.parametrize(
    ("rules", "points"),
    [
        (Rules(credit_specificity=0), 0.0),
        (Rules(credit_specificity=100), 1.0),
        (Rules(credit_specificity=30), 0.3),
    ],
)
def test_partial_credit_is_the_employers_setting(rules, points):
    assert score_case([dx("E11.52")], [dx("E11.51")], rules, FACTS).points == pytest.approx(points)


def test_check_percent_is_points_over_expected_codes_and_pass_mark_decides():
    cases = [
        ([dx("E11.52"), px("28820")], [dx("E11.52"), px("28820")]),  # 2 of 2
        ([dx("E11.52")], [dx("E11.51")]),  # 0.5 of 1
        ([dx("W13.9XXA")], [dx("W13.XXXA")]),  # 0 of 1
    ]
    result = score_check(cases, RULES, FACTS, pass_mark=60)
    assert (result.points, result.possible, result.percent, result.passed) == (2.5, 4, 62.5, True)
    assert score_check(cases, RULES, FACTS, pass_mark=85).passed is False


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("E11.52, Z79.4", ["E11.52", "Z79.4"]),
        ("e1152\nz794", ["E11.52", "Z79.4"]),
        ("28296-RT; 99213 -25", ["28296-RT", "99213-25"]),
        ("99213 25 28820", ["99213-25", "28820"]),
        ("0DTJ4ZZ", ["0DTJ4ZZ"]),
        ("W13.XXXA", ["W13.XXXA"]),
        ("I10 I10", ["I10", "I10"]),
    ],
)
def test_any_code_shape_is_read(typed, read):
    found = [resolve(t, FACTS) for t in parse_answer(typed)]
    assert [str(c) for c in found] == read


def test_a_word_is_not_a_code_and_a_pcs_shape_prefers_the_data():
    assert [resolve(t, FACTS) for t in parse_answer("hypertension")] == [None]
    assert [c.system for c in candidates("S98122A")] == [CM, PCS]
    assert [c.system for c in candidates("0DTJ4ZZ")] == [PCS]

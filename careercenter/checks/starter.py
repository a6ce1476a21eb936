"""The starter library: de-identified cases written for CareerCenter, every expected code
checked against the official ICD-10-CM data and the demo CPT and modifier files
(tests/checks/test_starter.py proves it). An employer copies them into a check of their
own and edits from there.

Diagnoses are listed in the order they go on the claim, first-listed first. The CPT codes
are those of the demo file (data/codes/cpt_demo.csv); its modifier file has no toe or
finger modifiers (TA-T9, FA-F9), so cases on a toe or finger use none.
"""

from careercenter.checks.scoring import CM, CPT, Code

STARTER_NAME = "Starter check: outpatient orthopaedic and wound coding"


def _dx(*codes: str) -> list[Code]:
    return [Code(CM, c) for c in codes]


def _px(*codes: str) -> list[Code]:
    found = []
    for written in codes:
        code, *modifiers = written.split("-")
        found.append(Code(CPT, code, tuple(modifiers)))
    return found


STARTER_CASES = [
    {
        "title": "Gangrene of the great toe",
        "scenario": "A 67-year-old man with type 2 diabetes, treated with insulin, has "
        "diabetic peripheral arterial disease. Dry gangrene of the right great toe has "
        "demarcated. In the operating room the surgeon amputates the great toe at the "
        "metatarsophalangeal joint.",
        "expected": _dx("E11.52", "Z79.4") + _px("28820"),
    },
    {
        "title": "Claudication follow-up",
        "scenario": "An established patient with type 2 diabetes returns for calf pain on "
        "walking. The physician documents diabetic peripheral angiopathy; the feet are warm "
        "with no tissue loss and no gangrene. Essential hypertension is reviewed and stable. "
        "Medical decision making is low.",
        "expected": _dx("E11.51", "I10") + _px("99213"),
    },
    {
        "title": "Thigh ulcer with atherosclerosis",
        "scenario": "An established patient without diabetes is seen for a chronic, "
        "non-pressure ulcer of the right thigh, limited to breakdown of the skin, due to "
        "atherosclerosis of the native arteries of the right leg. There is no gangrene. "
        "Medical decision making is moderate.",
        "expected": _dx("I70.231", "L97.111") + _px("99214"),
    },
    {
        "title": "Fall from a roof",
        "scenario": "A 45-year-old woman fell from the roof of her house while cleaning the "
        "gutters. In the emergency department an X-ray shows a displaced fracture of the "
        "proximal phalanx of the right great toe, closed. The toe is buddy-taped; medical "
        "decision making is low. Report the external cause of the injury.",
        "expected": _dx("S92.411A", "W13.2XXA") + _px("99283"),
    },
    {
        "title": "Bunion correction",
        "scenario": "A patient with an acquired hallux valgus deformity of the right foot "
        "undergoes bunion correction with a distal metatarsal osteotomy of the first "
        "metatarsal, right foot.",
        "expected": _dx("M20.11") + _px("28296-RT"),
    },
    {
        "title": "Toe dislocation reduced in the office",
        "scenario": "An established patient stubbed the right fourth toe on a bed frame. "
        "The interphalangeal joint is dislocated and is reduced in the office without "
        "anesthesia. At the same visit the physician separately evaluates and adjusts "
        "treatment of the patient's essential hypertension, documented in full (low medical "
        "decision making).",
        "expected": _dx("S93.114A", "W22.8XXA", "I10") + _px("28660", "99213-25"),
    },
    {
        "title": "Diabetic heel ulcer",
        "scenario": "An established patient with type 2 diabetes on long-term insulin is "
        "seen for a diabetic ulcer of the right heel with the fat layer exposed. Dressing "
        "changes are reviewed; medical decision making is low.",
        "expected": _dx("E11.621", "L97.412", "Z79.4") + _px("99213"),
    },
    {
        "title": "Congenital hip dislocation",
        "scenario": "An infant with a congenital dislocation of the right hip, on one side "
        "only, is treated with an abduction splint, without anesthesia and without "
        "manipulation of the joint.",
        "expected": _dx("Q65.01") + _px("27256-RT"),
    },
    {
        "title": "Painful finger joint implant",
        "scenario": "A patient has pain due to a silicone joint implant of the right index "
        "finger placed two years ago. This is the first encounter for the complication. "
        "The surgeon removes the implant.",
        "expected": _dx("T84.84XA") + _px("26320"),
    },
    {
        "title": "Hip dislocation with anesthesia",
        "scenario": "A child with a congenital dislocation of the left hip, on one side "
        "only, has the hip manipulated under general anesthesia and placed in an abduction "
        "device.",
        "expected": _dx("Q65.02") + _px("27257-LT"),
    },
]

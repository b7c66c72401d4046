"""Names: cue phrases in both languages (lower case too), titles, signatures, the language model; and
the capitalised words of a career conversation that are not names."""

import pytest

from privacy import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, je m'appelle Marie Dupont et je cherche", "Bonjour, je m'appelle [NAME] et je cherche"),
        ("bonjour je m'appelle karim benali, j'ai 23 ans", "bonjour je m'appelle [NAME], j'ai 23 ans"),
        ("je m appelle lucie et je suis perdue", "je m appelle [NAME] et je suis perdue"),
        ("je m'appelle nguyen van long", "je m'appelle [NAME]"),
        ("Mon prénom c'est Inès, j'ai 17 ans", "Mon prénom c'est [NAME], j'ai 17 ans"),
        ("Salut, moi c'est julien", "Salut, moi c'est [NAME]"),
        ("Nom : Lefèvre Prénom : Sophie", "Nom : [NAME] Prénom : [NAME]"),
        ("monsieur fabre m'a donné votre adresse", "monsieur [NAME] m'a donné votre adresse"),
        ("Mon conseiller s'appelle Romain Perrin, il", "Mon conseiller s'appelle [NAME], il"),
        ("hi my name is sarah o'connor, i'm looking", "hi my name is [NAME], i'm looking"),
        ("I'm called David Thompson and I need help", "I'm called [NAME] and I need help"),
        ("Hi, I'm Emily, I'd like to talk", "Hi, I'm [NAME], I'd like to talk"),
        ("call me Alex, it's easier", "call me [NAME], it's easier"),
        ("my daughter Grace wants to study", "my daughter [NAME] wants to study"),
    ],
)
def test_names_after_cue_phrases(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ma conseillère, Mme Nguyen, m'a dit", "Ma conseillère, Mme [NAME], m'a dit"),
        ("J'ai rencontré M. Martin à la Mission locale", "J'ai rencontré M. [NAME] à la Mission locale"),
        ("Le Dr Mercier m'a conseillé", "Le Dr [NAME] m'a conseillé"),
        ("Mr Johnson from the job centre", "Mr [NAME] from the job centre"),
        ("I spoke to Mrs. Williams on Tuesday", "I spoke to Mrs. [NAME] on Tuesday"),
        ("j'ai vu mme durand hier", "j'ai vu mme [NAME] hier"),
        ("Mr J. Smith called me", "Mr [NAME] called me"),
        ("Dr. A. Khan wrote it", "Dr. [NAME] wrote it"),
    ],
)
def test_names_after_titles(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merci pour votre aide. Cordialement, Nathalie Blanc", "Merci pour votre aide. Cordialement, [NAME]"),
        ("merci pour les infos, bonne journée. Camille", "merci pour les infos, bonne journée. [NAME]"),
        ("Thanks for your help. Best regards, Michael Evans", "Thanks for your help. Best regards, [NAME]"),
        ("thanks, tom", "thanks, [NAME]"),
    ],
)
def test_names_in_signatures(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai parlé avec Isabelle Chevalier du CIDJ hier", "J'ai parlé avec [NAME] du CIDJ hier"),
        ("Pierre Lambert m'a dit que vous aidez pour la VAE", "[NAME] m'a dit que vous aidez pour la VAE"),
        ("J'ai vu Jean D. Martin à Lyon hier", "J'ai vu [NAME] à Lyon hier"),
    ],
)
def test_names_without_a_cue_from_the_language_model(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Je suis inscrit à Pôle emploi et mon conseiller France Travail m'a parlé de l'APEC",
        "Lundi prochain il y a un forum de l'alternance à Bordeaux ?",
        "J'ai obtenu mon bac pro commerce au lycée Jean Moulin",
        "Je suis aide-soignante à l'hôpital Édouard Herriot",
        "Je travaille chez Leroy Merlin, avant chez Burger King",
        "Je cherche un emploi à Auchan ou Intermarché",
        "L'atelier Parler en public a lieu le samedi 22 février",
        "Infirmière, 38 ans, je cherche une reconversion dans le social",
        "Vérifiez que l'organisme est certifié, puis Déposez le dossier",
        "I'm French but I studied in London and Edinburgh",
        "I'm looking for a part-time job, call me back tomorrow",
        "Merci beaucoup, bonne journée",
        "Thanks, see you on Friday",
        "Bonjour Monsieur, madame la directrice m'a envoyé",
        "My daughter has a Master's from the Sorbonne",
        "mon prof principal m'a dit de venir, call me whenever you can",
        "Je suis développeur web chez Capgemini, je veux travailler sur FranceConnect",
        "Ma conseillère de l'Apec m'a parlé du dispositif Pro-A",
    ],
)
def test_capitalised_words_that_are_not_names_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        # Words that never inflect, missing from the lemma lookup tables, after "I'm"
        "I'm nervous about telling my boss I want to leave",
        "i'm completely lost with my applications",
        "I'm afraid employers will see the gap in my CV",
        # An elided word whose parts are words
        "le working holiday visa pour l'australie c'est jusqu'a quel age ?",
        # Everyday words mistyped: the web never wrote them, one typo from a common word
        "i am refujee, am i aloud to wurk in france",
        "im a studant and i need a job",
        "je suis enseignente et je veux changer de metier",
    ],
)
def test_words_after_an_introduction_that_are_not_names_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Rare first names are still on the web (wordfreq knows them), so they are no typo of a word
        ("jsuis loubna, je cherche un stage", "jsuis [NAME], je cherche un stage"),
        ("i am kelyan and i want to be a nurse", "i am [NAME] and i want to be a nurse"),
        # One typo from a word of middling frequency ("chargez"), never written on the web: still a name
        ("i am charlez, help me with my cv", "i am [NAME], help me with my cv"),
        # A French adjective that is also a first name ("calendrier julien")
        ("Salut, moi c'est julien, je suis en terminale pro", "Salut, moi c'est [NAME], je suis en terminale pro"),
    ],
)
def test_names_next_to_words_stay_redacted(text, expected):
    assert redact(text) == expected

"""Messages that only hand over personal data (once redacted) are told apart from questions."""

from privacy.placeholders import only_personal_data


def test_a_message_that_only_gives_personal_data():
    assert only_personal_data("Vous pouvez me joindre au [PHONE] ou à [EMAIL]")
    assert only_personal_data("my name is [NAME], call me on [PHONE]")
    assert only_personal_data("[EMAIL]")


def test_a_question_with_personal_data_is_still_a_question():
    assert not only_personal_data("je m'appelle [NAME], je cherche une formation de comptable")
    assert not only_personal_data("I live at [ADDRESS], which bus goes to the centre?")


def test_a_message_without_placeholders_is_not_personal_data():
    assert not only_personal_data("how do I become an electrician?")
    assert not only_personal_data("[rien] entre crochets")

import pytest

from hmc_portal.issuance import codes, kinds


def test_a_new_code_is_twenty_characters_of_the_unambiguous_alphabet():
    drawn = {codes.new_code() for _ in range(200)}

    assert len(drawn) == 200
    for code in drawn:
        assert len(code) == 20
        assert set(code) <= set(codes.ALPHABET)
    assert not set("01ILO") & set(codes.ALPHABET)


def test_a_code_is_shown_in_groups_of_four():
    assert codes.grouped("K7QF9M2X4HTBWZ3N8CPE") == "K7QF-9M2X-4HTB-WZ3N-8CPE"


@pytest.mark.parametrize(
    "typed",
    [
        "K7QF-9M2X-4HTB-WZ3N-8CPE",
        "k7qf-9m2x-4htb-wz3n-8cpe",
        "K7QF9M2X4HTBWZ3N8CPE",
        " k7qf 9m2x 4htb wz3n 8cpe ",
        "K7QF\u20139M2X\u20134HTB\u2013WZ3N\u20138CPE",  # en dashes from a word processor
    ],
)
def test_what_a_visitor_types_is_read_without_case_spaces_or_dashes(typed):
    assert codes.normalize(typed) == "K7QF9M2X4HTBWZ3N8CPE"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "K7QF-9M2X-4HTB-WZ3N",  # too short
        "K7QF-9M2X-4HTB-WZ3N-8CPEX",  # too long
        "O7QF-9M2X-4HTB-WZ3N-8CPE",  # O is not in the alphabet
        "K7QF-9M2X-4HTB-WZ3N-8CP\x00",
        "K" * 5000,
        "\u00b9" * 20,
    ],
)
def test_text_that_cannot_be_a_code_is_none(typed):
    assert codes.normalize(typed) is None


def test_a_kind_is_registered_once_with_one_label():
    kinds.register("test_receipt", label="Receipt")
    kinds.register("test_receipt", label="Receipt")

    assert kinds.label("test_receipt") == "Receipt"
    assert kinds.label("never_registered") == "never_registered"
    with pytest.raises(ValueError, match="another label"):
        kinds.register("test_receipt", label="Invoice")
    with pytest.raises(ValueError, match="Invalid"):
        kinds.register("Not A Name", label="x")

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404

from hmc_portal.ids import MAX_ID, IdConverter, TooManyIds, parse_id, parse_ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(MAX_ID), MAX_ID),
        (7, 7),
        ("", None),
        (None, None),
        ("0", None),
        ("-1", None),
        (" 1", None),
        ("1 ", None),
        ("1e3", None),
        ("\u00b9", None),  # superscript one
        ("\u0661", None),  # Arabic-Indic one
        ("\uff11", None),  # fullwidth one
        ("9" * 19, None),
        ("9" * 5000, None),
        (MAX_ID + 1, None),
        (True, None),
        (["1"], None),
    ],
)
def test_parse_id_takes_ascii_digits_within_bigint(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_leaves_out_what_is_not_an_id_and_repeats():
    assert parse_ids("3, 1,x,\u00b2,3,,99999999999999999999,2") == [3, 1, 2]


def test_parse_ids_refuses_a_list_longer_than_its_limit():
    assert parse_ids(",".join(["1"] * 5), limit=5) == [1]
    with pytest.raises(TooManyIds):
        parse_ids(",".join(["1"] * 6), limit=5)


def test_the_id_converter_refuses_what_no_primary_key_can_be():
    converter = IdConverter()

    assert converter.to_python("12") == 12
    assert converter.to_url(12) == "12"
    with pytest.raises(ValueError):
        converter.to_python("0")


@pytest.mark.parametrize("path", ["/rotations/0/", "/rotations/" + "9" * 19 + "/"])
def test_a_path_id_out_of_range_resolves_to_nothing(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_a_path_id_in_range_resolves_to_an_int():
    assert resolve("/rotations/12/").kwargs == {"pk": 12}

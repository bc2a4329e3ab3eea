"""The quote's arithmetic over a table of plans, every figure computed by hand.

The schedule of the table: a block costs $1,500.00 by default, $1,800.00 in Surgery,
$1,600.00 at Ben Taub, and $2,000.00 in Surgery at Ben Taub. Amounts are in cents.
"""

import datetime
from pathlib import Path

import pytest

from billing import quotes
from billing.quotes import PlannedBlock, percent_of, quote_plan
from billing.selectors import schedule_in_force
from tests.factories import RotationFactory, SiteFactory, SpecialtyFactory

from .factories import FeeBlockPriceFactory, FeeDiscountFactory, FeeScheduleFactory

pytestmark = pytest.mark.django_db

FIRST_MONDAY = datetime.date(2027, 3, 1)
PERCENT, AMOUNT = "percent", "amount"


def block_from(n, kind, value):
    return {
        "basis": "block",
        "from_block": n,
        "min_specialties": None,
        "kind": kind,
        "value": value,
    }


def specialties(n, kind, value):
    return {
        "basis": "specialties",
        "from_block": None,
        "min_specialties": n,
        "kind": kind,
        "value": value,
    }


TWO_TIERS = [block_from(2, PERCENT, 10), block_from(3, PERCENT, 15)]

# (id, plan [(specialty, site, block number in time)], schedule fields, discounts,
#  [(list price, discount) per line in date order], subtotal, discount total, deposit)
CASES = [
    ("1 block default price", [("IM", "MH", 0)], {}, [], [(150000, 0)], 150000, 0, 0),
    ("1 block specialty price", [("SURG", "MH", 0)], {}, [], [(180000, 0)], 180000, 0, 0),
    ("1 block site price", [("IM", "BT", 0)], {}, [], [(160000, 0)], 160000, 0, 0),
    ("1 block specialty at site", [("SURG", "BT", 0)], {}, [], [(200000, 0)], 200000, 0, 0),
    (
        "1 block, discounts start later",
        [("IM", "MH", 0)],
        {"deposit": 50000},
        TWO_TIERS,
        [(150000, 0)],
        150000,
        0,
        50000,
    ),
    (
        "2 blocks 1 specialty, no discount",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {},
        [],
        [(150000, 0), (150000, 0)],
        300000,
        0,
        0,
    ),
    (
        "2 blocks 1 specialty, 10 % from the 2nd",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {"deposit": 50000},
        TWO_TIERS,
        [(150000, 0), (150000, 15000)],
        300000,
        15000,
        50000,
    ),
    (
        "3 blocks 2 specialties, two tiers",
        [("IM", "MH", 0), ("SURG", "MH", 1), ("IM", "MH", 2)],
        {"deposit": 50000},
        TWO_TIERS,
        [(150000, 0), (180000, 18000), (150000, 22500)],
        480000,
        40500,
        50000,
    ),
    (
        "4 blocks 2 specialties and 2 sites, fixed $200 from the 2nd",
        [("IM", "MH", 0), ("IM", "MH", 1), ("SURG", "MH", 2), ("IM", "BT", 3)],
        {},
        [block_from(2, AMOUNT, 20000)],
        [(150000, 0), (150000, 20000), (180000, 20000), (160000, 20000)],
        640000,
        60000,
        0,
    ),
    (
        "5 blocks 3 specialties, two tiers",
        [("IM", "MH", 0), ("SURG", "MH", 1), ("IM", "MH", 2), ("SURG", "MH", 3), ("PED", "MH", 4)],
        {"deposit": 50000},
        TWO_TIERS,
        [(150000, 0), (180000, 18000), (150000, 22500), (180000, 27000), (150000, 22500)],
        810000,
        90000,
        50000,
    ),
    (
        "6 blocks 1 specialty, two tiers",
        [("IM", "MH", week) for week in range(6)],
        {},
        TWO_TIERS,
        [(150000, 0), (150000, 15000)] + [(150000, 22500)] * 4,
        900000,
        105000,
        0,
    ),
    (
        "6 blocks 3 specialties and 2 sites, fixed then percent",
        [
            ("SURG", "BT", 0),
            ("IM", "MH", 1),
            ("PED", "BT", 2),
            ("IM", "BT", 3),
            ("SURG", "MH", 4),
            ("PED", "MH", 5),
        ],
        {"deposit": 75000},
        [block_from(2, AMOUNT, 10000), block_from(4, PERCENT, 20)],
        [
            (200000, 0),
            (150000, 10000),
            (160000, 10000),
            (160000, 32000),
            (180000, 36000),
            (150000, 30000),
        ],
        1000000,
        118000,
        75000,
    ),
    (
        "fixed amount above the price stops at zero",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {},
        [block_from(2, AMOUNT, 200000)],
        [(150000, 0), (150000, 150000)],
        300000,
        150000,
        0,
    ),
    (
        "percent rounds half up to the cent (1,234.5 -> 1,235)",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {"block_price": 12345},
        [block_from(2, PERCENT, 10)],
        [(12345, 0), (12345, 1235)],
        24690,
        1235,
        0,
    ),
    (
        "percent rounds down below the half (1,851.75 -> 1,852; 617.25 -> 617)",
        [("IM", "MH", 0), ("IM", "MH", 1), ("IM", "MH", 2)],
        {"block_price": 12345},
        [block_from(2, PERCENT, 5), block_from(3, PERCENT, 15)],
        [(12345, 0), (12345, 617), (12345, 1852)],
        37035,
        2469,
        0,
    ),
    (
        "blocks counted in date order, not in the order given",
        [("SURG", "MH", 1), ("IM", "MH", 0)],
        {},
        TWO_TIERS,
        [(150000, 0), (180000, 18000)],
        330000,
        18000,
        0,
    ),
    (
        "multi-specialty discount: 1 specialty gets none",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {},
        [block_from(2, PERCENT, 10), specialties(2, PERCENT, 5), specialties(3, PERCENT, 8)],
        [(150000, 0), (150000, 15000)],
        300000,
        15000,
        0,
    ),
    (
        "multi-specialty discount: 2 specialties, the larger discount per block",
        [("IM", "MH", 0), ("SURG", "MH", 1)],
        {},
        [block_from(2, PERCENT, 10), specialties(2, PERCENT, 5), specialties(3, PERCENT, 8)],
        [(150000, 7500), (180000, 18000)],
        330000,
        25500,
        0,
    ),
    (
        "multi-specialty discount: 3 specialties take the 3-specialty row",
        [("IM", "MH", 0), ("SURG", "MH", 1), ("PED", "MH", 2)],
        {},
        [block_from(2, PERCENT, 10), specialties(2, PERCENT, 5), specialties(3, PERCENT, 8)],
        [(150000, 12000), (180000, 18000), (150000, 15000)],
        480000,
        45000,
        0,
    ),
    (
        "deposit never above the blocks' total",
        [("IM", "MH", 0), ("IM", "MH", 1)],
        {"deposit": 200000},
        [block_from(2, PERCENT, 100)],
        [(150000, 0), (150000, 150000)],
        300000,
        150000,
        150000,
    ),
]


@pytest.fixture
def catalogue():
    return {
        "IM": SpecialtyFactory(name="Internal Medicine"),
        "SURG": SpecialtyFactory(name="Surgery"),
        "PED": SpecialtyFactory(name="Pediatrics"),
        "MH": SiteFactory(name="Memorial Hermann"),
        "BT": SiteFactory(name="Ben Taub"),
    }


def make_schedule(catalogue, *, discounts=(), **fields):
    schedule = FeeScheduleFactory(
        valid_from=datetime.date(2026, 1, 1),
        **{"block_price": 150000, "application_fee": 10000, **fields},
    )
    FeeBlockPriceFactory(schedule=schedule, specialty=catalogue["SURG"], site=None, price=180000)
    FeeBlockPriceFactory(schedule=schedule, specialty=None, site=catalogue["BT"], price=160000)
    FeeBlockPriceFactory(
        schedule=schedule, specialty=catalogue["SURG"], site=catalogue["BT"], price=200000
    )
    for discount in discounts:
        FeeDiscountFactory(schedule=schedule, **discount)
    return schedule_in_force(on=datetime.date(2026, 6, 1))


@pytest.mark.parametrize(
    "plan, fields, discounts, lines, subtotal, discount_total, deposit",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_quote_table(catalogue, plan, fields, discounts, lines, subtotal, discount_total, deposit):
    schedule = make_schedule(catalogue, discounts=discounts, **fields)
    blocks = [
        PlannedBlock(
            specialty=catalogue[specialty],
            site=catalogue[site],
            start_date=FIRST_MONDAY + datetime.timedelta(weeks=4 * n),
        )
        for specialty, site, n in plan
    ]

    quote = quote_plan(schedule=schedule, blocks=blocks)

    assert [(line.list_price, line.discount) for line in quote.lines] == lines
    assert [line.amount for line in quote.lines] == [price - off for price, off in lines]
    assert [line.position for line in quote.lines] == list(range(1, len(lines) + 1))
    assert quote.subtotal == subtotal
    assert quote.discount_total == discount_total
    assert quote.blocks_total == subtotal - discount_total
    assert quote.application_fee == 10000
    assert quote.total == 10000 + subtotal - discount_total
    assert quote.deposit == deposit
    assert quote.balance == subtotal - discount_total - deposit
    assert quote.currency == "USD"
    # Due 30 days (the default) before the first block: Monday 1 March 2027.
    assert quote.balance_due == datetime.date(2027, 1, 30)


def test_quote_lines_name_the_block_and_its_discount(catalogue):
    schedule = make_schedule(catalogue, discounts=TWO_TIERS)
    blocks = [
        PlannedBlock(catalogue["SURG"], catalogue["BT"], FIRST_MONDAY + datetime.timedelta(28)),
        PlannedBlock(catalogue["IM"], catalogue["MH"], FIRST_MONDAY),
    ]

    quote = quote_plan(schedule=schedule, blocks=blocks)

    assert [line.description for line in quote.lines] == [
        "Internal Medicine · Memorial Hermann, 4 weeks from 1 Mar 2027",
        "Surgery · Ben Taub, 4 weeks from 29 Mar 2027",
    ]
    assert [line.discount_label for line in quote.lines] == ["", "From block 2 on: 10 % off"]


def test_quote_of_no_blocks_is_the_application_fee_alone(catalogue):
    schedule = make_schedule(catalogue, discounts=TWO_TIERS, deposit=50000)

    quote = quote_plan(schedule=schedule, blocks=[])

    assert (quote.lines, quote.subtotal, quote.total, quote.deposit, quote.balance) == (
        (),
        0,
        10000,
        0,
        0,
    )
    assert quote.balance_due is None


def test_quote_accepts_rotations_and_reads_nothing_more(catalogue, django_assert_num_queries):
    schedule = make_schedule(catalogue, discounts=TWO_TIERS, balance_due_days=45)
    rotations = [
        RotationFactory(
            specialty=catalogue["SURG"],
            site=catalogue["BT"],
            start_date=FIRST_MONDAY,
            end_date=FIRST_MONDAY + datetime.timedelta(days=25),
        ),
        RotationFactory(
            specialty=catalogue["IM"],
            site=catalogue["MH"],
            start_date=FIRST_MONDAY + datetime.timedelta(weeks=4),
            end_date=FIRST_MONDAY + datetime.timedelta(weeks=4, days=25),
        ),
    ]

    with django_assert_num_queries(0):
        quote = quote_plan(schedule=schedule, blocks=rotations)

    assert [line.amount for line in quote.lines] == [200000, 135000]
    assert quote.balance_due == datetime.date(2027, 1, 15)


@pytest.mark.parametrize(
    "amount, percent, expected",
    [
        (100, 10, 10),
        (15, 10, 2),
        (14, 10, 1),
        (5, 50, 3),
        (1, 49, 0),
        (0, 25, 0),
        (12345, 100, 12345),
    ],
)
def test_percent_of_rounds_half_up(amount, percent, expected):
    assert percent_of(amount, percent) == expected


def test_billing_never_uses_a_float():
    package = Path(quotes.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "float(" in path.read_text() or "FloatField" in path.read_text()
    ]
    assert offenders == []

"""Splitting digits that ran together, only where the identities leave one split."""

from __future__ import annotations

from xxgk.values import parse_value, split_decimal_tail, splits


def test_one_digit_per_cell_needs_no_identity():
    assert list(splits("5100000", [(7, False)])) == [(5, 1, 0, 0, 0, 0, 0)]


def test_zeros_never_lead_a_number():
    assert list(splits("000", [(3, False)])) == [(0, 0, 0)]
    assert list(splits("0010", [(3, False)])) == [(0, 0, 10)]


def test_row_total_picks_the_split():
    assert len(list(splits("21710000218", [(7, False)]))) > 1
    assert list(splits("21710000218", [(7, True)])) == [(217, 1, 0, 0, 0, 0, 218)]
    assert list(splits("136122520451283214069", [(7, True)])) == [(13612, 252, 0, 45, 128, 32, 14069)]


def test_spaces_are_boundaries():
    assert list(splits("230 000023", [(7, True)])) == [(23, 0, 0, 0, 0, 0, 23)]


def test_table4_blocks():
    assert list(splits("21317000001324019", [(5, True)] * 3)) == [
        (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)
    ]


def test_no_split_when_the_total_is_wrong():
    assert list(splits("5100000", [(7, True)])) == []


def test_limit_bounds_the_search():
    assert len(list(splits("1" * 30, [(7, False)], limit=5))) == 5


def test_amounts_with_decimals_and_units():
    assert split_decimal_tail("18651.06", 1) == [(__import__("decimal").Decimal("18651.06"),)]
    assert split_decimal_tail("2笔 984361元", 2) == [(2, 984361)]
    assert len(split_decimal_tail("13575394432.52元", 2)) > 1  # undeterminable: left to the caller


def test_parse_value_states():
    assert parse_value("1,036") == ("number", 1036, None)
    assert parse_value("26 ") == ("number", 26, None)
    assert parse_value("") == ("blank", None, None)
    assert parse_value("/")[0] == parse_value("—")[0] == parse_value("无")[0] == "placeholder"
    assert parse_value("1O")[0] == "unreadable"  # OCR letter O: never read as 0
    assert parse_value("-8") == ("number", -8, None)
    assert parse_value("251000元") == ("number", 251000, "元")

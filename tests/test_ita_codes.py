import pytest

from ita.codes import canonical_code, display_code, sort_key


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("o14", "o14"),
        ("O14", "o14"),
        ("๐๑๔", "o14"),  # the report types the letter o as the Thai digit zero
        ("014", "o14"),
        ("๐๕", "o5"),
        ("o๑๑", "o11"),
        ("i๑๐", "i10"),
        ("I10", "i10"),
        ("e3", "e3"),
        (" ข้อ ๐๒๓ ", "o23"),
        ("IND7", "IND7"),
        ("ind7", "IND7"),
        ("ตัวชี้วัดที่ ๗", "IND7"),
    ],
)
def test_it_accepts_every_spelling_staff_use(typed, stored):
    assert canonical_code(typed) == stored


@pytest.mark.parametrize("typed", ["", "14", "x14", "o", "o0", "๐", "o14a", "IND"])
def test_an_unknown_code_gets_a_thai_message(typed):
    with pytest.raises(ValueError, match="ไม่รู้จักรหัส"):
        canonical_code(typed)


def test_the_message_shows_what_was_typed_and_examples():
    with pytest.raises(ValueError) as error:
        canonical_code("x14")
    assert '"x14"' in str(error.value)
    assert "o14" in str(error.value)


def test_items_sort_by_number_not_by_text():
    codes = ["o10", "IND10", "o2", "i10", "IND2", "e1"]
    assert sorted(codes, key=sort_key) == ["IND2", "IND10", "i10", "e1", "o2", "o10"]


def test_reports_cite_codes_with_thai_digits():
    assert display_code("i10") == "ข้อ i๑๐"
    assert display_code("IND7") == "ตัวชี้วัดที่ ๗"

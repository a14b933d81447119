"""Numbers as the dashboard and reports print them: Thai digits, fixed decimals, a real sign.

Scores arrive as Decimal from PostgreSQL but as float from SQLite arithmetic (99.70 - 96.50 is
-3.2000000000000028 there), so every value is rounded here, never in a template.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from thai.calendar import to_thai_digits

# U+2212, the typographic minus: a hyphen looks like a dash beside Thai digits.
MINUS = "−"
PLUS = "+"


def decimal_or_none(value):
    if value is None or value == "":
        return None
    try:
        # str() first: Decimal(float) would carry the float's binary noise.
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def fixed(value, places=2):
    """The value rounded half up to `places` decimals with Arabic digits, "" when unknown."""
    number = decimal_or_none(value)
    if number is None:
        return ""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:f}".replace("-", MINUS)


def score(value):
    """A score such as 99.70 as "๙๙.๗๐"; "—" when not known."""
    text = fixed(value)
    return to_thai_digits(text) if text else "—"


def signed_change(value):
    """A change in points with its sign: "+๑.๔๕", "−๓.๒๐", "๐.๐๐"; "—" when not known."""
    text = fixed(value)
    if not text:
        return "—"
    if decimal_or_none(text.replace(MINUS, "-")) > 0:
        text = PLUS + text
    return to_thai_digits(text)


def count(value):
    """A whole number as Thai digits: 12 as "๑๒"."""
    if value is None:
        return "—"
    return to_thai_digits(value)

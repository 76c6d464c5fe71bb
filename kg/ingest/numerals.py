"""Numbers written in Chinese numerals, in folded text (kg.text.fold: Simplified, so 兩 is 两
and 點 is 点): 二十二亿六千七百万, 一兆, 六千亿, 三百, 十二点五, 廿一, 二○二六 (digit by digit).

Taiwanese papers write whole articles this way (二○二六年, 十一月廿一日, 一兆元, 四成), Hong Kong
filings write amounts this way (港幣二十二億六千七百萬元): kg.ingest.figures reads their
figures and dates with :func:`numeral_value`.
"""

from __future__ import annotations

from decimal import Decimal

#: the digits, the zeros as written (〇, the circle ○ of Taiwanese papers, 零) among them
DIGITS: dict[str, int] = {**{c: i for i, c in enumerate("零一二三四五六七八九")}, "〇": 0, "○": 0,
                          "两": 2}
_SMALL = {"十": 10, "百": 100, "千": 1000}
#: 廿 and 卅 are 二十 and 三十 (廿一日: the 21st)
_TENS = {"廿": "二十", "卅": "三十"}
#: every character a numeral may hold, for patterns
NUMERAL_CHARS = "".join(DIGITS) + "".join(_SMALL) + "".join(_TENS) + "万亿兆"


def numeral_value(cn: str) -> Decimal | None:
    """The value of a Chinese numeral: 二十二亿六千七百万 -> 2267000000, 一兆二千亿 ->
    1.2 x 10^12, 十二点五 -> 12.5, 廿一 -> 21, 二○二六 -> 2026 (digits alone are read one by
    one); None when ``cn`` is not one."""
    whole, _, fraction = cn.partition("点")
    for short, long in _TENS.items():
        whole = whole.replace(short, long)
    if not whole or any(c not in NUMERAL_CHARS for c in whole) or \
            any(c not in DIGITS for c in fraction):
        return None
    if all(c in DIGITS for c in whole):  # 二○二六: positional, as years are written
        value = Decimal("".join(str(DIGITS[c]) for c in whole))
    else:
        value = Decimal(_grouped(whole))
    if fraction:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in fraction))
    return value


def _grouped(cn: str) -> int:
    """A numeral with 十 / 百 / 千 and 万 / 亿 / 兆 (兆 as Taiwan writes it: 10^12)."""
    total = big = section = digit = 0
    for c in cn:
        if c in _SMALL:
            section += (digit or 1) * _SMALL[c]
            digit = 0
        elif c == "万":
            big += (section + digit) * 10 ** 4
            section = digit = 0
        elif c == "亿":
            total += (big + section + digit) * 10 ** 8
            big = section = digit = 0
        elif c == "兆":
            total = (total + big + section + digit) * 10 ** 12
            big = section = digit = 0
        else:
            digit = DIGITS[c]
    return total + big + section + digit

"""Agency names: one comparison key per body, so that consecutive years of a report pair up.

Real series spell the same agency several ways: with or without the province
(福建省平潭综合实验区 / 平潭综合实验区) or the city (淮安市洪泽区人民政府 / 洪泽区人民政府),
人民政府 / 政府 / the bare place name, 管理委员会 / 管委会, full- or half-width brackets,
stray spaces, OCR misreadings of rare place characters (沐阳 for 沭阳). A report written by a
government's office (…人民政府办公室) is usually the government's own report, but its scope may
be narrower, so that match is kept apart as "related" rather than "same".
"""

from __future__ import annotations

import re
from typing import Literal

from xxgk.textnorm import clean_name

Match = Literal["same", "related"] | None

_PROVINCE = re.compile(
    r"^(北京市|天津市|上海市|重庆市|河北省|山西省|辽宁省|吉林省|黑龙江省|江苏省|浙江省|安徽省|福建省|"
    r"江西省|山东省|河南省|湖北省|湖南省|广东省|海南省|四川省|贵州省|云南省|陕西省|甘肃省|青海省|"
    r"台湾省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|新疆维吾尔自治区|香港特别行政区|澳门特别行政区)"
)
# OCR and typing confusions seen in place names; whole words, never single characters.
_PLACE_VARIANTS = {"沐阳": "沭阳", "泅洪": "泗洪", "盱胎": "盱眙"}
_NOISE = re.compile(r"[\s·•．.、，,：:“”\"'‘’《》〈〉\-—–_]+")
_BRACKETED = re.compile(r"[(（\[【〔][^()（）\[\]【】〔〕]*[)）\]】〕]")
# what a title leaves around the name when the agency was cut from it
_TITLE_TAIL = re.compile(
    r"((19|20)\d\d年度?)?((政府|政务)?信息公开(工作)?(年度)?(报告|年报)?|(年度)?(报告|年报))$"
)
_TITLE_HEAD = re.compile(r"^(关于)?(19|20)\d\d年度?")
# an administrative place: 2–12 characters ending in a division word
_PLACE = r"[\u4e00-\u9fff]{1,12}?(?:自治州|自治县|自治旗|特别行政区|地区|实验区|新区|开发区|示范区|省|市|州|盟|县|区|旗|镇|乡|街道)"
_STARTS_WITH_PLACE = re.compile(rf"^{_PLACE}")
_PLACE_PREFIX = re.compile(rf"^(?:{_PLACE})+$")
_GOVERNMENT = re.compile(r"(人民政府|政府|管理委员会|管委会)$")
_OFFICE = re.compile(r"(人民政府|政府|管理委员会|管委会)(办公室|办公厅|办)$")


def normalise(name: str | None) -> str:
    """The comparison key of an agency name (not for display).

    The name as `clean_name` reads it (width-folded, no invisible characters or markup), no
    spaces, punctuation or bracketed notes, place-name OCR variants fixed, a leading province dropped when a lower place follows it, and a government named by its
    place alone: 福建省平潭综合实验区（管委会） -> 平潭综合实验区; 江苏省淮安市洪泽区人民政府 ->
    淮安市洪泽区; 卫东区人民政府办公室 -> 卫东区政府办公室."""
    if not name:
        return ""
    s = _NOISE.sub("", clean_name(name))
    while _BRACKETED.search(s):
        s = _BRACKETED.sub("", s)
    for wrong, right in _PLACE_VARIANTS.items():
        s = s.replace(wrong, right)
    s = _TITLE_HEAD.sub("", _TITLE_TAIL.sub("", s)) or s
    province = _PROVINCE.match(s)
    if province and _STARTS_WITH_PLACE.match(s[province.end() :]):
        s = s[province.end() :]
    s = s.replace("人民政府", "政府").replace("管理委员会", "管委会")
    m = _GOVERNMENT.search(s)
    if m and _PLACE_PREFIX.match(s[: m.start()]):
        s = s[: m.start()]
    return s


def _government_of_office(key: str) -> str | None:
    """The government key of an office key: 卫东区政府办公室 -> 卫东区."""
    m = _OFFICE.search(key)
    if m and _PLACE_PREFIX.match(key[: m.start()]):
        return key[: m.start()]
    return None


def _same_key(a: str, b: str) -> bool:
    """Equal keys, or one is the other with more places in front (淮安市洪泽区 / 洪泽区)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not short or not long.endswith(short) or not _STARTS_WITH_PLACE.match(short):
        return False
    return bool(_PLACE_PREFIX.match(long[: -len(short)]))


def match(a: str | None, b: str | None) -> Match:
    """ "same" when both names are one body, "related" when one is the other's office, else None."""
    return match_keys(normalise(a), normalise(b))


def match_keys(ka: str, kb: str) -> Match:
    """`match` of two names already normalised."""
    if not ka or not kb:
        return None
    if _same_key(ka, kb):
        return "same"
    ga, gb = _government_of_office(ka) or ka, _government_of_office(kb) or kb
    if (ga, gb) != (ka, kb) and _same_key(ga, gb):
        return "related"
    return None


def government(key: str) -> str:
    """The key of the government a key names: itself, or the government of an office."""
    return _government_of_office(key) or key


def place_suffixes(key: str) -> list[str]:
    """Every shorter key that `_same_key` takes for the same body as `key`: what is left after
    places in front (淮安市洪泽区 -> 洪泽区). Two keys are "same" exactly when they are equal or
    one is among the other's place suffixes, which lets a dictionary find matches."""
    return [
        key[i:]
        for i in range(1, len(key))
        if _STARTS_WITH_PLACE.match(key[i:]) and _PLACE_PREFIX.match(key[:i])
    ]


def same_agency(a: str | None, b: str | None) -> bool:
    return match(a, b) is not None


def bucket(name: str | None) -> str:
    """Names that can match share their last characters: a cheap first cut before `match`."""
    key = normalise(name)
    return (_government_of_office(key) or key)[-2:]

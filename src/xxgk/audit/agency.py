"""What kind of body a report's agency name denotes — read from the name alone, never guessed
from the numbers. Used for the Art. 49 deadline and for rule-making power (规章)."""

from __future__ import annotations

import re

# A name ending like this is a department, office or unit, not a people's government itself.
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办公厅|办|中心|厅|署|站|所|院|队|处|部|会)$")
_GOVERNMENT = re.compile(r"人民政府$|政府$|管委会$|管理委员会$")
# A bare region name (平潭综合实验区, 凤泉区大块镇): the region's own report.
_REGION = re.compile(r"(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区|镇|乡|街道|实验区|新区|开发区)$")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|片区)(?:人民政府|政府|办事处|管理局|管委会)?$")
_COUNTY = re.compile(r"县|(?<!自治)(?<!特别行政)(?<![社小园])区")


def is_government(name: str | None) -> bool:
    """A people's government's own report (Art. 49: published by 3-31), not a department's (1-31)."""
    if not name:
        return False
    if _GOVERNMENT.search(name):
        return True
    return bool(_REGION.search(name)) and not _DEPARTMENT.search(name)


def below_rule_making(name: str | None) -> bool:
    """A township-level body, or a county / district government or one of its departments:
    none of them makes 规章 (only provinces and 设区的市 do)."""
    if not name:
        return False
    if _TOWNSHIP.search(name):
        return True
    m = _COUNTY.search(name)
    if m is None:
        return False
    rest = name[m.end() :]
    return rest in ("人民政府", "政府") or bool(_DEPARTMENT.search(rest))

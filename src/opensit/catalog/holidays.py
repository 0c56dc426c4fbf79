"""French public holidays, by the codes a closure uses (`Closure.holiday`): sources close on
"1er mai" or "lundi de Pâques" every year, not on one date."""

from datetime import date, timedelta

from dateutil.easter import easter

#: Fixed-date holidays: (month, day).
FIXED = {
    "jan-1": (1, 1),
    "may-1": (5, 1),
    "may-8": (5, 8),
    "jul-14": (7, 14),
    "aug-15": (8, 15),
    "nov-1": (11, 1),
    "nov-11": (11, 11),
    "dec-25": (12, 25),
    "dec-26": (12, 26),
}
#: Moveable holidays: days after Easter Sunday.
AFTER_EASTER = {"easter-monday": 1, "ascension": 39, "whit-monday": 50}
HOLIDAYS = (*FIXED, *AFTER_EASTER)


def holiday_date(code: str, year: int) -> date:
    """The date of holiday `code` in `year` (KeyError for an unknown code)."""
    if code in FIXED:
        month, day = FIXED[code]
        return date(year, month, day)
    return easter(year) + timedelta(days=AFTER_EASTER[code])

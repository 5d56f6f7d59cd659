"""The remiss time (domain brief R02): by default the deadline is at least three calendar months
after the remiss is sent; a shorter deadline needs a recorded reason.

One check, ``short_deadline_problem``, is used by the consultation form and by the dispatch of
invitations, so both refuse the same cases with the same message.
"""

import calendar
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MINIMUM_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; a day the target month lacks becomes its last day
    (30 November + 3 months = 28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_regular_deadline(sent_on: date) -> date:
    """The first deadline that needs no reason for a remiss sent on ``sent_on``."""
    return add_months(sent_on, MINIMUM_MONTHS)


def deadline_is_short(*, deadline: date, sent_on: date) -> bool:
    return deadline < earliest_regular_deadline(sent_on)


def short_deadline_problem(*, deadline: date | None, sent_on: date, reason: str) -> str | None:
    """Why sending on ``sent_on`` with this deadline is refused, or None when it is allowed:
    a deadline less than three months away is allowed only with a reason."""
    if (
        deadline is None
        or reason.strip()
        or not deadline_is_short(deadline=deadline, sent_on=sent_on)
    ):
        return None
    return _(
        "The deadline %(deadline)s is less than three months after the remiss is sent "
        "(%(sent_on)s). Record the reason for the shorter deadline, or set the deadline to "
        "%(earliest)s or later."
    ) % {
        "deadline": date_format(deadline, "j F Y"),
        "sent_on": date_format(sent_on, "j F Y"),
        "earliest": date_format(earliest_regular_deadline(sent_on), "j F Y"),
    }

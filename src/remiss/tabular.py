"""What an officer reads when an uploaded table (CSV or XLSX) cannot be used."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from remiss.textkit.tables import TableError

TABLE_ERROR_MESSAGES = {
    "unsupported_format": gettext_lazy("Only CSV and XLSX files can be read as a table."),
    "unreadable": gettext_lazy("The file is damaged or is not a real CSV or XLSX file."),
    "unknown_encoding": gettext_lazy("The character encoding of the file could not be recognised."),
    "empty": gettext_lazy("The file is empty: there is no header row."),
    "no_rows": gettext_lazy("The file has a header row but no rows below it."),
    "duplicate_column": gettext_lazy("Two columns have the same name."),
    "too_many_rows": gettext_lazy("The file has too many rows."),
}


def table_error_message(error: TableError) -> str:
    message = str(TABLE_ERROR_MESSAGES.get(error.code, TABLE_ERROR_MESSAGES["unreadable"]))
    if error.row is not None:
        return _("%(message)s (row %(row)s, column “%(column)s”)") % {
            "message": message,
            "row": error.row,
            "column": error.column,
        }
    return message

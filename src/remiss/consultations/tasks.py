from datetime import date

from django.tasks import task

from .dispatch import reminders_send


@task()
def reminders_send_daily(on: str | None = None) -> dict:
    """Send the day's reminders (what `remiss send_reminders` does); run once a day."""
    result = reminders_send(today=date.fromisoformat(on) if on else None)
    return {
        "date": result.today.isoformat(),
        "sent": len(result.sent),
        "without_email": len(result.without_email),
        "failed": len(result.failed),
    }

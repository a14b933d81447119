from celery import shared_task

from work import reminders


@shared_task
def send_reminders():
    """Daily (CELERY_BEAT_SCHEDULE): every reminder due today that was not sent before."""
    return len(reminders.send_due())

"""The Celery application; settings come from Django's, prefixed CELERY_."""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


class Task(DjangoTask):
    """Our tasks' base: enqueuing after commit never fails the committed request.

    Every task that is enqueued on commit works from rows that are already saved
    (an alert stays "pending" until its e-mail is sent), and a beat job re-sends
    whatever is still pending. So if the broker is unreachable at that moment, the
    error is logged and the user's saved work stands, instead of a 500 after commit.
    """

    def delay_on_commit(self, *args, **kwargs) -> None:
        # A named function, not a partial: Django's robust on_commit logs the
        # callback's __qualname__.
        def enqueue():
            self.delay(*args, **kwargs)

        transaction.on_commit(enqueue, robust=True)

    def apply_async_on_commit(self, *args, **kwargs) -> None:
        def enqueue():
            self.apply_async(*args, **kwargs)

        transaction.on_commit(enqueue, robust=True)


app = Celery("config", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

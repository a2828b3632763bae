"""Settings of the Celery workers that tests/risk/test_lost_worker.py starts.

Production's settings (config.settings.base, as tests/risk/test_worker.py uses: the
test settings' in-memory e-mail would be invisible outside the worker), with two
changes: the workers use a queue of their own (the test's tasks are not mixed
with those of test_worker.py, which may run at the same time under `make test`),
and a message whose worker was killed comes back from Redis in seconds.

With Redis, a task delivered to a worker waits in an "unacked" set until it is
acknowledged; if the worker dies, another worker puts it back in the queue only
once it is older than `visibility_timeout` (an hour in production, where the beat
schedule runs the detectors again long before). kombu scans for such messages
every `unacked_restore_interval * unacked_restore_throttle` seconds (about 100 by
default), so both are 1 here. The scan holds a Redis lock that a worker killed
in the middle of a scan would keep until `unacked_mutex_expire`: 5 seconds here.
The timeout must stay longer than a whole detector run in the test (about 8 s),
or the second worker's own run would be handed out again while it runs.
"""

from config.settings.base import *  # noqa: F403

# The queue the workers consume and send their own tasks (alert e-mails) to.
CELERY_TASK_DEFAULT_QUEUE = "lost-worker-test"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 15,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": 5,
}

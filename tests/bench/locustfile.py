"""The load run: the three roles' daily journeys against the benchmark server.

Started by tests.bench.run as `locust --headless -f tests/bench/locustfile.py`
with BENCH_TARGETS naming the JSON that tests.bench.targets printed (users,
sessions, case files, partners of the first organisation). Every simulated user
logs in once as a distinct demo worker of that organisation.
"""

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, task

from tests.bench.client import attendance_form, log_in

with open(os.environ["BENCH_TARGETS"]) as handle:
    TARGETS = json.load(handle)

_lock = threading.Lock()
_counters = {
    "facilitator": itertools.count(),
    "caseworker": itertools.count(),
    "partner": itertools.count(),
}


def _next(kind: str) -> int:
    with _lock:
        return next(_counters[kind])


class Worker(HttpUser):
    abstract = True
    # Think time between a worker's pages.
    wait_time = between(1, 3)

    def sign_in(self, username: str) -> None:
        log_in(self.client, "", TARGETS["login"], username, name="login")


class Facilitator(Worker):
    """My sessions, today's session, save the attendance of the whole group."""

    weight = 2

    def on_start(self):
        journeys = TARGETS["facilitator_journeys"]
        # Distinct facilitators and sessions: nobody saves over another user.
        self.journey = journeys[_next("facilitator") % len(journeys)]
        self.saves = 0
        self.sign_in(self.journey["username"])

    @task
    def session_day(self):
        self.client.get(TARGETS["my_sessions"], name="my sessions")
        page = self.client.get(self.journey["session"], name="session page")
        if page.status_code != 200:
            return
        self.saves += 1
        self.client.post(
            self.journey["session"],
            data=attendance_form(page.text, self.saves),
            name="attendance save",
        )


class Caseworker(Worker):
    """The participant list, a case file, the alerts inbox."""

    weight = 2

    def on_start(self):
        names = TARGETS["users"]["caseworker"]
        self.sign_in(names[_next("caseworker") % len(names)])

    @task
    def caseload(self):
        self.client.get(TARGETS["participant_list"], name="participant list")
        self.client.get(random.choice(TARGETS["case_files"]), name="case file")
        self.client.get(TARGETS["alert_list"], name="alerts")


class PartnerSupport(Worker):
    """The worklist, a woman's page, the contact form."""

    weight = 1

    def on_start(self):
        journeys = TARGETS["partner_journeys"]
        names = sorted(journeys)
        self.username = names[_next("partner") % len(names)]
        self.partners = journeys[self.username]
        self.sign_in(self.username)

    @task
    def contacts(self):
        self.client.get(TARGETS["worklist"], name="worklist")
        partner = random.choice(self.partners)
        self.client.get(partner["page"], name="partner page")
        self.client.get(partner["contact"], name="contact form")

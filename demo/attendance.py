"""Group attendance written by PostgreSQL itself: over a million rows at 100,000
men, which Python made one by one (with their history rows) in about half of the
programmes step.

Python notes each place (his group, the range of its held sessions he was there
for, whether he was fading) and each held session; one statement then makes his
attendance at each, another its history row ("+", by the group's lead, dated as
the loader dates it), and a third sets the exit reports' counts from them. Each
row's draws are a hash of (seed, man, session), so the demo stays the same for
the same seed, and they follow the rule the Python path (`demo.programmes._place`)
follows: the engaged weights for the status, unexcused at the last three
sessions of a man who faded, a participation of 2 to 5 when he attended, now and
then a concern with one of the demo notes.
"""

from django.core.management.color import no_style
from django.db import connection

from programmes.models import Attendance, ExitReport

# Places and sessions sent to the database at a time.
SPILL = 50_000
PLACE_COLUMNS = [
    "n",
    "participant_id",
    "organisation_id",
    "group_id",
    "lead",
    "first",
    "last",
    "fading",
    "enrolment_id",
]
SETUP = """
CREATE TEMP TABLE demo_place (
    n bigint, participant_id bigint, organisation_id bigint, group_id bigint,
    lead bigint, first int, last int, fading boolean, enrolment_id bigint
) ON COMMIT DROP;
CREATE TEMP TABLE demo_held (
    group_id bigint, k int, session_id bigint, logged timestamptz
) ON COMMIT DROP
"""

# Three independent draws from one 64-bit hash: the top 16 bits for the status
# (out of 65,536, on the engaged cumulative weights), the next 16 for a concern,
# the low bits for the participation and which note. The id follows the order
# Python would have given (place by place, his sessions in date order); the UUID
# (version 4) is an MD5 of the same key.
ATTENDANCE = """
INSERT INTO {attendance} (id, uuid, organisation_id, session_id, participant_id,
    status, participation, note, concern, urgent, recorded_by_id, updated_at)
SELECT %(first)s + row_number() OVER (ORDER BY p.n, s.k) - 1,
  overlay(overlay(md5(%(seed)s || '/' || p.participant_id || '/' || s.session_id)
    PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid,
  p.organisation_id, s.session_id, p.participant_id, d.status,
  CASE WHEN d.status = ANY(%(attended)s) THEN 2 + (h.x & 3) END,
  CASE WHEN d.concern THEN (%(notes)s::text[])[1 + ((h.x >> 2) & 1)] ELSE '' END,
  d.concern, false, p.lead, s.logged
FROM demo_place p
JOIN demo_held s ON s.group_id = p.group_id AND s.k >= p.first AND s.k < p.last
CROSS JOIN LATERAL (
  SELECT hashint8extended(p.participant_id * 16777216 + s.session_id, %(seed)s) AS x
) h
CROSS JOIN LATERAL (
  SELECT CASE WHEN p.fading AND s.k >= p.last - 3 THEN 'unexcused'
    ELSE (%(statuses)s::text[])[1 + {bounds}] END AS status,
    ((h.x >> 32) & 65535) < %(concern_below)s AS concern
) d
"""

HISTORY = """
INSERT INTO {history} ({tracked}, history_id, history_date, history_change_reason,
    history_type, history_user_id)
SELECT {picked}, %(history_first)s + (m.id - %(first)s), %(now)s, NULL, '+',
  m.recorded_by_id
FROM {attendance} m WHERE m.id >= %(first)s
"""

# His exit report's counts, from the attendance just written (the Python path
# counts as it goes); its "+" history row holds the same.
EXIT_COUNTS = """
WITH counts AS (
  SELECT p.enrolment_id, count(*) FILTER (WHERE a.status = ANY(%(attended)s)) AS n
  FROM demo_place p
  JOIN demo_held s ON s.group_id = p.group_id AND s.k >= p.first AND s.k < p.last
  JOIN {attendance} a
    ON a.session_id = s.session_id AND a.participant_id = p.participant_id
  WHERE p.enrolment_id IS NOT NULL
  GROUP BY p.enrolment_id
), changed AS (
  UPDATE {exit} e SET sessions_attended = c.n,
    sessions_missed = e.sessions_offered - c.n,
    modules_covered = least(c.n, e.sessions_planned)
  FROM counts c WHERE e.enrolment_id = c.enrolment_id
  RETURNING e.id, e.sessions_attended, e.sessions_missed, e.modules_covered
)
UPDATE {exit_history} h SET sessions_attended = c.sessions_attended,
  sessions_missed = c.sessions_missed, modules_covered = c.modules_covered
FROM changed c WHERE h.id = c.id AND h.history_type = '+'
"""


class GroupAttendance:
    """Collects places and held sessions, and writes the attendance at the end."""

    def __init__(self, ctx, engaged: list[str], cum_weights: list[int], notes):
        self.ctx = ctx
        self.engaged = [str(s) for s in engaged]
        top = cum_weights[-1]
        # Status i when the 16-bit draw is at least the i-th bound and below the
        # next: the cumulative weights scaled to 65,536.
        self.below = [round(w * 65536 / top) for w in cum_weights[:-1]]
        self.notes = list(notes)
        self.places: list[tuple] = []
        self.held: list[tuple] = []
        self.placed = 0  # places noted so far, their order
        self.tables_made = False

    def add_group(self, group) -> None:
        self.held += [
            (group.id, k, session, logged)
            for k, (session, _day, logged) in enumerate(group.held)
        ]
        if len(self.held) >= SPILL:
            self._spill()

    def add_place(self, man, group, first, last, fading, exit_enrolment) -> None:
        self.placed += 1
        self.places.append(
            (
                self.placed,
                man.id,
                man.organisation_id,
                group.id,
                group.lead,
                first,
                last,
                fading,
                exit_enrolment,
            )
        )
        if len(self.places) >= SPILL:
            self._spill()

    def _spill(self) -> None:
        """Send what is noted to the temporary tables (a million places at a
        million men are not kept in memory until the end)."""
        loader = self.ctx.loader
        if not self.tables_made:
            loader.execute_behind([(statement, None) for statement in SETUP.split(";")])
            self.tables_made = True
        loader.write_rows("demo_place", PLACE_COLUMNS, self.places)
        loader.write_rows(
            "demo_held", ["group_id", "k", "session_id", "logged"], self.held
        )
        self.places, self.held = [], []

    def write(self) -> None:
        if not self.placed:
            return
        ctx, loader = self.ctx, self.ctx.loader
        history = Attendance.history.model
        quote = connection.ops.quote_name
        table = loader.table(Attendance)
        columns = table.history_table.columns[:-5]
        first = loader.pk(Attendance)
        history_first = loader.pk(history)
        loader.flush()  # the sessions and exit reports, before they are read
        tables = {
            "attendance": quote(Attendance._meta.db_table),
            "history": quote(history._meta.db_table),
            "exit": quote(ExitReport._meta.db_table),
            "exit_history": quote(ExitReport.history.model._meta.db_table),
            "tracked": ", ".join(quote(c) for c in columns),
            "picked": ", ".join(f"m.{quote(c)}" for c in columns),
            # How many bounds the status draw reaches: its index in the list.
            "bounds": " + ".join(
                f"(((h.x >> 48) & 65535) >= {int(b)})::int" for b in self.below
            ),
        }
        attended = [str(s) for s in Attendance.ATTENDED]
        self._spill()

        def count(counts: list[int]) -> None:
            loader.written["Attendance"] = (
                loader.written.get("Attendance", 0) + (counts[2])
            )

        # Behind the loader's writes, without waiting: Python goes on with the
        # next step's rows while the database makes these.
        loader.execute_behind(
            [
                ("ANALYZE demo_place", None),
                ("ANALYZE demo_held", None),
                (
                    ATTENDANCE.format(**tables),
                    {
                        "first": first,
                        "seed": ctx.seed,
                        "attended": attended,
                        "notes": self.notes,
                        "statuses": self.engaged,
                        "concern_below": round(0.01 * 65536),
                    },
                ),
                (
                    HISTORY.format(**tables),
                    {"first": first, "history_first": history_first, "now": loader.now},
                ),
                (EXIT_COUNTS.format(**tables), {"attended": attended}),
                *[
                    (sql, None)
                    for sql in connection.ops.sequence_reset_sql(
                        no_style(), [Attendance, history]
                    )
                ],
            ],
            count,
        )
        # Their next keys are read again (after these rows) if ever needed.
        loader.next_pk.pop(Attendance, None)
        loader.next_pk.pop(history, None)
        self.placed = 0

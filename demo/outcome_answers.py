"""Outcome answers written by PostgreSQL itself: four million rows at 100,000 men.

Python makes each response (one row) and notes where its answers centre (the
severity `demo.outcomes` gives it); the answers of each batch of responses are
made by one statement, run behind the write queue while Python makes the next
batch, and the domain scores of all by another at the end. Each answer's draws
are a hash of (seed, response, item), so the demo stays the same for the same
seed, and they follow the rule the Python path (`demo.outcomes._answer`) follows:
now and then "not answered" or "declined", else the scale's value nearest the
severity give or take a quarter (reversed where a higher score is better). Domain
scores are what
`outcomes.scoring.score_domains` computes: the mean (or sum) of the scored
answers, rounded to three places, or null below the domain's minimum.
"""

from django.db import connection, transaction

from outcomes.models import Answer, Domain, Item, Response

# Responses sent to the database at a time: their answers are made behind the
# write queue while Python makes the next responses.
SPILL = 20_000
# The temporary tables, dropped at the end of the seeding transaction.
SETUP = """
CREATE TEMP TABLE demo_outcome_response (
    id bigint PRIMARY KEY, questionnaire_id bigint, severity float8, batch int
) ON COMMIT DROP;
CREATE TEMP TABLE demo_outcome_item (
    id bigint, questionnaire_id bigint, higher_is_better boolean,
    vals text[], scores float8[]
) ON COMMIT DROP
"""

# Each response's answers in turn, its items in order (the OFFSET keeps the
# planner to that loop), so that the unique (response, item) index only ever
# grows at its end. Three independent draws from one 64-bit hash: the top 16
# bits for "special or not", the next 8 for which special answer, the low 32
# for the level.
ANSWERS = """
INSERT INTO {answer} (response_id, item_id, value, score)
SELECT r.id, i.id,
  CASE WHEN d.special THEN (%(special)s::text[])[1 + d.pick %% %(specials)s]
       ELSE i.vals[1 + d.idx] END,
  CASE WHEN d.special THEN NULL ELSE i.scores[1 + d.idx] END
FROM demo_outcome_response r
CROSS JOIN LATERAL (
  SELECT * FROM demo_outcome_item i WHERE i.questionnaire_id = r.questionnaire_id
  OFFSET 0
) i
CROSS JOIN LATERAL (
  SELECT hashint8extended(r.id * 4096 + i.id, %(seed)s) AS x
) h
CROSS JOIN LATERAL (
  SELECT ((h.x >> 48) & 65535) < %(special_below)s AS special,
    ((h.x >> 32) & 255)::int AS pick,
    round(least(greatest(
      CASE WHEN i.higher_is_better THEN 1 - l.level ELSE l.level END, 0.0), 1.0)
      * (cardinality(i.vals) - 1))::int AS idx
  FROM (
    SELECT r.severity + (h.x & 4294967295) / 4294967296.0 * 0.5 - 0.25 AS level
  ) l
) d
WHERE r.batch = %(batch)s
"""

SCORES = """
UPDATE {response} o SET domain_scores = s.scores
FROM (
  SELECT r.id, jsonb_object_agg(
    d.code,
    CASE WHEN coalesce(a.n, 0) < greatest(d.min_answered, 1) THEN NULL
         WHEN d.scoring = 'sum' THEN round(a.total::numeric, 3)
         ELSE round((a.total / a.n)::numeric, 3) END
  ) AS scores
  FROM demo_outcome_response r
  JOIN {domain} d ON d.questionnaire_id = r.questionnaire_id
  LEFT JOIN (
    SELECT a.response_id, i.domain_id, count(a.score) AS n, sum(a.score) AS total
    FROM {answer} a
    JOIN {item} i ON i.id = a.item_id
    JOIN demo_outcome_response r ON r.id = a.response_id
    GROUP BY a.response_id, i.domain_id
  ) a ON a.response_id = r.id AND a.domain_id = d.id
  GROUP BY r.id
) s
WHERE o.id = s.id
"""


TABLES = {
    "answer": Answer._meta.db_table,
    "response": Response._meta.db_table,
    "domain": Domain._meta.db_table,
    "item": Item._meta.db_table,
}


class Answers:
    """Collects (response, questionnaire, severity); the database makes the
    answers of each batch behind the write queue, and the domain scores of all
    at the end."""

    def __init__(self, ctx, special: list[str], special_share: float, versions):
        self.ctx = ctx
        self.params = {
            "special": special,
            "specials": len(special),
            "special_below": round(special_share * 65536),
            "seed": ctx.seed,
        }
        self.items = [
            (
                item.pk,
                item.questionnaire_id,
                item.domain.higher_is_better,
                [o["value"] for o in item.scale.options],
                [float(o["score"]) for o in item.scale.options],
            )
            for version in versions
            for item in sorted(version.items, key=lambda item: item.pk)
        ]
        self.rows: list[tuple[int, int, float, int]] = []
        self.batch = 0
        self.written = 0
        self.tables_made = False

    def add(self, response: int, questionnaire: int, severity: float) -> None:
        self.rows.append((response, questionnaire, severity, self.batch))
        if len(self.rows) >= SPILL:
            self._spill()

    def _spill(self) -> None:
        """Send the responses noted so far to their temporary table (two million
        at a million men are not kept in memory until the end) and have their
        answers made after them, without waiting."""
        loader = self.ctx.loader
        if not self.tables_made:
            loader.execute_behind([(statement, None) for statement in SETUP.split(";")])
            loader.write_rows(
                "demo_outcome_item",
                ["id", "questionnaire_id", "higher_is_better", "vals", "scores"],
                self.items,
            )
            self.tables_made = True
        if self.rows:
            loader.write_rows(
                "demo_outcome_response",
                ["id", "questionnaire_id", "severity", "batch"],
                self.rows,
            )
            loader.execute_behind(
                [(ANSWERS.format(**TABLES), {**self.params, "batch": self.batch})],
                self._count,
            )
        self.rows = []
        self.batch += 1

    def _count(self, counts: list[int]) -> None:
        self.written += counts[0]

    def queue_rest(self) -> None:
        """Have the answers of the responses left made behind the write queue."""
        if self.rows or self.tables_made:
            self._spill()

    def score(self) -> None:
        """Every domain score, once all the answers are made."""
        if not self.tables_made:
            return
        loader = self.ctx.loader
        loader.flush()  # the responses, before their scores are set
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ANALYZE demo_outcome_response")
            cursor.execute(SCORES.format(**TABLES))
        loader.written["Answer"] = loader.written.get("Answer", 0) + self.written
        self.written = 0

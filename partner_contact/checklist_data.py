"""The shipped version 1 of her risk checklist, as data (loaded by a migration).

24 questions on the structure of the victim risk checklist most used in the UK
(DOMAIN.md "Her risk checklist"), asked of her by her partner-support worker. The
wording is this project's own: no licensed checklist text is copied. Frozen: a
change of wording or thresholds is a new version, never an edit of this one.
"""

CODE = "her-ric-24"
NAME = "Her risk identification checklist (24 questions)"
MEDIUM_FROM = 10
HIGH_FROM = 14
CONFERENCE_FROM = 14

# (code, topic, text)
QUESTIONS = [
    ("injury", "abuse", "Were you physically hurt in what happened most recently?"),
    ("frightened", "her_fear", "Are you very scared of him at the moment?"),
    (
        "what_she_fears",
        "her_fear",
        "Are you afraid of what he might do next: hurt you, kill you, or hurt "
        "the children or someone else?",
    ),
    (
        "isolated",
        "her_fear",
        "Does he cut you off from family, friends or anyone who might help you?",
    ),
    (
        "low_mood",
        "her_fear",
        "Have you been feeling very low, or had thoughts of ending your life?",
    ),
    (
        "separation",
        "separation",
        "Have you split up with him, or tried to, during the past year?",
    ),
    (
        "contact_conflict",
        "children",
        "Are there arguments or disputes with him about seeing the children?",
    ),
    (
        "stalking",
        "his_behaviour",
        "Does he keep calling or messaging you, follow you, or turn up where you are?",
    ),
    (
        "pregnancy",
        "pregnancy",
        "Are you pregnant, or have you had a baby in the past eighteen months?",
    ),
    ("more_often", "abuse", "Is the abuse happening more often than it used to?"),
    ("getting_worse", "abuse", "Has the abuse become more serious?"),
    (
        "controlling",
        "his_behaviour",
        "Does he try to control what you do or who you see, or is he very jealous?",
    ),
    ("weapons", "abuse", "Has he used a weapon or an object to hurt you?"),
    (
        "threats_to_kill",
        "his_behaviour",
        "Has he said he will kill you or someone else, and did you believe him?",
    ),
    (
        "strangulation",
        "abuse",
        "Has he ever held you by the throat, choked or smothered you, or tried to "
        "drown you?",
    ),
    (
        "sexual_abuse",
        "abuse",
        "Does he do or say sexual things that hurt, frighten or humiliate you?",
    ),
    (
        "others_feared",
        "her_fear",
        "Is there anyone besides him who threatens you or whom you are afraid of?",
    ),
    (
        "hurt_others",
        "children",
        "Do you know of him hurting anyone else: the children, relatives, a former "
        "partner or others?",
    ),
    ("hurt_animals", "his_behaviour", "Has he ever hurt or killed a pet or animal?"),
    (
        "money",
        "her_fear",
        "Do you depend on him for money, or are there serious money worries?",
    ),
    (
        "his_substances",
        "his_behaviour",
        "Does he have problems with drink, drugs or his mental health?",
    ),
    (
        "his_suicide",
        "his_behaviour",
        "Has he threatened or tried to take his own life?",
    ),
    (
        "breaches",
        "his_behaviour",
        "Has he broken bail conditions, a court order or an agreement about the "
        "children?",
    ),
    (
        "criminal_history",
        "his_behaviour",
        "Has he been in trouble with the police, or does he have a criminal record?",
    ),
]


def load(apps, schema_editor=None):
    """Create version 1 and its questions (a migration's RunPython, and after a
    flush, partner_contact.apps)."""
    version_model = apps.get_model("partner_contact", "ChecklistVersion")
    question_model = apps.get_model("partner_contact", "ChecklistQuestion")
    if version_model.objects.filter(code=CODE, version=1).exists():
        return
    version = version_model.objects.create(
        code=CODE,
        version=1,
        name=NAME,
        is_active=True,
        medium_from=MEDIUM_FROM,
        high_from=HIGH_FROM,
        conference_from=CONFERENCE_FROM,
    )
    question_model.objects.bulk_create(
        question_model(version=version, order=order, code=code, topic=topic, text=text)
        for order, (code, topic, text) in enumerate(QUESTIONS, start=1)
    )


def unload(apps, schema_editor=None):
    apps.get_model("partner_contact", "ChecklistVersion").objects.filter(
        code=CODE
    ).delete()

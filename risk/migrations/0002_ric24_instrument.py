"""Load the shipped instrument: a 24-item yes / no / don't-know checklist.

It follows the structure of the risk identification checklist most used in the UK
(24 items on recognised risk factors; 0-9 yes standard, 10-13 medium, 14+ high).
The wording is this project's own: no licensed item text is copied.
"""

from django.db import migrations

CODE = "ric-24"
# (code, domain, text)
ITEMS = [
    (
        "injury",
        "Harm and injury",
        "The latest incident left her with a physical injury.",
    ),
    ("very_frightened", "Fear and isolation", "She is very frightened of him."),
    (
        "feared_outcome",
        "Fear and isolation",
        "She fears he will seriously harm or kill her, the children or someone else "
        "(say what she fears in the comment).",
    ),
    (
        "isolation",
        "Fear and isolation",
        "He keeps her away from family, friends or other sources of support.",
    ),
    (
        "low_mood",
        "Fear and isolation",
        "She feels very low or depressed, or has thought of ending her life.",
    ),
    (
        "separation",
        "Relationship and children",
        "They have separated, or she has tried to leave him, in the last twelve months.",
    ),
    (
        "child_contact_conflict",
        "Relationship and children",
        "There is conflict between them over contact with the children.",
    ),
    (
        "stalking",
        "Pattern of abuse",
        "He follows or watches her, or calls or messages her over and over.",
    ),
    (
        "pregnancy",
        "Relationship and children",
        "She is pregnant or has had a baby in the last eighteen months.",
    ),
    (
        "harmed_children",
        "Relationship and children",
        "He has hurt the children or a dependant, or threatened to.",
    ),
    (
        "more_often",
        "Pattern of abuse",
        "The abuse is happening more often than before.",
    ),
    ("getting_worse", "Pattern of abuse", "The abuse is becoming more serious."),
    (
        "control_jealousy",
        "Pattern of abuse",
        "He tries to control what she does, or is jealous to an extreme.",
    ),
    (
        "weapons",
        "Serious harm",
        "He has used a weapon or an object to hurt or frighten her.",
    ),
    (
        "threats_to_kill",
        "Serious harm",
        "He has threatened to kill her or someone close to her.",
    ),
    (
        "strangulation",
        "Serious harm",
        "He has choked, strangled or smothered her, or tried to drown her.",
    ),
    (
        "sexual_abuse",
        "Serious harm",
        "He has forced or pressured her into sexual acts she did not want.",
    ),
    (
        "others_involved",
        "Serious harm",
        "Other people (family or community) take part in threatening or abusing her.",
    ),
    ("harms_others", "His circumstances", "He has hurt other people or an animal."),
    (
        "money",
        "His circumstances",
        "He has serious money problems, or keeps control of her money.",
    ),
    (
        "substances_mental_health",
        "His circumstances",
        "He misuses alcohol or drugs, or has mental-health difficulties.",
    ),
    (
        "suicide",
        "His circumstances",
        "He has threatened or tried to take his own life.",
    ),
    (
        "breach",
        "Criminal justice",
        "He has broken bail conditions, an injunction, an order or a child-contact "
        "agreement.",
    ),
    (
        "criminal_history",
        "Criminal justice",
        "He has been in trouble with the police or has a criminal record.",
    ),
]


def load(apps, schema_editor):
    RiskInstrument = apps.get_model("risk", "RiskInstrument")
    InstrumentItem = apps.get_model("risk", "InstrumentItem")
    instrument = RiskInstrument.objects.create(
        code=CODE,
        version=1,
        name="Risk identification checklist (24 items)",
        description=(
            "Yes / no / don't-know checklist on recognised risk factors, with a "
            "comment per item. Each yes counts one point: up to 9 is standard, "
            "10 to 13 medium, 14 or more high. Built on the structure of the "
            "checklist most used in the UK, in this programme's own words."
        ),
        is_active=True,
        medium_from=10,
        high_from=14,
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            order=order,
            code=code,
            domain=domain,
            text=text,
            weight=1,
            marks_pregnancy=code == "pregnancy",
        )
        for order, (code, domain, text) in enumerate(ITEMS, start=1)
    )


def unload(apps, schema_editor):
    apps.get_model("risk", "RiskInstrument").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

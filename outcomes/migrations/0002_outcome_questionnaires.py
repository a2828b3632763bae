"""The first outcome questionnaires, in our own words: one for him, one for her.

Both cover every area of issue 15 with the same domain codes, so that her account
and his can be set side by side: his violent and controlling behaviour (physical,
psychological, sexual, economic, coercive control, stalking), its impact on her
and on the children, her safety and well-being, his taking of responsibility and
his own well-being. The recall period fits each time point.
"""

from django.db import migrations

TIME_POINTS = ["intake", "half_way", "end", "follow_up_6", "follow_up_12"]
RECALL = {
    "intake": "In the three months before the programme started",
    "half_way": "Since the programme started",
    "end": "In the last three months",
    "follow_up_6": "In the last three months",
    "follow_up_12": "In the last three months",
}
SCALES = {
    "frequency": (
        "How often",
        [
            ("never", "Never", 0),
            ("once", "Once", 1),
            ("few_times", "A few times", 2),
            ("monthly", "About monthly", 3),
            ("weekly", "Weekly or more", 4),
        ],
    ),
    "agreement": (
        "Agreement",
        [
            ("strongly_disagree", "Strongly disagree", 0),
            ("disagree", "Disagree", 1),
            ("neither", "Neither agree nor disagree", 2),
            ("agree", "Agree", 3),
            ("strongly_agree", "Strongly agree", 4),
        ],
    ),
    "yes_no": ("Yes or no", [("no", "No", 0), ("yes", "Yes", 1)]),
}
# code, name, higher is better, scale, items (code, text)
HIS = [
    (
        "physical",
        "Physical violence",
        False,
        "frequency",
        [
            ("push", "Pushed, grabbed or shoved her"),
            ("hit", "Slapped, hit or kicked her, or hurt her with an object"),
            ("neck", "Held her by the neck or stopped her breathing"),
        ],
    ),
    (
        "psychological",
        "Psychological abuse",
        False,
        "frequency",
        [
            ("insult", "Shouted at her, called her names or put her down"),
            ("threaten", "Threatened to hurt her, the children, a pet or yourself"),
            ("smash", "Broke or threw things to frighten her"),
        ],
    ),
    (
        "sexual",
        "Sexual violence",
        False,
        "frequency",
        [
            ("pressure", "Pressured her into sexual acts she did not want"),
            ("force", "Made her do something sexual by threat or by force"),
        ],
    ),
    (
        "economic",
        "Economic abuse",
        False,
        "frequency",
        [
            ("money", "Kept money from her or made her account for every spend"),
            ("work", "Stopped her working or studying, or took her earnings"),
        ],
    ),
    (
        "coercive_control",
        "Coercive control",
        False,
        "frequency",
        [
            ("check", "Checked her phone, messages or whereabouts"),
            ("isolate", "Stopped or discouraged her from seeing family or friends"),
            ("rules", "Decided for her what she may wear, do or say"),
        ],
    ),
    (
        "stalking",
        "Stalking and harassment",
        False,
        "frequency",
        [
            ("follow", "Followed her, waited for her or turned up uninvited"),
            ("messages", "Kept calling or messaging after she asked you to stop"),
        ],
    ),
    (
        "impact_her",
        "Impact on her",
        False,
        "agreement",
        [
            ("afraid", "She has been afraid of me"),
            ("harm", "What I did has harmed her health or her confidence"),
        ],
    ),
    (
        "impact_children",
        "Impact on the children",
        False,
        "frequency",
        [
            ("witness", "The children saw or heard arguments or violence at home"),
            (
                "upset",
                "The children seemed frightened or upset by what happened at home",
            ),
        ],
    ),
    (
        "her_safety",
        "Her safety",
        True,
        "agreement",
        [
            ("safe", "I think she feels safe with me"),
            ("choices", "She can make her own choices without fearing my reaction"),
        ],
    ),
    (
        "her_wellbeing",
        "Her well-being",
        True,
        "agreement",
        [
            ("coping", "I think she is coping well with daily life"),
        ],
    ),
    (
        "responsibility",
        "His taking of responsibility",
        True,
        "agreement",
        [
            ("choice", "What I did was my choice and my responsibility"),
            (
                "understand",
                "I understand how my behaviour affected her and the children",
            ),
            ("stop", "I can stop myself when I start to feel controlling or angry"),
        ],
    ),
    (
        "his_wellbeing",
        "His own well-being",
        True,
        "agreement",
        [
            ("stress", "I can manage stress without hurting anyone"),
            ("support", "I have people I can talk to about my problems"),
            ("substances", "My use of alcohol or drugs is under control"),
        ],
    ),
]
HERS = [
    (
        "physical",
        "Physical violence",
        False,
        "frequency",
        [
            ("push", "He pushed, grabbed or shoved you"),
            ("hit", "He slapped, hit or kicked you, or hurt you with an object"),
            ("neck", "He held you by the neck or stopped your breathing"),
            ("injury", "You were injured by something he did"),
        ],
    ),
    (
        "psychological",
        "Psychological abuse",
        False,
        "frequency",
        [
            ("insult", "He shouted at you, called you names or put you down"),
            ("threaten", "He threatened to hurt you, the children, a pet or himself"),
            ("smash", "He broke or threw things to frighten you"),
        ],
    ),
    (
        "sexual",
        "Sexual violence",
        False,
        "frequency",
        [
            ("pressure", "He pressured you into sexual acts you did not want"),
            ("force", "He made you do something sexual by threat or by force"),
        ],
    ),
    (
        "economic",
        "Economic abuse",
        False,
        "frequency",
        [
            ("money", "He kept money from you or made you account for every spend"),
            ("work", "He stopped you working or studying, or took your earnings"),
        ],
    ),
    (
        "coercive_control",
        "Coercive control",
        False,
        "frequency",
        [
            ("check", "He checked your phone, messages or whereabouts"),
            ("isolate", "He stopped or discouraged you from seeing family or friends"),
            ("rules", "He decided for you what you may wear, do or say"),
        ],
    ),
    (
        "stalking",
        "Stalking and harassment",
        False,
        "frequency",
        [
            ("follow", "He followed you, waited for you or turned up uninvited"),
            ("messages", "He kept calling or messaging after you asked him to stop"),
        ],
    ),
    (
        "impact_her",
        "Impact on her",
        False,
        "frequency",
        [
            ("afraid", "You felt afraid of him"),
            ("low", "You felt sad or low because of how he treated you"),
            ("avoid", "You changed what you did to avoid his reaction"),
        ],
    ),
    (
        "impact_children",
        "Impact on the children",
        False,
        "frequency",
        [
            ("witness", "The children saw or heard arguments or violence"),
            ("upset", "The children seemed frightened or upset by his behaviour"),
        ],
    ),
    (
        "her_safety",
        "Her safety",
        True,
        "agreement",
        [
            ("safe", "I feel safe at home"),
            ("choices", "I can make my own choices without fearing his reaction"),
            ("plan", "I know what I would do if I felt unsafe"),
        ],
    ),
    (
        "her_wellbeing",
        "Her well-being",
        True,
        "agreement",
        [
            ("coping", "I am coping well with daily life"),
            ("support", "I have people I can turn to for support"),
            ("sleep", "I sleep and eat about as well as usual"),
        ],
    ),
    (
        "responsibility",
        "His taking of responsibility",
        True,
        "agreement",
        [
            ("accepts", "He accepts that his behaviour was his responsibility"),
            (
                "understands",
                "He understands how his behaviour affected me and the children",
            ),
        ],
    ),
    (
        "his_wellbeing",
        "His own well-being",
        True,
        "agreement",
        [
            ("stress", "He manages stress without taking it out on others"),
            ("substances", "His use of alcohol or drugs is under control"),
        ],
    ),
]


def create(apps, code, name, respondent, intro, domains):
    Questionnaire = apps.get_model("outcomes", "Questionnaire")
    questionnaire = Questionnaire.objects.create(
        code=code,
        version=1,
        name=name,
        respondent=respondent,
        time_points=TIME_POINTS,
        recall_periods=RECALL,
        introduction=intro,
        is_active=True,
    )
    scales = {
        scale_code: questionnaire.scales.create(
            code=scale_code,
            name=label,
            options=[{"value": v, "label": lab, "score": s} for v, lab, s in options],
        )
        for scale_code, (label, options) in SCALES.items()
    }
    order = 0
    for domain_order, (d_code, d_name, better, scale, items) in enumerate(domains, 1):
        domain = questionnaire.domains.create(
            code=d_code,
            name=d_name,
            order=domain_order,
            scoring="mean",
            min_answered=1,
            higher_is_better=better,
        )
        for i_code, text in items:
            order += 1
            questionnaire.items.create(
                domain=domain,
                scale=scales[scale],
                order=order,
                code=f"{d_code}_{i_code}",
                text=text,
            )


def forwards(apps, schema_editor):
    create(
        apps,
        "outcome-him",
        "Outcome questionnaire: his account",
        "man",
        "Asked by his caseworker. Read each statement and the time it covers.",
        HIS,
    )
    create(
        apps,
        "outcome-her",
        "Outcome questionnaire: her account",
        "partner",
        "Asked by her partner-support worker, only when it is safe and with her "
        "consent. She may skip or decline any question.",
        HERS,
    )


def backwards(apps, schema_editor):
    apps.get_model("outcomes", "Questionnaire").objects.filter(
        code__in=["outcome-him", "outcome-her"], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

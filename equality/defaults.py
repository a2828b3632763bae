"""The options a new organisation's monitoring lists start with (DOMAIN.md,
equality monitoring): UK categories, which a manager adapts to the country.

Labels are translated when they are seeded, in the organisation's language; from
then on they are the organisation's own data.
"""

from django.utils.translation import gettext_lazy as _

from equality.models import Characteristic

C = Characteristic

DEFAULT_OPTIONS = {
    C.AGE_BAND: [
        _("18 to 24"),
        _("25 to 34"),
        _("35 to 44"),
        _("45 to 54"),
        _("55 to 64"),
        _("65 or over"),
    ],
    C.GENDER: [
        _("Man"),
        _("Woman"),
        _("Non-binary"),
        _("Another gender identity"),
    ],
    # The 2021 Census of England and Wales: 19 categories in five groups.
    C.ETHNICITY: [
        _("Asian: Bangladeshi"),
        _("Asian: Chinese"),
        _("Asian: Indian"),
        _("Asian: Pakistani"),
        _("Asian: any other Asian background"),
        _("Black: African"),
        _("Black: Caribbean"),
        _("Black: any other Black background"),
        _("Mixed: White and Asian"),
        _("Mixed: White and Black African"),
        _("Mixed: White and Black Caribbean"),
        _("Mixed: any other mixed background"),
        _("White: British"),
        _("White: Irish"),
        _("White: Gypsy or Irish Traveller"),
        _("White: Roma"),
        _("White: any other White background"),
        _("Other: Arab"),
        _("Other: any other ethnic group"),
    ],
    C.DISABILITY: [
        _("No"),
        _("Yes: physical or mobility"),
        _("Yes: sensory"),
        _("Yes: learning disability or difficulty"),
        _("Yes: mental health condition"),
        _("Yes: long-term illness"),
        _("Yes: other"),
    ],
    C.SEXUAL_ORIENTATION: [
        _("Heterosexual or straight"),
        _("Gay or lesbian"),
        _("Bisexual"),
        _("Another sexual orientation"),
    ],
    C.RELIGION: [
        _("No religion"),
        _("Buddhist"),
        _("Christian"),
        _("Hindu"),
        _("Jewish"),
        _("Muslim"),
        _("Sikh"),
        _("Another religion or belief"),
    ],
    C.FIRST_LANGUAGE: [
        _("English"),
        _("Welsh"),
        _("Polish"),
        _("Romanian"),
        _("Punjabi"),
        _("Urdu"),
        _("Bengali"),
        _("Arabic"),
        _("Portuguese"),
        _("Another language"),
    ],
    C.INTERPRETER: [
        _("No interpreter needed"),
        _("Needs a spoken-language interpreter"),
        _("Needs a sign-language interpreter"),
    ],
    C.NATIONALITY: [
        _("British or Irish citizen"),
        _("EU settled or pre-settled status"),
        _("Other visa or leave to remain"),
        _("Asylum seeker or refugee"),
        _("No recourse to public funds"),
        _("Another status"),
    ],
}

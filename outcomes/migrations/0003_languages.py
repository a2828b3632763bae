"""Outcome questionnaires in several languages (issue 18, item 6).

A questionnaire keeps the language of its own texts; its name, introduction,
recall periods, domains, answer options and items carry texts in other
languages beside them; a response records the language it was asked in.

The shipped questionnaires (0002) get German, Spanish, French and Italian texts,
in our own words like the English ones (not a licensed instrument's wording).
Adding texts in other languages changes no question, answer or score, so the
version stays the same even where it already has answers.
"""

from django.db import migrations, models

LANGUAGES = ("de", "es", "fr", "it")


def by_language(*texts) -> dict:
    return dict(zip(LANGUAGES, texts, strict=True))


NAMES = {
    "outcome-him": by_language(
        "Wirkungsfragebogen: Angaben des Mannes",
        "Cuestionario de resultados: relato del hombre",
        "Questionnaire de résultats : le récit de l'homme",
        "Questionario sugli esiti: il racconto dell'uomo",
    ),
    "outcome-her": by_language(
        "Wirkungsfragebogen: Angaben der Frau",
        "Cuestionario de resultados: relato de la mujer",
        "Questionnaire de résultats : le récit de la femme",
        "Questionario sugli esiti: il racconto della donna",
    ),
}
INTRODUCTIONS = {
    "outcome-him": by_language(
        "Wird von seiner bzw. seinem Fallverantwortlichen erfragt. Lesen Sie jede "
        "Aussage und den Zeitraum, auf den sie sich bezieht.",
        "Lo plantea su profesional de referencia. Lea cada afirmación y el periodo "
        "al que se refiere.",
        "Posé par son référent ou sa référente. Lisez chaque affirmation et la "
        "période qu'elle concerne.",
        "Somministrato dal suo operatore o dalla sua operatrice di riferimento. "
        "Legga ogni affermazione e il periodo a cui si riferisce.",
    ),
    "outcome-her": by_language(
        "Wird von ihrer Unterstützerin gestellt, nur wenn es sicher ist und mit "
        "ihrer Einwilligung. Sie kann jede Frage überspringen oder ablehnen.",
        "Lo plantea su profesional de atención a la (ex)pareja, solo cuando es "
        "seguro y con su consentimiento. Puede saltarse o rechazar cualquier "
        "pregunta.",
        "Posé par sa professionnelle de l'accompagnement, seulement lorsque c'est "
        "sans danger et avec son consentement. Elle peut passer ou refuser "
        "n'importe quelle question.",
        "Somministrato dall'operatrice del supporto alla (ex) partner, solo quando "
        "è sicuro e con il suo consenso. Può saltare o rifiutare qualsiasi "
        "domanda.",
    ),
}
RECALL = {
    "In the three months before the programme started": by_language(
        "In den drei Monaten vor Beginn des Programms",
        "En los tres meses anteriores al inicio del programa",
        "Au cours des trois mois précédant le début du programme",
        "Nei tre mesi precedenti l'inizio del programma",
    ),
    "Since the programme started": by_language(
        "Seit Beginn des Programms",
        "Desde el inicio del programa",
        "Depuis le début du programme",
        "Dall'inizio del programma",
    ),
    "In the last three months": by_language(
        "In den letzten drei Monaten",
        "En los últimos tres meses",
        "Au cours des trois derniers mois",
        "Negli ultimi tre mesi",
    ),
}
# Answer options by their value (the same in every scale that has them).
OPTIONS = {
    "never": by_language("Nie", "Nunca", "Jamais", "Mai"),
    "once": by_language("Einmal", "Una vez", "Une fois", "Una volta"),
    "few_times": by_language(
        "Einige Male", "Algunas veces", "Quelques fois", "Qualche volta"
    ),
    "monthly": by_language(
        "Etwa monatlich",
        "Más o menos cada mes",
        "Environ une fois par mois",
        "Circa una volta al mese",
    ),
    "weekly": by_language(
        "Wöchentlich oder öfter",
        "Cada semana o más",
        "Chaque semaine ou plus",
        "Ogni settimana o più spesso",
    ),
    "strongly_disagree": by_language(
        "Trifft gar nicht zu",
        "Muy en desacuerdo",
        "Pas du tout d'accord",
        "Per niente d'accordo",
    ),
    "disagree": by_language(
        "Trifft eher nicht zu",
        "En desacuerdo",
        "Plutôt pas d'accord",
        "Poco d'accordo",
    ),
    "neither": by_language(
        "Teils, teils",
        "Ni de acuerdo ni en desacuerdo",
        "Ni d'accord ni pas d'accord",
        "Né d'accordo né in disaccordo",
    ),
    "agree": by_language(
        "Trifft eher zu", "De acuerdo", "Plutôt d'accord", "Abbastanza d'accordo"
    ),
    "strongly_agree": by_language(
        "Trifft voll zu",
        "Muy de acuerdo",
        "Tout à fait d'accord",
        "Del tutto d'accordo",
    ),
    "no": by_language("Nein", "No", "Non", "No"),
    "yes": by_language("Ja", "Sí", "Oui", "Sì"),
}
# The same domain codes in both questionnaires.
DOMAINS = {
    "physical": by_language(
        "Körperliche Gewalt", "Violencia física", "Violence physique", "Violenza fisica"
    ),
    "psychological": by_language(
        "Psychische Gewalt",
        "Violencia psicológica",
        "Violence psychologique",
        "Violenza psicologica",
    ),
    "sexual": by_language(
        "Sexualisierte Gewalt",
        "Violencia sexual",
        "Violence sexuelle",
        "Violenza sessuale",
    ),
    "economic": by_language(
        "Wirtschaftliche Gewalt",
        "Violencia económica",
        "Violence économique",
        "Violenza economica",
    ),
    "coercive_control": by_language(
        "Zwingende Kontrolle",
        "Control coercitivo",
        "Contrôle coercitif",
        "Controllo coercitivo",
    ),
    "stalking": by_language(
        "Stalking und Belästigung",
        "Acoso y hostigamiento",
        "Harcèlement et traque",
        "Stalking e molestie",
    ),
    "impact_her": by_language(
        "Auswirkungen auf sie",
        "Impacto en ella",
        "Conséquences pour elle",
        "Conseguenze su di lei",
    ),
    "impact_children": by_language(
        "Auswirkungen auf die Kinder",
        "Impacto en los hijos e hijas",
        "Conséquences pour les enfants",
        "Conseguenze sui figli",
    ),
    "her_safety": by_language(
        "Ihre Sicherheit", "Su seguridad", "Sa sécurité", "La sua sicurezza"
    ),
    "her_wellbeing": by_language(
        "Ihr Wohlbefinden", "Su bienestar", "Son bien-être", "Il suo benessere"
    ),
    "responsibility": by_language(
        "Seine Verantwortungsübernahme",
        "Su asunción de responsabilidad",
        "Sa prise de responsabilité",
        "La sua assunzione di responsabilità",
    ),
    "his_wellbeing": by_language(
        "Sein eigenes Wohlbefinden",
        "Su propio bienestar",
        "Son propre bien-être",
        "Il suo benessere personale",
    ),
}
# Item code -> its text in each language, as the man is asked.
HIS_ITEMS = {
    "physical_push": by_language(
        "Sie haben sie gestoßen, gepackt oder geschubst",
        "La ha empujado, agarrado o zarandeado",
        "Vous l'avez poussée, empoignée ou bousculée",
        "L'ha spinta, afferrata o strattonata",
    ),
    "physical_hit": by_language(
        "Sie haben sie geohrfeigt, geschlagen oder getreten oder sie mit einem "
        "Gegenstand verletzt",
        "La ha abofeteado, golpeado o pateado, o le ha hecho daño con un objeto",
        "Vous l'avez giflée, frappée ou lui avez donné des coups de pied, ou "
        "l'avez blessée avec un objet",
        "L'ha schiaffeggiata, colpita o presa a calci, o le ha fatto male con "
        "un oggetto",
    ),
    "physical_neck": by_language(
        "Sie haben sie am Hals gepackt oder ihr die Luft abgedrückt",
        "La ha sujetado por el cuello o le ha impedido respirar",
        "Vous l'avez tenue par le cou ou l'avez empêchée de respirer",
        "L'ha presa per il collo o le ha impedito di respirare",
    ),
    "psychological_insult": by_language(
        "Sie haben sie angeschrien, beschimpft oder herabgesetzt",
        "Le ha gritado, la ha insultado o la ha humillado",
        "Vous lui avez crié dessus, l'avez insultée ou rabaissée",
        "Le ha urlato contro, l'ha insultata o sminuita",
    ),
    "psychological_threaten": by_language(
        "Sie haben gedroht, ihr, den Kindern, einem Haustier oder sich selbst "
        "etwas anzutun",
        "Ha amenazado con hacerle daño a ella, a los hijos e hijas, a un animal "
        "o a usted mismo",
        "Vous avez menacé de lui faire du mal, à elle, aux enfants, à un animal "
        "ou à vous-même",
        "Ha minacciato di fare del male a lei, ai figli, a un animale o a se stesso",
    ),
    "psychological_smash": by_language(
        "Sie haben Dinge zerbrochen oder geworfen, um ihr Angst zu machen",
        "Ha roto o lanzado cosas para asustarla",
        "Vous avez cassé ou lancé des objets pour lui faire peur",
        "Ha rotto o lanciato oggetti per spaventarla",
    ),
    "sexual_pressure": by_language(
        "Sie haben sie zu sexuellen Handlungen gedrängt, die sie nicht wollte",
        "La ha presionado para realizar actos sexuales que ella no quería",
        "Vous avez fait pression sur elle pour des actes sexuels qu'elle ne "
        "voulait pas",
        "L'ha spinta ad atti sessuali che lei non voleva",
    ),
    "sexual_force": by_language(
        "Sie haben sie mit Drohungen oder Gewalt zu etwas Sexuellem gezwungen",
        "La ha obligado a hacer algo sexual con amenazas o por la fuerza",
        "Vous l'avez contrainte à un acte sexuel par la menace ou par la force",
        "L'ha costretta a qualcosa di sessuale con minacce o con la forza",
    ),
    "economic_money": by_language(
        "Sie haben ihr Geld vorenthalten oder verlangt, dass sie jede Ausgabe "
        "rechtfertigt",
        "Le ha negado dinero o le ha exigido justificar cada gasto",
        "Vous l'avez privée d'argent ou lui avez fait justifier chaque dépense",
        "Le ha negato il denaro o le ha chiesto conto di ogni spesa",
    ),
    "economic_work": by_language(
        "Sie haben sie vom Arbeiten oder Lernen abgehalten oder ihr Einkommen genommen",
        "Le ha impedido trabajar o estudiar, o se ha quedado con sus ingresos",
        "Vous l'avez empêchée de travailler ou d'étudier, ou avez pris ses revenus",
        "Le ha impedito di lavorare o di studiare, o si è preso i suoi guadagni",
    ),
    "coercive_control_check": by_language(
        "Sie haben ihr Handy, ihre Nachrichten oder ihren Aufenthaltsort kontrolliert",
        "Ha revisado su móvil, sus mensajes o dónde estaba",
        "Vous avez contrôlé son téléphone, ses messages ou ses déplacements",
        "Ha controllato il suo telefono, i suoi messaggi o dove si trovava",
    ),
    "coercive_control_isolate": by_language(
        "Sie haben sie davon abgehalten, Familie oder Freundinnen und Freunde "
        "zu treffen",
        "Le ha impedido o desaconsejado ver a su familia o a sus amistades",
        "Vous l'avez empêchée ou dissuadée de voir sa famille ou ses amis",
        "Le ha impedito o sconsigliato di vedere la famiglia o gli amici",
    ),
    "coercive_control_rules": by_language(
        "Sie haben für sie entschieden, was sie tragen, tun oder sagen darf",
        "Ha decidido por ella qué puede ponerse, hacer o decir",
        "Vous avez décidé pour elle de ce qu'elle pouvait porter, faire ou dire",
        "Ha deciso per lei cosa può indossare, fare o dire",
    ),
    "stalking_follow": by_language(
        "Sie sind ihr gefolgt, haben ihr aufgelauert oder sind unangekündigt "
        "aufgetaucht",
        "La ha seguido, la ha esperado o se ha presentado sin ser invitado",
        "Vous l'avez suivie, attendue ou vous êtes présenté sans y être invité",
        "L'ha seguita, l'ha aspettata o si è presentato senza essere invitato",
    ),
    "stalking_messages": by_language(
        "Sie haben weiter angerufen oder geschrieben, nachdem sie Sie gebeten "
        "hatte, damit aufzuhören",
        "Ha seguido llamándola o enviándole mensajes después de que le pidiera "
        "que parara",
        "Vous avez continué à l'appeler ou à lui écrire après qu'elle vous a "
        "demandé d'arrêter",
        "Ha continuato a chiamarla o a scriverle dopo che lei Le aveva chiesto "
        "di smettere",
    ),
    "impact_her_afraid": by_language(
        "Sie hatte Angst vor mir",
        "Ella ha tenido miedo de mí",
        "Elle a eu peur de moi",
        "Lei ha avuto paura di me",
    ),
    "impact_her_harm": by_language(
        "Was ich getan habe, hat ihrer Gesundheit oder ihrem Selbstvertrauen geschadet",
        "Lo que hice ha dañado su salud o su confianza en sí misma",
        "Ce que j'ai fait a nui à sa santé ou à sa confiance en elle",
        "Quello che ho fatto ha danneggiato la sua salute o la sua fiducia in sé",
    ),
    "impact_children_witness": by_language(
        "Die Kinder haben Streit oder Gewalt zu Hause gesehen oder gehört",
        "Los hijos e hijas vieron u oyeron discusiones o violencia en casa",
        "Les enfants ont vu ou entendu des disputes ou des violences à la maison",
        "I figli hanno visto o sentito litigi o violenza in casa",
    ),
    "impact_children_upset": by_language(
        "Die Kinder wirkten verängstigt oder aufgewühlt durch das, was zu Hause "
        "geschah",
        "Los hijos e hijas parecían asustados o afectados por lo que pasaba en casa",
        "Les enfants semblaient effrayés ou bouleversés par ce qui se passait à "
        "la maison",
        "I figli sembravano spaventati o turbati da quello che succedeva in casa",
    ),
    "her_safety_safe": by_language(
        "Ich glaube, sie fühlt sich bei mir sicher",
        "Creo que ella se siente segura conmigo",
        "Je pense qu'elle se sent en sécurité avec moi",
        "Penso che lei si senta al sicuro con me",
    ),
    "her_safety_choices": by_language(
        "Sie kann eigene Entscheidungen treffen, ohne meine Reaktion zu fürchten",
        "Ella puede tomar sus propias decisiones sin temer mi reacción",
        "Elle peut faire ses propres choix sans craindre ma réaction",
        "Lei può fare le proprie scelte senza temere la mia reazione",
    ),
    "her_wellbeing_coping": by_language(
        "Ich glaube, sie kommt im Alltag gut zurecht",
        "Creo que ella se las arregla bien en el día a día",
        "Je pense qu'elle fait bien face à la vie quotidienne",
        "Penso che lei se la cavi bene nella vita di tutti i giorni",
    ),
    "responsibility_choice": by_language(
        "Was ich getan habe, war meine Entscheidung und meine Verantwortung",
        "Lo que hice fue mi decisión y mi responsabilidad",
        "Ce que j'ai fait était mon choix et ma responsabilité",
        "Quello che ho fatto è stata una mia scelta e una mia responsabilità",
    ),
    "responsibility_understand": by_language(
        "Ich verstehe, wie mein Verhalten sie und die Kinder getroffen hat",
        "Entiendo cómo mi conducta les ha afectado a ella y a los hijos e hijas",
        "Je comprends comment mon comportement l'a touchée, elle et les enfants",
        "Capisco come il mio comportamento ha colpito lei e i figli",
    ),
    "responsibility_stop": by_language(
        "Ich kann mich bremsen, wenn ich merke, dass ich kontrollierend oder "
        "wütend werde",
        "Puedo pararme cuando empiezo a sentirme controlador o enfadado",
        "Je sais m'arrêter quand je commence à devenir contrôlant ou en colère",
        "Riesco a fermarmi quando comincio a sentirmi controllante o arrabbiato",
    ),
    "his_wellbeing_stress": by_language(
        "Ich kann mit Stress umgehen, ohne jemanden zu verletzen",
        "Sé manejar el estrés sin hacer daño a nadie",
        "Je sais gérer le stress sans faire de mal à personne",
        "So gestire lo stress senza fare del male a nessuno",
    ),
    "his_wellbeing_support": by_language(
        "Ich habe Menschen, mit denen ich über meine Probleme sprechen kann",
        "Tengo personas con quienes hablar de mis problemas",
        "J'ai des personnes à qui parler de mes problèmes",
        "Ho persone con cui parlare dei miei problemi",
    ),
    "his_wellbeing_substances": by_language(
        "Meinen Alkohol- oder Drogenkonsum habe ich im Griff",
        "Tengo bajo control mi consumo de alcohol o drogas",
        "Ma consommation d'alcool ou de drogues est sous contrôle",
        "Il mio consumo di alcol o droghe è sotto controllo",
    ),
}
# Item code -> its text in each language, as she is asked (formal address).
HER_ITEMS = {
    "physical_push": by_language(
        "Er hat Sie gestoßen, gepackt oder geschubst",
        "Él la ha empujado, agarrado o zarandeado",
        "Il vous a poussée, empoignée ou bousculée",
        "L'ha spinta, afferrata o strattonata",
    ),
    "physical_hit": by_language(
        "Er hat Sie geohrfeigt, geschlagen oder getreten oder Sie mit einem "
        "Gegenstand verletzt",
        "Él la ha abofeteado, golpeado o pateado, o le ha hecho daño con un objeto",
        "Il vous a giflée, frappée ou donné des coups de pied, ou vous a blessée "
        "avec un objet",
        "L'ha schiaffeggiata, colpita o presa a calci, o Le ha fatto male con "
        "un oggetto",
    ),
    "physical_neck": by_language(
        "Er hat Sie am Hals gepackt oder Ihnen die Luft abgedrückt",
        "Él la ha sujetado por el cuello o le ha impedido respirar",
        "Il vous a tenue par le cou ou vous a empêchée de respirer",
        "L'ha presa per il collo o Le ha impedito di respirare",
    ),
    "physical_injury": by_language(
        "Sie wurden durch etwas, das er getan hat, verletzt",
        "Resultó herida por algo que él hizo",
        "Vous avez été blessée par quelque chose qu'il a fait",
        "È stata ferita da qualcosa che lui ha fatto",
    ),
    "psychological_insult": by_language(
        "Er hat Sie angeschrien, beschimpft oder herabgesetzt",
        "Él le ha gritado, la ha insultado o la ha humillado",
        "Il vous a crié dessus, insultée ou rabaissée",
        "Le ha urlato contro, l'ha insultata o sminuita",
    ),
    "psychological_threaten": by_language(
        "Er hat gedroht, Ihnen, den Kindern, einem Haustier oder sich selbst "
        "etwas anzutun",
        "Él ha amenazado con hacerle daño a usted, a los hijos e hijas, a un "
        "animal o a sí mismo",
        "Il a menacé de vous faire du mal, à vous, aux enfants, à un animal ou "
        "à lui-même",
        "Ha minacciato di fare del male a Lei, ai figli, a un animale o a se stesso",
    ),
    "psychological_smash": by_language(
        "Er hat Dinge zerbrochen oder geworfen, um Ihnen Angst zu machen",
        "Él ha roto o lanzado cosas para asustarla",
        "Il a cassé ou lancé des objets pour vous faire peur",
        "Ha rotto o lanciato oggetti per spaventarLa",
    ),
    "sexual_pressure": by_language(
        "Er hat Sie zu sexuellen Handlungen gedrängt, die Sie nicht wollten",
        "Él la ha presionado para realizar actos sexuales que usted no quería",
        "Il a fait pression sur vous pour des actes sexuels que vous ne vouliez pas",
        "L'ha spinta ad atti sessuali che Lei non voleva",
    ),
    "sexual_force": by_language(
        "Er hat Sie mit Drohungen oder Gewalt zu etwas Sexuellem gezwungen",
        "Él la ha obligado a hacer algo sexual con amenazas o por la fuerza",
        "Il vous a contrainte à un acte sexuel par la menace ou par la force",
        "L'ha costretta a qualcosa di sessuale con minacce o con la forza",
    ),
    "economic_money": by_language(
        "Er hat Ihnen Geld vorenthalten oder verlangt, dass Sie jede Ausgabe "
        "rechtfertigen",
        "Él le ha negado dinero o le ha exigido justificar cada gasto",
        "Il vous a privée d'argent ou vous a fait justifier chaque dépense",
        "Le ha negato il denaro o Le ha chiesto conto di ogni spesa",
    ),
    "economic_work": by_language(
        "Er hat Sie vom Arbeiten oder Lernen abgehalten oder Ihr Einkommen genommen",
        "Él le ha impedido trabajar o estudiar, o se ha quedado con sus ingresos",
        "Il vous a empêchée de travailler ou d'étudier, ou a pris vos revenus",
        "Le ha impedito di lavorare o di studiare, o si è preso i Suoi guadagni",
    ),
    "coercive_control_check": by_language(
        "Er hat Ihr Handy, Ihre Nachrichten oder Ihren Aufenthaltsort kontrolliert",
        "Él ha revisado su móvil, sus mensajes o dónde estaba usted",
        "Il a contrôlé votre téléphone, vos messages ou vos déplacements",
        "Ha controllato il Suo telefono, i Suoi messaggi o dove si trovava",
    ),
    "coercive_control_isolate": by_language(
        "Er hat Sie davon abgehalten, Familie oder Freundinnen und Freunde zu treffen",
        "Él le ha impedido o desaconsejado ver a su familia o a sus amistades",
        "Il vous a empêchée ou dissuadée de voir votre famille ou vos amis",
        "Le ha impedito o sconsigliato di vedere la famiglia o gli amici",
    ),
    "coercive_control_rules": by_language(
        "Er hat für Sie entschieden, was Sie tragen, tun oder sagen dürfen",
        "Él ha decidido por usted qué puede ponerse, hacer o decir",
        "Il a décidé pour vous de ce que vous pouviez porter, faire ou dire",
        "Ha deciso per Lei cosa può indossare, fare o dire",
    ),
    "stalking_follow": by_language(
        "Er ist Ihnen gefolgt, hat Ihnen aufgelauert oder ist unangekündigt "
        "aufgetaucht",
        "Él la ha seguido, la ha esperado o se ha presentado sin ser invitado",
        "Il vous a suivie, attendue ou s'est présenté sans y être invité",
        "L'ha seguita, l'ha aspettata o si è presentato senza essere invitato",
    ),
    "stalking_messages": by_language(
        "Er hat weiter angerufen oder geschrieben, nachdem Sie ihn gebeten "
        "hatten, damit aufzuhören",
        "Él ha seguido llamándola o enviándole mensajes después de que usted le "
        "pidiera que parara",
        "Il a continué à vous appeler ou à vous écrire après que vous lui avez "
        "demandé d'arrêter",
        "Ha continuato a chiamarLa o a scriverLe dopo che Lei gli aveva chiesto "
        "di smettere",
    ),
    "impact_her_afraid": by_language(
        "Sie hatten Angst vor ihm",
        "Ha sentido miedo de él",
        "Vous avez eu peur de lui",
        "Ha avuto paura di lui",
    ),
    "impact_her_low": by_language(
        "Sie waren traurig oder niedergeschlagen, weil er Sie so behandelt hat",
        "Se ha sentido triste o decaída por cómo la trataba",
        "Vous vous êtes sentie triste ou abattue à cause de la façon dont il "
        "vous traitait",
        "Si è sentita triste o giù per come lui La trattava",
    ),
    "impact_her_avoid": by_language(
        "Sie haben Ihr Verhalten geändert, um seiner Reaktion auszuweichen",
        "Ha cambiado lo que hacía para evitar su reacción",
        "Vous avez changé ce que vous faisiez pour éviter sa réaction",
        "Ha cambiato quello che faceva per evitare la sua reazione",
    ),
    "impact_children_witness": by_language(
        "Die Kinder haben Streit oder Gewalt gesehen oder gehört",
        "Los hijos e hijas vieron u oyeron discusiones o violencia",
        "Les enfants ont vu ou entendu des disputes ou des violences",
        "I figli hanno visto o sentito litigi o violenza",
    ),
    "impact_children_upset": by_language(
        "Die Kinder wirkten durch sein Verhalten verängstigt oder aufgewühlt",
        "Los hijos e hijas parecían asustados o afectados por su conducta",
        "Les enfants semblaient effrayés ou bouleversés par son comportement",
        "I figli sembravano spaventati o turbati dal suo comportamento",
    ),
    "her_safety_safe": by_language(
        "Ich fühle mich zu Hause sicher",
        "Me siento segura en casa",
        "Je me sens en sécurité chez moi",
        "Mi sento al sicuro a casa",
    ),
    "her_safety_choices": by_language(
        "Ich kann eigene Entscheidungen treffen, ohne seine Reaktion zu fürchten",
        "Puedo tomar mis propias decisiones sin temer su reacción",
        "Je peux faire mes propres choix sans craindre sa réaction",
        "Posso fare le mie scelte senza temere la sua reazione",
    ),
    "her_safety_plan": by_language(
        "Ich weiß, was ich tun würde, wenn ich mich unsicher fühle",
        "Sé lo que haría si me sintiera en peligro",
        "Je sais ce que je ferais si je ne me sentais pas en sécurité",
        "So cosa farei se non mi sentissi al sicuro",
    ),
    "her_wellbeing_coping": by_language(
        "Ich komme im Alltag gut zurecht",
        "Me las arreglo bien en el día a día",
        "Je fais bien face à la vie quotidienne",
        "Me la cavo bene nella vita di tutti i giorni",
    ),
    "her_wellbeing_support": by_language(
        "Ich habe Menschen, an die ich mich um Unterstützung wenden kann",
        "Tengo personas a las que puedo acudir en busca de apoyo",
        "J'ai des personnes vers qui me tourner pour du soutien",
        "Ho persone a cui rivolgermi per avere sostegno",
    ),
    "her_wellbeing_sleep": by_language(
        "Ich schlafe und esse ungefähr so gut wie sonst",
        "Duermo y como más o menos como siempre",
        "Je dors et je mange à peu près aussi bien que d'habitude",
        "Dormo e mangio più o meno come al solito",
    ),
    "responsibility_accepts": by_language(
        "Er akzeptiert, dass sein Verhalten in seiner Verantwortung lag",
        "Él acepta que su conducta fue responsabilidad suya",
        "Il accepte que son comportement relevait de sa responsabilité",
        "Lui accetta che il suo comportamento era una sua responsabilità",
    ),
    "responsibility_understands": by_language(
        "Er versteht, wie sein Verhalten mich und die Kinder getroffen hat",
        "Él entiende cómo su conducta me ha afectado a mí y a los hijos e hijas",
        "Il comprend comment son comportement m'a touchée, moi et les enfants",
        "Lui capisce come il suo comportamento ha colpito me e i figli",
    ),
    "his_wellbeing_stress": by_language(
        "Er kommt mit Stress zurecht, ohne ihn an anderen auszulassen",
        "Él maneja el estrés sin desahogarse con los demás",
        "Il gère le stress sans s'en prendre aux autres",
        "Lui gestisce lo stress senza sfogarlo sugli altri",
    ),
    "his_wellbeing_substances": by_language(
        "Seinen Alkohol- oder Drogenkonsum hat er im Griff",
        "Él tiene bajo control su consumo de alcohol o drogas",
        "Sa consommation d'alcool ou de drogues est sous contrôle",
        "Il suo consumo di alcol o droghe è sotto controllo",
    ),
}
ITEMS = {"outcome-him": HIS_ITEMS, "outcome-her": HER_ITEMS}


def forwards(apps, schema_editor):
    """Texts in the four other languages for version 1 of both shipped
    questionnaires; an organisation's own later versions copy them."""
    Questionnaire = apps.get_model("outcomes", "Questionnaire")
    for questionnaire in Questionnaire.objects.filter(code__in=ITEMS, version=1):
        code = questionnaire.code
        questionnaire.translations = {
            language: {
                "name": NAMES[code][language],
                "introduction": INTRODUCTIONS[code][language],
                "recall_periods": {
                    kind: RECALL[text][language]
                    for kind, text in questionnaire.recall_periods.items()
                    if text in RECALL
                },
            }
            for language in LANGUAGES
        }
        questionnaire.save(update_fields=["translations"])
        for scale in questionnaire.scales.all():
            scale.options = [
                {**option, "labels": OPTIONS[option["value"]]}
                if option["value"] in OPTIONS
                else option
                for option in scale.options
            ]
            scale.save(update_fields=["options"])
        for domain in questionnaire.domains.all():
            if domain.code in DOMAINS:
                domain.translations = DOMAINS[domain.code]
                domain.save(update_fields=["translations"])
        for item in questionnaire.items.all():
            if item.code in ITEMS[code]:
                item.translations = ITEMS[code][item.code]
                item.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_outcome_questionnaires")]

    operations = [
        migrations.AddField(
            model_name="domain",
            name="translations",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="item",
            name="translations",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="language",
            field=models.CharField(default="en", max_length=10),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="translations",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="response",
            name="language",
            field=models.CharField(blank=True, max_length=10),
        ),
        # Backwards: the columns go with their texts.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

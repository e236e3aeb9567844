"""The default questionnaire: the 13 questions one municipality (Haninge) asks in its follow-up.

Questions are data, not UI strings: they are stored in Swedish on each report and can be edited, removed
or replaced when another municipality sends its own questionnaire.
"""

from __future__ import annotations

from .models import DataBlock

DEFAULT_QUESTIONS: list[tuple[str, str]] = [
    (
        "Hur stödjer föreningen skyddsbehövande kvinnor som inte har kontakt med socialtjänsten?",
        DataBlock.NONE,
    ),
    (
        "Hur har föreningen nått ut till målgruppen? (till exempel webbplats och sociala medier, information på SFI, "
        "intervjuer, undervisning av blivande poliser, socionomstudenter och vårdpersonal, artiklar, evenemang, "
        "kampanj den 25 november)",
        DataBlock.OUTREACH,
    ),
    ("Hur har föreningen säkerställt att det förebyggande arbetet ger önskat resultat?", DataBlock.RESULTS),
    (
        "Hur har föreningen bedrivit sitt informationsarbete? (sociala medier, nyhetsbrev, webbplats, "
        "foldrar på olika språk och var de har placerats)",
        DataBlock.INFORMATION,
    ),
    (
        "Hur många skyddsbehövande personer, boende i och utanför kommunen, har erbjudits ett personligt möte? "
        "Vilka år?",
        DataBlock.PERSONAL_MEETINGS,
    ),
    ("Hur många har fått råd och stöd?", DataBlock.SUPPORT_CONTACTS),
    (
        "Hur många personer boende i kommunen utan kontakt med socialtjänsten har erbjudits skyddat boende, "
        "och hur många dygn?",
        DataBlock.HOUSING,
    ),
    ("Hur ser tillgängligheten ut för kommunens invånare? Öppettider och telefontider?", DataBlock.ACCESSIBILITY),
    ("Hur säkerställer föreningen ett tydligt barnperspektiv?", DataBlock.CHILDREN),
    (
        "Hur säkerställer föreningen att anställda och ideella har rätt kompetens och är lämpliga?",
        DataBlock.COMPETENCE,
    ),
    ("Hur arbetar föreningen systematiskt för att följa upp och förbättra kvaliteten i arbetet?", DataBlock.NONE),
    ("Skicka med rutinerna för systematiskt kvalitetsarbete och lex Sarah.", DataBlock.NONE),
    (
        "Skicka med en sammanställning av synpunkter, klagomål och lex Sarah-rapporter från de senaste fyra åren.",
        DataBlock.QUALITY_REGISTER,
    ),
]

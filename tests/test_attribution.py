"""Attribution: who a text says gives each figure, case by case, and the document's credit.

Every sentence here is written for these tests. Each case names one figure in the text
(its words, ``#2`` for the second occurrence) and the six attribution fields it must get.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from figures import attribution
from figures.draft import Draft
from figures.text import split_sentences

try:  # the number reader's Figure; the attribution stage needs only its span
    from figures.numbers import Figure as _Figure

    def _figure(start: int, end: int, text: str) -> object:
        return _Figure(start, end, text, 1, 1, 1, "exact")
except ImportError:  # pragma: no cover - while figures.numbers is being written

    @dataclass(frozen=True)
    class _Stub:
        start: int
        end: int
        text: str

    def _figure(start: int, end: int, text: str) -> object:
        return _Stub(start, end, text)


@dataclass(frozen=True)
class Want:
    """The attribution fields a figure must get; ``kind`` is ``source_kind``."""

    source_text: str | None
    cue: str | None
    attribution: str
    via: str | None = None
    source: str | None = None
    kind: str | None = None


NONE = Want(None, None, "none")


def _draft(text: str, figure: str) -> Draft:
    words, _, nth = figure.partition("#")
    found = [
        m.start() for m in regex.finditer(rf"(?<![\w\-]){regex.escape(words)}(?![\w\-])", text)
    ]
    assert found, f"{words!r} not in the text"
    start = found[int(nth or 1) - 1]
    sentences = split_sentences(text)
    index = next(i for i, s in enumerate(sentences) if s.start <= start < s.end)
    span = sentences[index]
    return Draft(
        metric="killed",
        figure=_figure(start, start + len(words), words),  # type: ignore[arg-type]
        rule="test",
        sentence_index=index,
        sentence_start=span.start,
        sentence_end=span.end,
    )


def attributed(text: str, figure: str) -> Draft:
    """Run the attribution stage on one figure of ``text``."""
    draft = _draft(text, figure)
    sentences = split_sentences(text)
    attribution.attribute(text, sentences, [draft], attribution.document_credit(text))
    return draft


CASES: list[tuple[str, str, str, Want]] = [
    # --- the speaker after the figure ----------------------------------------------------
    (
        "after-officials",
        "At least 31 people were killed when the dam gave way, provincial officials said.",
        "At least 31",
        Want("provincial officials", "said", "stated", kind="government"),
    ),
    (
        "after-police-day",
        "Twelve people died in the blast, police said on Tuesday.",
        "Twelve",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "after-present-tense",
        "The fire killed 9 workers at the plant, the company says.",
        "9",
        Want("the company", "says", "stated", kind="company"),
    ),
    (
        "after-in-a-statement",
        "Three miners died underground, the Emergencies Ministry said in a statement.",
        "Three",
        Want(
            "the Emergencies Ministry",
            "said in a statement",
            "stated",
            source="Ministry of Emergency Situations (Russia)",
            kind="ministry",
        ),
    ),
    (
        "after-reported-non-media",
        "The storm left 40 people dead, the Red Cross reported.",
        "40",
        Want(
            "the Red Cross",
            "reported",
            "stated",
            source="International Committee of the Red Cross",
            kind="international",
        ),
    ),
    (
        "after-told-reporters",
        "More than 200 were wounded, hospital officials told reporters.",
        "More than 200",
        Want("hospital officials", "told reporters", "stated", kind="medical"),
    ),
    (
        "after-told-reuters",
        "Two soldiers were wounded in the ambush, a military spokesman told Reuters.",
        "Two",
        Want("a military spokesman", "told Reuters", "stated", kind="military"),
    ),
    (
        "after-inverted",
        "Five people were hurt when the roof fell in, said police.",
        "Five",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "after-inverted-named",
        "Eleven people were killed, said Colonel Ahmed Rashid, a police spokesman.",
        "Eleven",
        Want("Colonel Ahmed Rashid", "said", "stated", kind="named_person"),
    ),
    (
        "after-spaced-possessive",
        "Gunmen wounded two guards at the gate, the governor 's spokesman said.",
        "two",
        Want("the governor 's spokesman", "said", "stated", kind="anonymous_official"),
    ),
    (
        "before-role-aside-without-article",
        "Mara Okafor, spokeswoman for the flood agency, said that 36 people had been injured.",
        "36",
        Want("Mara Okafor", "said", "stated", kind="named_person"),
    ),
    (
        "before-modified-role-aside",
        "Tomas Reyes, deputy head of the district council, told reporters nine were killed.",
        "nine",
        Want("Tomas Reyes", "told reporters", "stated", kind="named_person"),
    ),
    (
        "after-announced",
        "The quake killed 80 people in the valley, the government announced on Friday.",
        "80",
        Want("the government", "announced", "stated", kind="government"),
    ),
    (
        "after-confirmed",
        "Rescuers pulled 14 bodies from the rubble, the civil defence agency confirmed.",
        "14",
        Want("the civil defence agency", "confirmed", "stated", kind="emergency"),
    ),
    (
        "after-estimated",
        "The floods displaced about 5,000 people, aid groups estimated.",
        "about 5,000",
        Want("aid groups", "estimated", "stated", kind="ngo"),
    ),
    (
        "after-late-on-day",
        "At least 22 people died in the crush, officials said late on Sunday.",
        "At least 22",
        Want("officials", "said", "stated", kind="anonymous_official"),
    ),
    (
        "after-by-telephone",
        "Nine villagers were abducted overnight, residents said by telephone.",
        "Nine",
        Want("residents", "said", "stated", kind="witness"),
    ),
    (
        "after-long-speaker",
        "Four guards were shot, the spokesman for the governor of the northern province said.",
        "Four",
        Want(
            "the spokesman for the governor of the northern province",
            "said",
            "stated",
            kind="anonymous_official",
        ),
    ),
    (
        "after-on-its-website",
        "Six climbers are missing on the peak, the national broadcaster said on its website.",
        "Six",
        Want("the national broadcaster", "said", "reported", kind="media"),
    ),
    (
        "after-quote-comma",
        '"Thirty people died and many more are missing," said the mayor.',
        "Thirty",
        Want("the mayor", "said", "stated", kind="government"),
    ),
    (
        "after-quote-he-said-named-before",
        'Regional police chief Ivan Petrov spoke to reporters at the scene. "We have found '
        '12 bodies so far," he said.',
        "12",
        Want("Regional police chief Ivan Petrov", "said", "stated", kind="named_person"),
    ),
    # --- the speaker before the figure -----------------------------------------------------
    (
        "before-said",
        "Police said 37 people were killed and 52 wounded in the attack.",
        "37",
        Want("Police", "said", "stated", kind="police"),
    ),
    (
        "before-said-second-figure",
        "Police said 37 people were killed and 52 wounded in the attack.",
        "52",
        Want("Police", "said", "stated", kind="police"),
    ),
    (
        "before-say-present",
        "Officials in the province say at least 10 villagers have been killed.",
        "at least 10",
        Want("Officials in the province", "say", "stated", kind="anonymous_official"),
    ),
    (
        "before-said-that",
        "The health ministry said that 14 people had died of cholera.",
        "14",
        Want("The health ministry", "said", "stated", kind="ministry"),
    ),
    (
        "before-announced-that",
        "Interior Minister Juan Perez announced that 40 suspects had been arrested.",
        "40",
        Want("Interior Minister Juan Perez", "announced", "stated", kind="named_person"),
    ),
    (
        "before-put-the-toll",
        "The army put the death toll at 58.",
        "58",
        Want("The army", "put the death toll at", "stated", kind="military"),
    ),
    (
        "before-updated-toll",
        "The ministry updated its toll to 112 dead on Monday evening.",
        "112",
        Want("The ministry", "updated its toll to", "stated", kind="ministry"),
    ),
    (
        "before-estimates",
        "The UN estimates that up to 70,000 people have died in the region.",
        "up to 70,000",
        Want("The UN", "estimates", "stated", source="United Nations", kind="international"),
    ),
    (
        "before-estimates-noun-object",
        "The government questioned UN estimates that up to 70,000 people have died.",
        "up to 70,000",
        Want("UN", "estimates", "stated", source="United Nations", kind="international"),
    ),
    (
        "before-reported-object",
        "Witnesses reported 6 bodies lying in the street.",
        "6",
        Want("Witnesses", "reported", "stated", kind="witness"),
    ),
    (
        "before-has-confirmed",
        "The coroner has confirmed two deaths.",
        "two",
        Want("The coroner", "has confirmed", "stated", kind="medical"),
    ),
    (
        "before-local-media",
        "Local media have said eight children were among the dead.",
        "eight",
        Want("Local media", "have said", "reported", kind="media"),
    ),
    (
        "before-told-agency",
        "Doctors at the city hospital told AFP that 30 wounded people had arrived.",
        "30",
        Want("Doctors at the city hospital", "told AFP", "stated", kind="medical"),
    ),
    (
        "before-time-between",
        "The army last week claimed to have killed around 100 fighters.",
        "around 100",
        Want("The army", "claimed", "stated", kind="military"),
    ),
    (
        "before-accused",
        "Rebels accused the army of killing 75 civilians in six villages.",
        "75",
        Want("Rebels", "accused", "stated", kind="armed_group"),
    ),
    (
        "before-participle-speaker",
        "A rebel leader linked to the northern militia said 2 hostages were freed.",
        "2",
        Want("A rebel leader linked to the northern militia", "said", "stated", kind="armed_group"),
    ),
    (
        "before-investigation-found",
        "An army investigation has found that troops killed three border guards by mistake.",
        "three",
        Want("An army investigation", "has found that", "stated", kind="military"),
    ),
    (
        "before-report-said",
        "A report published on Friday in a medical journal said around 100,000 people had died.",
        "around 100,000",
        Want(
            "A report published on Friday in a medical journal",
            "said",
            "reported",
            kind="media",
        ),
    ),
    (
        "before-coordinated-speakers",
        "Medics and witnesses said 10 people were killed in the shelling.",
        "10",
        Want("Medics and witnesses", "said", "stated", kind="medical"),
    ),
    (
        "before-coordinated-modifiers",
        "U.S. and Iraqi officials said 11 people died in the two blasts.",
        "11",
        Want("U.S. and Iraqi officials", "said", "stated", kind="anonymous_official"),
    ),
    (
        "before-and-said-shared-subject",
        "Police released a photo of the truck and said two bombers set off the blast, "
        "killing seven other people.",
        "seven other people",
        Want("Police", "said", "stated", kind="police"),
    ),
    (
        "before-country",
        "Israel said it had killed more than 100 militants in the raids.",
        "more than 100",
        Want("Israel", "said", "stated"),
    ),
    # --- media ------------------------------------------------------------------------------
    (
        "media-reports-said",
        "Media reports said at least nine people died in the landslide.",
        "at least nine",
        Want("Media reports", "said", "reported", kind="media"),
    ),
    (
        "media-official-agency",
        "The official Xinhua news agency reported that 33 miners were killed.",
        "33",
        Want(
            "The official Xinhua news agency", "reported", "reported", source="Xinhua", kind="media"
        ),
    ),
    (
        "media-after",
        "Three people drowned when the ferry capsized, the BBC reported.",
        "Three",
        Want("the BBC", "reported", "reported", source="BBC", kind="media"),
    ),
    (
        "media-agency-said",
        "An explosion hit a police post, and 2 people were killed, the Interfax news agency said.",
        "2",
        Want("the Interfax news agency", "said", "reported", source="Interfax", kind="media"),
    ),
    (
        "media-newspaper",
        "A court freed 5 suspects in the bombing case, the daily newspaper reported on Friday.",
        "5",
        Want("the daily newspaper", "reported", "reported", kind="media"),
    ),
    (
        "media-noun-reports-not-a-cue",
        "Initial reports indicated 2 people were killed, the regional radio station said.",
        "2",
        Want("the regional radio station", "said", "reported", kind="media"),
    ),
    (
        "media-and-other-is-stated",
        "All 53 people on board were killed, state media and the airline said.",
        "All 53",
        Want("state media and the airline", "said", "stated", kind="media"),
    ),
    (
        "media-told-source",
        "Authorities detained 2 officers, a government source told Reuters on Tuesday.",
        "2",
        Want("a government source", "told Reuters", "stated", kind="government"),
    ),
    # --- according to, citing, figures -------------------------------------------------------
    (
        "according-start",
        "According to the health ministry in the capital, 300 people have died.",
        "300",
        Want("the health ministry in the capital", "According to", "according_to", kind="ministry"),
    ),
    (
        "according-end",
        "At least 15 people drowned, according to rescue officials.",
        "At least 15",
        Want("rescue officials", "according to", "according_to", kind="emergency"),
    ),
    (
        "according-mid-continuing",
        "The strikes killed 20 civilians, according to a rights group, and wounded dozens.",
        "dozens",
        Want("a rights group", "according to", "according_to", kind="ngo"),
    ),
    (
        "according-mid-new-clause",
        "The strikes killed 20 civilians, according to a rights group, while 4 soldiers died.",
        "4",
        NONE,
    ),
    (
        "according-canonical",
        "More than 1,000 people have died, according to the World Health Organization.",
        "More than 1,000",
        Want(
            "the World Health Organization",
            "according to",
            "according_to",
            source="World Health Organization",
            kind="international",
        ),
    ),
    (
        "owner-latest-count",
        "The ministry's latest count shows 2,300 people displaced.",
        "2,300",
        Want("The ministry", "latest count shows", "according_to", kind="ministry"),
    ),
    (
        "owner-by-count",
        "By the army's count, 45 militants were killed.",
        "45",
        Want("the army", "count", "according_to", kind="military"),
    ),
    (
        "figures-from",
        "Figures from the United Nations show 1.2 million people have fled.",
        "1.2 million",
        Want(
            "the United Nations",
            "Figures from",
            "according_to",
            source="United Nations",
            kind="international",
        ),
    ),
    (
        "reported-by",
        "Nineteen deaths were reported by the regional health office.",
        "Nineteen",
        Want("the regional health office", "were reported by", "according_to", kind="government"),
    ),
    (
        "relative-which-says",
        "The Red Crescent, which says 30 people were killed, called for a truce.",
        "30",
        Want("The Red Crescent", "says", "stated", source="Red Crescent", kind="medical"),
    ),
    (
        "relative-that-claimed",
        "An armed group that claimed to have seized 4 aid workers issued a video.",
        "4",
        Want("An armed group", "claimed", "stated", kind="armed_group"),
    ),
    (
        "aside-participle",
        "Local officials, speaking on condition of anonymity, said 9 people were killed.",
        "9",
        Want("Local officials", "said", "stated", kind="government"),
    ),
    (
        "aside-apposition",
        "Lt. Col. James Hart, a military spokesman, said 4 soldiers were wounded.",
        "4",
        Want("Lt. Col. James Hart", "said", "stated", kind="named_person"),
    ),
    (
        "aside-relative-after-figure",
        "Nearly 300 people have died, the group, which monitors the conflict, said.",
        "Nearly 300",
        Want("the group", "said", "stated", kind="armed_group"),
    ),
    (
        "participle-same-speaker-goes-on",
        "The bombing killed 15 people, the ministry said, adding that 3 of the wounded were "
        "in critical condition.",
        "3",
        Want("the ministry", "adding", "stated", kind="ministry"),
    ),
    (
        "first-person-in-quote",
        '"We have counted 210 bodies," a Red Cross official told AFP.',
        "210",
        Want(
            "a Red Cross official",
            "told AFP",
            "stated",
            source="International Committee of the Red Cross",
            kind="international",
        ),
    ),
    (
        "report-cue-takes-a-clause",
        "Rebels claimed they had shot down a helicopter, killing all 12 on board.",
        "all 12",
        Want("Rebels", "claimed", "stated", kind="armed_group"),
    ),
    # --- one attribution for several figures, two sources in one sentence -----------------
    (
        "relative-covers-two-figures-1",
        "Protesters gathered after the raid, which officials say killed 12 and wounded 40.",
        "12",
        Want("officials", "say", "stated", kind="anonymous_official"),
    ),
    (
        "relative-covers-two-figures-2",
        "Protesters gathered after the raid, which officials say killed 12 and wounded 40.",
        "40",
        Want("officials", "say", "stated", kind="anonymous_official"),
    ),
    (
        "relative-clause-ends-at-comma",
        "The minister, who said he was shocked, visited 30 wounded soldiers.",
        "30",
        NONE,
    ),
    (
        "two-sources-1",
        "Police said 10 were killed, while hospital officials said 14 were wounded.",
        "10",
        Want("Police", "said", "stated", kind="police"),
    ),
    (
        "two-sources-2",
        "Police said 10 were killed, while hospital officials said 14 were wounded.",
        "14",
        Want("hospital officials", "said", "stated", kind="medical"),
    ),
    (
        "two-sources-put-the-figure-1",
        "Residents said at least 40 people had been abducted, but police put the figure at 25.",
        "at least 40",
        Want("Residents", "said", "stated", kind="witness"),
    ),
    (
        "two-sources-put-the-figure-2",
        "Residents said at least 40 people had been abducted, but police put the figure at 25.",
        "25",
        Want("police", "put the figure at", "stated", kind="police"),
    ),
    (
        "two-sources-parenthetical-1",
        "Eight people were killed, police said, while the army said 20 militants died.",
        "Eight",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "two-sources-parenthetical-2",
        "Eight people were killed, police said, while the army said 20 militants died.",
        "20",
        Want("the army", "said", "stated", kind="military"),
    ),
    (
        "parenthetical-continues-verb",
        "A bomb killed 3 people, police said, and wounded 11 others.",
        "11",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "parenthetical-new-clause",
        "Gunmen abducted an engineer, officials said, while four drivers were seized nearby.",
        "four",
        NONE,
    ),
    (
        "coordinated-verbs-one-source",
        "A car bomb killed at least 20 people and wounded 16, officials said.",
        "16",
        Want("officials", "said", "stated", kind="anonymous_official"),
    ),
    # --- chains ---------------------------------------------------------------------------------
    (
        "chain-quoted-as-saying",
        "State media quoted the governor as saying 25 people had died.",
        "25",
        Want("the governor", "quoted", "quoted", via="State media", kind="government"),
    ),
    (
        "chain-citing-between",
        "AFP, citing the ministry, said 18 people were injured.",
        "18",
        Want("the ministry", "citing", "quoted", via="AFP", kind="ministry"),
    ),
    (
        "chain-reported-quoting",
        "At least 12 people died, the local radio reported, quoting hospital officials.",
        "At least 12",
        Want("hospital officials", "quoting", "quoted", via="the local radio", kind="medical"),
    ),
    (
        "chain-said-citing",
        "Ten protesters were arrested, the newspaper said, citing police sources.",
        "Ten",
        Want("police sources", "citing", "quoted", via="the newspaper", kind="police"),
    ),
    (
        "chain-passive-quoted-by",
        "The official was quoted by Tass as saying 6 hostages were freed.",
        "6",
        Want("The official", "quoted", "quoted", via="Tass", kind="anonymous_official"),
    ),
    (
        "chain-agency-quoted-source",
        "Interfax quoted a police source as saying 5 officers were wounded.",
        "5",
        Want("a police source", "quoted", "quoted", via="Interfax", kind="police"),
    ),
    (
        "chain-nested-speaker-in-media-report",
        "The ambassador has confirmed the death of a kidnapped engineer, the Anatolia news "
        "agency reported.",
        "a kidnapped engineer",
        Want(
            "The ambassador",
            "has confirmed",
            "quoted",
            via="the Anatolia news agency",
            kind="government",
        ),
    ),
    # --- pronouns and short references ------------------------------------------------------------
    (
        "pronoun-she",
        "Health Minister Ana Lopez visited the site. She said 14 people were still missing.",
        "14",
        Want("Health Minister Ana Lopez", "said", "stated", kind="named_person"),
    ),
    (
        "pronoun-they",
        "Rebel commanders met on Sunday. They said 40 prisoners had been released.",
        "40",
        Want("Rebel commanders", "said", "stated", kind="armed_group"),
    ),
    (
        "pronoun-it",
        "The World Health Organization issued a warning. It said 1,200 people had died.",
        "1,200",
        Want(
            "The World Health Organization",
            "said",
            "stated",
            source="World Health Organization",
            kind="international",
        ),
    ),
    (
        "pronoun-they-in-relative",
        "Police have detained a man who they say killed 8 people at a school.",
        "8",
        Want("Police", "say", "stated", kind="police"),
    ),
    (
        "pronoun-unresolved",
        "He said 3 people died in the crash.",
        "3",
        Want("He", "said", "stated"),
    ),
    (
        "short-reference",
        "Iraq's Interior Ministry gave few details. The ministry said 22 people were arrested.",
        "22",
        Want("Iraq's Interior Ministry", "said", "stated", kind="ministry"),
    ),
    (
        "quote-speaker-before",
        'The governor said on Monday: "Twelve people died. Forty are still missing."',
        "Forty",
        Want("The governor", "said", "stated", kind="government"),
    ),
    (
        "quote-speaker-after-next-sentence",
        '"Twelve people died. Forty are still missing," the governor said.',
        "Twelve",
        Want("the governor", "said", "stated", kind="government"),
    ),
    (
        "quote-goes-on-in-next-sentence",
        '"Twelve people died," the governor said. "Forty are still missing."',
        "Forty",
        Want("the governor", "said", "stated", kind="government"),
    ),
    (
        "quote-split-by-attribution",
        '"Fifteen people," the police chief said, "were taken to hospital."',
        "Fifteen",
        Want("the police chief", "said", "stated", kind="police"),
    ),
    # --- nobody named ----------------------------------------------------------------------
    (
        "passive-were-reported",
        "Four soldiers were reported wounded in the clash.",
        "Four",
        Want(None, "were reported", "reported"),
    ),
    (
        "passive-reportedly",
        "Five people were killed and 3 others reportedly abducted.",
        "3",
        Want(None, "reportedly", "reported"),
    ),
    (
        "passive-other-clause-unattributed",
        "Five people were killed and 3 others reportedly abducted.",
        "Five",
        NONE,
    ),
    (
        "passive-coordinated-subject",
        "Nine civilians and four soldiers are reported to have been killed.",
        "Nine",
        Want(None, "are reported", "reported"),
    ),
    (
        "passive-yields-to-named",
        "Four soldiers were reported wounded, police said.",
        "Four",
        Want("police", "said", "stated", kind="police"),
    ),
    # --- no attribution: never guessed ----------------------------------------------------
    ("none-plain", "A car bomb killed 12 people in the capital on Monday.", "12", NONE),
    (
        "none-accused-of",
        "The lawyer of the driver accused of killing six cyclists said he would appeal.",
        "six",
        NONE,
    ),
    (
        "none-counted-states",
        "Floods killed 40 people in three states.",
        "40",
        NONE,
    ),
    (
        "none-next-sentence-speaker",
        "Twelve people were killed. Police said the bomber had fled.",
        "Twelve",
        NONE,
    ),
    ("none-dateline-credit", "KABUL (Reuters) - Two soldiers died in a blast.", "Two", NONE),
    ("none-leading-credit", "AP - Gunmen killed 4 guards at a checkpoint.", "4", NONE),
    (
        "none-trailing-wire-credit",
        "Two people died in the fire, Agence France-Presse reported.",
        "Two",
        NONE,
    ),
    (
        "none-announced-object",
        "The president announced new measures after 300 people died in the attacks.",
        "300",
        NONE,
    ),
    (
        "none-figure-in-speaker",
        "Militants holding three hostages said they would free them soon.",
        "three",
        NONE,
    ),
    (
        "none-speech-governs-later-clause",
        "Troops shot dead 2 men near a warehouse the army said was used to make bombs.",
        "2",
        NONE,
    ),
    (
        "none-before-speech-verb",
        "At least 45 people died on Sunday, as the prime minister said 3,000 had perished.",
        "At least 45",
        NONE,
    ),
    (
        "speech-verb-governs-later-figure",
        "At least 45 people died on Sunday, as the prime minister said 3,000 had perished.",
        "3,000",
        Want("the prime minister", "said", "stated", kind="government"),
    ),
    (
        "none-attacker-believed",
        "An attack believed to be aimed at the court was foiled by the arrest of 8 men.",
        "8",
        NONE,
    ),
    (
        "none-states-in-name",
        "The United States sent 300 troops to the border.",
        "300",
        NONE,
    ),
    (
        "none-comma-after-subject-figure",
        "Officials said they were trying to recover the bodies, after 12 workers were killed.",
        "12",
        Want("Officials", "said", "stated", kind="anonymous_official"),
    ),
    # --- a phrase after the cue: platform, venue, place -----------------------------------
    (
        "tail-said-on-platform",
        "Four people were killed in the shelling overnight, Governor Ivan Petrov said on Telegram.",
        "Four",
        Want("Governor Ivan Petrov", "said", "stated", kind="named_person"),
    ),
    (
        "tail-day-then-update",
        "Twenty people have died since the storm hit, the Civil Protection Agency said on "
        "Thursday in its latest update.",
        "Twenty",
        Want("the Civil Protection Agency", "said", "stated", kind="emergency"),
    ),
    (
        "tail-said-on-x",
        "Nine people were wounded, the mayor said on X.",
        "Nine",
        Want("the mayor", "said", "stated", kind="government"),
    ),
    (
        "tail-wrote-on-facebook",
        "Nine people were wounded, Mayor Anna Kovacs wrote on Facebook.",
        "Nine",
        Want("Mayor Anna Kovacs", "wrote", "stated", kind="named_person"),
    ),
    (
        "tail-posted-on-social-media",
        "At least 14 people died, the regional governor posted on social media.",
        "At least 14",
        Want("the regional governor", "posted", "stated", kind="government"),
    ),
    (
        "tail-statement-on-website",
        "Eleven soldiers were killed, the army said in a statement on its website.",
        "Eleven",
        Want("the army", "said in a statement", "stated", kind="military"),
    ),
    (
        "tail-news-conference-in-city",
        "Some 30 civilians were killed, the foreign minister told a news conference in Kyiv.",
        "Some 30",
        Want("the foreign minister", "told a news conference", "stated", kind="ministry"),
    ),
    (
        "toll-object-is-a-list",
        "The army put the toll at 31 civilians, 12 soldiers and two policemen.",
        "12",
        Want("The army", "put the toll at", "stated", kind="military"),
    ),
    (
        "parenthetical-then-and-a-figure",
        "About 90 people were detained, police said, and about 20 of them were still held.",
        "about 20",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "learned-from",
        "Rescuers have pulled 312 people from the rubble, Xinhua learned from the headquarters.",
        "312",
        Want("the headquarters", "learned from", "according_to"),
    ),
    (
        "has-just-told",
        "The interior minister has just told reporters that six people have been arrested.",
        "six",
        Want("The interior minister", "has just told reporters", "stated", kind="ministry"),
    ),
    (
        "tail-messaging-app",
        "The strike killed 8 people, the region's governor said on the Telegram messaging app.",
        "8",
        Want("the region's governor", "said", "stated", kind="government"),
    ),
    (
        "tail-during-visit",
        "Seven people were hurt, the governor said during a visit to the scene.",
        "Seven",
        Want("the governor", "said", "stated", kind="government"),
    ),
    (
        "tail-amid",
        "Three people were killed, police said on Monday amid fears of more attacks.",
        "Three",
        Want("police", "said", "stated", kind="police"),
    ),
    (
        "tail-inverted-speaker",
        "Twelve people died in the crash, said Mayor Jan Novak on Facebook.",
        "Twelve",
        Want("Mayor Jan Novak", "said", "stated", kind="named_person"),
    ),
    (
        "tail-inverted-post-modifier-kept",
        "Twelve people died, said officials in the province.",
        "Twelve",
        Want("officials in the province", "said", "stated", kind="anonymous_official"),
    ),
    (
        "tail-clause-after-phrase",
        "After 3 people died on Monday, police said in a statement the blast was caused by gas.",
        "3",
        NONE,
    ),
    (
        "tail-that-after-phrase",
        "The army said in its latest update that 61 soldiers were wounded.",
        "61",
        Want("The army", "said", "stated", kind="military"),
    ),
    (
        "tail-clock-time",
        "Floods have left 40 people dead, the disaster agency said at 6 a.m. on Friday.",
        "40",
        Want("the disaster agency", "said", "stated", kind="emergency"),
    ),
    (
        "tail-clock-time-update",
        "Floods have left 40 people dead, the disaster agency said in its 6 a.m. update.",
        "40",
        Want("the disaster agency", "said", "stated", kind="emergency"),
    ),
    (
        "told-outlet-with-arabic-article",
        "Taha Saleh, a health official, told al-Jazeera TV that 73 people had been killed.",
        "73",
        Want("Taha Saleh", "told al-Jazeera TV", "stated", kind="named_person"),
    ),
    (
        "report-breakdown-after-colon",
        "Police put the toll at 10: eight people killed in the port and two officers shot dead.",
        "eight",
        Want("Police", "put the toll at", "stated", kind="police"),
    ),
    (
        "plural-report-that",
        "Aid partners report that 23 people were pulled from the rubble alive.",
        "23",
        Want("Aid partners", "report", "stated"),
    ),
    (
        "report-noun-in-venue",
        "The disaster authority said in its daily report that 1,634 people had been injured.",
        "1,634",
        Want("The disaster authority", "said", "stated", kind="anonymous_official"),
    ),
    (
        "report-keeps-earlier-figure",
        "The junta has raised the death toll to 1,644, up from 1,002 a day earlier.",
        "1,002",
        Want("The junta", "has raised the death toll to", "stated"),
    ),
    (
        "tail-then-new-clause",
        "Seven people were hurt, officials said on Telegram, while 4 others were missing.",
        "4",
        NONE,
    ),
    (
        "tail-figure-after-phrase",
        "Seven people were hurt, the governor said after 2 more bodies were found.",
        "2",
        Want("the governor", "said", "stated", kind="government"),
    ),
    (
        "tail-statement-carried-by",
        "Two people died, police said in a statement carried by the state news agency.",
        "Two",
        Want("police", "said in a statement", "stated", kind="police"),
    ),
    (
        "tail-statement-published-on",
        "Two people died, the ministry said in a statement published on its website.",
        "Two",
        Want("the ministry", "said in a statement", "stated", kind="ministry"),
    ),
    # --- "A quoted B as saying" closing the sentence --------------------------------------
    (
        "quote-as-saying-at-end",
        "A bomb killed 25 people and wounded 60 others, the state news agency SANA quoted the "
        "provincial police chief as saying.",
        "60",
        Want(
            "the provincial police chief",
            "quoted",
            "quoted",
            via="the state news agency SANA",
            kind="police",
        ),
    ),
    (
        "quote-as-saying-at-end-first",
        "A bomb killed 25 people and wounded 60 others, the state news agency SANA quoted the "
        "provincial police chief as saying.",
        "25",
        Want(
            "the provincial police chief",
            "quoted",
            "quoted",
            via="the state news agency SANA",
            kind="police",
        ),
    ),
    (
        "quote-as-saying-short",
        "Fifteen people died, state television quoted a health official as saying.",
        "Fifteen",
        Want("a health official", "quoted", "quoted", via="state television", kind="ministry"),
    ),
    (
        "quote-as-saying-then-day",
        "The blast killed 5 people, Interfax quoted a police source as saying on Monday.",
        "5",
        Want("a police source", "quoted", "quoted", via="Interfax", kind="police"),
    ),
    # --- figures added to the object of a toll --------------------------------------------
    (
        "toll-with-added-figure",
        "The ministry put the number of dead at 312, with 940 injured.",
        "940",
        Want("The ministry", "put the number of dead at", "stated", kind="ministry"),
    ),
    (
        "toll-among-them",
        "The monitor put the number of people killed at 210, among them 17 women.",
        "17",
        Want("The monitor", "put the number of people killed at", "stated"),
    ),
    (
        "toll-including-after-day",
        "The agency put the death toll at 45 on Tuesday, including 12 children.",
        "12",
        Want("The agency", "put the death toll at", "stated"),
    ),
    (
        "toll-and-injured-at",
        "The spokesman, Ali Saeed, had earlier put the number of dead at 19 and injured at 27.",
        "27",
        Want(
            "The spokesman, Ali Saeed",
            "had earlier put the number of dead at",
            "stated",
            kind="anonymous_official",
        ),
    ),
    (
        "toll-dead-and-wounded",
        "The army put the toll at 58 dead and 200 wounded.",
        "200",
        Want("The army", "put the toll at", "stated", kind="military"),
    ),
    (
        "toll-of-the-blast",
        "Police put the death toll from Sunday's blast at 40.",
        "40",
        Want("Police", "put the death toll from Sunday's blast at", "stated", kind="police"),
    ),
    (
        "toll-raised-number-killed",
        "The ministry raised the number of people killed in the attack to 52.",
        "52",
        Want(
            "The ministry",
            "raised the number of people killed in the attack to",
            "stated",
            kind="ministry",
        ),
    ),
    (
        "counted-including",
        "Police counted 40 bodies, including 9 children.",
        "9",
        Want("Police", "counted", "stated", kind="police"),
    ),
    (
        "none-object-then-new-subject",
        "The ministry confirmed the death of 3 soldiers and police arrested 4 suspects.",
        "4",
        NONE,
    ),
    (
        "none-new-clause-after-toll",
        "Officials put the toll at 40, and 12 people remain missing in the valley.",
        "12",
        NONE,
    ),
    # --- a name set off by commas before the cue ------------------------------------------
    (
        "apposition-title-then-name",
        "The provincial police chief, Mohammed Karimi, had earlier put the number of dead at 23.",
        "23",
        Want(
            "The provincial police chief, Mohammed Karimi",
            "had earlier put the number of dead at",
            "stated",
            kind="police",
        ),
    ),
    (
        "apposition-name-with-particle",
        "The Iraqi government spokesman, Ali al-Dabbagh, said 11 people were killed.",
        "11",
        Want("The Iraqi government spokesman, Ali al-Dabbagh", "said", "stated", kind="government"),
    ),
    (
        "apposition-long-title",
        "The spokesman for the regional government, Ana Silva, said 14 people had died.",
        "14",
        Want(
            "The spokesman for the regional government, Ana Silva",
            "said",
            "stated",
            kind="anonymous_official",
        ),
    ),
    (
        "apposition-doctor",
        "The hospital's director, Dr. Ali Hassan, told reporters 30 patients had died.",
        "30",
        Want("The hospital's director, Dr. Ali Hassan", "told reporters", "stated", kind="medical"),
    ),
    (
        "apposition-place-is-no-name",
        "In the capital, Kabul, officials said 9 people died.",
        "9",
        Want("officials", "said", "stated", kind="anonymous_official"),
    ),
    # --- verbs that are speech only with a person or an organisation as subject -----------
    (
        "none-claimed-lives",
        "Heavy rains have claimed 412 lives across the country.",
        "412",
        NONE,
    ),
    (
        "none-storm-claimed-lives",
        "Typhoon Maro claimed more than 6,000 lives.",
        "6,000",
        NONE,
    ),
    (
        "claimed-lives-then-speaker",
        "Heavy rains have claimed 412 lives across the country, the disaster agency said.",
        "412",
        Want("the disaster agency", "said", "stated", kind="emergency"),
    ),
    (
        "claimed-that-any-subject",
        "The Kremlin claimed that 20 soldiers were killed.",
        "20",
        Want("The Kremlin", "claimed", "stated", kind="government"),
    ),
    (
        "claimed-by-group",
        "Hamas claimed 20 soldiers were killed in the ambush.",
        "20",
        Want("Hamas", "claimed", "stated", source="Hamas", kind="armed_group"),
    ),
    (
        "none-claimed-responsibility",
        "The rebels claimed responsibility for the ambush that killed 9 soldiers.",
        "9",
        NONE,
    ),
    (
        "recorded-place-yields-according",
        "Chile recorded 1,920 road deaths last year, according to the transport ministry.",
        "1,920",
        Want("the transport ministry", "according to", "according_to", kind="ministry"),
    ),
    (
        "none-recorded-by-place",
        "The country recorded 1,920 road deaths last year.",
        "1,920",
        NONE,
    ),
    (
        "recorded-by-organisation",
        "The WHO recorded 1,200 cases and 30 deaths.",
        "30",
        Want(
            "The WHO",
            "recorded",
            "stated",
            source="World Health Organization",
            kind="international",
        ),
    ),
    (
        "counted-by-witnesses",
        "Witnesses counted 17 bodies in the street.",
        "17",
        Want("Witnesses", "counted", "stated", kind="witness"),
    ),
    (
        "reported-by-country",
        "Italy reported 400 new deaths on Tuesday.",
        "400",
        Want("Italy", "reported", "stated"),
    ),
    (
        "reported-participle-is-passive",
        "Twenty people died in the latest outbreak, officials said on Friday, up from 11 deaths "
        "reported a week earlier.",
        "11",
        Want(None, "reported", "reported"),
    ),
    (
        "reported-after-figure-is-passive",
        "Heavy fighting killed 19 soldiers, up from 12 reported a day earlier.",
        "12",
        Want(None, "reported", "reported"),
    ),
    (
        "none-feared-adjective",
        "The country's most feared gang claimed responsibility for a raid in which dozens of "
        "villagers died.",
        "dozens",
        NONE,
    ),
    (
        "none-video-posted",
        "A video posted on a militant website showed 3 hostages.",
        "3",
        NONE,
    ),
    (
        "reported-by-agency-on-channel",
        "Two people died, the agency reported on its Telegram channel.",
        "Two",
        Want("the agency", "reported", "stated"),
    ),
    (
        "recorded-by-organisation-noun",
        "The agency recorded 40 deaths in the north.",
        "40",
        Want("The agency", "recorded", "stated"),
    ),
    (
        "reported-after-the-figure-noun",
        "Nine people died on Sunday, up from the 4 deaths reported on Saturday.",
        "4",
        Want(None, "reported", "reported"),
    ),
    # --- "on X." ends a sentence ----------------------------------------------------------
    (
        "platform-x-ends-sentence",
        "Nine people were wounded, the mayor said on X. Israel says 3 soldiers died.",
        "3",
        Want("Israel", "says", "stated"),
    ),
    (
        "platform-x-ends-sentence-first",
        "Nine people were wounded, the mayor said on X. Israel says 3 soldiers died.",
        "Nine",
        Want("the mayor", "said", "stated", kind="government"),
    ),
    # --- "told" an audience other than reporters ---------------------------------------------
    (
        "told-local-radio-station",
        "'We moved about 8,000 families to schools,' district chief Ana Cruz told local "
        "radio station DYHP.",
        "8,000",
        Want(
            "district chief Ana Cruz",
            "told local radio station DYHP",
            "stated",
            kind="named_person",
        ),
    ),
    (
        "told-a-news-briefing",
        "Another 14 people were badly hurt, spokesman Lars Holm told a news briefing in Oslo.",
        "14",
        Want("spokesman Lars Holm", "told a news briefing", "stated", kind="named_person"),
    ),
    (
        "told-broadcaster-with-number-in-name",
        "About 60 people are still missing, the minister told broadcaster Antena 3, warning "
        "that the count could change.",
        "60",
        Want("the minister", "told broadcaster Antena 3", "stated", kind="ministry"),
    ),
    (
        "told-state-broadcaster",
        '"We have pulled 40 bodies from the sea," a navy officer told state broadcaster NRK.',
        "40",
        Want("a navy officer", "told state broadcaster NRK", "stated", kind="anonymous_official"),
    ),
    # "in the capital", "near the border", "by video link" are where, not who
    (
        "told-reporters-in-place-after-aside",
        "Some 300 houses burned and 12 people died, Omar Haddad, the district's top "
        "administrator, told reporters in the capital.",
        "12",
        Want("Omar Haddad", "told reporters", "stated", kind="named_person"),
    ),
    (
        "told-reporters-near-place",
        "Chad freed 30 prisoners on Friday in a deal brokered by Qatar, the foreign minister "
        "told reporters near the border.",
        "30",
        Want("the foreign minister", "told reporters", "stated", kind="ministry"),
    ),
    (
        "told-reporters-by-video-link",
        "Some 500 bodies have been buried, Ruth Amos, deputy head of the mission, told "
        "reporters by video link.",
        "500",
        Want("Ruth Amos", "told reporters", "stated", kind="named_person"),
    ),
    # --- an aside that opens with a preposition ------------------------------------------
    (
        "aside-opening-with-preposition",
        "President Ada Mensah, in a radio interview on Monday, put the death toll at 31.",
        "31",
        Want("President Ada Mensah", "put the death toll at", "stated", kind="named_person"),
    ),
    (
        "revised-possessive-toll-down",
        "The governor later revised the province's toll down to 88, telling reporters that "
        "some people had been counted twice.",
        "88",
        Want(
            "The governor",
            "later revised the province's toll down to",
            "stated",
            kind="government",
        ),
    ),
    # --- verbs that are speech only sometimes ----------------------------------------------
    (
        "admitted-a-figure-is-not-speech",
        "The Red Crescent said its clinics in the town had admitted more than 300 wounded.",
        "more than 300",
        Want("The Red Crescent", "said", "stated", source="Red Crescent", kind="medical"),
    ),
    (
        "declared-a-state-is-not-speech",
        "The president has declared a state of emergency after the storm killed 60 people.",
        "60",
        NONE,
    ),
    (
        "declared-by-is-a-participle",
        "More than 900 people have been killed in what police call raids in a campaign "
        "declared by the president.",
        "More than 900",
        NONE,
    ),
    # --- a hyphenated -ed word is an adjective; a line break ends a speaker ----------------
    (
        "hyphenated-participle-in-speaker",
        "At least 12 people died in the protests, the state-funded rights commission said.",
        "At least 12",
        Want("the state-funded rights commission", "said", "stated"),
    ),
    (
        "line-break-ends-speaker",
        "Police fire on crowds as protests spread\nKenya's state-funded rights watchdog said 12 "
        "people died.",
        "12",
        Want("Kenya's state-funded rights watchdog", "said", "stated"),
    ),
    # --- long speakers: an acronym in brackets, a long aside, a long toll -------------------
    (
        "acronym-in-brackets-in-speaker",
        "Some 90,000 people have fled since May, the International Organization for "
        "Migration (IOM) said on Friday.",
        "Some 90,000",
        Want(
            "the International Organization for Migration (IOM)",
            "said",
            "stated",
            source="International Organization for Migration",
            kind="international",
        ),
    ),
    (
        "acronym-in-brackets-inside-an-aside",
        "Ada Obi, a spokeswoman for the State Emergency Agency (SEMA), said 11 people had "
        "been rescued from the building.",
        "11",
        Want("Ada Obi", "said", "stated", kind="named_person"),
    ),
    (
        "long-aside-before-the-cue",
        "An army officer, who asked not to be named because he was not allowed to talk to "
        "reporters about the raid, said nine of the dead were police officers.",
        "nine",
        Want("An army officer", "said", "stated", kind="anonymous_official"),
    ),
    (
        "long-toll-description",
        "The ministry has updated the death toll from last week's shelling of the two border "
        "towns in the north to 312.",
        "312",
        Want(
            "The ministry",
            "has updated the death toll from last week's shelling of the two border towns in "
            "the north to",
            "stated",
            kind="ministry",
        ),
    ),
    (
        "told-a-late-night-news-conference",
        "The police chief told a late-night news conference that six of the wounded were children.",
        "six",
        Want("The police chief", "told a late-night news conference", "stated", kind="police"),
    ),
    (
        "a-day-after-is-another-event",
        "Two soldiers died in an ambush near Kirkuk on Monday, the army said, a day after a "
        "bomb in Tikrit killed 12.",
        "12",
        NONE,
    ),
    # --- the source inside "according to figures from X", and "X, quoted by Y, said" -------
    (
        "according-to-figures-from",
        "At least 40 people died, according to figures from the health ministry.",
        "At least 40",
        Want("the health ministry", "according to", "according_to", kind="ministry"),
    ),
    (
        "according-to-data-compiled-by",
        "According to data compiled by the monitor, 40 people died.",
        "40",
        Want("the monitor", "According to", "according_to"),
    ),
    (
        "quoted-by-aside",
        "The police chief, quoted by the Tass news agency, said 12 people were killed.",
        "12",
        Want("The police chief", "quoted by", "quoted", via="the Tass news agency", kind="police"),
    ),
    (
        "accompanied-by-aside-is-no-relay",
        "The police chief, accompanied by the mayor, said 12 people were killed.",
        "12",
        Want("The police chief", "said", "stated", kind="police"),
    ),
    # --- a pronoun after a name and its apposition points to the name --------------------
    (
        "pronoun-after-name-and-apposition",
        "Some 400,000 people were evacuated, Ana Lopez, the top official at the ministry, "
        "told reporters. Two people were still missing, she said.",
        "Two",
        Want("Ana Lopez", "said", "stated", kind="named_person"),
    ),
    (
        "it-after-organisation-and-apposition",
        "The army gave no figure, while the Red Crescent, an aid group, said it had counted "
        "224 bodies.",
        "224",
        Want("the Red Crescent", "had counted", "stated", source="Red Crescent", kind="medical"),
    ),
    (
        "a-clause-after-a-name-is-no-apposition",
        "Police held 20 people over the talks with the European Union, the ministry said on "
        "Monday. It said 113 officers had been injured.",
        "113",
        Want("the ministry", "said", "stated", kind="ministry"),
    ),
    (
        "believes-with-a-named-subject",
        "Israel believes 90 hostages remain in Gaza.",
        "90",
        Want("Israel", "believes", "stated"),
    ),
    # --- "with N ..." after the frame: the report goes on ----------------------------------
    (
        "with-figures-after-according-to",
        "The toll has reached 900, according to the Red Crescent, with a further 400 still "
        "missing.",
        "400",
        Want(
            "the Red Crescent",
            "according to",
            "according_to",
            source="Red Crescent",
            kind="medical",
        ),
    ),
    (
        "with-figures-after-said",
        "At least 15 people died in the clashes, police said, with 40 others injured.",
        "40",
        Want("police", "said", "stated", kind="police"),
    ),
    # --- speakers named with a possessive aside, a time adjective, "so far", "told us" ----
    (
        "aside-opening-with-a-possessive",
        "Ivan Petrenko, Ukraine's interior minister, said 14 people had been hospitalised.",
        "14",
        Want("Ivan Petrenko", "said", "stated", kind="named_person"),
    ),
    (
        "told-us",
        "No officers were hurt, a police spokesman told us.",
        "No",
        Want("a police spokesman", "told us", "stated", kind="police"),
    ),
    (
        "the-report-showed",
        "Most deaths were in the south, 210, followed by the east with 95, the report showed.",
        "95",
        Want("the report", "showed", "reported", kind="media"),
    ),
    (
        "time-word-after-an-article-is-an-adjective",
        "The heatwave killed more than 20,000 people, according to a later study by the "
        "institute.",
        "more than 20,000",
        Want("a later study by the institute", "according to", "according_to", kind="study"),
    ),
    (
        "whose-clause-between-speaker-and-verb",
        "The coast guard, whose crews have been winching people off roofs since dawn, said "
        "it had pulled 310 people from the water.",
        "310",
        Want("The coast guard", "said", "stated"),
    ),
    (
        "role-without-article-in-an-aside",
        "Maria Ortiz, speaker of the regional assembly, said that 45 protesters were freed.",
        "45",
        Want("Maria Ortiz", "said", "stated", kind="named_person"),
    ),
    (
        "role-with-a-deputy-in-an-aside",
        "Tom Okafor, deputy head of the relief agency, said 800 families had fled.",
        "800",
        Want("Tom Okafor", "said", "stated", kind="named_person"),
    ),
    (
        "owner-figures-show-at-the-end",
        "Some 2,300 people have been detained since March, police figures show.",
        "Some 2,300",
        Want("police figures", "show", "stated", kind="police"),
    ),
    (
        "owner-data-showed-at-the-start",
        "Interior ministry data showed that 41 migrants drowned in the first week.",
        "41",
        Want("Interior ministry data", "showed", "stated", kind="ministry"),
    ),
    ("the-figures-show-name-nobody", "The figures show 70 people died in the floods.", "70", NONE),
    (
        "confirmed-before-dead-is-an-adjective",
        "The number of people confirmed dead after the landslide rose to 61, the mayor said.",
        "61",
        Want("the mayor", "said", "stated", kind="government"),
    ),
    (
        "anonymity-clause-after-a-trailing-speaker",
        "Nine people were hurt, said a hospital official who asked not to be named.",
        "Nine",
        Want("a hospital official", "said", "stated", kind="medical"),
    ),
    (
        "opening-adverbial-is-not-the-shared-subject",
        "In Tbilisi, the interior ministry detained 14 people and said 40 more were sought.",
        "40",
        Want("the interior ministry", "said", "stated", kind="ministry"),
    ),
    (
        "title-with-a-place-before-a-name",
        "Thirty people were rescued, the district commissioner for Kigoma, Anna Mwita, said.",
        "Thirty",
        Want("the district commissioner for Kigoma, Anna Mwita", "said", "stated"),
    ),
    (
        "declared-days-of-mourning-is-no-speech",
        "Chile declared two days of mourning after the blaze, which killed 41 people.",
        "41",
        NONE,
    ),
    (
        "progressive-reporting",
        "By noon the regional ministry was reporting 31 dead.",
        "31",
        Want("the regional ministry", "was reporting", "stated", kind="ministry"),
    ),
    (
        "progressive-putting-the-toll",
        "Rescue officials were putting the toll at 64 on Friday.",
        "64",
        Want("Rescue officials", "were putting the toll at", "stated", kind="emergency"),
    ),
    (
        "can-confirm-that",
        "Police can confirm that three people have died in the crash.",
        "three",
        Want("Police", "can confirm", "stated", kind="police"),
    ),
    (
        "told-foreign-reporters",
        "Doctors told foreign reporters they had treated 90 wounded.",
        "90",
        Want("Doctors", "told foreign reporters", "stated", kind="medical"),
    ),
    (
        "told-a-televised-news-conference",
        "The mayor told a televised news conference that 14 people were missing.",
        "14",
        Want("The mayor", "told a televised news conference", "stated", kind="government"),
    ),
    (
        "gave-a-higher-toll",
        "Hospital officials gave a higher toll of 52 dead.",
        "52",
        Want("Hospital officials", "gave a higher toll of", "stated", kind="medical"),
    ),
    (
        "speak-of",
        "Aid workers speak of some 3,000 people sleeping in the open.",
        "some 3,000",
        Want("Aid workers", "speak of", "stated", kind="ngo"),
    ),
    (
        "in-a-statement-aside-then-said",
        "The regional ministry, in a statement, said four people drowned.",
        "four",
        Want("The regional ministry", "said", "stated", kind="ministry"),
    ),
    (
        "in-a-statement-aside-then-confirmed",
        "The prime minister's office, in a statement, confirmed two deaths.",
        "two",
        Want("The prime minister's office", "confirmed", "stated", kind="government"),
    ),
    (
        "said-in-its-morning-update",
        "Floods have killed 61 people, the disaster agency said in its morning update.",
        "61",
        Want("the disaster agency", "said", "stated", kind="emergency"),
    ),
    (
        "wishes-to-inform-the-public",
        "The police force wishes to inform the public that 17 people have been arrested.",
        "17",
        Want("The police force", "wishes to inform the public", "stated", kind="police"),
    ),
    (
        "told-domestic-media",
        "A spokesman told domestic media that 900 people had been detained.",
        "900",
        Want("A spokesman", "told domestic media", "stated", kind="anonymous_official"),
    ),
    (
        "acronym-in-brackets-before-the-cue",
        "The National Disaster Management Centre (NDMC) said 14 people were missing.",
        "14",
        Want("The National Disaster Management Centre (NDMC)", "said", "stated"),
    ),
    (
        "so-far-belongs-to-the-cue",
        "The WHO said it had so far confirmed 1,200 deaths.",
        "1,200",
        Want(
            "The WHO",
            "had so far confirmed",
            "stated",
            source="World Health Organization",
            kind="international",
        ),
    ),
    (
        "a-counted-noun-is-no-antecedent",
        "Officials in the north said the toll was rising. Fewer than 30 people had died in "
        "the town, they said.",
        "Fewer than 30",
        Want("Officials", "said", "stated", kind="anonymous_official"),
    ),
    # --- live-blog times, lists, asides and appositions ------------------------------------
    (
        "clock-time-opens-a-live-blog-entry",
        "17:55 BST – The ambulance service says its crews took 64 people to hospital overnight.",
        "64",
        Want("The ambulance service", "says", "stated", kind="medical"),
    ),
    (
        "hyphenated-adjective-in-a-shared-subject",
        "The Qaeda-linked group claimed the attack, saying it had killed 30 soldiers.",
        "30",
        Want("The Qaeda-linked group", "saying", "stated", kind="armed_group"),
    ),
    (
        "a-list-after-a-report-cue",
        "The disaster agency reports 120 people dead, 340 injured and 15 missing.",
        "340",
        Want("The disaster agency", "reports", "stated", kind="emergency"),
    ),
    (
        "aside-home-to",
        "The city hospital, home to the regional burns unit, said nine of the injured were there.",
        "nine",
        Want("The city hospital", "said", "stated", kind="medical"),
    ),
    (
        "told-our-reporter",
        "Police detained more than 50 people, a resident told our reporter.",
        "more than 50",
        Want("a resident", "told our reporter", "stated"),
    ),
    (
        "apposition-with-a-relative-gives-a-name-its-kind",
        "Aid came from the Hill Rangers, a relief group that works in the area. Three "
        "civilians were killed, the group said.",
        "Three",
        # "the" before a capitalised run: a group, not a person's name (kind unknown)
        Want("the Hill Rangers", "said", "stated", kind=None),
    ),
    (
        "apposition-closing-the-sentence-gives-a-name-its-kind",
        "Some 300 villagers fled into Thailand, according to the Hill Rangers, a relief group. "
        "Three civilians were killed in the air strikes, the group said.",
        "Three",
        # "the" before a capitalised run: a group, not a person's name (kind unknown)
        Want("the Hill Rangers", "said", "stated", kind=None),
    ),
    (
        "a-sub-count-with-a-after-a-toll",
        "The fire brigade put the number of dead at 87 on Saturday, among them a baby.",
        "a",
        Want("The fire brigade", "put the number of dead at", "stated", kind="emergency"),
    ),
    (
        "figures-given-by",
        "The number of injured given by the state government stands at 1,175.",
        "1,175",
        Want(
            "the state government", "number of injured given by", "according_to", kind="government"
        ),
    ),
    (
        "it-is-an-organisation-named-by-its-head-noun",
        "The crisis centre issued new figures. The province accounted for 2,904 of the dead, "
        "it said.",
        "2,904",
        Want("The crisis centre", "said", "stated"),
    ),
    (
        "speaker-with-a-relative-clause-before-the-cue",
        "Two soldiers were killed, a villager who lives near the camp told Reuters.",
        "Two",
        Want("a villager", "told Reuters", "stated"),
    ),
    (
        "put-the-total-number-at",
        "By early Friday, police put the total number of casualties at more than 200.",
        "more than 200",
        Want("police", "put the total number of casualties at", "stated", kind="police"),
    ),
    (
        "toll-of-an-event-with-a-magnitude",
        "The junta raised the death toll from Friday's 7.7-magnitude quake to 2,056.",
        "2,056",
        Want("The junta", "raised the death toll from Friday's 7.7-magnitude quake to", "stated"),
    ),
    (
        "repeated-that-and-a-numbered-reactor",
        "The minister spoke on Tuesday. He repeated that two people had died in the fire at "
        "the plant's number four reactor.",
        "two",
        Want("The minister", "repeated", "stated", kind="ministry"),
    ),
    (
        "noting-that",
        "The governor praised the response, noting that the official count stood at 16 dead.",
        "16",
        Want("The governor", "noting", "stated", kind="government"),
    ),
    (
        "ombudsman-title-then-name",
        "The Ombudsman of Peru, Josue Gutierrez, said on Monday that 52 people were missing.",
        "52",
        Want("The Ombudsman of Peru, Josue Gutierrez", "said", "stated"),
    ),
    (
        "had-earlier-given-a-toll",
        "Local volunteers had earlier given a toll of 61 dead.",
        "61",
        Want("Local volunteers", "had earlier given a toll of", "stated"),
    ),
    (
        "deaths-confirmed-is-no-cue",
        "The number of deaths confirmed in the province has risen to 208.",
        "208",
        NONE,
    ),
    (
        "said-at-the-daily-briefing-then-earlier-figure",
        "The toll rose to 57 on Thursday, the county manager said at the daily briefing,"
        " up from 42.",
        "57",
        Want("the county manager", "said", "stated"),
    ),
    (
        "up-from-a-figure-announced-is-no-speaker",
        "The death toll has risen to 10, up from nine announced late on Tuesday.",
        "10",
        NONE,
    ),
    (
        "admitted-to-hospital-is-no-speech",
        "Of the 300 people admitted to hospitals, 21 were in critical condition, officials said.",
        "21",
        Want("officials", "said", "stated", kind="anonymous_official"),
    ),
    (
        "with-no-figure-after-said-is-not-covered",
        "At least 15 people died, police said, with protests spreading as 20 were arrested.",
        "20",
        NONE,
    ),
    (
        "according-to-an-ing-adjective",
        "Nine porters died, according to the trekking department of the ministry.",
        "Nine",
        Want(
            "the trekking department of the ministry",
            "according to",
            "according_to",
            kind="ministry",
        ),
    ),
    (
        "according-to-a-list",
        "At least 30 people are missing, according to a list kept by their relatives.",
        "At least 30",
        Want("a list kept by their relatives", "according to", "according_to"),
    ),
    (
        "told-a-lower-case-agency",
        "A police source told dpa that 14 people had been killed.",
        "14",
        Want("A police source", "told dpa", "stated", kind="police"),
    ),
    (
        "told-a-named-briefing",
        "The admiral told a Pentagon briefing that 7 sailors were hurt.",
        "7",
        Want("The admiral", "told a Pentagon briefing", "stated"),
    ),
    (
        "concluded-in-a-year-that",
        "An inquiry concluded in 2009 that 96 fans had died unlawfully.",
        "96",
        Want("An inquiry", "concluded in 2009 that", "stated", kind="study"),
    ),
    (
        "found-at-the-end",
        "About 900 of the dead were children, the researchers found.",
        "About 900",
        Want("the researchers", "found", "stated", kind="study"),
    ),
    (
        "puts-the-confirmed-toll-at",
        "The agency now puts the confirmed death toll at 212.",
        "212",
        Want("The agency", "now puts the confirmed death toll at", "stated"),
    ),
]


@pytest.mark.parametrize(
    ("text", "figure", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_attribution(text: str, figure: str, want: Want) -> None:
    d = attributed(text, figure)
    got = Want(d.source_text, d.cue, d.attribution, d.via, d.source, d.source_kind)
    assert got.source_text == want.source_text
    assert got.attribution == want.attribution
    assert got.cue == want.cue
    assert got.via == want.via
    assert got.source == want.source
    assert got.kind == want.kind


def test_case_ids_are_unique() -> None:
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 80


def test_all_figures_of_a_document_at_once() -> None:
    text = (
        "Police said 37 people were killed in the north. "
        "In the south, 12 people died, hospital officials said. "
        "A further 4 were wounded."
    )
    sentences = split_sentences(text)
    drafts = [_draft(text, f) for f in ("37", "12", "4")]
    attribution.attribute(text, sentences, drafts, attribution.document_credit(text))
    assert [d.source_text for d in drafts] == ["Police", "hospital officials", None]
    assert [d.attribution for d in drafts] == ["stated", "stated", "none"]


def test_user_alias_table_names_the_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from figures.sources import load_aliases

    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[source]]\nname = "Ministry of Health (Example)"\nkind = "ministry"\n'
        "aliases = ['Example\\s+health\\s+ministry']\n",
        encoding="utf-8",
    )
    text = "Twelve people died, the Example health ministry said."
    draft = _draft(text, "Twelve")
    attribution.attribute(text, split_sentences(text), [draft], None, aliases=load_aliases([extra]))
    assert draft.source == "Ministry of Health (Example)"
    assert draft.source_kind == "ministry"


_WORDS = st.sampled_from(
    [
        "police",
        "said",
        "says",
        "according",
        "to",
        "the",
        "ministry",
        "officials",
        "killed",
        "12",
        "three",
        "were",
        "reported",
        "reportedly",
        ",",
        ".",
        "and",
        "which",
        "who",
        "he",
        "they",
        "it",
        "citing",
        "quoted",
        "as",
        "saying",
        "Reuters",
        "-",
        "(",
        ")",
        '"',
        "AFP",
        "told",
        "reporters",
        "on",
        "Tuesday",
        "people",
        "in",
        "Gaza",
        "at",
        "least",
        "wounded",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_any_text_gives_verbatim_or_no_source(words: list[str]) -> None:
    text = " ".join(words)
    sentences = split_sentences(text)
    drafts = []
    for m in regex.finditer(r"\b(?:12|three)\b", text):
        index = next((i for i, s in enumerate(sentences) if s.start <= m.start() < s.end), None)
        if index is None:
            continue
        span = sentences[index]
        drafts.append(
            Draft(
                metric="killed",
                figure=_figure(m.start(), m.end(), m.group()),  # type: ignore[arg-type]
                rule="test",
                sentence_index=index,
                sentence_start=span.start,
                sentence_end=span.end,
            )
        )
    attribution.attribute(text, sentences, drafts, attribution.document_credit(text))
    for d in drafts:
        assert d.attribution in {"stated", "according_to", "quoted", "reported", "none"}
        if d.attribution == "none":
            assert (d.source_text, d.cue, d.via) == (None, None, None)
        else:
            assert d.cue is not None
        for value in (d.source_text, d.via, d.cue):
            assert value is None or value in text


# --- the document's credit -------------------------------------------------------------------

CREDITS = [
    ("city-reuters", "BAGHDAD (Reuters) - Two people died.", "Reuters"),
    ("indian-dateline", "Pune, Aug 3 (PTI) At least 12 people died in a landslide.", "PTI"),
    ("region-in-brackets", "Siliguri (West Bengal), May 2 (IANS) Nine people were hurt.", "IANS"),
    ("efe-dot-dash", "Cumaná (Venezuela), Jun 4 (EFE).- Two fishermen drowned.", "EFE"),
    ("headline-line-first", "Bus crash kills 14\n\nSHIMLA, India (AP) — A bus fell.", "AP"),
    ("headline-with-full-stop-is-a-sentence", "Two died.\nMOSUL (Reuters) - Five died.", None),
    ("no-dash-needs-a-known-wire", "The Islamic Army in Iraq (IAI) The group said.", None),
    ("city-region-date", "MOSUL, Iraq, Dec 9 (AFP) - Six people were hurt.", "AFP"),
    ("leading-ap", "AP - A bus crashed on Saturday.", "AP"),
    ("leading-afp", "AFP - Floods hit the north.", "AFP"),
    ("two-credits", "Canadian Press - LANGLEY, B.C. (CP) - Police arrested a man.", "CP"),
    ("inner-wire", "Canadian Press - KINSHASA, Congo (AP) - Attackers burned a village.", "AP"),
    ("colon", "Hanoi, Oct. 3 (VNA): The ministry said 4 died.", "VNA"),
    ("double-dash", "FRANKFURT (Dow Jones)--Shares fell on Monday.", "Dow Jones"),
    ("em-dash", "GAZA CITY (AP) — Two rockets hit a field.", "AP"),
    (
        "ampersand",
        "KABUL (Example & News Agencies) - A truck bomb exploded.",
        "Example & News Agencies",
    ),
    (
        "trailing",
        "Two people died in the fire, Agence France-Presse reported.",
        "Agence France-Presse",
    ),
    ("web-outlet", "ExampleNews.com - A new phone went on sale.", None),
    ("web-dateline", "Vatican City, May 2 (ExampleNews.com) - A bishop died.", None),
    ("no-credit", "Police said 3 people died.", None),
    ("bare-dateline", "WASHINGTON - Officials said 2 soldiers died.", None),
    ("source-not-credit", "Two died, the Interfax news agency said.", None),
    ("lowercase-dpa", "HAMBURG (dpa) - A ferry caught fire in the harbour.", "dpa"),
    ("lowercase-efe", "SEVILLE, Spain (efe) - Two climbers died.", "efe"),
    ("lowercase-not-a-wire", "BERLIN (staff) - Three trains collided.", None),
    ("national-agency", "KYIV (Ukrinform) - A drone hit a depot.", "Ukrinform"),
    ("leading-lowercase-wire", "dpa - A storm hit the coast.", "dpa"),
]


@pytest.mark.parametrize(("text", "credit"), [c[1:] for c in CREDITS], ids=[c[0] for c in CREDITS])
def test_document_credit(text: str, credit: str | None) -> None:
    found = attribution.document_credit(text)
    assert (found.text if found else None) == credit
    if found is not None:
        assert text[found.start : found.end] == found.text


def test_platform_x_ends_a_sentence() -> None:
    text = "Two died, the mayor said on X. Israel says 3 soldiers died. J. Smith left."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Two died, the mayor said on X.",
        "Israel says 3 soldiers died.",
        "J. Smith left.",
    ]


# --- data and speed ----------------------------------------------------------------------------


def test_data_file_loads_and_every_cue_compiles() -> None:
    engine = attribution._engine()
    assert {c.cls for c in engine.cues} >= {"say", "report", "according", "cite", "passive"}
    for cue in engine.cues:
        assert cue.pattern.fullmatch("") is None, cue.id


_DATA_FILE = attribution.DATA / "attribution.toml"

BAD_DATA = [
    ("extra-key", ("[credit]", "[credit]\ncolour = 'red'"), "credit.colour"),
    ("cue-extra-key", ('id = "say"', 'id = "say"\nweight = 2'), "cue say: weight"),
    ("bad-cue-class", ('class = "say"', 'class = "shout"'), "cue say: class"),
    ("unknown-fragment", ("{aux}(?:(?:said", "{nope}(?:(?:said"), "unknown fragment {nope}"),
    ("empty-pattern", ("pattern = '''according", "pattern = '''(?:x)?|according"), "empty"),
    ("upper-case-word", ('clause = [\n  "that",', 'clause = [\n  "That",'), "words.clause"),
]


@pytest.mark.parametrize(
    ("edit", "message"), [b[1:] for b in BAD_DATA], ids=[b[0] for b in BAD_DATA]
)
def test_bad_attribution_file_names_file_and_key(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    source = _DATA_FILE.read_text(encoding="utf-8")
    assert edit[0] in source
    bad = tmp_path / "attribution.toml"
    bad.write_text(source.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(attribution.AttributionError) as err:
        attribution.compile_attribution(bad)
    assert str(bad) in str(err.value)
    assert message in str(err.value)


def test_long_sentences_stay_fast() -> None:
    import time

    text = (
        "Officials said "
        + ", ".join(f"{n} people died in village {n}" for n in range(1, 400))
        + ", police and hospital officials said on Tuesday."
    )
    sentences = split_sentences(text)
    drafts = [_draft(text, "399")]
    began = time.perf_counter()
    attribution.attribute(text, sentences, drafts, None)
    assert time.perf_counter() - began < 1.0
    assert drafts[0].source_text == "Officials"


@pytest.mark.corpus
def test_dev_gold_credit(corpus) -> None:  # type: ignore[no-untyped-def]
    items = [json.loads(line) for line in (corpus / "dev.jsonl").open(encoding="utf-8")]
    gold = [json.loads(line) for line in (corpus / "dev-gold.jsonl").open(encoding="utf-8")]
    having = [(i, g) for i, g in zip(items, gold, strict=True) if g["credit"]]
    right = 0
    for item, g in having:
        found = attribution.document_credit(item["text"])
        right += (found.text if found else None) == g["credit"]
    assert right / len(having) >= 0.95

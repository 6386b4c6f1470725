"""The source alias table: canonical names, kinds guessed from head nouns, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from figures.sources import SourceError, SourceMatch, load_aliases, speaker_parts

# different wordings of one source land on one canonical name
CANONICAL = [
    ("the Hamas-run health ministry in Gaza", "Ministry of Health (Gaza)", "ministry"),
    ("Gaza's health ministry", "Ministry of Health (Gaza)", "ministry"),
    ("the Health Ministry in Gaza", "Ministry of Health (Gaza)", "ministry"),
    ("the Palestinian health ministry", "Ministry of Health (Gaza)", "ministry"),
    ("the official Xinhua news agency", "Xinhua", "media"),
    ("Xinhua", "Xinhua", "media"),
    ("the Anatolia news agency", "Anadolu Agency", "media"),
    ("the United Nations", "United Nations", "international"),
    ("U.N. officials", "United Nations", "international"),
    ("a UN spokeswoman", "United Nations", "international"),
    ("the U.N. refugee agency", "UNHCR", "international"),
    ("the World Health Organization", "World Health Organization", "international"),
    ("WHO", "World Health Organization", "international"),
    ("the Israeli military", "Israel Defense Forces", "military"),
    ("the IDF", "Israel Defense Forces", "military"),
    ("the U.S. military", "US military", "military"),
    ("the US command", "US military", "military"),
    ("a U.S. military statement", "US military", "military"),
    ("the Pentagon", "US military", "military"),
    ("the Emergencies Ministry", "Ministry of Emergency Situations (Russia)", "ministry"),
    ("Doctors Without Borders", "Medecins Sans Frontieres", "ngo"),
    ("Amnesty", "Amnesty International", "ngo"),
    ("the Red Cross", "International Committee of the Red Cross", "international"),
    ("Itar-Tass", "TASS", "media"),
]


# the major news agencies, as wire copy names them: each is one canonical media source
AGENCIES = [
    ("Reuters", "Reuters"),
    ("AP", "Associated Press"),
    ("AFP", "Agence France-Presse"),
    ("dpa", "Deutsche Presse-Agentur"),
    ("the German news agency dpa", "Deutsche Presse-Agentur"),
    ("EFE", "EFE"),
    ("ANSA", "ANSA"),
    ("Xinhua", "Xinhua"),
    ("Anadolu", "Anadolu Agency"),
    ("Kyodo", "Kyodo"),
    ("Yonhap", "Yonhap"),
    ("PTI", "Press Trust of India"),
    ("IANS", "Indo-Asian News Service"),
    ("UNI", "United News of India"),
    ("WAFA", "WAFA"),
    ("IRNA", "IRNA"),
    ("TASS", "TASS"),
    ("RIA Novosti", "RIA Novosti"),
    ("Interfax", "Interfax"),
    ("Ukrinform", "Ukrinform"),
    ("APA", "Austria Presse Agentur"),
    ("Bernama", "Bernama"),
    ("Antara", "Antara"),
    ("PA Media", "PA Media"),
    ("the Press Association", "PA Media"),
    ("Bloomberg", "Bloomberg"),
    ("CNN", "CNN"),
    ("the state news agency INA", "Iraqi News Agency"),
    ("UPI", "United Press International"),
]


@pytest.mark.parametrize(("text", "name"), AGENCIES, ids=[a[0] for a in AGENCIES])
def test_major_agencies_are_media_sources(text: str, name: str) -> None:
    assert load_aliases().lookup(text) == SourceMatch(name, "media")


def test_agency_names_that_are_also_other_words() -> None:
    table = load_aliases()
    assert table.lookup("officials in Fars province").name is None  # the province
    assert table.lookup("Michael Bloomberg") == SourceMatch(None, "named_person")
    assert table.lookup("the Palestinian Authority").name is None  # not PA Media


@pytest.mark.parametrize(("text", "name", "kind"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_wordings_map_to_one_canonical_source(text: str, name: str, kind: str) -> None:
    assert load_aliases().lookup(text) == SourceMatch(name, kind)


# no alias: the kind comes from the head noun, the canonical name stays None
KINDS = [
    ("police", "police"),
    ("provincial police", "police"),
    ("a police spokesman", "police"),
    ("the interior ministry", "ministry"),
    ("Peru's interior minister", "ministry"),
    ("officials", "anonymous_official"),
    ("a senior official", "anonymous_official"),
    ("security sources", "anonymous_official"),
    ("hospital officials", "medical"),
    ("doctors at the main hospital", "medical"),
    ("medics", "medical"),
    ("rescuers", "emergency"),
    ("the civil defence agency", "emergency"),
    ("the army", "military"),
    ("coalition forces in Afghanistan", "military"),
    ("the government", "government"),
    ("provincial officials", "government"),
    ("the governor of the province", "government"),
    ("El Shinta radio", "media"),
    ("the daily newspaper", "media"),
    ("local media", "media"),
    ("Media reports", "media"),
    ("rebels", "armed_group"),
    ("a rebel commander", "armed_group"),
    ("the militant group", "armed_group"),
    ("the aid agency", "ngo"),
    ("a local human rights group", "ngo"),
    ("the airline", "company"),
    ("a Turkish construction company", "company"),
    ("witnesses", "witness"),
    ("residents", "witness"),
    ("an army investigation", "military"),
    ("a survey", "study"),
    ("Thai Prime Minister Somchai Wong", "named_person"),
    ("Colonel Ahmed Rashid", "named_person"),
    ("the spokesman for the governor of the northern province", "anonymous_official"),
    ("Israel", None),
    ("the agency", None),
]


@pytest.mark.parametrize(("text", "kind"), KINDS, ids=[k[0] for k in KINDS])
def test_kind_guessed_from_head_noun(text: str, kind: str | None) -> None:
    match = load_aliases().lookup(text)
    assert match.kind == kind
    if kind != "international":
        assert match.name is None


def test_coordinated_speakers_are_no_one_source() -> None:
    table = load_aliases()
    assert table.lookup("witnesses and a U.N. aid official") == SourceMatch(None, "witness")
    assert table.lookup("police and hospital officials") == SourceMatch(None, "police")
    assert table.lookup("U.S. and Iraqi officials").name is None
    assert speaker_parts("U.S. and Iraqi officials") == ["U.S.", "Iraqi officials"]
    assert speaker_parts("the ministry") == ["the ministry"]


def test_acronyms_match_case() -> None:
    table = load_aliases()
    assert table.lookup("WHO").name == "World Health Organization"
    assert table.lookup("the man who spoke").name is None
    assert table.lookup("AP").name == "Associated Press"
    assert table.lookup("a map").name is None


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_user_file_adds_sources_and_kinds(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "local.toml",
        """
[kinds.police]
nouns = ['gardai']

[kinds.utility]
description = "Power and water companies"
nouns = ['power\\s+company']

[[source]]
name = "Example County Fire Service"
kind = "emergency"
aliases = ['(?:the\\s+)?county\\s+fire\\s+service', 'ECFS']
""",
    )
    table = load_aliases([extra])
    assert table.lookup("the county fire service") == SourceMatch(
        "Example County Fire Service", "emergency"
    )
    assert table.lookup("ECFS").name == "Example County Fire Service"
    assert table.lookup("gardai").kind == "police"
    assert table.lookup("the power company").kind == "utility"
    assert "utility" in table.kinds
    # the built-in entries are still there
    assert table.lookup("Xinhua").name == "Xinhua"


def test_user_entries_win_over_built_in_ones(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "override.toml",
        """
[[source]]
name = "Xinhua News Agency"
kind = "media"
aliases = ['Xinhua']
""",
    )
    assert load_aliases([extra]).lookup("Xinhua").name == "Xinhua News Agency"
    assert load_aliases().lookup("Xinhua").name == "Xinhua"


def test_a_folder_of_user_files(tmp_path: Path) -> None:
    _write(tmp_path / "a.toml", '[[source]]\nname = "A"\nkind = "ngo"\naliases = ["Alpha Aid"]\n')
    _write(tmp_path / "b.toml", '[[source]]\nname = "B"\nkind = "ngo"\naliases = ["Beta Aid"]\n')
    table = load_aliases([tmp_path])
    assert table.lookup("Alpha Aid").name == "A"
    assert table.lookup("Beta Aid").name == "B"


BAD = [
    (
        "unknown-key",
        '[[source]]\nname = "X"\nkind = "ngo"\naliases = ["X"]\ncolour = "red"\n',
        "source X: colour",
    ),
    ("unknown-kind", '[[source]]\nname = "X"\nkind = "cult"\naliases = ["X"]\n', "unknown kind"),
    ("no-aliases", '[[source]]\nname = "X"\nkind = "ngo"\naliases = []\n', "source X: aliases"),
    ("bad-regex", '[[source]]\nname = "X"\nkind = "ngo"\naliases = ["(X"]\n', "bad pattern"),
    ("empty-match", '[[source]]\nname = "X"\nkind = "ngo"\naliases = ["x?"]\n', "empty string"),
    ("bad-toml", "[[source]\nname = 1\n", "not valid TOML"),
    ("blank-noun", "[kinds.police]\nnouns = ['  ']\n", "kinds.police.nouns"),
    ("bad-kind-name", '[[source]]\nname = "X"\nkind = "Big Kind"\naliases = ["X"]\n', "kind"),
]


@pytest.mark.parametrize(("body", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_name_the_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path / "bad.toml", body)
    with pytest.raises(SourceError) as err:
        load_aliases([path])
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such sources file"):
        load_aliases([tmp_path / "nope.toml"])


def test_built_in_table_is_cached_and_complete() -> None:
    table = load_aliases()
    assert table is load_aliases()
    assert {
        "government",
        "ministry",
        "military",
        "police",
        "medical",
        "international",
        "ngo",
        "media",
        "armed_group",
        "anonymous_official",
        "named_person",
    } <= set(table.kinds)
    assert len({a.name for a in table.aliases}) >= 40

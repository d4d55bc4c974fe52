"""Every string Sportello marks for translation, in its Python code and its templates, has an Italian
translation: Django's own extraction (makemessages, on a copy of the catalog, so the real one is never
rewritten) finds no message without one, and none that msgmerge only guessed (fuzzy)."""

import re
import shutil

from django.core.management import call_command

# What is not Sportello's running code: not extracted (as `make messages` does; tests and benches speak
# to developers).
IGNORED = {".venv", ".git", ".ci", "var", "test-results", "tests", "bench", "scripts", "static", "locale", "node_modules"}


def entries(po_text):
    """(flags, msgid, msgstr) of each entry of a .po file, the header left out."""
    found = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        text = "\n".join(line for line in lines if not line.startswith("#"))
        msgid = "".join(re.findall(r'"(.*)"', text.split("msgid_plural")[0].split("msgstr")[0]))
        msgstrs = re.split(r"^msgstr(?:\[\d+\])? ", text, flags=re.M)[1:]
        if msgid and msgstrs:
            found.append((flags, msgid, ["".join(re.findall(r'"(.*)"', part)) for part in msgstrs]))
    return found


def test_every_marked_string_has_an_italian_translation(tmp_path, monkeypatch, settings):
    """makemessages writes into the catalog of the locale directory nearest the sources, so it runs in a
    copy of the project made of links to the sources and a copy of the catalog."""
    project = tmp_path / "project"
    project.mkdir()
    for item in settings.BASE_DIR.iterdir():
        if item.name not in IGNORED and (item.is_dir() or item.suffix == ".py"):
            (project / item.name).symlink_to(item)
    shutil.copytree(settings.BASE_DIR / "locale", project / "locale")
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)
    call_command("makemessages", locale=["it"], symlinks=True, no_obsolete=True, verbosity=0)
    catalog = (project / "locale" / "it" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    missing = [msgid for flags, msgid, msgstrs in entries(catalog) if "fuzzy" in flags or not all(msgstrs)]
    assert missing == []


def test_an_untranslated_or_guessed_message_is_found():
    po = (
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n\n'
        'msgid "Saved"\nmsgstr "Salvato"\n\n'
        'msgid "Not yet"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Saved twice"\nmsgstr "Salvato"\n\n'
        'msgid "%(count)s answer"\nmsgid_plural "%(count)s answers"\nmsgstr[0] "%(count)s risposta"\nmsgstr[1] ""\n'
    )
    assert [(msgid, "fuzzy" in flags, all(msgstrs)) for flags, msgid, msgstrs in entries(po)] == [
        ("Saved", False, True), ("Not yet", False, False), ("Saved twice", True, True), ("%(count)s answer", False, False),
    ]

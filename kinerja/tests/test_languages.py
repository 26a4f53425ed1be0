"""Every page speaks the language it was asked in: no Indonesian word in English, no English word in Indonesian.

The pages are those of the access matrix (`test_access_matrix`): every URL
pattern, asked with GET by the admin (who may open every page) and by the
operator of Kota Sorong; each HTML page that answers 200 is read in both
languages. A word from the other language's list is a hit, unless it belongs
to what people typed:

- every text stored in the database (unit names, indicator texts, people's
  names, reasons, notes, the statement of a PK, and the permission names that
  Django stores in English) is removed from the page first, and so is a value
  the page shortened with "…";
- an element marked with another `lang` than the page's is left out: the PK's
  own document is Indonesian by law, and the language menu names each language
  in itself.

Stored messages (history, notifications) are kept as source text and
parameters (`kinerja.lib.i18n`): only their parameters count as typed.
"""

import dataclasses
import re

import lxml.html
import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from kinerja.tests.test_access_matrix import plan_for, walk

pytestmark = pytest.mark.django_db

# Words that give a page away. Month names that are spelt alike in both languages
# (April, September, November) prove nothing and are left out.
INDONESIAN = (
    "dan", "yang", "tidak", "belum", "sudah", "dengan", "untuk", "atau", "dari", "pada", "ini",
    "Simpan", "Unduh", "Unggah", "Hapus", "Ubah", "Tambah", "Batal", "Cari", "Pilih", "Tahun",
    "halaman", "Berkas", "Triwulan", "oleh", "telah", "akan", "baris", "bagian", "Perubahan", "Realisasi",
    "Capaian", "Pindaian", "Riwayat",
    "Januari", "Februari", "Maret", "Mei", "Juni", "Juli", "Agustus", "Oktober", "Desember",
)  # fmt: skip
ENGLISH = (
    "the", "and", "of", "with", "for", "not", "by", "from", "this", "will",
    "Save", "Download", "Upload", "Delete", "Cancel", "Search", "Select", "Year", "page", "Home", "History",
    "Summary", "Message", "Agreement", "Created", "Uploaded",
    "January", "February", "March", "May", "June", "July", "August", "October", "December",
)  # fmt: skip
FOREIGN_WORDS = {"en": INDONESIAN, "id": ENGLISH}

# Texts the interface writes itself, kept in Indonesian for the admin's search
# (see their models); pages show them through their source text and parameters.
RENDERED_MESSAGES = {("audit", "changerecord", "summary"), ("notifications", "notification", "message")}
SOURCE_TEXTS = {("audit", "changerecord", "summary_template"), ("notifications", "notification", "message_template")}
# Django's admin/search_form.html writes alt="Search" on its icon without marking it for translation.
UNTRANSLATED_UPSTREAM = '//img[contains(@src, "admin/img/search.svg")]'
# Attributes whose text a reader sees or hears.
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "hx-confirm")


@dataclasses.dataclass(frozen=True)
class Hit:
    route: str
    persona: str
    word: str
    text: str

    def __str__(self) -> str:
        return f"{self.route} as {self.persona}: {self.word!r} in {self.text[:160]!r}"


def _typed_strings(value) -> list[str]:
    """The strings a user typed in a stored value; a JSON `{"term": ...}` is an interface text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if set(value) == {"term"}:
            return []
        return [text for item in value.values() for text in _typed_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _typed_strings(item)]
    return []


def stored_texts() -> set[str]:
    """Every text stored in the database, and each of its lines: what people typed or loaded."""
    texts = set()
    for model in apps.get_models():
        meta = model._meta
        for field in meta.concrete_fields:
            key = (meta.app_label, meta.model_name, field.name)
            if key in SOURCE_TEXTS or key in RENDERED_MESSAGES or field.choices:
                continue
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField):
                for value in model._default_manager.values_list(field.attname, flat=True).distinct().iterator():
                    texts.update(_typed_strings(value))
    lines = {line.strip() for text in texts for line in text.splitlines()}
    return {text for text in texts | lines if text.strip()}


def word_pattern(words) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def shown_texts(html: str, language: str) -> list[str]:
    """The texts of a page a reader sees: text nodes and shown attributes, without scripts
    and without elements marked as written in another language."""
    root = lxml.html.document_fromstring(html)
    texts = []
    if "<html" in html[:200] and root.get("lang") != language:
        texts.append(f'<html lang="{root.get("lang")}">')  # a whole page, not a fragment
    foreign = [element for element in root.xpath("//*[@lang]") if element.get("lang") != language]
    for element in [*root.xpath(f"//script | //style | {UNTRANSLATED_UPSTREAM}"), *foreign]:
        if element is not root:
            element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        texts += [element.text or "", element.tail or ""]
        texts += [element.get(name, "") for name in SHOWN_ATTRIBUTES]
        if element.tag in ("input", "button") and element.get("type") in ("submit", "button"):
            texts.append(element.get("value", ""))
    return [text.strip() for text in texts if text.strip()]


def without_data(text: str, data: list[str]) -> str:
    """`text` with every stored text removed, longest first; a shortened one (“…”) counts too."""
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    if text.endswith("…"):
        stem = text[:-1].rstrip()
        if any(value.startswith(stem) for value in data):
            return ""
    return text


class Reader:
    """Reads the pages of the access matrix in one language and finds the other language's words."""

    def __init__(self, language: str, world, personas):
        self.language = language
        self.world = world
        self.users = {"admin": personas.admin, "operator": personas.operator}
        self.admin = personas.admin
        self.pattern = word_pattern(FOREIGN_WORDS[language])
        # Only stored texts that contain a word of the list can hide a hit.
        self.data = sorted((text for text in stored_texts() if self.pattern.search(text)), key=len, reverse=True)

    def get(self, user, url: str):
        client = Client(headers={"accept-language": self.language})
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.get(url)

    def hits(self) -> tuple[list[Hit], int]:
        """(hits, pages read)"""
        found, read = [], 0
        for route in walk():
            plan = plan_for(route, self.world, self.admin)
            if isinstance(plan, str) or "GET" not in plan.methods:
                continue  # the access matrix reports a route it cannot plan
            for persona, user in self.users.items():
                response = self.get(user, plan.url)
                if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                    continue
                read += 1
                for text in shown_texts(response.content.decode(), self.language):
                    remaining = without_data(text, self.data)
                    for match in self.pattern.finditer(remaining):
                        found.append(Hit(route.key, persona, match.group(), text))
        return found, read


def failures(hits: list[Hit]) -> str:
    """One line per page and word, with how often it was found and one text that shows it."""
    grouped: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        grouped.setdefault((hit.route, hit.word.lower()), []).append(hit)
    return "\n".join(f"{found[0]} (×{len(found)})" for found in grouped.values())


def test_english_pages_show_no_indonesian_word(sorong_world, personas):
    """Asked in English, no page shows a word of the Indonesian list outside what people typed."""
    hits, read = Reader("en", sorong_world, personas).hits()
    assert read > 100, f"only {read} pages read: the access matrix's pages did not answer"
    assert not hits, f"{len(hits)} Indonesian words on English pages:\n{failures(hits)}"


def test_indonesian_pages_show_no_english_word(sorong_world, personas):
    """Asked in Indonesian, no page shows a word of the English list outside what people typed."""
    hits, read = Reader("id", sorong_world, personas).hits()
    assert read > 100, f"only {read} pages read: the access matrix's pages did not answer"
    assert not hits, f"{len(hits)} English words on Indonesian pages:\n{failures(hits)}"


@pytest.mark.parametrize(
    "language, names",
    [
        ("id", ["Upaya masuk", "Antrean tugas", "Hasil tugas"]),
        ("en", ["Sign-in attempts", "Task queue", "Task results"]),
    ],
)
def test_admin_names_the_third_party_apps_in_the_readers_language(personas, language, names):
    """The admin's index names axes and the task queue, and the queue's results, in the language asked for."""
    client = Client(headers={"accept-language": language})
    client.force_login(personas.admin, backend="django.contrib.auth.backends.ModelBackend")
    shown = "\n".join(shown_texts(client.get(reverse("admin:index")).content.decode(), language))
    assert all(name in shown for name in names), names
    assert not re.search(r"\bAxes\b|Tasks Database Backend|Task Results", shown)

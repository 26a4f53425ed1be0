"""English is really available: the compiled catalogue is used, by browser
preference and through the language switch in the header."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_page_follows_an_english_browser(client, loaded_db):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in body
    assert "Sign in to Kinerja" in body
    assert "Password" in body
    assert "Masuk ke Kinerja" not in body
    assert "Kata sandi" not in body


def test_the_login_page_follows_an_indonesian_browser(client, loaded_db):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'lang="id"' in body
    assert "Masuk ke Kinerja" in body
    assert "Kata sandi" in body
    assert "Sign in to Kinerja" not in body


def test_the_header_offers_both_languages(client, loaded_db):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'action="{reverse("set_language")}"' in body
    assert ">Bahasa Indonesia</option>" in body
    assert ">English</option>" in body


def test_the_language_switch_turns_the_page_into_english(client, loaded_db):
    login_url = reverse("login")
    response = client.post("/i18n/setlang/", {"language": "en", "next": login_url}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302
    assert response.url == login_url

    body = client.get(login_url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'lang="en"' in body
    assert "Sign in to Kinerja" in body
    assert "Password" in body

    client.post("/i18n/setlang/", {"language": "id", "next": login_url})
    body = client.get(login_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Masuk ke Kinerja" in body

"""Signing in: Django auth with throttling and Indonesian messages."""

import pytest
from django.urls import reverse

from kinerja.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_the_demo_password_opens_home(client, personas):
    response = client.post(reverse("login"), {"username": "operator.sorong", "password": DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.context["user"] == personas.operator
    assert "Komisi Pemilihan Umum Kota Sorong" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message(client, personas):
    response = client.post(reverse("login"), {"username": "operator.sorong", "password": "salah"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_for_a_while(client, personas):
    for _ in range(5):
        client.post(reverse("login"), {"username": "operator.sorong", "password": "salah"})
    response = client.post(reverse("login"), {"username": "operator.sorong", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_stored_hashed(personas):
    assert personas.operator.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))
    assert DEMO_PASSWORD not in personas.operator.password


def test_logout_ends_the_session(client_for, personas):
    client = client_for(personas.operator)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_the_login_page_is_in_indonesian(client, loaded_db):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in body
    assert "Kata sandi" in body


def test_english_is_available(client, loaded_db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in response.content.decode()

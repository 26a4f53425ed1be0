import pytest


@pytest.fixture(autouse=True)
def _pk_dated_today(request, monkeypatch):
    """The seed PKs are dated 2024: apart from test_times (which tests the reason asked for a PK
    dated long ago), the tests sign them as if their date were recent."""
    if request.module.__name__.endswith("test_times"):
        return
    from kinerja.signatures import services

    monkeypatch.setattr(services, "needs_reason", lambda *args, **kwargs: False)

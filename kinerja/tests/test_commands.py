"""Every management command of the project explains itself (`manage.py COMMAND --help`)."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_COMMANDS = sorted((name, app) for name, app in get_commands().items() if app.startswith("kinerja."))


def test_the_project_has_its_commands():
    names = {name for name, _app in PROJECT_COMMANDS}
    assert {"load_demo", "generate_national", "send_reminders", "agreement_export", "backup", "run_worker"} <= names


@pytest.mark.parametrize(("name", "app"), PROJECT_COMMANDS, ids=[name for name, _app in PROJECT_COMMANDS])
def test_help_is_printed(name, app):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert name in text and len(command.help) > 20

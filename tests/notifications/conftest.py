"""Fixtures of the notification tests."""

import pytest


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run an action and the work it hands to `transaction.on_commit`, as a committed request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run

"""Benchmarks: `make bench` runs the main() of every module here (__main__.py)."""


def client_environment() -> None:
    """What Django's test Client needs (`setup_test_environment`: the
    `testserver` host, the in-memory mail), without the template
    instrumentation that copies every template's context for the tests'
    `response.context`: production renders without it, and it cost about a
    third of a list page's time here."""
    from django.template import Template
    from django.test.utils import _TestState, setup_test_environment

    setup_test_environment()
    Template._render = _TestState.saved_data.template_render

"""id_url gives what reverse gives, under any script prefix."""

from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from chidao.lib.urls import id_url


@pytest.mark.parametrize("name", ["tasks:detail", "directives:detail"])
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_id_url_is_reverse(name, pk):
    assert id_url(name, pk) == reverse(name, args=[pk])


def test_id_url_follows_the_script_prefix():
    try:
        set_script_prefix("/chidao/")
        assert id_url("tasks:detail", 7) == reverse("tasks:detail", args=[7])
        assert id_url("tasks:detail", 7).startswith("/chidao/")
    finally:
        clear_script_prefix()
    assert not id_url("tasks:detail", 7).startswith("/chidao/")

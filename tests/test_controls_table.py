"""The page's controls are one table: every row reads back what it writes, is worded in both catalogs, and the
link is written from the rows drawn, nothing else."""

import pytest

import language
from page.controls import CONTROLS
from page.scene import LEARNING_RATES, STEP_CHOICES
from tests.test_app import assert_healthy, run_page

VALUES = {
    "landscape": ["ravine", "formula", "tiny_network"], "formula": ["x^2 + y"], "optimizers": [["gd", "lion"]],
    "lr": list(LEARNING_RATES), "own_rates": [True, False], "steps": list(STEP_CHOICES), "compare": [True],
    "sample": [0, 17], "width": [4, 32], "schedule": ["cosine", "constant"], "animate": [False], "view": ["surface"],
    "basins": [True], "loss_axis": ["examples"], "stepping": [True],
}  # fmt: skip


@pytest.mark.parametrize("key", CONTROLS)
def test_every_row_reads_back_what_it_writes(key):
    row = CONTROLS[key]
    assert row.key == key
    for value in VALUES[key]:
        assert row.read([row.write(value)]) == value, value


@pytest.mark.parametrize("key", CONTROLS)
def test_every_row_is_worded_in_both_languages(key):
    row = CONTROLS[key]
    for lang in language.LANGUAGES:
        texts = language.catalog(lang)
        assert f"control.{row.words}" in texts or key == "loss_axis", (lang, key)
        if row.widget != "toggle":
            assert f"link.{row.words}" in texts, (lang, key)


def test_the_link_holds_exactly_the_controls_moved_from_their_defaults():
    at = run_page()
    assert_healthy(at)
    assert dict(at.query_params) == {}, "a first visit's page has a bare address"
    at.select_slider(key="lr").set_value(0.04).run()
    at.toggle(key="basins").set_value(True).run()
    assert dict(at.query_params) == {"lr": "0.04", "basins": "true"}
    at.select_slider(key="lr").set_value(0.05).run()
    assert dict(at.query_params) == {"basins": "true"}, "back at its default, a control leaves the link"


def test_a_row_made_for_one_optimizer_writes_its_own_part_of_the_link():
    at = run_page(optimizers="adam", adam_beta1="0.8")
    assert_healthy(at)
    assert at.query_params["adam_beta1"] == "0.8"
    beta1 = next(w for kind in ("slider", "select_slider") for w in at.get(kind) if w.key == "adam_beta1")
    beta1.set_value(0.9).run()
    assert "adam_beta1" not in at.query_params, "at the optimizer's own default (0.9), it leaves the link"

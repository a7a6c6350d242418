"""MKBA's feedback pages: the exact totals and texts its learners read.

The checks every assignment's feedback gets are in ``test_feedback.py``.
"""

from __future__ import annotations

import pytest

from grading.feedback import format_points
from tests.grading_helpers import MANUAL_SCORE, graded_course  # noqa: F401 (a fixture)
from tests.test_feedback import _page

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("graded_course", ["mkba"], indirect=True)]


@pytest.mark.parametrize(("student", "total"), [
    ("model", 14 + MANUAL_SCORE),
    ("leeg", 0),
    ("oneindig", 12),
    ("fouten", 8),
])
def test_feedback_shows_the_total_of_20_points(graded_course, student, total):
    text = "".join(_page(graded_course.feedback_html(student)).text)
    assert f"Totaal: {format_points(total)} van 20 punten." in text


def test_written_advice_is_out_of_6_points(graded_course):
    model = "".join(_page(graded_course.feedback_html("model")).text)
    assert f"Beoordeling door je trainer: {format_points(MANUAL_SCORE)} van 6 punten." in model


def test_learner_cells_keep_their_code_and_the_missing_name(graded_course):
    model = "".join(_page(graded_course.feedback_html("model")).text)
    assert "def contante_waarde(bedrag, jaar, voet=0.0225):" in model
    looped = "".join(_page(graded_course.feedback_html("oneindig")).text)
    assert "NameError: name 'netto_contante_waarde' is not defined" in looped

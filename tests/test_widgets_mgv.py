"""The gesprekssimulator and the coding exercise, driven the way a learner drives them.

Every test clicks a button, sets a control or calls the method a control calls, and then
reads what the widget shows; what it shows must be what :mod:`modules.mgv` returns for
the same choices (seed 0, the simulator's own).
"""

from __future__ import annotations

import html
import re
from unittest import mock

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from modules import mgv
from widgets import mgv as mgv_widgets
from widgets._common import LIVE_REGION_CLASS, WIDGET_CLASS, format_number, format_percent
from widgets.mgv import NOT_CHOSEN, CodeerOefening, GesprekSimulator

SCENARIOS = list(mgv.SCENARIOS)
#: English words that must never reach a learner (whole words, any case).
ENGLISH = re.compile(r"\b(turn|turns|score|scores|feedback|reply|replies|option|options|readiness|"
                     r"restart|rewind|back|next|previous|results|show|hide|page|click|choose|"
                     r"question|reflection|advice|conversation|compare|agreement|none|nan|true|false)\b",
                     re.IGNORECASE)


def text_of(markup: str) -> str:
    """What a learner reads in some HTML: the text without tags, unescaped."""
    without = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", markup, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", without))).strip()


def path_for(key: str) -> list[int]:
    """A mixed path through a scenario: not always the same option."""
    return [(3 * i + 1) % len(turn.options) for i, turn in enumerate(mgv.SCENARIOS[key].turns)]


def click(sim: GesprekSimulator, index: int) -> None:
    sim.option_buttons[index].click()


def play(sim: GesprekSimulator, choices: list[int]) -> None:
    for index in choices:
        click(sim, index)


def shown_summary(sim: GesprekSimulator) -> dict[str, tuple[str, str, str]]:
    """The feedback table as a learner reads it: label -> (value, threshold, rating)."""
    rows = re.findall(r"<tr><th scope='row'>(.*?)</th><td class='asd-num'>(.*?)</td><td>(.*?)</td>"
                      r"<td>(.*?)</td></tr>", sim.feedback_html)
    return {html.unescape(label): tuple(html.unescape(c) for c in cells) for label, *cells in rows}


def shown_key_turns(sim: GesprekSimulator) -> list[tuple[int, str]]:
    table = sim.feedback_html.split("class='asd-key-turns'", 1)[1]
    rows = re.findall(r"<tr><td class='asd-num'>(\d+)</td><td>(.*?)</td>", table)
    return [(int(turn), html.unescape(said)) for turn, said in rows]


def series(svg: str) -> dict[str, list[float]]:
    found = re.findall(r'data-label="([^"]+)" data-values="([^"]+)"', svg)
    return {label: [float(v) for v in values.split()] for label, values in found}


def readiness(conversation: mgv.Conversation) -> list[float]:
    start = mgv.SCENARIOS[conversation.scenario].start.readiness
    return [start] + [step.after.readiness for step in conversation.steps]


def visible_text(sim: GesprekSimulator) -> str:
    """Every text of the simulator a learner can read or hear."""
    parts = [text_of(sim.description.value), text_of(sim.transcript_view.value), text_of(sim.prompt.value),
             text_of(sim.status.value), text_of(sim.feedback_view.value), text_of(sim.comparison_view.value),
             text_of(sim.message.value), sim.chart.title, sim.chart.x_label, sim.chart.y_label,
             *(s.label for s in sim.chart.series), sim.chart.marker_label]
    parts += [b.description for b in sim.option_buttons if b.layout.display != "none"]
    parts += [sim.rewind_button.description, sim.restart_button.description, sim.rewind_choice.description,
              sim.scenario_choice.description, *(label for label, _ in sim.scenario_choice.options)]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# The simulator
# ---------------------------------------------------------------------------------------


def test_starts_at_turn_one_with_the_scenarios_options_as_buttons() -> None:
    sim = GesprekSimulator()
    scenario = mgv.SCENARIOS[mgv_widgets.START_SCENARIO]
    turn = scenario.turns[0]
    assert sim.scenario is scenario and sim.scenario_choice.value == scenario.key
    assert sim.options == tuple(option.text for option in turn.options)
    assert [b.description for b in sim.option_buttons[:len(turn.options)]] == list(sim.options)
    assert sim.client_line == turn.client and html.escape(turn.client) in sim.transcript_html
    assert sim.reply == "" and sim.feedback is None and sim.comparison is None
    assert sim.readiness == scenario.start.readiness and sim.process == "engageren"
    start = format_percent(scenario.start.readiness, 0)
    assert f"Bereidheid om te veranderen: {start}" in text_of(sim.status_html)
    assert "role='progressbar'" in sim.status_html
    assert f"aria-valuenow='{round(100 * sim.readiness)}'" in sim.status_html
    assert html.escape(scenario.description) in sim.description.value
    assert sim.rewind_row.layout.display == "none"  # nothing to go back to yet
    assert WIDGET_CLASS in sim._dom_classes and LIVE_REGION_CLASS in sim.status._dom_classes


def test_the_options_never_show_their_response_type() -> None:
    sim = GesprekSimulator()
    hints = {*mgv.RESPONSE_TYPES, *mgv.RESPONSE_LABELS.values(), *mgv.MITI_LABELS.values()}
    for turn in sim.scenario.turns:
        # A button says the response and nothing else; the text around them names no type.
        buttons = [(b.description, b.tooltip) for b in sim.option_buttons if b.layout.display != "none"]
        assert buttons == [(option.text, option.text) for option in turn.options]
        around = text_of(sim.prompt.value).lower()
        assert [h for h in hints if re.search(rf"\b{re.escape(h.lower())}\b", around)] == []
        click(sim, 0)


@pytest.mark.parametrize("key", SCENARIOS)
def test_a_whole_scenario_shows_the_models_replies_and_feedback(key: str) -> None:
    sim = GesprekSimulator()
    sim.scenario_choice.value = key  # the dropdown, as a learner picks a scenario
    assert sim.scenario.key == key
    choices = path_for(key)
    for number, index in enumerate(choices, 1):
        expected = mgv.simulate(key, choices[:number], seed=mgv_widgets.SEED)
        said = sim.options[index]
        click(sim, index)
        assert sim.message.text == ""
        assert sim.conversation == expected
        assert sim.reply == expected.steps[-1].reply
        assert html.escape(sim.reply) in sim.status_html  # the reply is shown
        assert html.escape(said) in sim.transcript_html
        assert sim.readiness == expected.final.readiness and sim.process == expected.final.process
        assert f"Bereidheid om te veranderen: {format_percent(sim.readiness, 0)}" in text_of(sim.status_html)
        assert f"<strong aria-current='step'>{sim.process}</strong>" in sim.status_html
        assert (sim.feedback is None) == (number < len(choices))
    model = mgv.conversation_feedback(mgv.simulate(key, choices, seed=0))
    assert sim.feedback == model
    assert sim.options == () and all(b.layout.display == "none" for b in sim.option_buttons)
    assert html.escape(model.message) in sim.feedback_html
    shown = shown_summary(sim)
    assert list(shown) == [score.label for score in model.summary.values()]
    for name, score in model.summary.items():
        value, threshold, rating = shown[score.label]
        if name == "percent_complex_reflections":
            expected_value = format_percent(score.value, 0) if score.value is not None else "– (geen reflecties)"
            assert threshold == "redelijk vanaf 40\u00a0%, goed vanaf 50\u00a0%"
        elif name == "reflection_to_question":
            expected_value = format_number(score.value, 1) if score.value is not None else "– (geen vragen)"
            assert threshold == "redelijk vanaf 1,0, goed vanaf 2,0"
        else:  # MIA and MINA: counts without a threshold
            expected_value = str(score.value)
            assert threshold == "geen drempel"
        assert value == expected_value
        assert rating == (score.rating or "–")
    assert shown_key_turns(sim) == [(s.turn, s.option.text) for s in model.key_turns]
    assert series(sim.chart_svg) == {"dit gesprek": pytest.approx(readiness(sim.conversation), abs=1e-4)}


def test_the_same_choices_give_the_same_conversation_for_everyone() -> None:
    first, second = GesprekSimulator(), GesprekSimulator()
    choices = path_for(first.scenario.key)
    play(first, choices)
    play(second, choices)
    assert first.transcript_html == second.transcript_html and first.feedback_html == second.feedback_html


def test_a_rewind_keeps_the_earlier_turns_and_compares_the_two_paths() -> None:
    sim = GesprekSimulator()
    key = sim.scenario.key
    choices = path_for(key)[:7]
    play(sim, choices)
    earlier = sim.conversation
    sim.rewind_choice.value = 4
    assert sim.rewind_button.description == "Terug naar beurt 4"
    sim.rewind_button.click()
    assert sim.choices == tuple(choices[:3])
    assert sim.conversation.steps == earlier.steps[:3]  # turns before 4 are as they were
    assert sim.client_line == sim.scenario.turns[3].client
    assert sim.earlier == earlier and sim.comparison is None
    assert "Het eerdere gesprek is bewaard" in sim.comparison_html
    assert html.escape(earlier.steps[3].option.text) in sim.prompt.value  # what was said here before
    other = (choices[3] + 1) % len(sim.options)
    click(sim, other)
    expected = mgv.compare_paths(earlier, mgv.simulate(key, choices[:3] + [other], seed=0))
    pd.testing.assert_frame_equal(sim.comparison, expected)
    assert sim.first_difference == 4
    table = sim.comparison_html
    first_row = re.search(r"<tr class='asd-first-difference' data-turn='(\d+)'>(.*?)</tr>", table)
    assert first_row and first_row.group(1) == "4" and "(eerste verschil)" in first_row.group(2)
    assert len(re.findall("asd-first-difference' data-turn", table)) == 1
    assert html.escape(earlier.steps[3].option.text) in first_row.group(2)
    assert html.escape(sim.scenario.turns[3].options[other].text) in first_row.group(2)
    assert table.count("data-turn=") == len(choices)  # every turn of the longer, earlier path
    assert "De gesprekken lopen uiteen in beurt 4." in text_of(table)
    lines = series(sim.chart_svg)
    assert lines["eerdere gesprek"] == pytest.approx(readiness(earlier), abs=1e-4)
    assert lines["dit gesprek"] == pytest.approx(readiness(sim.conversation), abs=1e-4)
    assert 'data-x="4"' in sim.chart_svg and sim.chart.marker == 4


def test_going_back_twice_before_choosing_again_keeps_the_longer_earlier_path() -> None:
    sim = GesprekSimulator()
    choices = path_for(sim.scenario.key)
    play(sim, choices)
    full = sim.conversation
    assert sim.rewind(6) and sim.rewind(2)
    assert sim.earlier == full and sim.choices == tuple(choices[:1])
    # The same choice again: still on the earlier path, nothing to compare yet.
    click(sim, choices[1])
    assert sim.comparison is None and sim.earlier == full
    other = (choices[2] + 2) % len(sim.options)
    click(sim, other)
    assert sim.first_difference == 3
    # Rewinding on the new path makes the new path the one that is kept.
    new = sim.conversation
    assert sim.rewind(3)
    assert sim.earlier == new


def test_starting_again_forgets_the_path_and_the_comparison() -> None:
    sim = GesprekSimulator()
    play(sim, path_for(sim.scenario.key))
    sim.rewind(2)
    click(sim, (path_for(sim.scenario.key)[1] + 1) % len(sim.options))
    assert sim.comparison is not None
    sim.restart_button.click()
    assert sim.choices == () and sim.earlier is None and sim.comparison is None and sim.feedback is None
    assert sim.feedback_html == sim.comparison_html == "" and sim.reply == ""
    assert sim.transcript_html.count("<li") == 1  # only the client's opening line
    assert list(series(sim.chart_svg)) == ["dit gesprek"]


def test_switching_scenario_starts_the_new_one_from_its_first_turn() -> None:
    sim = GesprekSimulator()
    play(sim, path_for(sim.scenario.key)[:3])
    for key in SCENARIOS:
        assert sim.select_scenario(key)
        scenario = mgv.SCENARIOS[key]
        assert sim.scenario_choice.value == key and sim.scenario is scenario
        assert sim.choices == () and sim.options == tuple(o.text for o in scenario.turns[0].options)
        assert html.escape(scenario.title) in sim.description.value
        assert html.escape(scenario.client_name) in sim.transcript_html
        click(sim, 0)
    assert not sim.select_scenario("bestaat_niet")
    assert "Die casus bestaat niet" in sim.message.text and sim.choices == (0,)


@pytest.mark.parametrize("index", [-1, 4, 99, True, "1", 1.0, None])
def test_an_option_that_is_not_there_gets_a_dutch_message_and_changes_nothing(index: object) -> None:
    sim = GesprekSimulator()
    click(sim, 0)
    before = (sim.choices, sim.transcript_html)
    assert sim.choose(index) is False
    assert sim.message.text == ("Dat antwoord is er niet. Kies in beurt 2 een van de 4 antwoorden "
                                "hierboven.")
    assert (sim.choices, sim.transcript_html) == before
    click(sim, 1)  # a good choice clears the message
    assert sim.message.text == "" and sim.choices == (0, 1)


@pytest.mark.parametrize("turn", [0, -2, 5, "2", 2.5, None])
def test_going_back_to_a_turn_that_was_not_played_gets_a_dutch_message(turn: object) -> None:
    sim = GesprekSimulator()
    assert sim.rewind(1) is False and sim.message.text == "Er is nog geen beurt gespeeld. Kies eerst een antwoord."
    play(sim, [0, 1, 2])
    assert sim.rewind(turn) is False
    assert sim.message.text == "Je kunt alleen terug naar een beurt die al gespeeld is: beurt 1 tot en met 3."
    assert sim.choices == (0, 1, 2) and sim.earlier is None


def test_after_the_last_turn_a_choice_says_the_conversation_is_over() -> None:
    sim = GesprekSimulator()
    play(sim, path_for(sim.scenario.key))
    assert sim.choose(0) is False and "Het gesprek is afgelopen" in sim.message.text
    assert "Het gesprek is afgelopen" in text_of(sim.prompt.value)


def test_an_unexpected_error_is_shown_in_dutch_never_as_a_traceback() -> None:
    sim = GesprekSimulator()
    click(sim, 0)
    shown = sim.transcript_html
    with mock.patch.object(mgv_widgets.mgv, "simulate", side_effect=RuntimeError("boom")):
        assert sim.choose(1) is False
    assert sim.message.text.startswith("Er ging iets mis") and "Traceback" not in sim.message.value
    assert "boom" not in sim.message.value
    assert sim.transcript_html == shown and sim.choices == (0,)  # the last good state stays


def test_every_text_is_escaped() -> None:
    odd = "<b>Tom & \"Jerry\"</b>"
    turn = mgv.Turn(odd, tuple(mgv.Option(f"{odd} {i}", kind) for i, kind in
                               enumerate(("complex_reflection", "confrontation", "open_question"))),
                    {kind: (f"{odd} ({kind})",) for kind in mgv.TALK_KINDS})
    scenario = mgv.Scenario("proef", odd, odd, "<i>Sam</i>", mgv.ClientState(0.2, 0.3, 4, 3), (turn,) * 10, None)
    with mock.patch.dict(mgv.SCENARIOS, {"proef": scenario}):
        sim = GesprekSimulator("proef")
        play(sim, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        sim.rewind(2)
        click(sim, 2)
    shown = (sim.description.value + sim.transcript_html + sim.status_html + sim.feedback_html
             + sim.comparison_html + sim.chart_svg + sim.prompt.value)
    assert "<b>" not in shown and "<i>" not in shown
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;" in sim.transcript_html
    assert "&lt;i&gt;Sam&lt;/i&gt;" in sim.transcript_html


def test_everything_a_learner_reads_is_dutch() -> None:
    sim = GesprekSimulator()
    choices = path_for(sim.scenario.key)
    play(sim, choices)
    finished = visible_text(sim)
    sim.rewind(3)
    click(sim, (choices[2] + 1) % len(sim.options))
    sim.choose(99)
    text = finished + visible_text(sim)
    assert ENGLISH.findall(text) == []
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)  # no identifier such as complex_reflection
    assert "Terug naar beurt" in text and "Opnieuw beginnen" in text


def test_the_readiness_chart_is_named_and_marks_the_first_difference_for_a_screen_reader() -> None:
    sim = GesprekSimulator()
    play(sim, [0, 1, 2])
    svg = sim.chart_svg
    assert 'role="img"' in svg and 'aria-label="Bereidheid om te veranderen per beurt"' in svg
    assert 'class="asd-chart"' in svg and 'width="100%"' in svg
    desc = re.search(r"<desc>(.*?)</desc>", svg).group(1)
    assert html.unescape(desc) == f"dit gesprek: {format_percent(sim.readiness, 0)} na beurt 3."


# ---------------------------------------------------------------------------------------
# The coding exercise
# ---------------------------------------------------------------------------------------


def test_the_exercise_shows_every_utterance_with_the_codes_of_its_speaker() -> None:
    exercise = CodeerOefening()
    transcript = pd.read_csv(mgv.DATA_DIR / "codeeroefening.csv", dtype=str, keep_default_na=False)
    assert exercise.transcript["uiting"].tolist() == transcript["uiting"].str.strip().tolist()
    assert len(exercise.dropdowns) == len(transcript)
    for dropdown, speaker in zip(exercise.dropdowns, transcript["spreker"]):
        codes = [value for _, value in dropdown.options]
        allowed = mgv.MITI_CODES if speaker == "hulpverlener" else mgv.CLIENT_CODES
        assert codes == [NOT_CHOSEN, *allowed, ""] and dropdown.value == NOT_CHOSEN
        labels = " ".join(label for label, _ in dropdown.options)
        assert ENGLISH.findall(labels) == [] and "PERSUADE" not in labels and "_" not in labels
    assert exercise.agreement is None and exercise.matches is None


def test_comparing_shows_the_models_agreement_and_marks_every_line() -> None:
    exercise = CodeerOefening()
    reference = exercise.transcript["code"].tolist()
    coding = list(reference)
    wrong = {}
    for position, code in enumerate(reference):
        if position % 5 == 0:  # a learner's mistakes: another code of the same speaker
            options = [v for _, v in exercise.dropdowns[position].options if v not in (NOT_CHOSEN, code)]
            coding[position] = wrong[position] = options[position % len(options)]
    exercise.set_coding(coding)
    exercise.compare_button.click()
    assert exercise.message.text == ""
    expected = mgv.agreement(coding, reference)
    pd.testing.assert_frame_equal(exercise.agreement, expected)
    rows = re.findall(r"<tr><th scope='row'>(.*?)</th><td class='asd-num'>(\d+)</td><td class='asd-num'>(\d+)</td>"
                      r"<td class='asd-num'>(\d+)</td><td class='asd-num'>(.*?)</td></tr>", exercise.result_html)
    assert len(rows) == len(expected)
    for (label, in_reference, in_coding, alike, share), (code, row) in zip(rows, expected.iterrows()):
        assert html.unescape(label) == mgv_widgets.CODE_LABELS[code]
        shown = (int(in_reference), int(in_coding), int(alike))
        assert shown == (row["referentie"], row["codering"], row["gelijk"])
        assert html.unescape(share) == format_percent(row["overeenstemming"], 0)
    assert exercise.matches == tuple(position not in wrong for position in range(len(reference)))
    for position, mark in enumerate(exercise.marks):
        if position in wrong:
            assert "✗" in mark.value
            assert html.escape(mgv_widgets.CODE_LABELS[reference[position]]) in mark.value
        else:
            assert "✓ komt overeen" in mark.value
    alike = len(reference) - len(wrong)
    assert f"{alike} van de {len(reference)} uitingen" in exercise.result_html


def test_changing_a_code_after_comparing_asks_to_compare_again() -> None:
    exercise = CodeerOefening()
    reference = exercise.transcript["code"].tolist()
    exercise.set_coding(reference)
    assert exercise.compare()
    assert exercise.agreement.loc["totaal", "overeenstemming"] == 1.0
    exercise.dropdowns[0].value = ""  # "Geen code"
    assert exercise.agreement is None and all(m.value == "" for m in exercise.marks)
    assert "Klik opnieuw" in text_of(exercise.result.value)


def test_comparing_before_every_line_is_coded_says_which_lines_in_dutch() -> None:
    exercise = CodeerOefening()
    assert exercise.compare() is False
    assert exercise.message.text.startswith("Kies eerst een code bij elke uiting.")
    reference = exercise.transcript["code"].tolist()
    exercise.set_coding(reference[:-2])
    assert exercise.compare() is False
    n = len(reference)
    assert exercise.message.text == ("Kies eerst een code bij elke uiting. "
                                     f"Nog geen code bij uiting {n - 1} en {n}.")
    assert exercise.agreement is None


# ---------------------------------------------------------------------------------------
# Dashboard and static figure
# ---------------------------------------------------------------------------------------


def test_the_dashboard_holds_the_simulator_and_the_exercise_and_fills_its_page() -> None:
    board = mgv_widgets.dashboard()
    assert "asd-dashboard" in board._dom_classes and board.layout.width == "100%"
    assert isinstance(board.simulator, GesprekSimulator) and isinstance(board.exercise, CodeerOefening)
    assert board.simulator in board.children and board.exercise in board.children
    # The book's browser tests find a module's widget by ".asd-mgv.asd-widget": one per page.
    assert "asd-mgv" in board.simulator._dom_classes and "asd-mgv" not in board.exercise._dom_classes
    assert WIDGET_CLASS in board.exercise._dom_classes
    # One static-page note per page (the dashboards' browser test finds it by its class).
    notes = [c for widget in (board.simulator, board.exercise) for c in widget.children
             if isinstance(c, w.HTML) and "asd-static-note" in c.value]
    assert len(notes) == 1
    assert sum("asd-static-note" in c.value for c in CodeerOefening().children if isinstance(c, w.HTML)) == 1


def test_the_static_figure_draws_the_models_readiness_for_both_paths() -> None:
    key = mgv_widgets.START_SCENARIO
    fig = mgv_widgets.plot_voorbeeldgesprek(key)
    try:
        lines = fig.axes[0].get_lines()
        assert len(lines) == 2
        for line, preference in zip(lines, (mgv_widgets.MI_PREFERENCE, mgv_widgets.REFLEX_PREFERENCE)):
            conversation = mgv.simulate(key, mgv_widgets.example_choices(key, preference), seed=0)
            assert list(line.get_ydata()) == pytest.approx([100 * r for r in readiness(conversation)])
            assert conversation.final.process in line.get_label()
        mi, reflex = (line.get_ydata()[-1] for line in lines)
        assert mi > reflex  # what the page says about the figure
    finally:
        plt.close(fig)


def test_the_example_paths_pick_mi_consistent_and_righting_reflex_responses() -> None:
    key = mgv_widgets.START_SCENARIO
    turns = mgv.SCENARIOS[key].turns
    mi = mgv_widgets.example_choices(key, mgv_widgets.MI_PREFERENCE)
    reflex = mgv_widgets.example_choices(key, mgv_widgets.REFLEX_PREFERENCE)
    assert all(turn.options[i].response_type in mgv.MI_CONSISTENT for turn, i in zip(turns, mi))
    assert all(turn.options[i].response_type not in mgv.MI_CONSISTENT for turn, i in zip(turns, reflex))

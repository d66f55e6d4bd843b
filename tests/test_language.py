"""The page in 中文 and English: both catalogs hold every key with the same fields, and under `lang=zh` no English
reaches the page, neither in its text and controls nor in its charts, for every landscape, view and lesson."""

import re
import string

import pytest

import landscapes
import language
import optimizers
from page.lessons import catalog as lessons
from tests.specs import figures, payloads, tables
from tests.test_app import run_page

NAMES = {
    # Names of people and methods, which Chinese writes as they are, and the formula box's function names.
    "Adam", "AdamW", "AdaGrad", "RMSProp", "Nesterov", "Rosenbrock", "Himmelblau", "Beale", "Rastrigin", "Ackley",
    "Adadelta", "NAdam", "RAdam", "Lion", "BFGS", "LBFGS", "Chen", "torch", "optim", "GIF", "HTML", "PNG",
    "CSV", "epoch", "tanh", "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "sinh", "cosh", "atan", "pi",
} | {  # an optimizer whose Chinese title is its English one is a name Chinese writes as it is
    word for name in optimizers.names() if language.words("zh")(f"optimizer.{name}.title") == optimizers.get(name).title
    for word in re.findall(r"[A-Za-z]{2,}", optimizers.get(name).title)
} | {  # and so is a capitalised word (an author's name) that a Chinese text copies from its English one
    word for key, text in language.catalog("zh").items() for word in re.findall(r"\b[A-Z][a-z]+\b", text)
    if word in language.catalog("en").get(key, "")
}  # fmt: skip
STREAMLIT_OWN = {"Choose", "an", "option", "options"}
"""Streamlit writes its own widgets' placeholders in English (streamlit issue 1353); the README says so."""


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogs_hold_every_key_with_the_same_fields():
    english, chinese = language.catalog("en"), language.catalog("zh")
    assert language.missing("zh") == [], "keys missing in zh.toml"
    assert set(chinese) - set(english) == set(), "keys in zh.toml that English lacks"
    for key, text in english.items():
        assert fields(chinese[key]) <= fields(text), (key, "a field English does not fill")
    dropped = {key for key, text in english.items() if fields(chinese[key]) != fields(text)}
    # Python's own reason for a syntax error and the name of a refused construct are English: zh leaves them out.
    assert dropped == {"formula_error.syntax", "formula_error.not_allowed"}


def test_a_word_missing_from_a_catalog_is_shown_in_english_and_logged(caplog, monkeypatch):
    """A new optimizer without its Chinese words yet is a line in the log, not a KeyError for every visitor."""
    say = language.Words("zh")
    monkeypatch.delitem(say.texts, "optimizer.adam.title")
    assert say("optimizer.adam.title") == "Adam"
    assert "has no 'optimizer.adam.title'" in caplog.text


def test_the_chapter_speaks_its_own_terms():
    say = language.words("zh")
    assert say("optimizer.gd.title") == "梯度下降"
    assert say("plot.global_minimum") == "全局最小值"
    assert say("plot.local_minimum") == "局部最小值"
    assert "学习率 η" in say("control.rate")
    for term in ("前向传播", "反向传播"):
        assert term in say("panel.steps_caption"), "the step table names the two passes"
    assert "损失函数" in say("plot.gap")
    for term in ("批量梯度下降", "随机梯度下降", "小批量梯度下降"):
        assert term in say("control.batch_size_help")
    assert say("control.convex") == "凸函数"


@pytest.mark.parametrize(
    ("locale", "lang"), [("zh-CN", "zh"), ("zh_TW", "zh"), ("zh-Hant-HK", "zh"), ("en-GB", "en"), ("de", "en"),
                         (None, "en"), ("", "en")],
)  # fmt: skip
def test_the_browser_language_picks_chinese_for_any_chinese(locale, lang):
    assert language.from_locale(locale) == lang


LATEX_COMMAND = r"\\(mathrm|begin|end)\{[^}]*\}|\\[A-Za-z]+"
"""A LaTeX command (with the name a function or an environment is given), not words the reader reads."""


def english_in(text: str) -> list[str]:
    """English words in `text`: runs of two or more Latin letters outside code spans, Markdown directives,
    HTML tags, Plotly's %{…} fields and the commands of $…$ math (whose \\text{…} is read), other than the names
    Chinese writes as they are."""
    text = re.sub(r"(`+).*?\1", " ", text)
    text = re.sub(r"\$(.+?)\$", lambda math: re.sub(LATEX_COMMAND, " ", math.group(1)), text)
    text = re.sub(r":[a-z]+-badge\[|:material/[a-z_]+:|<[^>]*>|%\{[^}]*\}", " ", text)
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in NAMES | STREAMLIT_OWN]


def page_texts(at) -> list[str]:
    """Every text the page shows: its writing, its controls' labels, help and options, its tables' headers."""
    texts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [element.value for element in at.get(kind)]
    for kind in ("selectbox", "multiselect", "slider", "select_slider", "radio", "toggle", "number_input",
                 "text_input", "button", "download_button"):  # fmt: skip
        # The language switch names each language in itself, so that a reader of either finds it.
        for widget in (w for w in at.get(kind) if w.key != "lang"):
            texts += [widget.label, widget.help or ""]
            texts += [str(option) for option in getattr(widget, "options", [])]
    texts += [block.proto.popover.label for block in at.get("popover")]
    texts += [block.proto.expandable.label for block in at.get("expandable")]
    for table in tables(at):
        texts += [str(column) for column in table.columns]
        texts += [value for value in table.to_numpy().ravel() if isinstance(value, str)]
    return texts


def chart_texts(at) -> list[str]:
    """Every text in the page's charts: names, hover, labels, titles, buttons, and what the η control says."""
    texts = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                walk(inner, inner_key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif isinstance(value, str) and key in ("name", "hovertemplate", "text", "label", "prefix"):
            texts.append(value)

    for figure in figures(at):
        walk(figure)
    for payload in payloads(at):
        options = payload["options"]
        texts += [*options.get("texts", {}).values(), options.get("alone", "")]
        for path in payload["parts"].get("sweep", {}).get("content", {}).get("paths", {}).values():
            texts += path["outcomes"]
    return texts


HAN = "[\u3400-\u9fff]"
CHINESE_MARKS = "，。：；！？（）、“”"
TYPOGRAPHY = {
    "half-width punctuation in a Chinese sentence": rf"{HAN}[,:;!?(]|[,:;!?)]{HAN}|\({HAN}|{HAN}\)",
    "a space between Chinese characters (a line break inside a paragraph is one)": rf"{HAN}\s+{HAN}",
}
"""How Chinese is set, as the lessons set it: full-width punctuation in Chinese sentences, no stray spaces inside
them, and bold markup that renders (`**前向传播:**预测值` showed its asterisks)."""


PUNCTUATION = set(CHINESE_MARKS + ",.:;!?()\"'")


def broken_bold(text: str) -> list[str]:
    """Bold markers Markdown will print as asterisks: a closing `**` after punctuation with a character right
    after it (`**前向传播:**预测值`), or an opening one before punctuation with a character right before it."""
    broken = []
    for count, marker in enumerate(re.finditer(r"\*\*", text)):
        before = text[marker.start() - 1] if marker.start() else " "
        after = text[marker.end()] if marker.end() < len(text) else " "
        inner, outer = (before, after) if count % 2 else (after, before)
        if inner in PUNCTUATION and not (outer.isspace() or outer in PUNCTUATION):
            broken.append(f"bold markup that shows its asterisks: …{before}**{after}…")
    return broken


def typography_in(text: str) -> list[str]:
    text = re.sub(r"(`+).*?\1|%\{[^}]*\}|<[^>]*>", "x", text)  # code, Plotly fields and tags stand as a word
    found = [f"{rule}: …{m.group(0)}…" for rule, pattern in TYPOGRAPHY.items() for m in re.finditer(pattern, text)]
    return found + broken_bold(text)


def assert_chinese(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = page_texts(at) + chart_texts(at)
    found = {word for text in texts for word in english_in(text)}
    assert not found, found
    misset = {problem for text in texts for problem in typography_in(text)}
    assert not misset, misset


def test_the_chinese_catalog_and_lessons_are_set_as_chinese_is_set():
    texts = list(language.catalog("zh").values())
    for lesson in lessons().values():
        texts.append(lesson.title["zh"])
        for step in lesson.steps:
            texts.append(step.narration["zh"])
            if step.question:
                q = step.question
                texts += [q.text["zh"], q.why["zh"], *(a["zh"] for a in q.answers)]
                texts += [m["zh"] for m in q.mistakes if m]
    misset = {problem for text in texts for problem in typography_in(text)}
    assert not misset, misset


@pytest.mark.parametrize("name", landscapes.names())
def test_no_english_reaches_the_page_under_lang_zh(name):
    assert_chinese(run_page(lang="zh", landscape=name, optimizers="gd,momentum,adam", steps="50"))


@pytest.mark.parametrize(
    "scene",
    [
        {"landscape": "himmelblau", "view": "surface"},
        {"landscape": "himmelblau", "basins": "true"},
        {"landscape": "local_minimum", "basins": "true"},
        {"landscape": "rastrigin", "basins": "true"},
        {"landscape": "parabola", "optimizers": "gd", "stepping": "true", "iteration": "3"},
        {"landscape": "ravine", "lr": "0.5", "optimizers": "gd,nesterov", "own_rates": "true"},
        {"landscape": "linear_regression", "compare": "true", "loss_axis": "examples", "inspect": "2"},
        {"landscape": "saddle", "lr": "0.5"},
        {"landscape": "local_minimum", "schedule": "step", "optimizers": "adagrad,rmsprop,adamw"},
        {"landscape": "himmelblau", "optimizers": "newton,lbfgs,lion,nadam,radam,adadelta"},
        {"landscape": "local_minimum", "optimizers": "newton,lbfgs", "start_x": "0.3", "lr": "1"},
        {"landscape": "formula", "formula": "2x + y"},
        {"landscape": "formula", "formula": "log(x) + y^2"},
        {"landscape": "banana", "lr": "huge", "present": "1"},
        {"optimizers": ""},
    ],
    ids=lambda scene: "-".join(scene.values()) or "none",
)
def test_no_english_in_any_view_or_message_under_lang_zh(scene):
    assert_chinese(run_page(lang="zh", **scene))


STEPS = [(name, index) for name, lesson in lessons().items() for index in range(len(lesson.steps))]


@pytest.mark.parametrize("name", optimizers.names())
def test_no_english_in_any_optimizers_update_written_out_under_lang_zh(name):
    at = run_page(lang="zh", landscape="ravine", optimizers=name, stepping="true", iteration="3")
    assert any("$" in m.value for m in at.markdown), "the update is written out"
    assert_chinese(at)


@pytest.mark.parametrize(("name", "index"), STEPS, ids=[f"{n}-{i + 1}" for n, i in STEPS])
def test_no_english_in_any_lesson_under_lang_zh(name, index):
    at = run_page(lang="zh", lesson=name, step=str(index + 1))
    assert_chinese(at)
    say = language.words("zh")
    if lessons()[name].steps[index].question is not None:
        next(button for button in at.button if button.label == say("lesson.just_show")).click().run()
        assert_chinese(at)


def test_the_language_switch_changes_the_page_and_reaches_the_link():
    at = run_page()
    assert "Learning rate η (log scale)" in [s.label for s in at.select_slider]
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    assert "学习率 η（对数刻度）" in [s.label for s in at.select_slider]
    assert at.query_params["lang"] == "zh"
    main = figures(at)[0]
    assert "梯度下降" in [trace.get("name") for trace in main["data"]], "the chart's legend too"
    at.radio(key="lang").set_value("en").run()
    assert "lang" not in at.query_params, "the browser's own language needs no mention"


def test_a_chinese_link_opens_in_chinese_and_a_strange_language_falls_back_with_a_notice():
    assert run_page(lang="zh").markdown[0].value.startswith("**梯度下降实验室**")
    at = run_page(lang="fr")
    assert not at.exception
    assert at.markdown[0].value.startswith("**Gradient Descent Lab**")
    assert "language" in at.warning[0].value

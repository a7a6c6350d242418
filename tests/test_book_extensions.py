"""The book's own Sphinx extensions (book/_ext)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import asd_code_cache  # noqa: E402  (a local extension, not a package)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for name, text in {"modules/mkba.py": "RATE = 0.0225\n", "widgets/mkba.py": "LABEL = 'a'\n",
                       "requirements.txt": "numpy==2.4.6\n", "book/intro.md": "# Hallo\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_code_version_changes_with_the_code_the_pages_import(course: Path) -> None:
    before = asd_code_cache.code_version(course)
    assert asd_code_cache.code_version(course) == before  # stable when nothing changed
    (course / "book/intro.md").write_text("# Anders\n")
    assert asd_code_cache.code_version(course) == before  # pages have their own cache key
    (course / "modules/mkba.py").write_text("RATE = 0.03\n")
    after_model = asd_code_cache.code_version(course)
    assert after_model != before
    (course / "widgets/new.py").write_text("X = 1\n")
    assert asd_code_cache.code_version(course) != after_model
    (course / "requirements.txt").write_text("numpy==2.5.0\n")
    assert asd_code_cache.code_version(course) not in (before, after_model)


def test_each_code_version_gets_its_own_execution_cache(course: Path) -> None:
    out = course / "_build" / "html"
    stale = course / "_build" / ".jupyter_cache" / "0123456789abcdef"
    stale.mkdir(parents=True)
    config = SimpleNamespace(nb_execution_cache_path="", asd_code_version="")
    app = SimpleNamespace(srcdir=str(course), outdir=str(out))
    asd_code_cache._use_versioned_cache(app, config)
    version = asd_code_cache.code_version(course)
    assert config.asd_code_version == version
    assert Path(config.nb_execution_cache_path) == course / "_build" / ".jupyter_cache" / version
    assert not stale.exists()  # outputs of old code can never be used again


# ---------------------------------------------------------------- asd_interface

import asd_interface  # noqa: E402


def test_a_sidebar_chevron_is_named_after_its_chapter_and_a_caption_is_left_alone() -> None:
    html = ('<ul><li class="has-children"><a href="x.html">2. Schuldhulpverlening</a><details>'
            '<summary><span class="toctree-toggle" role="presentation"><i></i></span></summary>'
            '<ul><li>a</li></ul></details></li>'
            '<li class="has-children"><details><summary><p class="caption">Modules</p>'
            '<span class="toctree-toggle"></span></summary></details></li></ul>')
    named = asd_interface.name_section_toggles(html)
    assert named.count("visually-hidden") == 1
    assert '<summary><span class="visually-hidden">Onderdelen van 2. Schuldhulpverlening</span>' in named
    assert asd_interface.name_section_toggles("<ul><li>a</li></ul>") == "<ul><li>a</li></ul>"


@pytest.mark.parametrize(("html_settings", "shown"), [
    ({}, {"use_download_button": False, "use_fullscreen_button": False}),
    ({"use_download_button": True}, {"use_download_button": True, "use_fullscreen_button": False}),
    ({"use_download_button": False, "use_fullscreen_button": True},
     {"use_download_button": False, "use_fullscreen_button": True}),
])
def test_the_buttons_of_config_yml_reach_the_theme(tmp_path: Path, html_settings, shown) -> None:
    import yaml

    (tmp_path / "_config.yml").write_text(yaml.safe_dump({"title": "x", "html": html_settings}))
    config = SimpleNamespace(html_theme_options={"search_bar_text": "Zoek"})
    asd_interface._honour_button_settings(SimpleNamespace(srcdir=str(tmp_path)), config)
    assert config.html_theme_options == {"search_bar_text": "Zoek", **shown}


def test_the_books_own_config_switches_both_buttons_off() -> None:
    config = SimpleNamespace(html_theme_options={})
    asd_interface._honour_button_settings(SimpleNamespace(srcdir=str(ROOT)), config)
    assert config.html_theme_options == {"use_download_button": False, "use_fullscreen_button": False}

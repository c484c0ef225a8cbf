"""The interface language: English (the source texts) or Simplified Chinese (``zh_CN``).

Every user-visible string in :mod:`netbuilder.ui` goes through ``self.tr`` or
``QCoreApplication.translate``; the Chinese texts live in ``netbuilder_zh_CN.ts`` next to this
module (regenerate it with ``python -m netbuilder.ui.i18n.update_ts`` after changing UI strings;
new strings arrive unfinished and ``tests/ui/test_i18n.py`` fails until they are translated).

``set_language(code)`` installs (or removes) the translators at run time; Qt then sends every
widget a ``LanguageChange`` event and the widgets re-set their texts (``retranslate_ui``).
The choice is kept in QSettings under ``ui/language``; empty means "follow the system locale".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from .ts_translator import TsTranslator

HERE = Path(__file__).resolve().parent
#: Language code → its own name (shown in View › Language).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SETTINGS_KEY = "ui/language"

_state = {"language": "en", "installed": []}
_cache: dict[str, TsTranslator] = {}


def ts_path(language: str) -> Path:
    return HERE / f"netbuilder_{language}.ts"


def system_language() -> str:
    """``zh_CN`` for any Chinese system locale (zh_CN, zh_SG, zh_TW, ...), else ``en``."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def current_language() -> str:
    return _state["language"]


def is_chinese() -> bool:
    return _state["language"] == "zh_CN"


def _translator(language: str) -> TsTranslator:
    if language not in _cache:
        _cache[language] = TsTranslator(ts_path(language))
    return _cache[language]


def set_language(language: str | None) -> str:
    """Switch the interface to ``language`` (``None``/empty: the system locale); returns the code.

    Installs netbuilder's translator plus Qt's own (standard buttons, context menus) when Qt ships
    one; removing/installing them makes Qt send ``LanguageChange`` to every widget.
    """
    language = language or system_language()
    if language not in LANGUAGES:
        language = "en"
    app = QCoreApplication.instance()
    removed = bool(_state["installed"])
    for t in _state["installed"]:
        app.removeTranslator(t)
    _state["installed"] = []
    _state["language"] = language
    if language != "en":
        ours = _translator(language)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            _state["installed"].append(qt)
        app.installTranslator(ours)
        _state["installed"].append(ours)
    if not removed and not _state["installed"]:
        QCoreApplication.sendEvent(app, QEvent(QEvent.LanguageChange))  # en → en: still refresh
    # QApplication posts LanguageChange to the windows: deliver it now, so texts are right on return
    QCoreApplication.sendPostedEvents(None, QEvent.LanguageChange)
    return language


def saved_language(settings) -> str:
    """The language stored in ``settings`` ("" when the user never chose one)."""
    v = settings.value(SETTINGS_KEY) if settings.contains(SETTINGS_KEY) else ""
    return str(v or "")


def apply_saved_language(settings) -> str:
    """Start-up: the remembered choice, else the system locale."""
    return set_language(saved_language(settings) or system_language())


def choose_language(settings, language: str) -> str:
    """View › Language: switch now and remember the choice."""
    language = set_language(language)
    settings.setValue(SETTINGS_KEY, language)
    settings.sync()
    return language


class Retranslatable:
    """Mixin for widgets: ``retranslate_ui()`` runs again whenever the language changes.

    Put it before the Qt class (``class Panel(Retranslatable, QWidget)``) and set every text in
    ``retranslate_ui`` (called once at the end of ``__init__`` too).
    """

    def changeEvent(self, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:  # pragma: no cover - overridden
        pass

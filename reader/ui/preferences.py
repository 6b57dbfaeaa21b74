"""Preferences: the optional local model server (URL, model name, test button, remote permission).

Stored in QSettings under model/*; an empty URL means no model (the engine alone, no network).
$UNSPIN_MODEL is the fallback when the preferences name no server, as for the command line.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.engine.local_model import ModelConfig, ModelError, check, config_from_env, parse_model_spec
from reader.ui.window_state import read_bool

KEY_URL, KEY_NAME, KEY_REMOTE = "model/url", "model/name", "model/allow_remote"
REMOTE_WARNING = (
    "Every paragraph you correct is sent to that computer. Tick this only for a server you run "
    "or trust (your own machine on the network, not a public service)."
)


def model_config(settings: QSettings) -> ModelConfig | None:
    """The model the window should use, or None. A bad or refused setting gives None (the dialog says why)."""
    url = str(settings.value(KEY_URL, "") or "").strip()
    remote = read_bool(settings, KEY_REMOTE, False)
    try:
        if not url:
            return config_from_env(allow_remote=remote)
        name = str(settings.value(KEY_NAME, "") or "").strip()
        return parse_model_spec(f"{url}#{name}" if name else url, allow_remote=remote)
    except ModelError:
        return None


def model_problem(settings: QSettings) -> str | None:
    """Why the configured model cannot be used, or None (no model, or a usable one)."""
    url = str(settings.value(KEY_URL, "") or "").strip()
    if not url:
        return None
    try:
        parse_model_spec(url, allow_remote=read_bool(settings, KEY_REMOTE, False))
    except ModelError as e:
        return str(e)
    return None


class PreferencesDialog(QDialog):
    """Edits the model settings; Test asks the server on a worker and shows the answer."""

    test_finished = Signal(bool, str)

    def __init__(self, settings: QSettings, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.runner = runner
        self._test_job = None

        self.url = QLineEdit(str(settings.value(KEY_URL, "") or ""))
        self.url.setPlaceholderText("http://127.0.0.1:8080/v1  (empty: no model)")
        self.url.setToolTip("The OpenAI-compatible address of llama-server, Ollama, LM Studio or vLLM")
        self.name = QLineEdit(str(settings.value(KEY_NAME, "") or ""))
        self.name.setPlaceholderText("as the server names it, e.g. qwen2.5:7b (may be empty)")
        self.remote = QCheckBox("Allow a server on another computer")
        self.remote.setChecked(read_bool(settings, KEY_REMOTE, False))
        self.warning = QLabel(REMOTE_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b3261e;")
        self.test_button = QPushButton("&Test")
        self.test_button.setToolTip("Send one short paragraph to the server and time the answer")
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        intro = QLabel(
            "A local language model server can restore what the engine's tables cannot. "
            "Without one the engine works alone and nothing leaves this computer."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Server &URL:", self.url)
        form.addRow("&Model:", self.name)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        v = QVBoxLayout(self)
        v.addWidget(intro)
        v.addLayout(form)
        v.addWidget(self.remote)
        v.addWidget(self.warning)
        v.addLayout(test_row)
        v.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test)
        self.remote.toggled.connect(self._remote_toggled)
        self._remote_toggled(self.remote.isChecked())

    def _remote_toggled(self, on: bool) -> None:
        self.warning.setVisible(on)

    def config(self) -> ModelConfig | None:
        """What the fields say; raises ModelError for an unusable URL. None when the URL is empty."""
        url = self.url.text().strip()
        if not url:
            return None
        name = self.name.text().strip()
        return parse_model_spec(f"{url}#{name}" if name else url, allow_remote=self.remote.isChecked())

    def test(self) -> None:
        try:
            config = self.config()
        except ModelError as e:
            self._tested(False, str(e))
            return
        if config is None:
            self._tested(False, "No server URL: the engine works alone.")
            return
        self.test_button.setEnabled(False)
        self.result.setText("Asking the server…")
        self._test_job = self.runner.submit(
            lambda cancel, _progress: check(config, cancel),
            on_result=lambda r: self._tested(r.ok, r.message),
            on_error=lambda exc: self._tested(False, str(exc)),
            name="model-check",
        )

    def _tested(self, ok: bool, message: str) -> None:
        self._test_job = None
        self.test_button.setEnabled(True)
        self.result.setText(("✓ " if ok else "✗ ") + message)
        self.result.setStyleSheet("" if ok else "color: #b3261e;")
        self.test_finished.emit(ok, message)

    def accept(self) -> None:
        try:
            self.config()
        except ModelError as e:
            self._tested(False, str(e))
            return
        self.settings.setValue(KEY_URL, self.url.text().strip())
        self.settings.setValue(KEY_NAME, self.name.text().strip())
        self.settings.setValue(KEY_REMOTE, self.remote.isChecked())
        self.settings.sync()
        super().accept()

    def done(self, result: int) -> None:
        if self._test_job is not None:
            self._test_job.cancel.set()
        super().done(result)

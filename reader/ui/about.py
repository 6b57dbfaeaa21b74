"""The About box, with the attributions the bundled data requires."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from reader.engine.model import ENGINE_VERSION

ABOUT_HTML = f"""
<h3>Unspin Reader</h3>
<p>Reads spun web articles as they were written: every substituted phrase found, restored and
explained. Engine {ENGINE_VERSION}. Works offline.</p>
<p><b>Data used</b></p>
<ul>
<li>Tortured-phrase list from the <i>Problematic Paper Screener</i> by Guillaume Cabanac, Cyril Labbé and
Alexander Magazinov (“Tortured phrases: A dubious writing style emerging in science”, arXiv:2107.06751),
licensed CC BY 4.0.</li>
<li>The CMU US-English trigram language model shipped in pocketsphinx (Carnegie Mellon University,
BSD-2-Clause).</li>
<li>WordNet 3.0, © 2006 Princeton University (WordNet licence), and Moby Thesaurus II by Grady Ward
(public domain), inverted into the thesaurus.</li>
<li>Word frequencies from wordfreq by Robyn Speer, CC BY-SA 4.0; the tortured-phrase list was checked
against symspellpy's Google Books counts (CC BY 3.0).</li>
</ul>
<p>Built with Qt / PySide6 (LGPL).</p>
"""


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Unspin Reader", ABOUT_HTML)

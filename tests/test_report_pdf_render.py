"""Rendering PDFs one after another in a long-lived process: the garbage collector, off while
WeasyPrint lays out, is always back on."""

import gc

import pytest

from reports import document

HTML = '<html><head><link rel="stylesheet" href="/static/reports/report.css"></head><body>ก</body>'


def test_the_garbage_collector_is_back_on_after_a_render():
    assert document.render_pdf(HTML).startswith(b"%PDF")
    assert gc.isenabled()


def test_the_garbage_collector_is_back_on_after_a_failed_render():
    with pytest.raises(TypeError):
        document.render_pdf(None)
    assert gc.isenabled()

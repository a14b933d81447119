"""How fast the annual report renders, and how it compares with other ways to make the PDF.

Run from the project root: python bench/report.py

It sets up Django on a throwaway SQLite database, imports the Rangsit 2568 report and copies
its measures round-robin into reports of 5, 50 and 200 measures. For each it prints the HTML
time, the in-process PDF time (warm: the first render is not counted), the peak memory and
the number of queries; then, when installed, Chromium printing the same HTML and LibreOffice
converting it, each timed as a whole process. This is a benchmark, not a test.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [5, 50, 200]
RUNS = 3

WORK = Path(tempfile.mkdtemp(prefix="report-bench-"))
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from measures.models import Agency, Division, Measure, Result, Step  # noqa: E402
from reports import document  # noqa: E402

SEED = ROOT / "measures/demo/rangsit-2568-integrity-report.txt"


def make_agency(size, seed_agency, seed_measures):
    """A copy of the seed's agency and divisions with `size` measures cycling its five."""
    agency = Agency.objects.create(
        name=f"{seed_agency.name} ({size})",
        slug=f"bench-{size}",
        district=seed_agency.district,
        province=seed_agency.province,
    )
    # A measure's divisions must be its own agency's: copy the seed's, in the same order.
    divisions = {
        division.pk: Division.objects.create(
            agency=agency,
            name=division.name,
            short_name=division.short_name,
            position=division.position,
        )
        for division in seed_agency.divisions.all()
    }
    for number in range(1, size + 1):
        source = seed_measures[(number - 1) % len(seed_measures)]
        measure = Measure.objects.create(
            agency=agency,
            fiscal_year=source.fiscal_year,
            number=number,
            titles=source.titles,
            steps_style=source.steps_style,
            started_on=source.started_on,
            ended_on=source.ended_on,
            is_every_division=source.is_every_division,
            results_intro=source.results_intro,
            results_style=source.results_style,
            outcome=source.outcome,
        )
        for division in source.responsible_divisions.all():
            measure.responsible_divisions.add(divisions[division.pk])
        Step.objects.bulk_create(
            Step(measure=measure, position=s.position, text=s.text) for s in source.steps.all()
        )
        Result.objects.bulk_create(
            Result(measure=measure, position=r.position, text=r.text) for r in source.results.all()
        )
    return agency


def best_of(function):
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def timed_process(command):
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, timeout=300)
    return time.perf_counter() - started, completed.returncode


def chromium(html_path, pdf_path):
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        return "not installed"
    seconds, code = timed_process(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ]
    )
    return f"{seconds:.2f} s" if code == 0 and pdf_path.exists() else f"failed ({code})"


def libreoffice(html_path):
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    if not executable:
        return "not installed"
    seconds, code = timed_process(
        [executable, "--headless", "--convert-to", "pdf", "--outdir", str(WORK), str(html_path)]
    )
    return f"{seconds:.2f} s" if code == 0 else f"failed ({code})"


def main():
    print(f"Throwaway database in {WORK}")
    call_command("migrate", verbosity=0)
    call_command("import_report", str(SEED), stdout=open(os.devnull, "w"))
    seed_agency = Agency.objects.get(slug="rangsit")
    seed_measures = list(
        Measure.objects.for_report(seed_agency, 2568).prefetch_related("responsible_divisions")
    )
    fiscal_year = seed_measures[0].fiscal_year

    # Warm up: imports, template compilation, font loading.
    document.render_pdf(document.render_html(seed_agency, fiscal_year))

    header = (
        f"{'measures':>8} {'pages':>5} {'HTML':>8} {'PDF':>8} {'PDF peak':>9} "
        f"{'RSS peak':>9} {'queries':>7}  {'Chromium':>10}  {'LibreOffice':>12}"
    )
    print(header)
    print("-" * len(header))
    for size in SIZES:
        agency = seed_agency if size == len(seed_measures) else None
        agency = agency or make_agency(size, seed_agency, seed_measures)
        with CaptureQueriesContext(connection) as queries:
            document.render_html(agency, fiscal_year)
        html_seconds, html = best_of(lambda a=agency: document.render_html(a, fiscal_year))
        pdf_seconds, pdf = best_of(lambda h=html: document.render_pdf(h))
        # ru_maxrss only grows; sizes run smallest first, so each row shows its own peak. It is
        # read before tracemalloc, whose bookkeeping adds some 80 MB at 200 measures.
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        document.render_pdf(html)
        python_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        pdf_path = WORK / f"report-{size}.pdf"
        pdf_path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
        pages = next(
            (line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?"
        )
        # The file the command writes, which a browser can open from disk.
        html_path = WORK / f"report-{size}.html"
        standalone = document.render_html(agency, fiscal_year, self_contained=True)
        html_path.write_text(standalone, encoding="utf-8")
        print(
            f"{size:>8} {pages:>5} {html_seconds:>7.3f}s {pdf_seconds:>7.3f}s "
            f"{python_peak:>6.0f} MB {rss_peak:>6.0f} MB {len(queries):>7}  "
            f"{chromium(html_path, WORK / f'chromium-{size}.pdf'):>10}  "
            f"{libreoffice(html_path):>12}"
        )
    print(
        "\nHTML and PDF: best of 3 in this process. PDF peak: Python allocations during one "
        "PDF render (tracemalloc); RSS peak: the whole process so far, tracemalloc's own "
        "memory left out.\nChromium and "
        "LibreOffice: one whole process each (start-up included), printing the same HTML.\n"
        "LibreOffice converts the HTML through Writer's HTML import, which does not keep the "
        "layout; an equivalent .docx would be fairer."
    )
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()

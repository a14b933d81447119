"""How fast the annual report renders, and how it compares with other ways to make the PDF.

Run from the project root: python bench/report.py [SIZES…]   (default 5 50 200)

It sets up Django on a throwaway SQLite database, imports the Rangsit 2568 report and copies
its measures round-robin into reports of 5, 50 and 200 measures. For each it prints the HTML
time, the in-process PDF time (warm: the first render is not counted), the peak memory and
the number of queries; then Chromium (Debian's /usr/bin/chromium) printing the same HTML in
the same run, twice: through Playwright's page.pdf() in a browser already started (warm, as
our PDF is timed), and as a whole `chromium --headless --print-to-pdf` process; the PDF time
is given as a ratio to each. The target is at most 2 times Chromium for 200 measures. Our PDF
and Chromium's warm print take turns, BENCH_RUNS rounds of one each, and the best of each
counts: a shared machine's speed drifts over a minute, and turns meet it alike.
LibreOffice, when installed, converts the same HTML. This is a benchmark, not a test.
"""

import importlib.util
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in sys.argv[1:]] or [5, 50, 200]
RUNS = int(os.environ.get("BENCH_RUNS", 3))
TARGET_RATIO = 2
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

WORK = Path(tempfile.mkdtemp(prefix="report-bench-"))
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
# The hashed static names the report links with DEBUG off, collected here, not in the project.
os.environ["STATIC_ROOT"] = str(WORK / "static")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")
# Production settings (DEBUG off), with a throw-away key for this process only.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# Playwright's synchronous API runs an event loop beside the ORM calls of the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from measures.models import Agency, Division, Measure, Result, Step  # noqa: E402
from reports import document, parallel  # noqa: E402

# Timed here, not limited: a busy machine may take longer than one render is allowed.
document.MAX_SECONDS = 3600

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


def chromium_process(html_path, pdf_path):
    """Seconds for one whole `chromium --print-to-pdf` process, or None."""
    if not Path(CHROMIUM).exists():
        return None
    seconds, code = timed_process(
        [CHROMIUM, *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}"]
        + [html_path.as_uri()]
    )
    return seconds if code == 0 and pdf_path.exists() else None


# Chromium kept warm in a process of its own: Playwright runs a thread, and a process with
# other threads renders our PDF in one piece (reports/parallel.py), as a threaded server would.
# It prints each file it is sent and answers with the seconds the print took.
CHROMIUM_SERVER = """
import sys, time
from pathlib import Path
from playwright.sync_api import sync_playwright

executable, *args = sys.argv[1:]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=executable, args=args)
    for line in sys.stdin:
        started = time.perf_counter()
        page = browser.new_page()
        try:
            page.goto(Path(line.strip()).as_uri(), wait_until="load")
            # The stylesheet's @page size (A4 landscape) and margins, as WeasyPrint uses them.
            page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            page.close()
        print(time.perf_counter() - started, flush=True)
    browser.close()
"""


class WarmChromium:
    """Chromium started once through Playwright; page.pdf() timed like our warm render."""

    def __enter__(self):
        self.process = None
        if importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists():
            return self
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHROMIUM_SERVER, CHROMIUM, *CHROMIUM_ARGS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.seconds(WORK / f"report-{SIZES[0]}.html")  # warm up
        return self

    def seconds(self, html_path):
        """One print of the file, or None without a browser."""
        if self.process is None:
            return None
        self.process.stdin.write(f"{html_path}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=60)


def seconds_and_ratio(ours, theirs):
    if theirs is None:
        return f"{'n/a':>17}"
    return f"{theirs:>6.2f}s ({ours / theirs:4.1f}×)"


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
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("import_report", str(SEED), stdout=open(os.devnull, "w"))
    seed_agency = Agency.objects.get(slug="rangsit")
    seed_measures = list(
        Measure.objects.for_report(seed_agency, 2568).prefetch_related("responsible_divisions")
    )
    fiscal_year = seed_measures[0].fiscal_year

    # Warm up: imports, template compilation, font loading.
    document.render_pdf(document.render_html(seed_agency, fiscal_year))

    # The files the command writes, which a browser can open from disk.
    agencies = {}
    for size in SIZES:
        agency = seed_agency if size == len(seed_measures) else None
        agencies[size] = agency or make_agency(size, seed_agency, seed_measures)
        standalone = document.render_html(agencies[size], fiscal_year, self_contained=True)
        (WORK / f"report-{size}.html").write_text(standalone, encoding="utf-8")

    header = (
        f"{'measures':>8} {'pages':>5} {'parts':>5} {'HTML':>8} {'PDF':>8} {'PDF peak':>9} "
        f"{'RSS peak':>9} {'queries':>7}  {'Chromium warm':>17}  {'Chromium process':>17}  "
        f"{'LibreOffice':>12}"
    )
    print(header)
    print("-" * len(header))
    with WarmChromium() as warm:
        for size in SIZES:
            ratio = report_row(size, our_figures(size, agencies[size], fiscal_year, warm))
    print(
        f"\n200 measures: WeasyPrint takes {ratio:.1f}× Chromium's warm print of the same HTML "
        f"(target at most {TARGET_RATIO}×: {'met' if ratio <= TARGET_RATIO else 'NOT met'} "
        "on this run).\n"
        "HTML: best of BENCH_RUNS (3) in this process. PDF and Chromium warm: best of "
        "BENCH_RUNS rounds, each our PDF in this process, then Chromium's print of the same "
        "report, so that both meet the machine as it is at that moment; parts: processes rendering "
        "the PDF at once (REPORT_RENDER_PROCESSES). PDF peak: Python allocations "
        "during one PDF render (tracemalloc; this process only, not the parts'); "
        "RSS peak: the whole process so far, "
        "tracemalloc's own memory left out.\nChromium warm: page.pdf() in a browser started "
        "once (Playwright, in a process of its own); Chromium process: one whole chromium "
        "--print-to-pdf (start-up included); both print the same HTML; × is our PDF time "
        "over theirs.\n"
        "LibreOffice converts the HTML through Writer's HTML import, which does not keep the "
        "layout; an equivalent .docx would be fairer."
    )
    shutil.rmtree(WORK, ignore_errors=True)


def our_figures(size, agency, fiscal_year, warm):
    with CaptureQueriesContext(connection) as queries:
        document.render_html(agency, fiscal_year)
    html_seconds, html = best_of(lambda: document.render_html(agency, fiscal_year))
    html_path = WORK / f"report-{size}.html"
    pdf_timings, warm_timings = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf = document.render_pdf(html)
        pdf_timings.append(time.perf_counter() - started)
        warm_timings.append(warm.seconds(html_path))
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
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")
    parts = len(parallel.parts(html, parallel.processes(settings.REPORT_RENDER_PROCESSES)))
    return {
        "pages": pages,
        "parts": parts,
        "html_seconds": html_seconds,
        "pdf_seconds": min(pdf_timings),
        "warm_seconds": None if None in warm_timings else min(warm_timings),
        "python_peak": python_peak,
        "rss_peak": rss_peak,
        "queries": len(queries),
    }


def report_row(size, ours):
    html_path = WORK / f"report-{size}.html"
    warm_seconds = ours["warm_seconds"]
    process_seconds = chromium_process(html_path, WORK / f"chromium-{size}.pdf")
    pdf_seconds = ours["pdf_seconds"]
    print(
        f"{size:>8} {ours['pages']:>5} {ours['parts']:>5} {ours['html_seconds']:>7.3f}s "
        f"{pdf_seconds:>7.3f}s {ours['python_peak']:>6.0f} MB {ours['rss_peak']:>6.0f} MB "
        f"{ours['queries']:>7}  {seconds_and_ratio(pdf_seconds, warm_seconds)}  "
        f"{seconds_and_ratio(pdf_seconds, process_seconds)}  "
        f"{libreoffice(html_path):>12}"
    )
    return pdf_seconds / warm_seconds if warm_seconds else float("nan")


if __name__ == "__main__":
    main()

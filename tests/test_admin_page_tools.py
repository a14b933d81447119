"""A page's tools (the measure list has six: report, PDF, Excel out and in, deleted measures,
add) never cover the page's title, on a wide screen or a phone; and a measure's pages never
run off the side of a phone."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from measures.models import Measure
from tests.phone import PHONE, page_width
from tests.test_admin_input_font import measure  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"

OVERLAPS = """() => {
  const title = document.querySelector("#content h1").getBoundingClientRect();
  const tools = [...document.querySelectorAll(".object-tools a")];
  return {
    tools: tools.length,
    covering: tools.filter(tool => {
      const box = tool.getBoundingClientRect();
      return box.left < title.right && box.right > title.left
        && box.top < title.bottom && box.bottom > title.top;
    }).map(tool => tool.innerText),
    outside: tools.filter(tool => tool.getBoundingClientRect().right > innerWidth)
      .map(tool => tool.innerText),
  };
}"""


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_the_tools_leave_the_title_readable(page, live_server, log_in, coordinator, measure, width):  # noqa: F811
    page = log_in(coordinator)
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/admin/measures/measure/", f"/admin/measures/measure/{measure.pk}/change/"):
        page.goto(live_server.url + path)
        found = page.evaluate(OVERLAPS)
        assert found["tools"] >= 1, path
        assert found["covering"] == [], (path, width)
        assert found["outside"] == [], (path, width)


def test_a_measures_pages_fit_a_phone(page, live_server, log_in, coordinator, agency):
    # An imported measure: a long history, its reason naming the file.
    call_command("import_report", str(SEED), stdout=StringIO())
    imported = Measure.objects.get(agency=agency, number=1)
    page = log_in(coordinator)
    page.set_viewport_size(PHONE)
    for action in ("change", "history", "delete"):
        page.goto(f"{live_server.url}/admin/measures/measure/{imported.pk}/{action}/")
        assert page_width(page) <= 390, action
    page.goto(f"{live_server.url}/admin/measures/measure/{imported.pk}/history/")
    assert page.locator("#change-history tbody tr").count() >= 1

"""Every report PDF is a PDF/A-3u record, tagged for PDF/UA-1: identified in its XMP metadata,
with an output intent, every font embedded, the title as its window title and its heading,
one table with column headers and one row per measure, and its text read back as before.

veraPDF (a Java application fetched from its own site) cannot be installed here, so the
checks are made with pikepdf on the parts veraPDF would look at first."""

import io
import re
import subprocess

import pdfplumber
import pikepdf
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from weasyprint import HTML

from measures.models import Agency
from reports import archive, document

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
TITLE = (
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
    "ประจำปีงบประมาณ พ.ศ.๒๕๖๘ เทศบาลนครรังสิต"
)


@pytest.fixture
def seed_agency(db):
    call_command("import_report", str(SEED))
    return Agency.objects.get(slug="rangsit")


@pytest.fixture
def seed_html(seed_agency):
    return document.render_html(seed_agency, 2568)


@pytest.fixture
def seed_pdf(seed_html):
    return document.render_pdf(seed_html)


def pdftotext(pdf, tmp_path, name="report.pdf"):
    path = tmp_path / name
    path.write_bytes(pdf)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def xmp(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as reader:
        return dict(reader.open_metadata())


def assert_pdf_a_3u(pdf):
    metadata = xmp(pdf)
    assert metadata["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
    assert metadata["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "U"
    assert metadata["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


def test_the_pdf_identifies_itself_as_pdf_a_3u_and_pdf_ua_1(seed_pdf):
    assert_pdf_a_3u(seed_pdf)
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        assert pdf.pdf_version == "1.7"
        assert len(pdf.trailer.ID) == 2
        packet = pdf.Root.Metadata.read_bytes().decode()
    # PDF/A allows a property outside its own schemas only with an extension schema.
    schema = re.search(r"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>.*?</rdf:li>", packet, re.S)
    assert schema and "<pdfaProperty:name>part</pdfaProperty:name>" in schema[0]
    assert packet.startswith("<?xpacket begin=")
    assert packet.rstrip().endswith('<?xpacket end="r"?>')


def test_the_title_is_the_metadata_title_and_the_window_title(seed_pdf, seed_html):
    html_title = re.search(r"<title>(.*?)</title>", seed_html, re.DOTALL)[1]
    assert html_title == TITLE
    assert xmp(seed_pdf)["{http://purl.org/dc/elements/1.1/}title"] == TITLE
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        assert str(pdf.docinfo.Title) == TITLE
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.Lang) == "th"
        assert pdf.Root.MarkInfo.Marked


def test_it_has_an_srgb_output_intent(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        assert intent.DestOutputProfile.N == 3


def test_every_font_is_embedded(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor, str(descriptor.FontName)
            assert "LaksamanITA" in str(descriptor.FontName).replace("-", "")


def test_pages_fonts_and_structure_are_compressed_and_the_metadata_is_not(seed_pdf):
    # Each page's content is compressed once its artifacts are marked, the rest when join saves.
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        for page in pdf.pages:
            assert page.Contents.Filter == "/FlateDecode"
        for font in pdf.pages[0].Resources.Font.values():
            program = font.DescendantFonts[0].FontDescriptor.FontFile2
            assert program.Filter == "/FlateDecode"
        assert "/Filter" not in pdf.Root.Metadata
    # The structure tree's many small objects are packed in compressed object streams.
    assert b"/ObjStm" in seed_pdf


def children(element, tag=None):
    kids = element.get("/K", [])
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [
        kid
        for kid in kids
        if isinstance(kid, pikepdf.Dictionary) and (tag is None or kid.get("/S") == tag)
    ]


def descendants(element, tag):
    for kid in children(element):
        if kid.get("/S") == tag:
            yield kid
        yield from descendants(kid, tag)


def test_the_structure_is_a_heading_and_one_table_of_one_row_per_measure(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        assert len(pdf.pages) >= 2
        root = pdf.Root.StructTreeRoot
        [top] = children(root)
        assert top.S == "/Document"
        assert [kid.S for kid in children(top)][:4] == ["/H1", "/P", "/P", "/Table"]
        assert len(list(descendants(top, "/Table"))) == 1
        [table] = children(top, "/Table")
        [head] = children(table, "/THead")
        [header_row] = children(head, "/TR")
        headers = children(header_row, "/TH")
        assert len(headers) == 7
        assert all(header.A.Scope == "/Column" for header in headers)
        rows = [row for body in children(table, "/TBody") for row in children(body, "/TR")]
        # The seed has five measures, one of which runs onto the next page.
        assert len(rows) == 5
        ids = [header.ID for header in headers]
        for row in rows:
            cells = children(row, "/TD")
            assert [list(cell.A.Headers) for cell in cells] == [[i] for i in ids]


def test_all_content_is_tagged_or_an_artifact(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        reached = set()

        def walk(element, page):
            page = element.get("/Pg", page)
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    reached.add((page.objgen, int(kid)))
                elif isinstance(kid, pikepdf.Dictionary):
                    walk(kid, page)

        walk(pdf.Root.StructTreeRoot, None)
        text_outside = 0
        marked = set()
        for page in pdf.pages:
            depth = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC":
                    mcid = int(operands[1].MCID)
                    assert (page.objgen, mcid) in reached, f"MCID {mcid} is in no element"
                    marked.add((page.objgen, mcid))
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                elif name in ("TJ", "Tj") and depth == 0:
                    text_outside += 1
        assert text_outside == 0
        assert reached
        # Nothing the tree reaches was made an artifact.
        assert reached == marked


def test_each_page_is_final_when_rendered_and_the_join_copies_it(seed_html):
    """A page's artifacts are marked and its content compressed as it is rendered, while the
    parts of a long report render side by side; the join copies the pages as they are."""
    with document.font_configuration() as fonts:
        rendered = document.weasyprint_pdf(seed_html, fonts)
    joined = archive.join([rendered])
    with pikepdf.open(io.BytesIO(rendered)) as part, pikepdf.open(io.BytesIO(joined)) as whole:
        assert len(part.pages) >= 2
        for before, after in zip(part.pages, whole.pages, strict=True):
            assert before.Contents.Filter == "/FlateDecode"
            assert before.Contents.read_raw_bytes() == after.Contents.read_raw_bytes()
            # The page number at least.
            assert b"/Artifact BMC" in before.Contents.read_bytes()


def test_text_sits_in_its_element_and_the_parent_tree_names_that_element(seed_pdf):
    """Each run of text is a marked-content id of the element around it (not a Span of its
    own), and the parent tree maps every id to the element that holds it, on every page,
    the continued row's cells too."""
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        holders = {}
        single_text_spans = 0

        def walk(element, page):
            nonlocal single_text_spans
            page = element.get("/Pg", page)
            kids = element.get("/K", [])
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            if element.get("/S") == "/Span" and len(kids) == 1 and isinstance(kids[0], int):
                single_text_spans += 1
            for kid in kids:
                if isinstance(kid, int):
                    holders[page.objgen, int(kid)] = element.objgen
                elif kid.get("/Type") == "/MCR":
                    holders[kid.get("/Pg", page).objgen, int(kid.MCID)] = element.objgen
                elif kid.get("/Type") != "/OBJR":
                    walk(kid, page)

        walk(pdf.Root.StructTreeRoot.K[0], None)
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parent_tree = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))
        for page in pdf.pages:
            entries = parent_tree[int(page.obj.StructParents)]
            on_page = {
                mcid: holder for (objgen, mcid), holder in holders.items() if objgen == page.objgen
            }
            assert on_page
            for mcid, holder in on_page.items():
                assert entries[mcid].objgen == holder
        # WeasyPrint gives each run a Span of its own; the spans left are the report's own
        # (<span>), the header cells' and the continued row's.
        assert single_text_spans < len(holders) / 4, (single_text_spans, len(holders))


def test_the_text_reads_back_exactly_as_an_untagged_pdf(seed_html, seed_pdf, tmp_path):
    with document.font_configuration() as fonts:
        plain = HTML(
            string=seed_html, base_url=document.BASE_URL, url_fetcher=document.StaticFilesOnly()
        ).write_pdf(font_config=fonts)
    assert pdftotext(seed_pdf, tmp_path, "a.pdf") == pdftotext(plain, tmp_path, "plain.pdf")
    texts = []
    for pdf in (seed_pdf, plain):
        with pdfplumber.open(io.BytesIO(pdf)) as reader:
            texts.append([page.extract_text() for page in reader.pages])
    assert texts[0] == texts[1]


def test_the_download_and_the_command_are_pdf_a_too(client, coordinator, seed_agency, tmp_path):
    client.force_login(coordinator)
    response = client.get(reverse("reports:report_pdf", args=["rangsit", 2568]))
    assert response.status_code == 200
    assert_pdf_a_3u(response.content)

    output = tmp_path / "command.pdf"
    call_command("render_report", "rangsit", "2568", "--output", str(output))
    assert_pdf_a_3u(output.read_bytes())


def test_an_empty_report_is_pdf_a_and_tagged_too(agency):
    pdf = document.render_pdf(document.render_html(agency, 2568))
    assert_pdf_a_3u(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as reader:
        [top] = children(reader.Root.StructTreeRoot)
        assert len(list(descendants(top, "/Table"))) == 1
        assert len(list(descendants(top, "/H1"))) == 1

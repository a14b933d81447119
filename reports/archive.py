"""The report PDF as an archival, accessible record: PDF/A-3u, tagged for PDF/UA-1.

WeasyPrint writes the PDF/A identification, the sRGB output intent, the title and the
language, and a structure tree (pdf_tags). But it tags each page on its own: one Table per
page, the repeated header again on every page, a row split over two pages as two rows, and
the title inside the table header. A screen reader then hears the title and the header on
every page and a split measure as two. `restructure` rewrites the tree into what the report
is: the title as a heading, then one table with one header row and one row per measure; the
content that only repeats for print (the header on later pages, the page numbers) becomes
an artifact. The printed page and its text layer are left exactly as they were.
"""

import io
import re

import pikepdf

# The options every report PDF is written with (weasyprint's write_pdf).
WRITE_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}

ARTIFACT = pikepdf.Name("/Artifact")


def restructure(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K[0]
        tables = [kid for kid in document.K if kid.get("/S") == "/Table"]
        if tables:
            _join_tables(document, tables)
            _lift_title(document, tables[0])
            _label_headers(tables[0])
        _mark_untagged_content_as_artifacts(pdf, root)
        _declare_pdf_ua(pdf)
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True, fix_metadata_version=False)
    return output.getvalue()


# PDF/UA-1 identification, and the extension schema PDF/A requires for a property outside
# its predefined schemas (ISO 19005-2, 6.6.2.3).
PDF_UA_XMP = b"""<rdf:Description rdf:about=""
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
"""


def _declare_pdf_ua(pdf):
    metadata = pdf.Root.Metadata
    packet = metadata.read_bytes()
    end = packet.rindex(b"</rdf:RDF>")
    metadata.write(packet[:end] + PDF_UA_XMP + packet[end:])


def _parts(element, tag):
    return [
        kid
        for kid in element.get("/K", [])
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == tag
    ]


def _adopt(parent, kids):
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = parent
        parent.K.append(kid)


def _join_tables(document, tables):
    """One table: the body rows of every page's table under the first, and a row continued
    on the next page (its number cell empty) joined to the row it continues."""
    first = tables[0]
    body = _parts(first, "/TBody")[0]
    rows = _parts(body, "/TR")
    for table in tables[1:]:
        for part in _parts(table, "/TBody"):
            for row in _parts(part, "/TR"):
                cells = _parts(row, "/TD")
                if cells and not len(cells[0].K) and rows:
                    for cell, earlier in zip(cells, _parts(rows[-1], "/TD"), strict=False):
                        _adopt(earlier, list(cell.K))
                else:
                    row.P = body
                    rows.append(row)
    body.K = pikepdf.Array(rows)
    dropped = {table.objgen for table in tables[1:]}
    document.K = pikepdf.Array([kid for kid in document.K if kid.objgen not in dropped])


def _lift_title(document, table):
    """The title block (the first header row, one cell wide as the table) goes before the
    table as what it is, a heading and its lines, not a column header."""
    head = _parts(table, "/THead")[0]
    rows = _parts(head, "/TR")
    if len(rows) < 2:
        return
    title_cells = _parts(rows[0], "/TH")
    kids = [kid for cell in title_cells for kid in cell.K]
    head.K = pikepdf.Array([kid for kid in head.K if kid.objgen != rows[0].objgen])
    position = [kid.objgen for kid in document.K].index(table.objgen)
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = document
    document.K = pikepdf.Array([*document.K[:position], *kids, *document.K[position:]])


def _label_headers(table):
    """Every column header is a column header, and every cell names the header of its
    column (WeasyPrint's ids pointed at the headers of each page's own table)."""
    head = _parts(table, "/THead")[0]
    headers = _parts(_parts(head, "/TR")[-1], "/TH")
    ids = []
    for column, header in enumerate(headers):
        header.ID = pikepdf.String(f"column-{column + 1}")
        header.A = pikepdf.Dictionary(O=pikepdf.Name("/Table"), Scope=pikepdf.Name("/Column"))
        ids.append(header.ID)
    for body in _parts(table, "/TBody"):
        for row in _parts(body, "/TR"):
            column = 0
            for cell in _parts(row, "/TD"):
                span = int(cell.get("/A", {}).get("/ColSpan", 1))
                cell.A.Headers = pikepdf.Array(ids[column : column + span])
                column += span


def _tagged_content(element, page, found):
    """Collect (page objgen, MCID) of every marked content the structure tree reaches."""
    page = element.get("/Pg", page)
    kids = element.get("/K", [])
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int):
            found.add((page.objgen, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                found.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
            elif kid.get("/Type") != "/OBJR":
                _tagged_content(kid, page, found)


# How WeasyPrint opens a marked-content sequence: "/Span <</MCID 12>> BDC".
MARKED_CONTENT = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _mark_untagged_content_as_artifacts(pdf, root):
    """Content the tree no longer reaches (the header repeated on later pages, the page
    numbers WeasyPrint tags but leaves out of the tree) becomes /Artifact, as PDF/UA asks."""
    tagged = set()
    _tagged_content(root.K[0], None, tagged)
    parent_tree = {int(key): entries for key, entries in _pairs(root.ParentTree.Nums)}
    for index, page in enumerate(pdf.pages):
        entries = parent_tree.get(int(page.obj.get("/StructParents", index)))
        forgotten = []

        def artifact(match, page=page, forgotten=forgotten):
            mcid = int(match[1])
            if (page.objgen, mcid) in tagged:
                return match[0]
            forgotten.append(mcid)
            return b"/Artifact BMC"

        # A regular expression over the stream, not a parsed one: parsing takes seconds for
        # a 200-measure report, and WeasyPrint writes every marker the same way.
        page.contents_coalesce()
        content = MARKED_CONTENT.sub(artifact, page.Contents.read_bytes())
        if forgotten:
            page.Contents.write(content)
            for mcid in forgotten:
                if entries is not None and mcid < len(entries):
                    entries[mcid] = None


def _pairs(nums):
    items = list(nums)
    return zip(items[::2], items[1::2], strict=True)

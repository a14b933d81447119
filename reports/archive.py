"""The report PDF as an archival, accessible record: PDF/A-3u, tagged for PDF/UA-1.

WeasyPrint writes the PDF/A identification, the sRGB output intent, the title and the
language, and a structure tree (pdf_tags). But it tags each page on its own: one Table per
page, the repeated header again on every page, a row split over two pages as two rows, and
the title inside the table header. A screen reader then hears the title and the header on
every page and a split measure as two. `join` rewrites the tree into what the report is:
the title as a heading, then one table with one header row and one row per measure. The
content that only repeats for print (the header on later pages, the page numbers) is marked
as an artifact as each page is written, where the tree the join will make is already known.
The printed page and its text layer are left exactly as they were. A report
rendered in parts (reports/parallel.py) is joined first: the parts' pages in order, their
trees in one; as WeasyPrint tags each page on its own anyway, the rest is the same.
"""

import hashlib
import io
import re
import zlib

import pikepdf
import pydyf
import weasyprint.pdf

from reports import parallel

# The options every report PDF is written with (weasyprint's write_pdf). WeasyPrint would
# compress at zlib's slowest level: it writes uncompressed, each page's content is compressed
# once its artifacts are marked (below) and the rest when `join` saves.
WRITE_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True, "uncompressed_pdf": True}
# zlib's default: a quarter of the slowest level's time for 3% more bytes.
COMPRESSION_LEVEL = 6

_weasyprint_add_tags = weasyprint.pdf.add_tags


def _add_tags(pdf, document, pdf_version, page_streams):
    """WeasyPrint's tags, then the text in its elements and the artifacts marked, as the
    join wants them, while the parts still render side by side."""
    _weasyprint_add_tags(pdf, document, pdf_version, page_streams)
    _put_text_in_its_element(pdf)
    _mark_artifacts_and_compress(pdf, page_streams, parallel.first_page())


# generate_pdf calls it by the name weasyprint.pdf imported.
weasyprint.pdf.add_tags = _add_tags


def _resolver(pdf):
    objects = pdf.objects

    def resolve(reference):
        return objects[int(reference.split()[0])] if isinstance(reference, bytes) else None

    return resolve


def _put_text_in_its_element(pdf):
    """Each run of text in the element it belongs to.

    WeasyPrint gives every run of text (every line of a cell, every piece between two inline
    elements) a Span element of its own that holds nothing but that text: over half of the
    report's structure elements, which the join then reads, copies and writes again. Here the
    text goes straight into the element around it, as a marked-content id among its kids,
    and the parent tree maps it there: the same text in the same order under the same cells,
    paragraphs, list items and spans. Not where the join moves kids to an element on another
    page (a marked-content id names content on its element's page): the title's header
    cells, which become the heading, and the cells of a row that continues one from the page
    before (its number cell empty), which join the row they continue."""
    objects = pdf.objects
    resolve = _resolver(pdf)
    elements = [
        element
        for element in objects
        if isinstance(element, pydyf.Dictionary) and element.get("Type") == "/StructElem"
    ]
    kept = set()
    for row in elements:
        if row["S"] == "/TR":
            cells = [resolve(reference) for reference in row["K"]]
            if cells and isinstance(cells[0], pydyf.Dictionary) and not cells[0]["K"]:
                kept.update(id(cell) for cell in cells)
    moved = {}
    for element in elements:
        if not element or element["S"] == "/TH" or id(element) in kept:
            continue
        kids = element["K"]
        for index, reference in enumerate(kids):
            kid = resolve(reference)
            if (
                isinstance(kid, pydyf.Dictionary)
                and kid.keys() == {"Type", "S", "K", "Pg", "P"}
                and kid["S"] == "/Span"
                and kid["Pg"] == element["Pg"]
                and len(kid["K"]) == 1
                and isinstance(kid["K"][0], int)
            ):
                kids[index] = kid["K"][0]
                moved[reference] = element.reference
                # Nothing refers to it any more, so the join leaves it out.
                kid.clear()
    parent_tree = resolve(resolve(pdf.catalog["StructTreeRoot"])["ParentTree"])
    for entries in parent_tree["Nums"][1::2]:
        if isinstance(entries, pydyf.Array):
            entries[:] = [moved.get(reference, reference) for reference in entries]


# How WeasyPrint opens a marked-content sequence: "/Span\n<</MCID 12>>\nBDC".
MARKED_CONTENT = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _mark_artifacts_and_compress(pdf, page_streams, first_page):
    """Content the joined tree will not reach becomes /Artifact, as PDF/UA asks: the page
    numbers, which WeasyPrint tags but leaves out of the tree, and whatever `_join_tables`
    leaves out of the document's tables: all but the body of every table but the report's
    first (the header repeated on later pages). Then each page's content is compressed: the
    join has nothing more to change in it."""
    resolve = _resolver(pdf)
    root = resolve(pdf.catalog["StructTreeRoot"])
    document = resolve(root["K"][0])
    tables = [kid for kid in map(resolve, document["K"]) if kid and kid.get("S") == "/Table"]
    left_out = {
        id(part)
        for table in (tables[1:] if first_page == 1 else tables)
        for part in map(resolve, table["K"])
        if part and part.get("S") != "/TBody"
    }
    reached = set()
    _reached_content(document, None, reached, resolve, left_out)
    nums = resolve(root["ParentTree"])["Nums"]
    entries_of_page = dict(zip(nums[::2], nums[1::2], strict=True))
    for number, stream in enumerate(page_streams):
        page = pdf.page_references[number]
        entries = entries_of_page[number]

        def artifact(match, page=page, entries=entries):
            mcid = int(match[1])
            if (page, mcid) in reached:
                return match[0]
            if mcid < len(entries):
                entries[mcid] = b"null"
            return b"/Artifact BMC"

        # The stream as pydyf would write it, then changed and compressed once.
        content = b"\n".join(map(pydyf._to_bytes, stream.stream))
        stream.stream = [zlib.compress(MARKED_CONTENT.sub(artifact, content), COMPRESSION_LEVEL)]
        stream.extra["Filter"] = "/FlateDecode"


def _reached_content(element, page, reached, resolve, left_out):
    """Collect (page reference, MCID) of the marked content reached from `element`, not
    through the elements in `left_out` (their ids)."""
    page = element.get("Pg", page)
    for kid in element["K"]:
        if isinstance(kid, int):
            reached.add((page, kid))
            continue
        kid = resolve(kid)
        if kid and kid.get("Type") == "/StructElem" and id(kid) not in left_out:
            _reached_content(kid, page, reached, resolve, left_out)


def join(parts):
    """One PDF of the PDFs WeasyPrint rendered of the report's parts, in order (one part: the
    report rendered whole), restructured as above."""
    with pikepdf.open(io.BytesIO(parts[0])) as pdf:
        others = [pikepdf.open(io.BytesIO(part)) for part in parts[1:]]
        try:
            if others:
                _append(pdf, others)
            return _restructure(pdf)
        finally:
            for other in others:
                other.close()


def _restructure(pdf):
    root = pdf.Root.StructTreeRoot
    document = root.K[0]
    tables = [kid for kid in document.K if kid.get("/S") == "/Table"]
    if tables:
        _join_tables(document, tables)
        _lift_title(document, tables[0])
        _label_headers(tables[0])
    _declare_pdf_ua(pdf)
    output = io.BytesIO()
    pdf.save(
        output,
        deterministic_id=True,
        fix_metadata_version=False,
        compress_streams=True,
        # The structure tree's tens of thousands of small objects, packed and compressed.
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return output.getvalue()


def _append(pdf, others):
    """The other parts' pages after the first part's, their structure elements in its
    document element, and one parent tree numbering every page, then every annotation."""
    root = pdf.Root.StructTreeRoot
    document = root.K[0]
    pages, annotations = _parent_tree_entries(pdf)
    for other in others:
        other_document = other.Root.StructTreeRoot.K[0]
        other_pages, other_annotations = _parent_tree_entries(other)
        _name_font_subsets(other)
        for kid in other_document.K:
            # Else copying it would bring along the other part's whole tree root.
            if isinstance(kid, pikepdf.Dictionary):
                del kid["/P"]
        pdf.pages.extend(other.pages)
        # One object holding all that the tree needs, copied in one go; its references to
        # the other part's pages resolve to the pages just copied.
        carrier = other.make_indirect(
            pikepdf.Dictionary(
                K=other_document.K,
                Pages=pikepdf.Array(other_pages),
                Annotations=pikepdf.Array([pikepdf.Array(pair) for pair in other_annotations]),
            )
        )
        copied = pdf.copy_foreign(carrier)
        for kid in copied.K:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = document
            document.K.append(kid)
        pages.extend(copied.Pages)
        annotations.extend(tuple(pair) for pair in copied.Annotations)
    nums = []
    for number, (page, entries) in enumerate(zip(pdf.pages, pages, strict=True)):
        page.obj.StructParents = number
        nums += [number, entries]
    for number, (annotation, element) in enumerate(annotations, start=len(pages)):
        annotation.StructParent = number
        nums += [number, element]
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = len(pages) + len(annotations)


def _name_font_subsets(pdf):
    """WeasyPrint names a font's subset after the font, whatever glyphs it holds, so each
    part's would have the same name: a subset gets a name of its own, from its glyphs."""
    renamed = set()
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            if font.objgen in renamed or "/DescendantFonts" not in font:
                continue
            renamed.add(font.objgen)
            descendant = font.DescendantFonts[0]
            program = descendant.FontDescriptor.get("/FontFile2")
            if program is None:
                continue
            digest = hashlib.md5(program.read_raw_bytes(), usedforsecurity=False).digest()
            tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
            name = pikepdf.Name(f"/{tag}{str(font.BaseFont)[7:]}")
            font.BaseFont = descendant.BaseFont = descendant.FontDescriptor.FontName = name


def _parent_tree_entries(pdf):
    """Each page's marked-content elements, and each (annotation, its element)."""
    tree = {int(key): value for key, value in _pairs(pdf.Root.StructTreeRoot.ParentTree.Nums)}
    pages = [tree[int(page.obj.StructParents)] for page in pdf.pages]
    annotations = [
        (annotation, tree[int(annotation.StructParent)])
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", [])
        if "/StructParent" in annotation
    ]
    return pages, annotations


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


def _pairs(nums):
    items = list(nums)
    return zip(items[::2], items[1::2], strict=True)

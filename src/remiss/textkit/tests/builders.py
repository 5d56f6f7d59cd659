"""Real files made on the fly for the extraction tests and the intake benchmark.

Nothing binary is committed: PDFs come from WeasyPrint, scans from PDFium renderings with
noise added by Pillow, DOCX from python-docx, ODT, e-mail and ZIP from the standard library,
and an encrypted PDF is written byte by byte with the PDF standard security handler.
"""

import email
import email.policy
import hashlib
import html
import io
import random
import struct
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from remiss.textkit.analysis_types import SectionRef

HUDDINGE = Path(__file__).resolve().parents[2] / "demo" / "data" / "huddinge-ks-yttrande.txt"

# The headings of the Huddinge paper, marked up as such in the test PDF.
HUDDINGE_HEADINGS = (
    "Förslag till beslut",
    "Kommunstyrelsens beslut",
    "Sammanfattning",
    "Beskrivning av ärendet",
    "Förvaltningens synpunkter",
    "Ekonomiska och juridiska konsekvenser",
    "Bilagor",
    "Beslutet ska skickas till",
)


def huddinge_text() -> str:
    return HUDDINGE.read_text(encoding="utf-8")


def huddinge_html(copies: int = 1) -> str:
    """The Huddinge paper as HTML: its title, its headings as h2, the rest as paragraphs."""
    body: list[str] = []
    lines = [line.strip() for line in huddinge_text().splitlines()]
    title, rest = lines[0], lines[1:]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            body.append(f"<p>{html.escape(' '.join(paragraph))}</p>")
            paragraph.clear()

    for line in rest:
        if not line:
            flush()
        elif line in HUDDINGE_HEADINGS:
            flush()
            tag = "h3" if line == "Kommunstyrelsens beslut" else "h2"
            body.append(f"<{tag}>{html.escape(line)}</{tag}>")
        elif line[:2] in {"1.", "2.", "3.", "4."}:
            flush()
            paragraph.append(line)
        else:
            paragraph.append(line)
    flush()
    one = f"<h1>{html.escape(title)}</h1>" + "".join(body)
    style = (
        "@page { size: A4; margin: 2.5cm } "
        "body { font-family: 'DejaVu Serif'; font-size: 11pt; line-height: 1.35 } "
        "h1 { font-size: 20pt } h2 { font-size: 14pt } h3 { font-size: 12pt } "
        ".copy { break-before: page }"
    )
    copies_html = "".join(
        f'<div class="copy">{one}</div>' if number else f"<div>{one}</div>"
        for number in range(copies)
    )
    head = f'<meta charset="utf-8"><style>{style}</style>'
    return f'<!doctype html><html lang="sv"><head>{head}</head><body>{copies_html}</body></html>'


def text_pdf(copies: int = 1) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=huddinge_html(copies)).write_pdf()


def scan_images(pdf: bytes, pages: list[int], *, dpi: int = 300, seed: int = 1921) -> list:
    """Grey 'scans' of the given pages (0-based): speckles of dust and a slight tilt."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    randomiser = random.Random(seed)
    document = pdfium.PdfDocument(pdf)
    images = []
    for index in pages:
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        pixels = image.load()
        width, height = image.size
        for _ in range(width * height // 400):  # 0.25 % of the pixels flipped to dark or light
            x, y = randomiser.randrange(width), randomiser.randrange(height)
            pixels[x, y] = randomiser.choice((0, 60, 200, 255))
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        image = image.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
        images.append(image)
    document.close()
    return images


def image_only_pdf(images: list, *, dpi: int = 300) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def mixed_pdf(text_pdf: bytes, scanned_pdf: bytes, *, scanned_page: int = 0) -> bytes:
    """The text PDF with one scanned page appended after its own pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(text_pdf)
    document.import_pages(pdfium.PdfDocument(scanned_pdf), [scanned_page])
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(300, 300))
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Yttrande över Näringslivs- och tillväxtstrategi", level=0)
    document.add_heading("Sammanfattning", level=1)
    document.add_paragraph("Huddinge kommun stödjer innehållet i strategin.")
    paragraph = document.add_paragraph("Dnr\tKS-2020/2443.109")
    paragraph.add_run().add_break()
    paragraph.add_run("Andra raden i samma stycke.")
    document.add_page_break()
    document.add_heading("Förvaltningens synpunkter", level=1)
    document.add_heading("Kompetensförsörjning", level=2)
    document.add_paragraph("Södertörns högskola behöver utvecklas till ett universitet.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Inriktningsområde"
    table.cell(0, 1).text = "Ställningstagande"
    table.cell(1, 0).text = "Export"
    table.cell(1, 1).text = "Instämmer"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3"><office:automatic-styles>
<style:style style:name="P9" style:family="paragraph">
<style:paragraph-properties fo:break-before="page"/></style:style>
</office:automatic-styles><office:body><office:text>
<text:sequence-decls><text:sequence-decl text:display="none" text:name="Illustration"/>
</text:sequence-decls>
<text:h text:outline-level="1">Yttrande från Nacka kommun</text:h>
<text:p>Dnr<text:tab/>KFKS 2021/12<text:line-break/>Datum:<text:s text:c="3"/>2021-02-01</text:p>
<text:h text:outline-level="2">Sammanfattning</text:h>
<text:p>Nacka kommun <text:span>ställer sig bakom</text:span> förslaget.<text:note>
<text:note-citation>1</text:note-citation><text:note-body><text:p>En fotnot.</text:p>
</text:note-body></text:note></text:p>
<text:soft-page-break/>
<text:list><text:list-item><text:p>Första punkten i listan</text:p></text:list-item></text:list>
<table:table><table:table-column/><table:table-row><table:table-cell><text:p>Område</text:p></table:table-cell><table:table-cell><text:p>Ja</text:p></table:table-cell></table:table-row></table:table>
<text:p text:style-name="P9">Bilagor</text:p>
<text:p>Bilaga 1. Karta</text:p>
</office:text></office:body></office:document-content>
"""


def odt_bytes(content: str = ODT_CONTENT) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.3"><manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def docx_with_document_xml(document_xml: str) -> bytes:
    """A minimal DOCX package around the given main document part (for hostile XML)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    return zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": document_xml})


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<w:document {W}><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document {W}><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


def email_bytes(attachments: dict[str, tuple[bytes, str]], *, body: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Huddinge kommun <registrator@huddinge.se>"
    message["To"] = "Region Stockholm <registrator.rs@regionstockholm.se>"
    message["Subject"] = "Svar på remiss RS 2020-0780"
    message["Date"] = format_datetime(datetime(2021, 1, 28, 9, 30, tzinfo=UTC))
    message["Message-ID"] = "<svar-rs-2020-0780@huddinge.se>"
    message.set_content(
        body
        or "Hej!\n\nHär kommer Huddinge kommuns yttrande över remissen RS 2020-0780.\n\n"
        "Med vänlig hälsning\nRegistrator"
    )
    message.add_alternative("<p>Hej! HTML-versionen ska inte bli en bilaga.</p>", subtype="html")
    for name, (data, media_type) in attachments.items():
        maintype, subtype = media_type.split("/")
        if media_type == "message/rfc822":
            forwarded = email.message_from_bytes(data, policy=email.policy.default)
            message.add_attachment(forwarded, filename=name)
        else:
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


# --- an encrypted PDF, written by hand (Standard security handler, RC4 40-bit, revision 2) ----

_PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PASSWORD_PAD)[:32]


def encrypted_pdf(text: str, *, user_password: bytes, owner_password: bytes) -> bytes:
    """A one-page PDF that opens only with a password (PDF 1.3, RC4 with a 40-bit key)."""
    file_id = hashlib.md5(b"remiss-encrypted-test").digest()
    permissions = -4
    owner_key = hashlib.md5(_padded(owner_password)).digest()[:5]
    owner_entry = _rc4(owner_key, _padded(user_password))
    key = hashlib.md5(
        _padded(user_password) + owner_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    user_entry = _rc4(key, _PASSWORD_PAD)

    def object_key(number: int) -> bytes:
        return hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[:10]

    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 14 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
    stream = _rc4(object_key(4), content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# The sections of the demo's draft strategy (Region Stockholm, RS 2020-0780).
FOCUS = "inriktningsomrade"
DEMO_DRAFT = (
    SectionRef(
        "1",
        "Utgångsläge, utmaningar och styrkeområden, hållbar utveckling och förutsättningar för "
        "näringsliv och tillväxt",
        kind="kapitel",
    ),
    SectionRef(
        "2",
        "Strategiska inriktningen, med insatser inom fyra olika inriktningsområden",
        kind="kapitel",
    ),
    SectionRef(
        "2.1", "Stärk och utveckla forskning och innovation och smart specialisering", kind=FOCUS
    ),
    SectionRef("2.2", "Stärk och utveckla små och medelstora företags konkurrenskraft", kind=FOCUS),
    SectionRef(
        "2.3", "Stärk och utveckla export, internationalisering och investeringar", kind=FOCUS
    ),
    SectionRef("2.4", "Stärk och utveckla strategisk kompetensförsörjning", kind=FOCUS),
    SectionRef(
        "3",
        "Stockholmsregionens forsknings- och innovationsstrategi för smart specialisering",
        kind="kapitel",
        open_for_comment=False,
    ),
    SectionRef(
        "4",
        "Genomförande och uppföljning – processen framåt med handlingsplaner och "
        "genomförandeplaner",
        kind="kapitel",
    ),
)

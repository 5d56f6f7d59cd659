"""An officer delivers several files through the upload page and reads the receipts."""

import re

import pytest
from django.urls import reverse

from remiss.textkit.tests import builders

from .support import main_text


@pytest.mark.browser
def test_an_officer_uploads_files_and_reads_a_receipt_for_each(page, demo, signed_in, tmp_path):
    answer = tmp_path / "tyreso-yttrande.txt"
    answer.write_text(
        "Tyresö kommun\n\nYttrande över Näringslivs- och tillväxtstrategi för "
        "Stockholmsregionen\n\nTyresö kommun tillstyrker förslaget.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    page.goto(reverse("consultations:detail", args=[demo.pk]))
    page.get_by_role("link", name="Ta emot svar").click()
    page.locator("input[type=file]").set_input_files([str(answer), str(empty)])
    assert "tyreso-yttrande.txt" in page.locator("#files-chosen").inner_text()
    page.get_by_role("button", name="Ta emot och registrera").click()
    page.wait_for_url(re.compile(r"/inlamningar/[0-9a-f-]+/$"), timeout=30_000)
    status = page.locator("#run-status")
    status.get_by_text("Klar").wait_for(timeout=30_000)
    text = main_text(page)
    assert "tyreso-yttrande.txt" in text and "tom.pdf" in text
    assert "Filen är tom." in text
    assert "Registrerad som nytt svar" in text
    page.get_by_role("link", name="Tyresö kommun").click()
    assert "Tyresö kommun tillstyrker förslaget." in main_text(page)


@pytest.mark.browser
def test_the_upload_page_refuses_an_empty_form_with_a_swedish_message(page, demo, signed_in):
    page.goto(reverse("responses:intake", args=[demo.pk]))
    page.get_by_role("button", name="Ta emot och registrera").click()
    assert "Välj minst en fil." in page.get_by_role("alert").inner_text()


def test_builders_are_shared_with_the_textkit_tests():
    assert "Camilla Broo" in builders.huddinge_text()

"""The overview of a compilation: counts, summary sentences, charts with tables beside them."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.analysis.models import Stance
from remiss.compilation.assembly import compilation_assemble
from remiss.compilation.charts import heat_map_svg, stance_by_kind_svg
from remiss.consultations.models import Consultation

EXPORT_FORMATS = ("docx", "pdf", "pdfa", "xlsx", "csv", "json")


def genitive(name: str) -> str:
    """Swedish genitive: "Nacka kommuns", "SKR:s", "Region Stockholms", "Kallhälls IS"."""
    if not name or name[-1].lower() in "sxz":
        return name
    if name[-1].isupper() or name[-1].isdigit():
        return f"{name}:s"
    return f"{name}s"


def endorsement_sentences(compilation) -> list[str]:
    """ "X ställer sig bakom Y:s yttrande." for each endorsement (Swedish, like the document)."""
    return [
        f"{link.source} ställer sig bakom {genitive(link.target)} yttrande."
        for link in compilation.endorsements
    ]


def stance_table(stance_by_kind: dict[str, dict[str, int]]) -> tuple[list[str], list[tuple]]:
    """The chart's numbers as a table: the positions in use as columns, a row per kind."""
    used = {stance for row in stance_by_kind.values() for stance in row}
    columns = [choice for choice in Stance if choice.value in used]
    rows = [
        (kind, [counts.get(choice.value, 0) for choice in columns], sum(counts.values()))
        for kind, counts in stance_by_kind.items()
    ]
    return [str(choice.label) for choice in columns], rows


def heat_table(heat_map: dict[str, dict[str, int]]) -> tuple[list[str], list[tuple]]:
    """The heat map as a table: bodies as columns, a row per part with its points per body."""
    bodies = list(dict.fromkeys(body for row in heat_map.values() for body in row))
    rows = [
        (heading, [counts.get(body, 0) for body in bodies], sum(counts.values()))
        for heading, counts in heat_map.items()
    ]
    return bodies, rows


class OverviewView(OfficerRequiredMixin, TemplateView):
    template_name = "compilation/overview.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(
            Consultation.objects.select_related("remitting_organisation"), pk=self.kwargs["pk"]
        )
        compilation = compilation_assemble(consultation)
        stance_columns, stance_rows = stance_table(compilation.stance_by_kind)
        heat_columns, heat_rows = heat_table(compilation.heat_map)
        return super().get_context_data(
            consultation=consultation,
            compilation=compilation,
            stance_svg=stance_by_kind_svg(
                compilation.stance_by_kind, title=_("Positions by kind of body")
            ),
            stance_columns=stance_columns,
            stance_rows=stance_rows,
            heat_svg=heat_map_svg(compilation.heat_map, title=_("Points by part and body")),
            heat_columns=heat_columns,
            heat_rows=heat_rows,
            endorsements=endorsement_sentences(compilation),
            export_formats=EXPORT_FORMATS,
            **kwargs,
        )

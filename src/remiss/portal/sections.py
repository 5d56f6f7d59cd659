"""The parts of the draft as the portal shows them: in reading order, open or closed."""

from dataclasses import dataclass

from remiss.consultations.models import Consultation, Section, SectionNode


@dataclass(frozen=True)
class AnswerSection:
    section: Section
    open_for_comment: bool
    depth: int
    closed_reason: str  # its own reason, or the reason of the closed part it lies in

    @property
    def field_name(self) -> str:
        return f"section_{self.section.pk}"


def answer_sections(consultation: Consultation) -> list[AnswerSection]:
    """Every part, depth first, with whether comments are asked for (a closed parent closes
    its children)."""
    found: list[AnswerSection] = []

    def walk(nodes: list[SectionNode], depth: int, inherited: str) -> None:
        for node in nodes:
            reason = "" if node.open_for_comment else (node.section.closed_reason or inherited)
            found.append(AnswerSection(node.section, node.open_for_comment, depth, reason))
            walk(node.children, depth + 1, reason)

    walk(consultation.sections.as_tree(), 0, "")
    return found

"""Indexes for the officers' reads at scale, and placement ranks from 0 per point.

The pages count a point under its machine placement of rank 0, so every point's placements
are renumbered 0..n-1 (in rank, then id, order) where they are not already; with no gaps
this is one grouped count.
"""

from django.db import migrations, models
from django.db.models import Count, F, Max, Min


def renumber_placements(apps, schema_editor):
    PointPlacement = apps.get_model("analysis", "PointPlacement")
    gapped = list(
        PointPlacement.objects.values("point_id")
        .annotate(
            low=Min("rank"),
            high=Max("rank"),
            n=Count("pk"),
            ranks=Count("rank", distinct=True),
        )
        .exclude(low=0, high=F("n") - 1, ranks=F("n"))
        .values_list("point_id", flat=True)
    )
    for start in range(0, len(gapped), 1000):
        changed = []
        placements = PointPlacement.objects.filter(
            point_id__in=gapped[start : start + 1000]
        ).order_by("point_id", "rank", "pk")
        previous, rank = None, 0
        for placement in placements:
            rank = rank + 1 if placement.point_id == previous else 0
            previous = placement.point_id
            if placement.rank != rank:
                placement.rank = rank
                changed.append(placement)
        PointPlacement.objects.bulk_update(changed, ["rank"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0002_analysis_batches"),
    ]

    operations = [
        migrations.RunPython(renumber_placements, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="stancejudgement",
            index=models.Index(fields=["run", "label", "response"], name="stance_run_label"),
        ),
        migrations.AddIndex(
            model_name="point",
            index=models.Index(fields=["run", "response", "position"], name="point_run_response"),
        ),
        migrations.AddIndex(
            model_name="pointplacement",
            index=models.Index(fields=["section", "rank", "point"], name="placement_section_rank"),
        ),
    ]

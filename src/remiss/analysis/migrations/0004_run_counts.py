"""The machine's counts of a finished run, stored once on the run (filled on first read)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0003_read_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="counts",
            field=models.JSONField(blank=True, default=dict, verbose_name="machine counts"),
        ),
    ]

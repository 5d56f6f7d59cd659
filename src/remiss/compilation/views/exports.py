# placeholder until written
from django.views import View


class ExportView(View): ...

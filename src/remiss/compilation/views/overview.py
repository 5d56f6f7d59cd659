# placeholder until written
from django.views import View


class OverviewView(View): ...

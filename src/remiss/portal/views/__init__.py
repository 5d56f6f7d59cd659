# placeholder until the portal's views are written
from django.views import View


class StartView(View): ...

# placeholder until written
from django.views import View


class WorkspaceView(View): ...


class ReplySaveView(View): ...


class PointMoveView(View): ...


class ConsiderationsSaveView(View): ...

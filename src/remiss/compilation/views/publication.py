# placeholder until written
from django.views import View


class PublicationView(View): ...


class PublicListView(View): ...


class PublicConsultationView(View): ...


class PublicDocumentView(View): ...

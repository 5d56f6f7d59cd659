"""An open consultation: anyone may answer after confirming an e-mail address (R05)."""

from django.shortcuts import get_object_or_404, render
from django.views import View

from remiss.consultations.models import Consultation, ConsultationStatus
from remiss.portal import throttle
from remiss.portal.forms import OpenRequestForm
from remiss.portal.verification import verification_request


class OpenRequestView(View):
    """Name, kind and e-mail in; a link to the portal out, by e-mail. The link is the proof
    that the address is the respondent's."""

    template_name = "portal/open_request.html"

    def consultation(self, pk) -> Consultation:
        return get_object_or_404(
            Consultation.objects.select_related("remitting_organisation").exclude(
                status=ConsultationStatus.UTKAST
            ),
            pk=pk,
            open_to_all=True,
        )

    def get(self, request, pk):
        consultation = self.consultation(pk)
        return render(
            request, self.template_name, {"consultation": consultation, "form": OpenRequestForm()}
        )

    def post(self, request, pk):
        consultation = self.consultation(pk)
        # Unbound: the messages come from verification_request, in one place.
        form = OpenRequestForm(initial=request.POST.dict())
        result = verification_request(
            consultation=consultation,
            email=request.POST.get("email", ""),
            name=request.POST.get("name", ""),
            kind=request.POST.get("kind", ""),
            request_ip=throttle.client_ip(request),
        )
        status = 200 if result.sent else (429 if result.throttled else 400)
        context = {"consultation": consultation, "form": form, "result": result}
        return render(request, self.template_name, context, status=status)

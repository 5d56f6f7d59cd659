from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin

from .forms import SearchForm
from .services import search

PER_PAGE = 20


class SearchView(OfficerRequiredMixin, TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        results = None
        if form.is_valid() and form.cleaned_data["q"].strip():
            page = form.cleaned_data["sida"] or 1
            results = search(
                form.cleaned_data["q"],
                consultation=form.cleaned_data["remiss"],
                source=form.source,
                limit=PER_PAGE,
                offset=(page - 1) * PER_PAGE,
            )
        return super().get_context_data(
            form=form,
            results=results,
            page_number=results.offset // PER_PAGE + 1 if results else 1,
            previous_url=self._page_url(results, -1) if results and results.has_previous else "",
            next_url=self._page_url(results, +1) if results and results.has_next else "",
            **kwargs,
        )

    def _page_url(self, results, step: int) -> str:
        query = self.request.GET.copy()
        query["sida"] = results.offset // PER_PAGE + 1 + step
        return f"?{query.urlencode()}"

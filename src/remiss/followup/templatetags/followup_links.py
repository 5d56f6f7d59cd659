"""Links from the pages of earlier stages (analysis, compilation) to the insatser that answer a
point. Those apps cannot import the follow-up, so their templates load this library instead.

The insatser of a whole consultation are read once per request, however many points a page
shows.
"""

from django import template

from remiss.followup.selectors import insatser_for_points

register = template.Library()

CACHE_ATTRIBUTE = "_followup_insatser_for_points"


@register.simple_tag(takes_context=True)
def point_insatser(context, consultation_id, response_id, key) -> list:
    """The insatser that answer the point ``key`` of the answer ``response_id``."""
    request = context.get("request")
    cache = getattr(request, CACHE_ATTRIBUTE, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, CACHE_ATTRIBUTE, cache)
    if consultation_id not in cache:
        cache[consultation_id] = insatser_for_points(consultation_id)
    return cache[consultation_id].get((response_id, key), [])

"""Refuse a request whose query string or form carries a NUL byte.

PostgreSQL cannot store or even compare text with a NUL in it ("A string literal cannot
contain NUL (0x00) characters"), so a value read straight from request.GET (a changelist
search, a filter, an autocomplete term) would fail as a 500. No person types one: the
request is answered 400 before any view reads it. Uploaded files are not looked at."""

from django.shortcuts import render

NUL = "\x00"


def _carries_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


class RefuseNulBytesMiddleware:
    """400 for a NUL byte in any query-string or form key or value. Listed after
    CsrfViewMiddleware, so that a forged POST is still refused as a CSRF failure first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _carries_nul(request.GET) or (request.method == "POST" and _carries_nul(request.POST)):
            return render(request, "400.html", status=400)
        return None

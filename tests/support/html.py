"""Comparing two renderings of a page: what differs between two requests of the same page
(the CSRF token, the CSP nonce) and whitespace between tags left out."""

import re


def normalized(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html)

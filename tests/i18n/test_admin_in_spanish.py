"""Staff who read the admin in Spanish see our admin in Spanish: (a) every text our admin
modules give Django's admin (action and column descriptions, filter titles and choices,
fieldset titles, labels, help texts, messages, page titles) goes through gettext, checked
in their source; (b) a coordinator whose language is Spanish opens the review, rotation,
preceptor, outbox and user pages and reads Spanish where the text is ours."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from hmc_portal.notifications.enums import NotificationStatus
from tests.factories import (
    CoordinatorFactory,
    InterviewFactory,
    NotificationFactory,
    PreceptorFactory,
    ReviewableApplicationFactory,
    RotationRequestFactory,
    StaffFactory,
)
from tests.i18n.test_pages_in_spanish import english_messages, untranslated

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db

SKIPPED_FOLDERS = {
    ".venv",
    ".local",
    "tests",
    "benchmarks",
    "static",
    "staticfiles",
    "node_modules",
}

# --- (a) The source: no bare text handed to the admin ----------------------------------------

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Keyword arguments and attributes whose value a person reads.
READ_NAMES = {
    "description",
    "title",
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "empty_label",
    "short_description",
    "search_help_text",
    "empty_value_display",
    "message",
    "site_header",
    "site_title",
    "index_title",
}
# Calls whose positional arguments are read: (name, index of the first read argument).
READ_CALLS = {
    "message_user": 1,  # self.message_user(request, text, level)
    "ValidationError": 0,
    "add_error": 1,  # form.add_error(field, text)
    "error_class": 0,  # formset.error_class([text])
    "Http404": 0,
    "format_html": 0,
    "_context": 1,  # the admin pages' own context(request, title, ...)
    "admin_context": 2,
    "results_response": 2,
    "_results": 1,
    "_outcome": 2,
    "Outcome": 0,
}
FIELDSETS = {"fieldsets", "add_fieldsets"}
# Text a person reads: letters once markup, placeholders and format codes are taken out.
MARKUP = re.compile(r"<[^>]*>|\{[^}]*\}|%\([^)]*\)[sd]|%[sd]|&[a-z]+;")
# A sentence anywhere in an admin module: a capital letter, then at least two words.
SENTENCE = re.compile(r"^[A-Z][a-z']*[ ,:;]+[a-zA-Z]")


def prose(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", MARKUP.sub("", text)))


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class BareText(ast.NodeVisitor):
    """Collects (line, text) of the string literals a person would read untranslated."""

    def __init__(self):
        self.found: list[tuple[int, str]] = []
        self._seen: set[int] = set()

    # The literals inside an expression that are not under a gettext call. Dict keys and
    # subscripts (`{"count": n}`, `data["x"]`) are names, not text.
    def check(self, node: ast.AST | None) -> None:
        if node is None:
            return
        if isinstance(node, ast.Call) and call_name(node) in GETTEXT:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if prose(node.value):
                self._report(node, node.value)
            return
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if prose(text):
                self._report(node, text)
            return
        if isinstance(node, ast.Dict):
            for value in node.values:
                self.check(value)
            return
        if isinstance(node, ast.Subscript):
            self.check(node.value)
            return
        if isinstance(node, ast.Call):
            self.check(node.func)  # "text {}".format(...); other calls' arguments are data
            return
        for child in ast.iter_child_nodes(node):
            self.check(child)

    def _report(self, node: ast.AST, text: str) -> None:
        if id(node) not in self._seen:
            self._seen.add(id(node))
            self.found.append((node.lineno, text))

    def visit_Call(self, node: ast.Call) -> None:
        if call_name(node) in GETTEXT:
            return  # whatever is inside is translated
        for keyword in node.keywords:
            if keyword.arg in READ_NAMES:
                self.check(keyword.value)
        first = READ_CALLS.get(call_name(node))
        if first is not None:
            for argument in node.args[first:]:
                self.check(argument)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
            if name in READ_NAMES:
                self.check(node.value)
            if name in FIELDSETS and isinstance(node.value, (ast.List, ast.Tuple)):
                for fieldset in node.value.elts:
                    if isinstance(fieldset, (ast.List, ast.Tuple)) and fieldset.elts:
                        self.check(fieldset.elts[0])
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        # A list filter's choices: (value in the address, label a person reads).
        if node.name == "lookups":
            for returned in ast.walk(node):
                if isinstance(returned, ast.Return) and returned.value is not None:
                    self._check_choices(returned.value)
        self._skip_docstring(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._skip_docstring(node)

    def visit_Module(self, node: ast.Module) -> None:
        self._skip_docstring(node)

    def visit_Return(self, node: ast.Return) -> None:
        # A column, a button or a page returning fixed words.
        if isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            self.check(node.value)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and SENTENCE.match(node.value):
            self._report(node, node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
        if SENTENCE.match(text):
            self._report(node, text)

    def _check_choices(self, node: ast.AST) -> None:
        if isinstance(node, (ast.List, ast.Tuple)):
            for choice in node.elts:
                if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                    self.check(choice.elts[1])

    def _skip_docstring(self, node) -> None:
        body = list(node.body)
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body = body[1:]
        for child in body:
            self.visit(child)
        if not isinstance(node, ast.Module):
            for decorator in node.decorator_list:
                self.visit(decorator)


def bare_text(source: str) -> list[tuple[int, str]]:
    finder = BareText()
    finder.visit(ast.parse(source))
    return sorted(finder.found)


def admin_modules() -> list[Path]:
    """Every admin module of ours: admin.py, admin/*.py, and the admin pieces of the core."""
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIPPED_FOLDERS & set(parts) or "migrations" in parts:
            continue
        if path.name == "admin.py" or "admin" in parts[:-1] or path.name.startswith("admin_"):
            found.append(path)
    return sorted(found)


def test_the_admin_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in admin_modules()}

    assert {
        "applications/admin/application.py",
        "applications/admin/documents.py",
        "applications/admin/interviews.py",
        "applications/admin/review.py",
        "rotations/admin/placement.py",
        "preceptors/admin.py",
        "hmc_portal/users/admin.py",
        "hmc_portal/notifications/admin.py",
        "hmc_portal/audit/admin.py",
        "hmc_portal/admin_mixins.py",
    } <= names


@pytest.mark.parametrize(
    "path", admin_modules(), ids=lambda path: str(path.relative_to(ROOT)).replace("/", ".")
)
def test_every_text_of_an_admin_module_is_translated(path):
    assert bare_text(path.read_text()) == []


UNTRANSLATED_ADMIN = '''
"""A module's docstring is no text for the admin."""
from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _

LABELS = {"a": "Start review"}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", help_text="Say why.")

    def clean(self):
        raise forms.ValidationError(f"Too short by {3} letters.")


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("a", "first"), ("b", _("second"))]


class ThingAdmin(admin.ModelAdmin):
    """A class's docstring neither."""

    fieldsets = [("Details", {"fields": ["name"]}), (None, {"fields": ["other"]})]
    search_help_text = "Name or email."

    @admin.action(description="Do it")
    def do_it(self, request, queryset):
        self.message_user(request, "%d done." % queryset.count())
        self.message_user(request, _("%d done.") % queryset.count())

    @admin.display(description=_("state"))
    def state(self, obj):
        return "nothing yet"

    def button(self, obj):
        return format_html('<a href="{}">Open</a>', obj.url)
'''


def test_the_source_check_finds_each_kind_of_bare_text():
    """The control: a module with a bare literal in each place the check reads is refused,
    line by line; what is translated, and the docstrings, pass."""
    found = bare_text(UNTRANSLATED_ADMIN)

    assert [text for _line, text in found] == [
        "Start review",
        "Reason",
        "Say why.",
        "Too short by  letters.",
        "kind",
        "first",
        "Details",
        "Name or email.",
        "Do it",
        "%d done.",
        "nothing yet",
        '<a href="{}">Open</a>',
    ]


def test_the_source_check_passes_translated_text():
    source = (
        "from django.utils.translation import gettext, gettext_lazy as _\n"
        "class A:\n"
        '    title = _("kind")\n'
        '    fieldsets = [(_("Details"), {"fields": ["name"]})]\n'
        "    def f(self, request, n):\n"
        '        self.message_user(request, gettext("%(n)d done.") % {"n": n})\n'
        '        self.message_user(request, f"{n}: {request}")\n'
        '        return "—"\n'
    )

    assert bare_text(source) == []


# --- (b) The pages, for a coordinator who reads Spanish -------------------------------------


@pytest.fixture(scope="module")
def catalogue():
    return english_messages()


@pytest.fixture
def spanish_coordinator(client):
    user = CoordinatorFactory(language="es")
    client.force_login(user)
    return user


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers.get("Content-Language") == "es", url
    return response.content.decode()


def visible(html: str) -> str:
    """The page's words with the markup taken out, spaces collapsed."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())


def assert_spanish(html: str, catalogue, spanish: list[str], english: list[str]) -> None:
    whole, long = catalogue
    text = visible(html)
    assert untranslated(html, whole, long) == []
    assert [words for words in spanish if words not in text] == []
    assert [words for words in english if words in text] == []


def test_the_review_pages_are_spanish(client, spanish_coordinator, catalogue):
    application = ReviewableApplicationFactory(status="under_review")
    InterviewFactory(application=application)

    changelist = page_text(client, "/admin/applications/application/")
    change = page_text(client, f"/admin/applications/application/{application.pk}/change/")

    assert_spanish(
        changelist,
        catalogue,
        spanish=[
            "Solicitudes",
            "documentos completos",
            "Sí: todos los documentos requeridos verificados",
            "Exportar la selección como CSV",
            "Invitar a entrevista: solicitudes seleccionadas",
            "Próxima entrevista",
        ],
        english=[
            "documents complete",
            "Export selected as CSV",
            "selected applications",
            "Next interview",
            "Name, email or medical school.",
        ],
    )
    assert_spanish(
        change,
        catalogue,
        spanish=[
            "Formación médica",
            "Historial de estados",
            "Invitar a entrevista",
            "Programar una entrevista",
            "Nueva nota interna",
            "Verificar",
            "Rechazar",
        ],
        english=[
            "Medical background",
            "Status history",
            "Invite to interview",
            "Schedule an interview",
            "New internal note",
            "Only staff see internal notes, never the applicant.",
        ],
    )


def test_a_move_and_its_message_are_spanish(client, spanish_coordinator, catalogue):
    application = ReviewableApplicationFactory(status="under_review")
    move = f"/admin/applications/application/{application.pk}/move/interview/"

    confirm = page_text(client, move)
    done = client.post(move, {"note": ""}, follow=True)

    assert_spanish(
        confirm,
        catalogue,
        spanish=["Invitar a entrevista", "Mensaje para el solicitante (opcional)"],
        english=["Message to the applicant (optional)"],
    )
    assert_spanish(
        done.content.decode(),
        catalogue,
        spanish=["Invitar a entrevista hecho; el estado ahora es Entrevista."],
        english=["done; the status is now"],
    )


def test_the_documents_and_interviews_are_spanish(client, spanish_coordinator, catalogue):
    document = ReviewableApplicationFactory().documents.first()
    interview = InterviewFactory(application=ReviewableApplicationFactory(status="interview"))

    assert_spanish(
        page_text(client, "/admin/applications/document/"),
        catalogue,
        spanish=["Documentos", "Verificar los documentos seleccionados"],
        english=["Verify selected documents", "Reject selected documents"],
    )
    assert_spanish(
        page_text(client, f"/admin/applications/document/{document.pk}/reject/"),
        catalogue,
        spanish=["Por qué se rechaza el documento"],
        english=["Why the document is rejected"],
    )
    assert_spanish(
        page_text(client, f"/admin/applications/interview/{interview.pk}/change/"),
        catalogue,
        spanish=["Enlace de la reunión", "Programada por"],
        english=["Meeting link", "Created by"],
    )
    assert_spanish(
        page_text(client, "/admin/applications/interview/offer-slots/"),
        catalogue,
        spanish=["Ofrecer horarios de entrevista", "Duración (minutos)"],
        english=["Length (minutes)", "your profile's time zone"],
    )


def test_the_rotation_and_preceptor_pages_are_spanish(client, spanish_coordinator, catalogue):
    rotation_request = RotationRequestFactory()
    rotation = rotation_request.rotation

    assert_spanish(
        page_text(client, "/admin/rotations/rotation/"),
        catalogue,
        spanish=["Rotaciones", "Lista de espera", "Publicar las rotaciones seleccionadas"],
        english=["Publish the selected rotations", "waiting for an answer"],
    )
    assert_spanish(
        page_text(client, f"/admin/rotations/rotation/{rotation.pk}/change/"),
        catalogue,
        spanish=["Solicitudes de rotación", "Primer día", "Cupos"],
        english=["Rotation requests", "First day"],
    )
    assert_spanish(
        page_text(client, "/admin/rotations/rotationrequest/"),
        catalogue,
        spanish=["Solicitudes de rotación", "Confirmar las solicitudes seleccionadas"],
        english=["Confirm the selected requests"],
    )
    preceptor = rotation.preceptor
    assert_spanish(
        page_text(client, "/admin/preceptors/preceptor/"),
        catalogue,
        spanish=["Preceptores", "Crear bloques de rotación de 4 semanas"],
        english=["Create 4-week rotation blocks"],
    )
    assert_spanish(
        page_text(client, f"/admin/preceptors/preceptor/{preceptor.pk}/change/"),
        catalogue,
        spanish=["Afiliación", "Usuario"],
        english=["Affiliation", "Only active preceptors appear in the directory."],
    )


def test_the_outbox_and_the_users_are_spanish(client, spanish_coordinator, catalogue):
    NotificationFactory(status=NotificationStatus.SENT)
    StaffFactory()
    PreceptorFactory()

    assert_spanish(
        page_text(client, "/admin/notifications/notification/"),
        catalogue,
        spanish=["Bandeja de salida de correos", "Correos", "Quizá enviado", "Enviado"],
        english=["Email outbox", "Maybe sent", "Send the selected emails again"],
    )
    admin = StaffFactory(is_superuser=True, language="es")
    client.force_login(admin)
    assert_spanish(
        page_text(client, "/admin/users/user/"),
        catalogue,
        spanish=["grupo del personal", "Coordinador", "Revisor", "Segundo paso"],
        english=["staff group", "Reviewer", "Coordinator", "Second step"],
    )


def test_the_staff_group_filter_lists_the_group_s_members(client):
    admin = StaffFactory(is_superuser=True)
    coordinator = CoordinatorFactory(email="coordinator-in-filter@hmc.test")
    reviewer = StaffFactory(email="reviewer-in-filter@hmc.test", groups=["Reviewer"])
    client.force_login(admin)

    coordinators = client.get("/admin/users/user/?group=Coordinator").content.decode()
    anything = client.get("/admin/users/user/?group=nonsense").content.decode()

    assert coordinator.email in coordinators
    assert reviewer.email not in coordinators
    assert coordinator.email in anything and reviewer.email in anything

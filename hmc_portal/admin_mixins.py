"""Admin pieces every app uses."""


class ReadOnlyAdminMixin:
    """An admin (or inline) that shows rows and never writes them: what changes them is a
    service, reached through an admin action or a button."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

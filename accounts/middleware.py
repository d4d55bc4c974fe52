from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Sportello is internal: every page needs a login.

    The Wagtail admin guards itself and has its own login page, the JSON API answers 403 itself
    rather than redirecting to a login form, and static files and the language switcher must work on
    the login page, so those prefixes are left to their own checks.
    """

    open_prefixes = ("/admin/", "/api/", "/static/", "/i18n/", "/jsi18n/", "/favicon.ico")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Sportello is internal: every page needs a login.

    The Wagtail admin guards itself and has its own login page, and static files and the health
    probe must answer without a session, so those prefixes are left to their own checks.
    """

    open_prefixes = ("/admin/", "/static/", "/health/", "/favicon.ico")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

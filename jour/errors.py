from django.views.debug import SafeExceptionReporterFilter


class NoRequestDataFilter(SafeExceptionReporterFilter):
    """Error reports leave out all POST data and local variables: they may hold personal data."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [("(hidden)", self.cleansed_substitute)]

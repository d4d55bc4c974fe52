from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from api import serializers as s
from api.actions.contacts import do_record_contact
from api.actions.feedback import check_record_feedback
from api.actions.usage import check_record_usage
from api.views.base import ApiView, integration


class UsageView(ApiView):
    @extend_schema(request=s.UsageInputSerializer, responses={201: s.UsageSerializer, 200: s.UsageSerializer},
                   tags=["records"], summary="This article answered contact X (201 new, 200 already reported)")
    def post(self, request):
        data = self.validated(s.UsageInputSerializer, request.data)
        usage, created = check_record_usage(
            request.user, data["article"], data["contact_id"], data["channel"], data.get("revision"), integration(request)
        )
        return Response(s.UsageSerializer(usage).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class FeedbackView(ApiView):
    @extend_schema(request=s.FeedbackInputSerializer, responses={201: s.FeedbackSerializer}, tags=["records"],
                   summary="Helpful or not, and why")
    def post(self, request):
        data = self.validated(s.FeedbackInputSerializer, request.data)
        feedback = check_record_feedback(
            request.user, data["article"], data["helpful"], data.get("reason", ""), data.get("comment", ""),
            data.get("contact_id", ""), data.get("revision"), integration(request),
        )
        return Response(s.FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class ContactView(ApiView):
    @extend_schema(request=s.ContactInputSerializer, responses={201: s.ContactSerializer, 200: s.ContactSerializer},
                   tags=["records"], summary="Contact X was handled, with or without an article (201 new, 200 already reported)")
    def post(self, request):
        data = self.validated(s.ContactInputSerializer, request.data)
        contact, created = do_record_contact(request.user, data["contact_id"], data["channel"], integration(request))
        return Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

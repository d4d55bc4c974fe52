from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api import assist as assist_service
from api import serializers as s
from api.reply_check import check_reply
from api.views.base import ApiView
from core.after_response import after_response
from kb.reply_preferences import reply_channel_for
from kb.reply_text import fill_answers
from search import service


class SearchView(ApiView):
    @extend_schema(parameters=[s.SearchQuerySerializer], responses=s.SearchResponseSerializer, tags=["search"],
                   summary="Search everything the user may read")
    def get(self, request):
        query = self.validated(s.SearchQuerySerializer, request.query_params)
        filters = {name: query[name] for name in service.FILTER_NAMES if query.get(name)}
        response, log = service.search_then_log(request.user, query["q"], filters, query["page"], source="api")
        data = asdict(response)
        for hit, result in zip(response.results, data["results"]):
            result["snippet"] = hit.snippet
        reply_channel = reply_channel_for(request.user, query.get("channel"))
        fill_answers(data["results"], reply_channel, request.user, query.get("customer_name", ""))
        data.update(num_pages=response.num_pages, degraded=bool(response.message), reply_channel=reply_channel)
        # The answer does not carry the log row's id: the row is written once the answer has left.
        answer = Response(s.SearchResponseSerializer(data).data)
        return after_response(answer, log) if log is not None else answer


class SuggestView(ApiView):
    @extend_schema(parameters=[s.SuggestQuerySerializer], responses=s.SuggestResponseSerializer, tags=["search"],
                   summary="Complete what the user is typing")
    def get(self, request):
        query = self.validated(s.SuggestQuerySerializer, request.query_params)
        return Response({"suggestions": s.SuggestionSerializer(service.suggest(request.user, query["q"]), many=True).data})


class AssistView(ApiView):
    @extend_schema(request=s.AssistSerializer, responses=s.AssistResponseSerializer, tags=["assist"],
                   summary="The approved answers, defects, crises and questions that fit a customer's words")
    def post(self, request):
        data = self.validated(s.AssistSerializer, request.data)
        result = assist_service.assist(request.user, data["text"], data.get("channel"), data.get("product"),
                                       data.get("contact_id"))
        reply_channel = reply_channel_for(request.user, data.get("channel"))
        fill_answers(result["answers"], reply_channel, request.user, data.get("customer_name", ""))
        result["reply_channel"] = reply_channel
        return Response(s.AssistResponseSerializer(result).data)


class CheckReplyView(ApiView):
    @extend_schema(request=s.CheckReplySerializer, responses=s.CheckReplyResponseSerializer, tags=["assist"],
                   summary="What in a draft reply conflicts with crises, expired offers or revoked answers")
    def post(self, request):
        data = self.validated(s.CheckReplySerializer, request.data)
        return Response({"conflicts": check_reply(request.user, data["text"], data.get("channel"))})

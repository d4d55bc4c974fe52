from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from api import articles
from api import serializers as s
from api.views.base import ApiView
from kb.reply_preferences import reply_channel_for

EXTERNAL_ID = r"[^/\x00-\x1f]{1,100}"  # no control characters (PostgreSQL refuses NUL in text)


def article_for(request, article, query):
    """An article as the acting user reads it: an answer's texts for the request's reply channel and customer."""
    reply_channel = reply_channel_for(request.user, query.get("channel"))
    return articles.article_data(article, request.user, query.get("customer_name", ""), reply_channel)


class ArticleView(ApiView):
    @extend_schema(responses=s.ArticleSerializer, tags=["articles"], summary="An article by id",
                   parameters=[OpenApiParameter("id", {"type": "integer", "minimum": 1, "maximum": s.MAX_ID},
                                                OpenApiParameter.PATH, description="The article's id."),
                               s.ArticleQuerySerializer])
    def get(self, request, id):
        if not 0 < id <= s.MAX_ID:
            raise Http404
        query = self.validated(s.ArticleQuerySerializer, request.query_params)
        article = articles.access_article(request.user, pk=id)
        return Response(s.ArticleSerializer(article_for(request, article, query)).data)


class ArticleByExternalIdView(ApiView):
    @extend_schema(responses=s.ArticleSerializer, tags=["articles"], summary="An article by its id in the source system",
                   parameters=[OpenApiParameter("external_id", str, OpenApiParameter.PATH, pattern=f"^{EXTERNAL_ID}$",
                                                description="The `external_id` it was imported with."),
                               s.ArticleQuerySerializer])
    def get(self, request, external_id):
        query = self.validated(s.ArticleQuerySerializer, request.query_params)
        article = articles.access_article(request.user, external_id=external_id)
        return Response(s.ArticleSerializer(article_for(request, article, query)).data)


class CrisisListView(ApiView):
    @extend_schema(responses=s.CrisisListSerializer, tags=["articles"], summary="Ongoing crises, worst first")
    def get(self, request):
        crises = [articles.article_data(crisis) for crisis in articles.active_crises() if articles.may_read(request.user, crisis)]
        return Response({"results": s.ArticleSerializer(crises, many=True).data})

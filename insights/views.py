"""Dashboards for team leads, content owners, approvers and administrators (never CSRs).

Each view builds its tables from the metric functions with the shared filters; `?export=<table>` returns
that table as CSV. Counts of collaboration content only include spaces the viewer may read.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from collaboration import access
from core.csv_export import csv_response
from core import formatting
from core.formatting import Percent
from insights import (
    business_signals,
    content_gaps,
    crisis_receipts,
    drafts,
    emerging,
    filters,
    knowledge_health,
    knowledge_use,
    market_needs,
    qa_health,
    social_support_index,
)
from insights.tables import Table
from kb.models import Product

WEEKLY_AFTER_DAYS = 92


def percent_or_none(value):
    """A share in percent for a table cell; None (nothing to measure) is shown as a dash."""
    return None if value is None else Percent(value)

DASHBOARDS = [
    ("content-gaps", gettext_lazy("Content gaps")),
    ("emerging", gettext_lazy("Emerging problems")),
    ("questions", gettext_lazy("Q&A health")),
    ("knowledge", gettext_lazy("Knowledge health")),
    ("use", gettext_lazy("Knowledge use")),
    ("needs", gettext_lazy("Market needs")),
    ("crises", gettext_lazy("Crisis read receipts")),
    ("signals", gettext_lazy("Signals to the business")),
    ("social-support", gettext_lazy("Social Support Index")),
]


def require_insights(view):
    def wrapped(request, *args, **kwargs):
        if not roles.has_role(request.user, *roles.INSIGHT_ROLES):
            raise PermissionDenied(_("Dashboards are for team leads, content owners and approvers."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def respond(request, name, form, chosen, tables, summary=None, notice=None):
    export = request.GET.get("export")
    if export:
        table = next((table for table in tables if table.slug == export), None)
        if table is None:
            raise Http404
        return csv_response(f"{name}-{table.slug}-{chosen.period.first_day}-{chosen.period.last_day}.csv", table.header, table.csv_rows())
    title = dict(DASHBOARDS)[name]
    return render(request, "insights/dashboard.html", {
        "dashboards": DASHBOARDS, "current": name, "title": title, "form": form, "filters": chosen,
        "tables": tables, "summary": summary or [], "notice": notice,
        "charts": [chart for chart in (table.chart_data() for table in tables) if chart],
        "can_draft": roles.has_role(request.user, *roles.ADMIN_ROLES) and name == "content-gaps",
    })


@require_insights
def index(request):
    return redirect("insights:content-gaps")


@require_insights
def content_gaps_view(request):
    form, chosen = filters.from_request(request)
    period, team = chosen.period, chosen.team
    every_group = content_gaps.by_term(period, team, limit=None)
    rates = content_gaps.click_through(period, team, rows=every_group)
    every_term = content_gaps.shareable(every_group)
    header = [_("Search"), _("Searches"), _("No result"), _("No click")]
    columns = ("term", "searches", "no_result", "no_click")

    def table(slug, caption, rows, chart=None):
        return Table(slug, caption, header, [[row[column] for column in columns] for row in rows], chart)

    tables = [
        table("top", _("Top searches"), every_term[:20], ("bar", 0, 1)),
        table("no-result", _("Searches with no result"), content_gaps.without_results(every_term)),
        table("no-click", _("Searches with results but no click"), content_gaps.without_clicks(every_term)),
    ]
    summary = [
        (_("Searches"), rates["searches"]),
        (_("Click-through rate"), Percent(rates["rate"])),
        (_("Mean clicked position"), rates["mean_position"]),
    ]
    return respond(request, "content-gaps", form, chosen, tables, summary)


@require_insights
def emerging_view(request):
    form, chosen = filters.from_request(request)
    found = emerging.significant(request.user, product=chosen.product, team=chosen.team)
    significance = [_("Posts this week"), _("Significance")]
    if found is None:
        notice = _("Elasticsearch is not available: these figures come from the database, this week against the weekly mean of the four weeks before.")
        posts = emerging.rising_in_posts(request.user, product=chosen.product)
        weekly = [_("This week"), _("Weekly mean, previous 4 weeks")]
        tables = [
            Table("terms", _("Rising words in questions and market needs"), [_("Term"), *weekly],
                  [list(row) for row in posts["terms"]], ("bar", 0, 1)),
            Table("tags", _("Rising tags"), [_("Tag"), *weekly], [list(row) for row in posts["tags"]]),
            Table("searches", _("Rising searches"), [_("Search"), *weekly],
                  [list(row) for row in emerging.rising_searches(team=chosen.team)], ("bar", 0, 1)),
        ]
        return respond(request, "emerging", form, chosen, tables, notice=notice)
    tables = [
        Table("terms", _("Rising words in questions and market needs"), [_("Term"), *significance],
              [list(row) for row in found["terms"]], ("bar", 0, 2)),
        Table("tags", _("Rising tags"), [_("Tag"), *significance], [list(row) for row in found["tags"]]),
        Table("searches", _("Rising words in searches"), [_("Term"), _("Searches this week"), _("Significance")],
              [list(row) for row in found["searches"]], ("bar", 0, 2)),
    ]
    return respond(request, "emerging", form, chosen, tables)


@require_insights
def questions_view(request):
    form, chosen = filters.from_request(request)
    found = qa_health.questions(request.user, chosen.period, chosen.team, chosen.product, chosen.channel)
    result = qa_health.summary(found)
    summary = [
        (_("Questions"), result["total"]),
        (_("Answered"), Percent(result["answered_share"])),
        (_("Median time to first answer (minutes)"), result["median_minutes_to_first_answer"]),
        (_("First answer within SLA"), Percent(result["within_sla_share"])),
        (_("Escalated"), result["escalated"]),
        (_("SLA breached"), result["breached"]),
        (_("Certified answers"), result["certified"]),
        (_("Promoted to the knowledge base"), result["promoted"]),
    ]
    tables = [
        asked_over_time(qa_health.per_day(found, chosen.period)),
        Table("by-group", _("Escalations and breaches by responsible group"), [_("Group"), _("Escalated"), _("SLA breached")],
              [[row["group"] or "—", row["escalated"], row["breached"]] for row in qa_health.by_group(found)], ("bar", 0, 1)),
    ]
    return respond(request, "questions", form, chosen, tables, summary)


def asked_over_time(daily):
    """Questions per day, or per week beyond WEEKLY_AFTER_DAYS days."""
    if len(daily) <= WEEKLY_AFTER_DAYS:
        return Table("per-day", _("Questions per day"), [_("Day"), _("Questions")],
                     [[day, count] for day, count in daily], ("line", 0, 1))
    return Table("per-week", _("Questions per week"), [_("Week from"), _("Questions")],
                 [[monday, count] for monday, count in qa_health.per_week(daily)], ("line", 0, 1))


@require_insights
def knowledge_view(request):
    form, chosen = filters.from_request(request)
    period, product = chosen.period, chosen.product
    readable = access.visible_questions(request.user)
    opened = knowledge_health.most_opened(period, product, chosen.team, viewer=request.user)
    links = knowledge_health.linked_from_answers(opened, period, readable)
    flagged = knowledge_health.most_flagged(period, product, chosen.team, viewer=request.user)
    promoted = knowledge_health.certified_to_published(period, readable)
    tables = [
        Table("past-review", _("Articles past review, by owner"), [_("Owner"), _("Articles")],
              [[row["owner"], row["articles"]] for row in knowledge_health.past_review_by_owner(product)], ("bar", 0, 1)),
        Table("viewed", _("Most read articles"), [_("Article"), _("Reads")],
              [[row["title"], row["views"]] for row in knowledge_health.most_viewed(period, product, viewer=request.user)], ("bar", 0, 1)),
        Table("flagged", _("Most reported articles"), [_("Article"), _("Reports"), _("Still open")],
              [[row["article__title"], row["reports"], row["open"]] for row in flagged]),
        Table("opened", _("Most opened from search, and reuse in answers"), [_("Article"), _("Opened from search"), _("Linked from answers")],
              [[row["title"], row["opened"], links.get(row["article"], 0)] for row in opened], ("bar", 0, 1)),
    ]
    summary = [
        (_("Certified answers published as articles"), promoted["promoted"]),
        (_("Median hours from certified answer to published article"), promoted["median_hours"]),
    ]
    return respond(request, "knowledge", form, chosen, tables, summary)


@require_insights
def knowledge_use_view(request):
    form, chosen = filters.from_request(request)
    period, team, product = chosen.period, chosen.team, chosen.product
    *channels, total = knowledge_use.link_rate(period, team)
    rated = [_("Ratings"), _("Helpful"), _("Helpful (%)")]
    tables = [
        Table("link-rate", _("Link rate by channel"), [_("Channel"), _("Contacts reported"), _("With an article"), _("Link rate (%)")],
              [[row["label"], row["reported"], row["linked"], Percent(row["rate"])] for row in channels], ("bar", 0, 3)),
        Table("reuse", _("Reuse per article"), [_("Article"), _("Contacts"), _("Operators")],
              [[row["title"], row["contacts"], row["csrs"]] for row in knowledge_use.reuse(request.user, period, team, product)],
              ("bar", 0, 1)),
        Table("helpful", _("Helpfulness per article"), [_("Article"), *rated],
              [[row["title"], row["ratings"], row["helpful"], Percent(row["share"])]
               for row in knowledge_use.helpfulness(request.user, period, team, product)]),
        Table("helpful-owner", _("Helpfulness per owner"), [_("Owner"), *rated],
              [[row["owner"], row["ratings"], row["helpful"], Percent(row["share"])]
               for row in knowledge_use.helpfulness_by_owner(period, team, product)], ("bar", 0, 3)),
        Table("used", _("Answers used per team and channel"), [_("Team"), _("Channel"), _("Uses")],
              [[row["team"], row["channel"], row["uses"]] for row in knowledge_use.used_by_team_and_channel(period, team, product)]),
        Table("never-used", _("Articles never used"), [_("Article"), _("Owner"), _("Published")],
              [[row["title"], row["owner"], formatting.local(row["published"]).date() if row["published"] else None]
               for row in knowledge_use.never_used(request.user, product)]),
    ]
    summary = [
        (_("Contacts reported"), total["reported"]),
        (_("Contacts with an article"), total["linked"]),
        (_("Link rate"), Percent(total["rate"])),
    ]
    return respond(request, "use", form, chosen, tables, summary)


@require_insights
def needs_view(request):
    form, chosen = filters.from_request(request)
    rows = market_needs.ranked(request.user, chosen.period, chosen.team, chosen.product, channel=chosen.channel)
    table = Table(
        "ranked", _("Market needs by support"),
        [_("Need"), _("Operators who heard it"), _("Customers affected"), _("Trend (+1s, last 7 days vs 7 before)"), _("Status"), _("Product")],
        [[row["title"], row["support"], row["customers"], row["trend"], row["status"], row["product"]] for row in rows],
        ("bar", 0, 1), links=[reverse("collaboration:need", args=[row["need"].pk]) for row in rows],
    )
    return respond(request, "needs", form, chosen, [table])


@require_insights
def signals_view(request):
    form, chosen = filters.from_request(request)
    rows = business_signals.per_function(request.user, chosen.period, chosen.team, chosen.product, chosen.channel)
    table = Table(
        "functions", _("Signals per business function"),
        [_("Business function"), _("Signals received"), _("First answers or actions within SLA (%)"), _("Decisions within SLA (%)"),
         _("Median hours to a decision"), _("Closed with an answer to the front line (%)"), _("Oldest open item (days)")],
        [[row["function"], row["received"], percent_or_none(row["first_answer_within_sla"]),
          percent_or_none(row["decisions_within_sla"]), row["median_hours_to_decision"],
          percent_or_none(row["closed_with_answer"]), row["oldest_open_days"]] for row in rows],
        ("bar", 0, 1),
    )
    kinds = business_signals.signals_per_kind(request.user, chosen.period, chosen.team, chosen.product, chosen.channel)
    per_kind = Table(
        "signal_kinds", _("Article reports, emerging problems and search gaps"),
        [_("Business function"), _("Event"), _("Signals received"), _("First actions within SLA (%)"),
         _("Closed with an outcome (%)"), _("Oldest open item (days)")],
        [[row["function"], row["kind"], row["received"], percent_or_none(row["first_action_within_sla"]),
          percent_or_none(row["closed_with_outcome"]), row["oldest_open_days"]] for row in kinds],
    )
    return respond(request, "signals", form, chosen, [table, per_kind])


@require_insights
def social_support_view(request):
    form, chosen = filters.from_request(request)
    ssi = social_support_index
    # Each part with its weight, then its trend: management sees which part moved the index.
    header_parts = [
        heading for part in ssi.PARTS
        for heading in (f"{part.label} ({round(100 * part.weight)}%)", _("%(part)s: trend (points)") % {"part": part.label})
    ]

    def part_cells(row):
        return [cell for share, trend in zip(row["parts"], row["part_trends"]) for cell in (percent_or_none(share), trend)]

    def table(slug, caption, scope_label, rows):
        return Table(
            slug, caption, [_("Month"), scope_label, _("Index"), _("Trend (points)"), *header_parts],
            [[row["month"], row["scope"], row["score"], row["trend"], *part_cells(row)] for row in rows],
            ("bar", 1, 2),
        )

    teams = [chosen.team] if chosen.team else list(filters.teams_for(request.user).order_by("name"))
    products = [chosen.product] if chosen.product else list(
        Product.objects.filter(pk__in=qa_health.questions(request.user, chosen.period).values("product")).order_by("name")
    )
    tables = [
        table("teams", _("Social Support Index per team"), _("Team"),
              ssi.monthly(request.user, chosen.period, teams, lambda team: {"team": team}, chosen.channel)),
        table("products", _("Social Support Index per product"), _("Product"),
              ssi.monthly(request.user, chosen.period, products, lambda product: {"product": product}, chosen.channel)),
    ]
    return respond(request, "social-support", form, chosen, tables)


@require_insights
def crises_view(request):
    form, chosen = filters.from_request(request)
    rows = crisis_receipts.per_crisis(chosen.period, chosen.team, request.user)
    table = Table(
        "per-crisis", _("Acknowledgement rate per crisis"), [_("Crisis"), _("Read"), _("Operators"), _("Rate")],
        [[row["crisis"].title, row["acknowledged"], row["expected"], Percent(row["rate"])] for row in rows], ("bar", 0, 3),
        links=[reverse("kb:crisis-receipts", args=[row["crisis"].pk]) for row in rows],
    )
    per_team = Table(
        "per-team", _("Acknowledgement rate per team and crisis"), [_("Crisis"), _("Team"), _("Read"), _("Operators"), _("Rate")],
        [[row["crisis"].title, team.name, team.acknowledged, team.expected, Percent(team.rate)] for row in rows for team in row["teams"]],
    )
    tables = [table, per_team]
    if rows:
        newest = rows[0]
        tables.append(Table(
            "over-time", _("Read over time: %(crisis)s") % {"crisis": newest["crisis"].title}, [_("At"), _("Read"), _("Rate")],
            [[moment, count, Percent(rate)]
             for moment, count, rate in crisis_receipts.timeline(newest["crisis"], chosen.period, chosen.team)],
            ("line", 0, 2),
        ))
    return respond(request, "crises", form, chosen, tables)


class DraftTitleForm(forms.Form):
    term = forms.CharField(widget=forms.HiddenInput, max_length=500)
    title = forms.CharField(label=gettext_lazy("Title of the draft"), max_length=255)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("This field is required."))
        return title


@require_POST
@require_insights
def draft_for_search(request):
    """"Write an article for this": first a form to correct the title (a search keeps its typos: *Disdeta
    fibra*), then a draft answer in the section operators open for this search, opened in the editor."""
    form = DraftTitleForm(request.POST)
    if "title" not in request.POST:
        term = " ".join(request.POST.get("term", "").split())
        form = DraftTitleForm(initial={"term": term, "title": term[:1].upper() + term[1:]})
        return render(request, "insights/draft_title.html", {"form": form}, status=200 if term else 400)
    if not form.is_valid():
        return render(request, "insights/draft_title.html", {"form": form}, status=400)
    try:
        page = drafts.do_start_draft(request.user, form.cleaned_data["term"], title=form.cleaned_data["title"])
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("insights:content-gaps")
    messages.success(request, _("A draft article was started: write it and submit it for approval."))
    return redirect("wagtailadmin_pages:edit", page.pk)


"""The impact table as the workflow: SLA clocks on the responsible group's calendar (due times in its
time zone), out-of-hours cover, the escalation ladder (lead, then fallback) recorded in the history,
matching across event kinds, reviewers' sign-off that cannot be skipped, market needs with an owner
function and a decision that reaches every +1, and the informed groups' digest grouped by row."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from collaboration.actions import certification, contributions, escalation, questions, reviews, routing
from collaboration.models import (
    BusinessCalendar,
    BusinessFunction,
    ChannelServiceLevel,
    EventKind,
    ImpactRule,
    MarketNeed,
    Question,
    Review,
    WorkflowStep,
)
from notifications.digest import send_email_digests
from notifications.models import Delivery, Kind, Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
FRIDAY_EVENING = datetime.datetime(2026, 11, 27, 19, tzinfo=ROME)
SATURDAY_NOON = datetime.datetime(2026, 11, 28, 12, tzinfo=ROME)


@pytest.fixture
def product_group(db):
    return Group.objects.create(name="Product")


@pytest.fixture
def legal_group(db):
    return Group.objects.create(name="Legal")


@pytest.fixture
def on_call(db):
    return Group.objects.create(name="Reperibilità")


@pytest.fixture
def office_hours(db):
    return BusinessCalendar.objects.create(name="Uffici Milano 9-18", time_zone="Europe/Rome")


@pytest.fixture
def billing_function(billing_back_office, office_hours, on_call, team_lead):
    return BusinessFunction.objects.create(
        group=billing_back_office, calendar=office_hours, lead=team_lead, fallback_group=on_call,
        out_of_hours_note="Reperibile: 02 1234 5678",
    )


@pytest.fixture
def on_call_member(on_call):
    user = make_user("reperibile", roles.EXPERT)
    user.groups.add(on_call)
    return user


def ask(user, space, rule, title="Doppio addebito", when=FRIDAY_EVENING, **fields):
    """A question asked at `when`: created now, then moved back in time and routed again as of then."""
    question = questions.do_create_question(user, space, title, "x", topic=rule.topic, **fields)
    question.created_at = when
    question.save(update_fields=["created_at"])
    question.steps.all().delete()
    routing.do_route_question(question, now=when)
    return question


def test_sla_runs_on_the_group_calendar_and_shows_in_its_time_zone(client, csr, everyone, billing_rule, billing_function):
    billing_rule.first_response_minutes = 4 * 60
    billing_rule.save()
    question = ask(csr, everyone, billing_rule)
    assert question.first_response_due == datetime.datetime(2026, 11, 30, 13, tzinfo=ROME)
    assert escalation.escalate_overdue(now=datetime.datetime(2026, 11, 29, 23, tzinfo=ROME)) == 0  # weekend: no clock

    client.force_login(csr)
    assert "30/11/2026 13:00 CET" in client.get(question.get_absolute_url()).content.decode()

    billing_function.calendar.time_zone = "Europe/London"
    billing_function.calendar.save()
    question = ask(csr, everyone, billing_rule, title="Seconda")  # 18:00 in London: opens Monday 9:00 there
    html = client.get(question.get_absolute_url()).content.decode()
    assert "30/11/2026 13:00 GMT" in html and "Europe/London" in html


def test_per_channel_service_level(csr, everyone, billing_rule):
    ChannelServiceLevel.objects.create(rule=billing_rule, channel="social", first_response_minutes=10, resolution_minutes=60)
    question = questions.do_create_question(csr, everyone, "Post pubblico", "x", topic=billing_rule.topic, channel="social")
    assert question.first_response_due - question.created_at == datetime.timedelta(minutes=10)
    phone = questions.do_create_question(csr, everyone, "Telefonata", "x", topic=billing_rule.topic, channel="phone")
    assert phone.first_response_due - phone.created_at == datetime.timedelta(minutes=30)


def test_out_of_hours_escalation_goes_to_the_fallback_and_the_answer_is_visible(
    client, csr, everyone, billing_rule, billing_function, on_call
):
    question = ask(csr, everyone, billing_rule, title="Chi risponde nel weekend?")
    escalation.do_escalate(question, user=csr, now=SATURDAY_NOON)
    question.refresh_from_db()
    assert question.assigned_group == on_call
    assert question.steps.filter(kind=WorkflowStep.Kind.OUT_OF_HOURS, group=on_call).exists()
    client.force_login(csr)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "data-out-of-hours" in html and "Reperibilità" in html and "02 1234 5678" in html


def test_escalation_in_hours_stays_with_the_responsible_group(csr, everyone, billing_rule, billing_function, billing_back_office):
    question = ask(csr, everyone, billing_rule)
    escalation.do_escalate(question, user=csr, now=datetime.datetime(2026, 11, 30, 10, tzinfo=ROME))
    assert question.assigned_group == billing_back_office


def test_escalation_ladder_tells_the_lead_then_hands_to_the_fallback_once_each(
    django_capture_on_commit_callbacks, csr, everyone, billing_rule, billing_function, team_lead, on_call, on_call_member
):
    question = ask(csr, everyone, billing_rule)  # first response due Monday 9:30, resolution Monday 13:00
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.climb_escalation_ladder(now=datetime.datetime(2026, 11, 30, 9, tzinfo=ROME)) == 0
        assert escalation.climb_escalation_ladder(now=datetime.datetime(2026, 11, 30, 10, tzinfo=ROME)) == 1
    assert Notification.objects.filter(user=team_lead, kind=Kind.BREACH, question=question).count() == 1
    question.refresh_from_db()
    assert question.breach_level == 1 and question.assigned_group is None

    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.climb_escalation_ladder(now=datetime.datetime(2026, 11, 30, 14, tzinfo=ROME)) == 1
        assert escalation.climb_escalation_ladder(now=datetime.datetime(2026, 11, 30, 15, tzinfo=ROME)) == 0
    question.refresh_from_db()
    assert question.breach_level == 2 and question.assigned_group == on_call
    assert Notification.objects.filter(user=on_call_member, kind=Kind.ESCALATION, question=question).count() == 1
    kinds = list(question.steps.values_list("kind", flat=True))
    assert kinds == [WorkflowStep.Kind.ROUTED, WorkflowStep.Kind.LEAD_NOTIFIED, WorkflowStep.Kind.FALLBACK]


def test_most_specific_row_wins_across_event_kinds(billing_back_office, product_group, fibra):
    any_kind = ImpactRule.objects.create(name="A Fibra: tutto", product=fibra, responsible_group=billing_back_office)
    needs = ImpactRule.objects.create(name="B Fibra: esigenze", product=fibra, event_kind=EventKind.NEED, responsible_group=product_group)
    popular = ImpactRule.objects.create(
        name="C Fibra: esigenze sentite", product=fibra, event_kind=EventKind.NEED_SUPPORT, support_threshold=2,
        responsible_group=product_group,
    )
    assert routing.matching_rule(fibra.pk, None, (), kind=EventKind.QUESTION) == any_kind
    assert routing.matching_rule(fibra.pk, None, (), kind=EventKind.NEED) == needs
    assert routing.matching_rule(fibra.pk, None, (), kind=EventKind.NEED_SUPPORT, support=1) == any_kind
    assert routing.matching_rule(fibra.pk, None, (), kind=EventKind.NEED_SUPPORT, support=2) == popular


def test_need_gets_an_owner_and_is_rerouted_when_support_passes_the_threshold(
    django_capture_on_commit_callbacks, csr, csr2, expert, everyone, fibra, product_group, billing_back_office
):
    manager = make_user("product.manager", roles.EXPERT)
    manager.groups.add(product_group)
    ImpactRule.objects.create(name="Esigenze", event_kind=EventKind.NEED, responsible_group=billing_back_office, resolution_minutes=600)
    ImpactRule.objects.create(name="Tutto il resto", responsible_group=billing_back_office)
    ImpactRule.objects.create(
        # the author counts as the first operator behind the need (collaboration.supporters): 3 = two +1s
        name="Esigenze sentite", event_kind=EventKind.NEED_SUPPORT, support_threshold=3, responsible_group=product_group,
        priority="high", resolution_minutes=120,
    )
    with django_capture_on_commit_callbacks(execute=True):
        need = contributions.do_flag_need(csr, everyone, "IP statico", "x", "daily", 3, "phone", fibra)
    assert need.responsible_group == billing_back_office and need.decision_due is not None
    contributions.do_support_need(csr2, need)  # below the threshold: stays on its row, not the generic one
    need.refresh_from_db()
    assert need.impact_rule.name == "Esigenze"
    with django_capture_on_commit_callbacks(execute=True):
        contributions.do_support_need(expert, need)
    need.refresh_from_db()
    assert need.responsible_group == product_group and need.priority == "high"
    assert Notification.objects.filter(user=manager, kind=Kind.SIGNAL).count() == 1
    assert list(need.steps.values_list("note", flat=True)) == ["Esigenze", "Esigenze sentite"]


@pytest.fixture
def reviewed_rule(billing_rule, legal_group, product_group):
    billing_rule.reviewer_groups.add(legal_group, product_group)
    return billing_rule


def test_certification_waits_for_every_reviewer_group(
    django_capture_on_commit_callbacks, csr, csr2, expert, everyone, reviewed_rule, legal_group, product_group
):
    lawyer, pm = make_user("legale", roles.APPROVER), make_user("prodotto", roles.APPROVER)
    lawyer.groups.add(legal_group)
    pm.groups.add(product_group)
    question = ask(csr, everyone, reviewed_rule, when=datetime.datetime.now(tz=ROME))
    answer = questions.do_post_answer(csr2, question, "Nota di credito")
    with django_capture_on_commit_callbacks(execute=True):
        certification.do_certify_answer(expert, answer)
    answer.refresh_from_db()
    assert answer.certified_at is None
    review = Review.objects.get(answer=answer)
    assert Notification.objects.filter(kind=Kind.SIGN_OFF, user__in=[lawyer, pm]).count() == 2
    with pytest.raises(PermissionDenied):
        reviews.do_sign_off(expert, review, approve=True)  # the certifier is in no reviewer group
    with pytest.raises(ValidationError):
        certification.do_certify_answer(expert, answer)  # a second try does not skip the open review

    reviews.do_sign_off(lawyer, review, approve=True)
    answer.refresh_from_db()
    assert answer.certified_at is None  # Product has not signed off yet
    reviews.do_sign_off(pm, review, approve=True)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.certified_at is not None and answer.certified_by == expert and question.resolved_at is not None


def test_one_rejection_with_a_reason_ends_the_review(client, csr, csr2, expert, everyone, reviewed_rule, legal_group):
    lawyer = make_user("legale", roles.APPROVER)
    lawyer.groups.add(legal_group)
    question = ask(csr, everyone, reviewed_rule, when=datetime.datetime.now(tz=ROME))
    answer = questions.do_post_answer(csr2, question, "Nota di credito")
    certification.do_certify_answer(expert, answer)
    review = Review.objects.get(answer=answer)
    client.force_login(lawyer)
    page = client.get("/collaboration/signals/").content.decode()
    assert f'data-sign-off="{review.pk}"' in page
    response = client.post(f"/collaboration/reviews/{review.pk}/sign-off/", {"decision": "reject", "reason": ""})
    review.refresh_from_db()
    assert response.status_code == 302 and review.state == Review.State.AWAITING  # a reason is required
    client.post(f"/collaboration/reviews/{review.pk}/sign-off/", {"decision": "reject", "reason": "Manca il riferimento al contratto"})
    review.refresh_from_db()
    answer.refresh_from_db()
    assert review.state == Review.State.REJECTED and answer.certified_at is None
    with pytest.raises(ValidationError):
        reviews.do_sign_off(lawyer, review, approve=True)
    client.force_login(csr)
    assert "Manca il riferimento al contratto" in client.get(question.get_absolute_url()).content.decode()


def test_sign_off_page_of_an_item_the_user_cannot_read_is_404(client, csr, expert, experts_space, reviewed_rule, legal_group):
    question = questions.do_create_question(expert, experts_space, "Caso riservato", "x", topic=reviewed_rule.topic)
    answer = questions.do_post_answer(expert, question, "Risposta")
    certification.do_certify_answer(expert, answer)
    review = Review.objects.get(answer=answer)
    csr.groups.add(legal_group)
    client.force_login(csr)
    assert client.post(f"/collaboration/reviews/{review.pk}/sign-off/", {"decision": "approve"}).status_code == 404
    assert "Caso riservato" not in client.get("/collaboration/signals/").content.decode()


def test_need_decision_waits_for_review_then_reaches_every_supporter_with_a_link(
    django_capture_on_commit_callbacks, csr, csr2, expert, everyone, legal_group, product_group, fibra
):
    lawyer = make_user("legale", roles.APPROVER)
    lawyer.groups.add(legal_group)
    rule = ImpactRule.objects.create(name="Esigenze", event_kind=EventKind.NEED, responsible_group=product_group)
    rule.reviewer_groups.add(legal_group)
    need = contributions.do_flag_need(csr, everyone, "IP statico", "x", "daily", 3, "phone", fibra)
    contributions.do_support_need(csr2, need)
    contributions.do_change_need_status(expert, need, MarketNeed.Status.DECLINED, "Non previsto nel 2027")
    need.refresh_from_db()
    assert need.status == MarketNeed.Status.NEW and need.decided_at is None
    with django_capture_on_commit_callbacks(execute=True):
        reviews.do_sign_off(lawyer, Review.objects.get(need=need), approve=True)
    need.refresh_from_db()
    assert need.status == MarketNeed.Status.DECLINED and need.decided_at is not None
    told = Notification.objects.filter(kind=Kind.NEED_STATUS, url=f"/collaboration/needs/{need.pk}/")
    assert set(told.values_list("user__username", flat=True)) == {csr.username, csr2.username}


def test_informed_groups_get_one_digest_grouped_by_row(django_capture_on_commit_callbacks, csr, everyone, billing_rule, fibra, team_lead):
    team_lead.email = "tl@example.com"
    team_lead.save()
    billing_rule.informed_groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    roaming = ImpactRule.objects.create(name="Roaming", tag="roaming", responsible_group=billing_rule.responsible_group)
    roaming.informed_groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    with django_capture_on_commit_callbacks(execute=True):
        questions.do_create_question(csr, everyone, "Addebito doppio", "x", topic=billing_rule.topic)
        questions.do_create_question(csr, everyone, "Addebito triplo", "x", topic=billing_rule.topic)
        questions.do_create_question(csr, everyone, "Chiamate in Svizzera", "x", tags=["roaming"])
    informed = Notification.objects.filter(user=team_lead, kind=Kind.INFORMED)
    assert informed.count() == 3 and set(informed.values_list("delivery", flat=True)) == {Delivery.EMAIL}
    assert send_email_digests() == 1
    body = mail.outbox[0].body
    assert body.index("Fatturazione") < body.index("Addebito doppio") < body.index("Addebito triplo") < body.index("Roaming")
    assert body.index("Roaming") < body.index("Chiamate in Svizzera")
    headings = [line for line in body.splitlines() if "Fatturazione" in line and not line.startswith(("-", " "))]
    assert len(headings) == 1  # one heading per row, its signals listed under it


def test_demo_has_six_business_functions_and_a_visible_weekend_answer(client):
    from accounts.demo import create_demo_users
    from collaboration.demo import load_collaboration_demo
    from kb.models import Product, ProductLine, Topic

    create_demo_users(password="pw")
    Topic.objects.create(name="Guasti tecnici")
    Product.objects.create(name="Fibra Casa", line=ProductLine.FIXED)
    load_collaboration_demo()
    load_collaboration_demo()  # idempotent
    assert ImpactRule.objects.count() >= 12
    kinds = set(ImpactRule.objects.values_list("event_kind", flat=True))
    assert {EventKind.ARTICLE_REPORT, EventKind.EMERGING_PROBLEM, EventKind.SEARCH_GAP} <= kinds  # a row for every event
    functions = BusinessFunction.objects.filter(calendar__isnull=False).values_list("group__name", flat=True)
    assert len(set(ImpactRule.objects.values_list("responsible_group__name", flat=True))) == 6
    assert set(ImpactRule.objects.values_list("responsible_group__name", flat=True)) <= set(functions)
    question = Question.objects.get(title__startswith="Chi risponde nel weekend")
    client.force_login(question.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "data-out-of-hours" in html and "Reperibilità tecnica" in html


def test_question_carries_the_channel_it_was_asked_on_and_dashboards_filter_by_it(client, csr, team_lead, everyone, home):
    client.force_login(csr)
    response = client.post("/collaboration/ask/", {
        "space": everyone.pk, "title": "Post pubblico su un addebito", "body": "Il cliente ha scritto su Facebook.",
        "tags": "", "channel": "social",
    })
    assert response.status_code == 302
    assert Question.objects.get(title="Post pubblico su un addebito").channel == "social"
    questions.do_create_question(csr, everyone, "Telefonata su un addebito", "x", channel="phone")

    client.force_login(team_lead)

    def asked(query):
        rows = client.get(f"/insights/questions/?{query}&export=per-day").content.decode("utf-8-sig").splitlines()[1:]
        return sum(int(row.split(";")[1]) for row in rows)

    assert asked("channel=") == 2
    assert asked("channel=social") == 1
    assert asked("channel=social_dm") == 0
    html = client.get("/insights/questions/?channel=fax", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "form-error" in html  # an unknown channel is reported, and the defaults are used

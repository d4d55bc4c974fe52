"""Demo content of the collaboration space: spaces and rights, the impact table, and a few
conversations created through the same actions the pages use. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from collaboration.actions import certification, contributions, escalation, questions
from collaboration.models import (
    ArticleReport,
    BestPractice,
    BusinessCalendar,
    BusinessFunction,
    ChannelServiceLevel,
    EventKind,
    ImpactRule,
    MarketNeed,
    Priority,
    Question,
    Space,
)
from collaboration.spaces import ensure_space, grant
from kb.models import ArticlePage, Product, Topic

BUSINESS_GROUPS = ["Back office Fatturazione", "Rete e guasti (secondo livello)", "Marketing offerte"]
TEAM_FIBRA = "Team Fibra"


def user(username):
    return get_user_model().objects.get(username=username)


def load_spaces():
    everyone = ensure_space("tutti-gli-operatori", "Tutti gli operatori", Space.Kind.ALL_OPERATORS,
                            "Domande e risposte tra colleghi di tutti i canali.")
    for role in roles.ALL_ROLES:
        grant(everyone, Group.objects.get(name=role), "post")
    for role in (roles.TEAM_LEAD, roles.ADMINISTRATOR):
        grant(everyone, Group.objects.get(name=role), "moderate")

    team, _created = Group.objects.get_or_create(name=TEAM_FIBRA)
    for username in ("operatore", "teamleader"):
        user(username).groups.add(team)
    fibra = ensure_space("team-fibra", "Team Fibra", Space.Kind.TEAM, "Lo spazio del team che segue i clienti fibra.")
    grant(fibra, team, "post")
    grant(fibra, Group.objects.get(name=roles.TEAM_LEAD), "moderate")

    experts = ensure_space("esperti-back-office", "Esperti back office", Space.Kind.EXPERTS,
                           "Spazio riservato a esperti e approvatori: casi delicati e bozze di risposte certificate.")
    for role in (roles.EXPERT, roles.APPROVER, roles.ADMINISTRATOR):
        grant(experts, Group.objects.get(name=role), "moderate")
    return everyone, fibra, experts


# The business functions (Billing, Network operations, Marketing, Product, Legal, PR) and the on-call
# cover of the technical ones: name, calendar, lead, fallback group, out-of-hours note.
BILLING, NETWORK, MARKETING = BUSINESS_GROUPS
PRODUCT, LEGAL, PR, ON_CALL = "Prodotto", "Legale", "Relazioni esterne (PR)", "Reperibilità tecnica"
CALENDARS = {
    # name: (time zone, opens, closes, weekdays, patron saint)
    "Uffici Milano 9-18": ("Europe/Rome", datetime.time(9), datetime.time(18), "12345", (12, 7)),
    "Sede Roma 9-17:30": ("Europe/Rome", datetime.time(9), datetime.time(17, 30), "12345", (6, 29)),
    "Rete 8-20 lunedì-sabato": ("Europe/Rome", datetime.time(8), datetime.time(20), "123456", None),
}
FUNCTIONS = [
    (BILLING, "Uffici Milano 9-18", "esperto", ON_CALL, ""),
    (NETWORK, "Rete 8-20 lunedì-sabato", "esperto", ON_CALL,
     "Notti, domeniche e festivi: reperibilità tecnica, turno a rotazione settimanale (numero interno 4455)."),
    (MARKETING, "Uffici Milano 9-18", "esperto", None, ""),
    (PRODUCT, "Uffici Milano 9-18", "prodotto", None, ""),
    (LEGAL, "Sede Roma 9-17:30", "legale", None, ""),
    (PR, "Sede Roma 9-17:30", "approvatore", None, "Crisi sui social fuori orario: chiamare il portavoce di turno."),
    (ON_CALL, None, None, None, "Reperibilità 24 ore su 24, 7 giorni su 7."),
]
MEMBERS = {BILLING: ["esperto"], NETWORK: ["esperto"], MARKETING: ["esperto"], PRODUCT: ["prodotto"],
           LEGAL: ["legale"], PR: ["approvatore"], ON_CALL: ["esperto"]}


def load_business_functions():
    groups = {name: Group.objects.get_or_create(name=name)[0] for name, *_rest in FUNCTIONS}
    for name, usernames in MEMBERS.items():
        groups[name].user_set.add(*get_user_model().objects.filter(username__in=usernames))
    for group in groups.values():
        escalation.allow_to_answer(group)  # a business function answers what is escalated to it
    calendars = {}
    for name, (zone, opens, closes, weekdays, patron) in CALENDARS.items():
        calendars[name], _created = BusinessCalendar.objects.get_or_create(name=name, defaults=dict(
            time_zone=zone, opens=opens, closes=closes, weekdays=weekdays,
            patron_saint_month=patron[0] if patron else None, patron_saint_day=patron[1] if patron else None,
        ))
    for name, calendar, lead, fallback, note in FUNCTIONS:
        BusinessFunction.objects.get_or_create(group=groups[name], defaults=dict(
            calendar=calendars.get(calendar), lead=get_user_model().objects.filter(username=lead).first(),
            fallback_group=groups.get(fallback), out_of_hours_note=note,
        ))
    return groups


def load_impact_table():
    groups = load_business_functions()
    team_leads = Group.objects.get(name=roles.TEAM_LEAD)
    topic = {name: Topic.objects.filter(name=name).first() for name in ("Fatturazione e pagamenti", "Guasti tecnici", "Offerte commerciali")}
    product = {name: Product.objects.filter(name=name).first() for name in ("Fibra Casa", "eSIM")}
    # name, conditions, responsible, priority, first response and resolution minutes, reviewers, informed,
    # SLAs per channel {channel: (first response, resolution)}
    rules = [
        ("Fatturazione e pagamenti", dict(topic=topic["Fatturazione e pagamenti"]), BILLING, Priority.HIGH, 30, 240,
         [], [team_leads], {"social": (15, 120)}),
        ("Guasti fibra", dict(topic=topic["Guasti tecnici"], product=product["Fibra Casa"]), NETWORK, Priority.URGENT, 15, 120,
         [], [team_leads, groups[PRODUCT]], {}),
        ("Guasti tecnici", dict(topic=topic["Guasti tecnici"]), NETWORK, Priority.HIGH, 30, 240, [], [team_leads], {}),
        ("Offerte commerciali", dict(topic=topic["Offerte commerciali"]), MARKETING, Priority.NORMAL, 60, 480,
         [groups[LEGAL]], [groups[PRODUCT]], {}),
        ("Roaming", dict(tag="roaming"), NETWORK, Priority.NORMAL, 60, 480, [], [], {}),
        ("Reclami e rimborsi", dict(tag="reclamo"), LEGAL, Priority.HIGH, 60, 480, [groups[BILLING]], [team_leads], {}),
        ("Disdette e retention", dict(tag="disdetta"), MARKETING, Priority.NORMAL, 60, 480, [], [groups[PRODUCT]], {}),
        ("Portabilità del numero", dict(tag="portabilità"), NETWORK, Priority.NORMAL, 60, 480, [], [groups[PRODUCT]], {}),
        ("Segnalazioni dai social", dict(tag="social"), PR, Priority.URGENT, 30, 240, [groups[LEGAL]], [team_leads],
         {"social": (10, 60), "social_dm": (20, 120)}),
        ("Disservizi e crisi", dict(tag="disservizio"), PR, Priority.URGENT, 15, 120, [groups[LEGAL]],
         [team_leads, groups[NETWORK]], {}),
        ("Esigenze di mercato", dict(event_kind=EventKind.NEED), PRODUCT, Priority.NORMAL, 240, 5 * 8 * 60,
         [], [groups[MARKETING]], {}),
        ("Esigenze sentite da molti operatori", dict(event_kind=EventKind.NEED_SUPPORT, support_threshold=3), PRODUCT,
         Priority.HIGH, 120, 2 * 8 * 60, [], [groups[MARKETING], team_leads], {}),
        ("Esigenze eSIM", dict(event_kind=EventKind.NEED, product=product["eSIM"]), PRODUCT, Priority.NORMAL, 240, 5 * 8 * 60,
         [groups[MARKETING]], [team_leads], {}),
        # Signals that are neither questions nor needs (collaboration.actions.signals, insights.signal_detection).
        ("Segnalazioni su articoli di fatturazione", dict(event_kind=EventKind.ARTICLE_REPORT, topic=topic["Fatturazione e pagamenti"]),
         BILLING, Priority.HIGH, 60, 2 * 8 * 60, [groups[LEGAL]], [team_leads], {}),
        ("Problemi emergenti", dict(event_kind=EventKind.EMERGING_PROBLEM), PRODUCT, Priority.HIGH, 120, 8 * 60,
         [], [team_leads, groups[MARKETING]], {}),
        ("Guasti emergenti", dict(event_kind=EventKind.EMERGING_PROBLEM, tag="guasto"), NETWORK, Priority.URGENT, 30, 240,
         [], [team_leads], {}),
        ("Ricerche senza risultato", dict(event_kind=EventKind.SEARCH_GAP), PRODUCT, Priority.NORMAL, 240, 2 * 8 * 60,
         [], [team_leads], {}),
    ]
    for name, conditions, group, priority, first, resolution, reviewers, informed, per_channel in rules:
        rule, created = ImpactRule.objects.get_or_create(name=name, defaults=dict(
            responsible_group=groups[group], priority=priority, first_response_minutes=first,
            resolution_minutes=resolution, **conditions,
        ))
        if created:
            rule.reviewer_groups.add(*reviewers)
            rule.informed_groups.add(*informed)
            for channel, (channel_first, channel_resolution) in per_channel.items():
                ChannelServiceLevel.objects.create(
                    rule=rule, channel=channel, first_response_minutes=channel_first, resolution_minutes=channel_resolution,
                )


def load_weekend_question(everyone):
    """The seed question whose answer the configuration gives: the on-call cover shown on the question."""
    title = "Chi risponde nel weekend ai clienti con un guasto fibra?"
    if Question.objects.filter(title=title).exists():
        return
    questions.do_create_question(
        user("operatore2"), everyone, title,
        "Sabato sera un cliente con la fibra ferma: a chi passo la segnalazione se il secondo livello è chiuso?",
        product=Product.objects.filter(name="Fibra Casa").first(), topic=Topic.objects.filter(name="Guasti tecnici").first(),
        tags=["guasto"], channel="phone",
    )


def load_conversations(everyone, fibra):
    if Question.objects.exists():
        return
    billing = Topic.objects.filter(name="Fatturazione e pagamenti").first()
    faults = Topic.objects.filter(name="Guasti tecnici").first()
    fibra_casa = Product.objects.filter(name="Fibra Casa").first()
    q1 = questions.do_create_question(
        user("operatore"), everyone, "Cliente con doppio addebito SEPA: serve il reclamo formale?",
        "Una cliente vede due addebiti per la bolletta di ottobre. Basta la nota di credito o devo aprire un reclamo?",
        product=Product.objects.filter(name="Fatturazione").first(), topic=billing, tags=["sepa", "rimborso"],
    )
    a1 = questions.do_post_answer(
        user("esperto"), q1,
        "Non serve il reclamo se la cliente accetta la **nota di credito** sulla bolletta successiva: "
        "registra la segnalazione con causale DOPPIO-ADDEBITO-OTT. Se chiede il bonifico, apri il reclamo.",
    )
    certification.do_certify_answer(user("esperto"), a1)
    questions.do_accept_answer(user("operatore"), a1)

    q2 = questions.do_create_question(
        user("operatore"), fibra, "Modem Aurora Hub lampeggia arancione dopo l'aggiornamento",
        "Tre clienti oggi con il modem che lampeggia arancione dopo l'aggiornamento notturno. Qualcuno sa se è un guasto noto?",
        product=fibra_casa, topic=faults, tags=["modem", "firmware"],
    )
    questions.do_post_answer(
        user("teamleader"), q2, "A me è successo ieri: un riavvio lungo (30 secondi spento) ha risolto in due casi su tre.",
    )
    questions.do_create_question(
        user("operatore2"), everyone, "Roaming in Svizzera: le chiamate cadono dopo un minuto",
        "Cliente in Svizzera per lavoro: le chiamate si interrompono dopo circa 60 secondi. Cosa posso proporre?",
        product=Product.objects.filter(name="Roaming Estero").first(), tags=["roaming"],
    )


def load_contributions(everyone):
    if not BestPractice.objects.exists():
        contributions.do_share_practice(
            user("operatore2"), everyone, "Disdetta dopo un aumento: ascoltare prima di proporre",
            "Quando un cliente chiama per disdire dopo una rimodulazione:\n\n1. lascio che spieghi il motivo senza interrompere;\n"
            "2. confermo il suo **diritto di recesso senza penali**;\n3. solo dopo propongo l'offerta di retention.\n\n"
            "Così la metà dei clienti resta, e nessuno si sente trattenuto.",
            product=Product.objects.filter(name="Fibra Casa").first(), tags=["disdetta", "retention"],
        )
    if not MarketNeed.objects.exists():
        need = contributions.do_flag_need(
            user("operatore"), everyone, "Clienti chiedono la fibra con IP statico anche per privati",
            "Molti clienti che lavorano da casa chiedono un IP statico per la VPN aziendale: oggi è solo nelle offerte business.",
            MarketNeed.Frequency.DAILY, 12, MarketNeed.Channel.PHONE, Product.objects.filter(name="Fibra Casa").first(),
        )
        contributions.do_support_need(user("operatore2"), need, "Anche in chat almeno due volte al giorno", 5)
        contributions.do_flag_need(
            user("operatore2"), everyone, "eSIM per i tablet dei figli",
            "Genitori chiedono una eSIM solo dati da gestire dall'app per i tablet dei figli.",
            MarketNeed.Frequency.WEEKLY, 4, MarketNeed.Channel.STORE, Product.objects.filter(name="eSIM").first(),
        )


def load_article_report():
    """An operator reports a billing article: the impact table routes it to Billing, Legal signs off."""
    article = ArticlePage.objects.live().filter(topics__name="Fatturazione e pagamenti").order_by("pk").first()
    if article is None or ArticleReport.objects.exists():
        return
    contributions.do_report_article(
        user("operatore2"), article, ArticleReport.Kind.OUTDATED,
        "Il costo indicato per la seconda copia della fattura non è più quello del listino di quest'anno.",
    )


@transaction.atomic
def load_collaboration_demo():
    everyone, fibra, _experts = load_spaces()
    load_impact_table()
    load_conversations(everyone, fibra)
    load_weekend_question(everyone)
    load_contributions(everyone)
    load_article_report()

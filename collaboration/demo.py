"""Demo content of the collaboration space: spaces and rights, the impact table, and a few
conversations created through the same actions the pages use. Idempotent."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from collaboration.actions import certification, contributions, escalation, questions
from collaboration.models import BestPractice, ImpactRule, MarketNeed, Priority, Question, Space
from collaboration.spaces import ensure_space, grant
from kb.models import Product, Topic

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


def load_impact_table():
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in BUSINESS_GROUPS}
    user("esperto").groups.add(*groups.values())
    for group in groups.values():
        escalation.allow_to_answer(group)
    rules = [
        ("Fatturazione e pagamenti", dict(topic=Topic.objects.filter(name="Fatturazione e pagamenti").first()),
         "Back office Fatturazione", Priority.HIGH, 30, 240),
        ("Guasti fibra", dict(topic=Topic.objects.filter(name="Guasti tecnici").first(),
                              product=Product.objects.filter(name="Fibra Casa").first()),
         "Rete e guasti (secondo livello)", Priority.URGENT, 15, 120),
        ("Guasti tecnici", dict(topic=Topic.objects.filter(name="Guasti tecnici").first()),
         "Rete e guasti (secondo livello)", Priority.HIGH, 30, 240),
        ("Offerte commerciali", dict(topic=Topic.objects.filter(name="Offerte commerciali").first()),
         "Marketing offerte", Priority.NORMAL, 60, 480),
        ("Roaming", dict(tag="roaming"), "Rete e guasti (secondo livello)", Priority.NORMAL, 60, 480),
    ]
    for name, conditions, group, priority, first, resolution in rules:
        rule, created = ImpactRule.objects.get_or_create(name=name, defaults=dict(
            responsible_group=groups[group], priority=priority, first_response_minutes=first,
            resolution_minutes=resolution, **conditions,
        ))
        if created:
            rule.reviewer_groups.add(Group.objects.get(name=roles.APPROVER))
            rule.informed_groups.add(Group.objects.get(name=roles.TEAM_LEAD))


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


@transaction.atomic
def load_collaboration_demo():
    everyone, fibra, _experts = load_spaces()
    load_impact_table()
    load_conversations(everyone, fibra)
    load_contributions(everyone)

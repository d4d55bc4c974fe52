"""A year of contact-center activity for bench/insights.py, written with bulk inserts (no actions).

Runs in the benchmark's child process, with Django set up on the throw-away database: generated CSRs in
ten teams, a Zipf-like mix of Italian searches with clicks, questions with answers, service levels,
escalations and certifications, market needs with +1s, reports on articles and crisis read receipts.
"""

import datetime
import functools
import html
import json
import math
import random
import time
from dataclasses import dataclass

BATCH = 5000
SEED = 2026
YEAR_DAYS = 365

# People: generated CSRs, spread unevenly over ten teams (the first two are the demo teams).
CSR_COUNT = 300
TEAMS = {
    "Consumer Milano": 40, "Business Napoli": 25, "Consumer Roma": 45, "Consumer Torino": 35, "Fibra Bologna": 30,
    "Mobile Bari": 30, "Retention Firenze": 20, "Chat Palermo": 30, "Business Verona": 20, "Social care Genova": 15,
}
FIBRA_TEAM = "Fibra Bologna"  # its members also join the demo group "Team Fibra", which posts in the fibra space
FIRST_NAMES = [
    "Giulia", "Marco", "Francesca", "Luca", "Sara", "Andrea", "Chiara", "Alessandro", "Martina", "Davide", "Elena",
    "Matteo", "Valentina", "Simone", "Federica", "Stefano", "Alessia", "Lorenzo", "Silvia", "Giorgio", "Laura",
    "Antonio", "Roberta", "Francesco", "Anna", "Paolo", "Ilaria", "Giuseppe", "Marta", "Salvatore",
]
LAST_NAMES = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
    "Gallo", "Conti", "Costa", "Giordano", "Mancini", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana",
    "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
]

# When people work: local hours and weekdays (Monday first) of a contact center open 7-22, six days and a bit.
HOUR_WEIGHTS = {7: 1, 8: 5, 9: 9, 10: 11, 11: 11, 12: 8, 13: 6, 14: 9, 15: 10, 16: 10, 17: 8, 18: 6, 19: 4, 20: 2,
                21: 1}
WEEKDAY_WEIGHTS = [1, 1, 1, 1, 0.9, 0.45, 0.15]

# Searches: what operators type. Gap queries are about things the KB does not cover (mostly no result).
QUERIES = [
    "disdetta", "disdetta fibra", "disdetta mobile", "recesso", "recesso senza penali", "costi disdetta",
    "modulo disdetta", "cessazione linea", "disdetta per trasloco", "disdetta dopo rimodulazione", "bolletta",
    "fattura", "bolletta non arrivata", "fattura doppia", "duplicato fattura", "bolletta più alta", "importo bolletta",
    "scadenza bolletta", "fattura elettronica", "conto telefonico", "addebito", "doppio addebito",
    "addebito non riconosciuto", "addebito sepa", "domiciliazione", "domiciliazione sepa", "cambio iban", "rid",
    "pagamento non riconosciuto", "pagamento bollettino", "rimborso", "rimborso doppio addebito", "nota di credito",
    "tempi rimborso", "rimborso credito residuo", "accredito", "rateizzazione", "rateizzazione fattura",
    "pagamento a rate", "rate modem", "portabilità", "portabilità numero", "mnp", "mnp tempi", "portabilità fallita",
    "codice migrazione", "passaggio ad altro operatore", "portabilità esim", "sim", "sim bloccata", "puk",
    "codice puk", "cambio sim", "sim smarrita", "sim rubata", "duplicato sim", "esim", "attivazione esim",
    "esim iphone", "qr code esim", "ricarica", "ricarica non arrivata", "credito residuo", "ricarica automatica",
    "giga", "giga finiti", "traffico dati", "internet mobile lento", "giga extra", "soglia giga", "roaming",
    "roaming svizzera", "roaming usa", "roaming ue", "chiamate dall'estero", "roaming non funziona", "fibra",
    "fibra casa", "ftth", "fttc", "fwa", "adsl", "verifica copertura", "copertura fibra", "copertura 5g",
    "attivazione fibra", "tempi attivazione fibra", "appuntamento tecnico fibra", "modem", "router",
    "modem aurora hub", "modem lampeggia arancione", "reset modem", "configurazione modem", "restituzione modem",
    "modem in comodato", "wifi lento", "password wifi", "guasto", "guasto linea", "disservizio", "disservizio fibra",
    "linea assente", "internet non funziona", "telefono fisso muto", "segnalazione guasto", "tempi riparazione",
    "reclamo", "apertura reclamo", "ticket", "stato ticket", "secondo livello", "back office", "trasloco",
    "trasloco fibra", "cambio indirizzo", "subentro", "voltura", "cambio intestatario", "canone", "aumento canone",
    "rimodulazione", "costo mensile", "offerta", "promozione", "promo fibra", "offerte mobile", "mobile giga",
    "mobile young", "tv aurora", "decoder tv aurora", "app myaurora", "area clienti", "password area clienti",
    "phishing sms", "truffa sms", "fibra business", "ip statico", "offerta partita iva", "fatturazione business",
    "disdetta tv aurora", "canali tv aurora", "servizi a pagamento", "blocco servizi premium", "bill", "refund",
    "cancel contract", "dsidetta", "rimborzo", "portabilita", "bolleta", "fatura", "modme", "roming", "esim iphon",
    "puk sim blocata", "ricarcia", "adebito sepa", "disdeta fibra",
]
GAP_QUERIES = [
    "bonus sociale", "indennizzo automatico", "garanzia smartphone", "assicurazione smartphone", "sconto over 65",
    "fibra 10 giga", "bonus tv decoder", "centralino voip", "satellitare", "netflix incluso", "dazn", "disney plus",
    "bolletta luce", "contratto gas", "decesso intestatario", "amministratore di sostegno", "deposito cauzionale",
    "disdetta pec", "bonus internet", "cambio numero", "sim dati auto", "smartwatch esim", "wifi calling",
    "giga illimitati", "hotspot limite", "tethering", "dismissione rame", "5g standalone", "carta del docente",
    "numero verde dall'estero",
]
ZIPF_EXPONENT = 0.9
GAP_FIRST_RANK = 15
NO_RESULT_SHARE = 0.08
GAP_NO_RESULT = 0.95
CLICK_SHARE = 0.35
UNOPENED_SHARE = 0.07  # queries whose results operators hardly ever open: the other kind of content gap
POSITION_WEIGHTS = [45, 18, 10, 7, 5, 4, 3, 3, 3, 2]  # first click on result 1 … 10
SOURCES, SOURCE_WEIGHTS = ["page", "api", "similar"], [88, 8, 4]
FILTERS = [{}, {"type": "answer"}, {"type": "offer"}, {"type": "defect"}, {"type": "crisis"}]
FILTER_WEIGHTS = [85, 6, 3, 3, 3]

# Questions: per topic, the products it is about and (title, Markdown body) with {slots}.
QUESTION_TEMPLATES = {
    "Fatturazione e pagamenti": (["Fatturazione", "Fibra Casa", "Mobile Giga", "TV Aurora"], [
        ("Doppio addebito SEPA sulla bolletta di {month}",
         "Cliente di {city} con due addebiti da {amount} euro per la bolletta di {month}. Basta la **nota di credito** "
         "o devo aprire un reclamo?"),
        ("Bolletta {product} più alta del solito a {month}",
         "La fattura di {month} è di {amount} euro, di solito paga meno. Come verifico se c'è stata una "
         "rimodulazione o un servizio a pagamento?"),
        ("Rateizzazione di una fattura da {amount} euro: chi la autorizza?",
         "Cliente di {city} in difficoltà chiede di pagare in tre rate la fattura di {month}. Posso proporla io o "
         "serve il **back office**?"),
        ("Cambio IBAN per la domiciliazione {product}: da quale bolletta vale?",
         "Il cliente ha cambiato banca a {month}. Se aggiorno l'IBAN oggi, la prossima fattura viene già addebitata "
         "sul nuovo conto?"),
    ]),
    "Guasti tecnici": (["Fibra Casa", "ADSL Casa", "FWA Casa", "Modem Aurora Hub", "TV Aurora", "Mobile Giga"], [
        ("{product}: modem che lampeggia arancione a {city}",
         "Da stamattina più clienti di {city} con il modem che lampeggia arancione. Riavvio lungo fatto, nessun "
         "cambiamento. È un *guasto noto*?"),
        ("{product}: linea assente da due giorni, segnalazione già aperta",
         "Il cliente di {city} ha un ticket aperto da 48 ore e richiama arrabbiato. Posso sollecitare il **secondo "
         "livello** o devo aspettare lo SLA?"),
        ("Internet lento la sera su {product}",
         "Velocità sotto i 5 Mbit/s tutte le sere dalle 20 alle 23 a {city}. Test di linea ok. Cosa posso proporre "
         "oltre alla segnalazione?"),
        ("Telefono fisso muto ma internet funziona ({product})",
         "Cliente di {city}: la voce non va, internet sì, dal {month}. Il modem va riconfigurato o apro un guasto?"),
    ]),
    "Offerte commerciali": (["Fibra Casa", "Mobile Giga", "Mobile Young", "TV Aurora", "Fibra Business"], [
        ("Promozione {product} di {month}: vale anche per chi è già cliente?",
         "Un cliente ha visto la pubblicità della nuova offerta {product} e vuole passare. Ha diritto allo stesso "
         "prezzo o solo i nuovi clienti?"),
        ("Sconto {product} scaduto: posso rinnovarlo?",
         "Lo sconto di 12 mesi è finito a {month} e ora paga {amount} euro. Esiste un'offerta di retention da "
         "proporre?"),
        ("{product} con modem incluso: quanto costa il recesso anticipato?",
         "Se il cliente recede prima dei 24 mesi, quanto paga per il modem? Nella scheda offerta non lo trovo."),
    ]),
    "Attivazioni": (["Fibra Casa", "FWA Casa", "eSIM", "Mobile Giga", "TV Aurora"], [
        ("Attivazione {product} ferma da tre settimane",
         "Ordine di {month} ancora *in lavorazione*. Il cliente di {city} minaccia di disdire: come verifico a che "
         "punto è?"),
        ("Appuntamento tecnico {product} saltato a {city}",
         "Il tecnico non si è presentato. Posso fissare io un nuovo appuntamento o deve farlo il back office?"),
        ("QR code {product} non arrivato via email",
         "Il cliente ha attivato la eSIM ma non ha ricevuto il QR code. Posso rigenerarlo dal CRM?"),
    ]),
    "Disdetta e recesso": (["Fibra Casa", "Mobile Giga", "ADSL Casa", "TV Aurora", "Fibra Business"], [
        ("Disdetta {product} dopo la rimodulazione di {month}: ci sono penali?",
         "Il cliente vuole recedere per l'aumento del canone. Ha diritto al **recesso senza penali**? Entro quando?"),
        ("Disdetta {product} per trasloco all'estero",
         "Il cliente si trasferisce all'estero a {month}. Quali documenti deve mandare e come restituisce il modem?"),
        ("Disdetta {product} per decesso dell'intestatario",
         "La figlia chiama per disdire la linea del padre. Serve il certificato di morte o basta "
         "l'autocertificazione?"),
    ]),
    "Portabilità": (["Mobile Giga", "Mobile Young", "eSIM", "Fibra Casa"], [
        ("Portabilità {product} fallita: codice migrazione errato",
         "La portabilità di {month} è stata rifiutata per codice migrazione errato. Il cliente deve richiederlo al "
         "vecchio operatore o lo correggo io?"),
        ("Portabilità verso {product} in ritardo di una settimana",
         "Il cliente di {city} è senza linea da giorni: il vecchio operatore ha già cessato. Come si sollecita?"),
        ("Credito residuo dopo la portabilità in uscita ({product})",
         "Il cliente è passato ad altro operatore e chiede i {amount} euro di credito residuo. Come si richiede?"),
    ]),
    "Roaming": (["Roaming Estero", "Mobile Giga", "Mobile Young"], [
        ("Roaming in Svizzera con {product}: quanto costano le chiamate?",
         "Il cliente lavora a Lugano da {month}. La Svizzera non è UE: quali tariffe si applicano?"),
        ("Giga in roaming UE finiti prima del previsto ({product})",
         "Il cliente in vacanza ha finito i giga UE dopo pochi giorni. Esiste un pacchetto extra da attivare?"),
        ("{product}: cliente negli USA senza rete",
         "Il telefono non si registra su nessuna rete americana. Roaming attivo in area clienti. Cosa controllo?"),
    ]),
    "Sicurezza e frodi": (["Mobile Giga", "Fatturazione", "eSIM"], [
        ("SMS di phishing a nome nostro su {product}: cosa dire?",
         "Più clienti di {city} hanno ricevuto un SMS con un link per un *rimborso*. Cosa diciamo a chi ha già "
         "inserito i dati della carta?"),
        ("Cambio SIM non richiesto dal cliente ({product})",
         "Il cliente dice di non aver mai chiesto la nuova SIM attivata a {month}. Blocco la linea e apro un reclamo?"),
        ("Servizi a pagamento attivati senza consenso",
         "Addebiti da {amount} euro per servizi premium mai richiesti. Come li disattivo e come chiedo il rimborso?"),
    ]),
}
TOPIC_WEIGHTS = {
    "Fatturazione e pagamenti": 18, "Guasti tecnici": 16, "Offerte commerciali": 8, "Attivazioni": 14,
    "Disdetta e recesso": 14, "Portabilità": 12, "Roaming": 8, "Sicurezza e frodi": 10,
}
SPACE_WEIGHTS = {"tutti-gli-operatori": 75, "team-fibra": 15, "esperti-back-office": 10}
ANSWERS = [
    "Mi è capitato la settimana scorsa: ho aperto la **segnalazione** e il back office ha risposto in giornata.",
    "Secondo la procedura basta la nota di credito sulla prossima bolletta; il reclamo solo se chiede il bonifico.",
    "Prova con un riavvio lungo (30 secondi spento): in due casi su tre ha risolto.",
    "C'è una scheda nella KB, cerca *{product}* nelle procedure: spiega tutti i passaggi.",
    "Ho chiesto al team leader: per {product} serve l'autorizzazione del secondo livello.",
    "Dal CRM si fa da *Gestione contratto → Modifica*; se il pulsante è grigio apri un ticket.",
    "Anche a me oggi tre casi a {city}, credo sia un problema generale: segnaliamolo.",
    "Io propongo sempre prima l'offerta di retention, poi se insiste procedo con la pratica.",
]
EXPERT_ANSWERS = [
    "**Posizione ufficiale.** Per {product}: verifica l'identità, registra la segnalazione con la causale corretta "
    "e comunica al cliente che riceverà una risposta entro 10 giorni lavorativi.",
    "Confermato con il back office: il cliente ha diritto alla **nota di credito** di {amount} euro, che vedrà "
    "nella prossima bolletta. Nessun reclamo necessario.",
    "Il problema è noto ed è in carico al secondo livello: usa la scheda del guasto noto per {product} e non "
    "promettere tempi di ripristino.",
]
ANSWER_COUNTS, ANSWER_COUNT_WEIGHTS = [1, 2, 3], [45, 32, 23]
ANSWERED_SHARE = 0.78  # by colleagues; escalated questions are also answered by experts
CLOSED_SHARE = 0.04
CERTIFIED_SHARE = 0.12
ACCEPTED_SHARE = 0.55
RESOLVED_ESCALATIONS = 0.85

# Market needs, reports on articles, crises.
NEEDS = 2000
NEED_TEMPLATES = [
    ("{product} con IP statico anche per i privati", "Chi lavora da casa chiede un IP statico per la VPN aziendale."),
    ("eSIM solo dati per i tablet dei figli", "Genitori chiedono una eSIM solo dati da gestire dall'app."),
    ("Bolletta {product} divisa tra coinquilini", "Studenti fuori sede chiedono di dividere la bolletta in più IBAN."),
    ("Disdetta {product} online senza PEC", "I clienti vogliono disdire dall'area clienti, senza raccomandata."),
    ("Rateizzare il modem anche dopo l'attivazione", "Chi ha pagato il modem in un'unica soluzione chiede le rate."),
    ("Giga {product} che non scadono a fine mese", "I clienti chiedono di accumulare i giga non usati."),
    ("SMS di avviso prima dell'addebito SEPA", "I clienti vogliono un SMS qualche giorno prima dell'addebito."),
    ("{product} per over 70 con assistenza a domicilio", "Figli di clienti anziani chiedono un tecnico a casa."),
    ("Roaming in Svizzera incluso in {product}", "Frontalieri chiedono la Svizzera come se fosse UE."),
    ("Appuntamento tecnico {product} il sabato", "Chi lavora non può essere a casa nei giorni feriali."),
    ("Fattura {product} in inglese", "Clienti stranieri chiedono la fattura anche in inglese."),
    ("Sospendere {product} d'estate", "I clienti delle case vacanza chiedono di sospendere l'abbonamento per mesi."),
]
STATUS_COMMENTS = {
    "under_review": "Lo stiamo valutando con il marketing.", "accepted": "Accettato: entrerà nella roadmap.",
    "planned": "Pianificato per il prossimo trimestre.", "declined": "Per ora non è previsto, vi aggiorneremo.",
}
SUPPORT_NOTES = ["", "", "Anche in chat", "Me lo chiedono ogni giorno", "Soprattutto clienti business",
                 "Anche al telefono"]
NEED_PATHS = {(): 40, ("under_review",): 25, ("under_review", "accepted"): 12,
              ("under_review", "accepted", "planned"): 8, ("declined",): 10, ("under_review", "declined"): 5}
REPORTS = 1000
REPORT_NOTES = {
    "wrong": ["Il prezzo indicato non è più in vigore.", "La procedura cita un menu del CRM che non c'è più."],
    "unclear": ["Non si capisce se vale anche per i clienti business.", "Mancano i tempi da dare al cliente."],
    "outdated": ["L'offerta è scaduta il mese scorso.", "Il modem indicato non si vende più."],
}
REPORT_REPLY = "Grazie, articolo aggiornato."
EXTRA_CRISES = [  # title, severity, regions, services, days ago, hours it lasted
    ("Disservizio fibra FTTC in Veneto (risolto)", "major", "Veneto", "Fibra FTTC, voce fissa", 340, 9),
    ("Ricariche online non accreditate (risolto)", "minor", "Tutta Italia", "Ricariche online, app", 300, 20),
    ("Rete mobile assente a Roma Nord (risolto)", "critical", "Lazio", "Voce, SMS e dati mobili", 250, 6),
    ("Addebiti SEPA anticipati di un giorno (risolto)", "minor", "Tutta Italia", "Domiciliazione bancaria", 190, 48),
    ("TV Aurora: canali sport non visibili (risolto)", "major", "Tutta Italia", "TV Aurora", 150, 5),
    ("Blackout elettrico in Sicilia orientale (risolto)", "critical", "Sicilia", "Fibra, ADSL, mobile", 110, 30),
]
ACK_SHARE = 0.93
MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
          "novembre", "dicembre"]
CITIES = ["Milano", "Roma", "Napoli", "Torino", "Bologna", "Firenze", "Bari", "Palermo", "Genova", "Verona", "Padova",
          "Catania"]


# --- Generating a year of activity (runs in a child process with Django set up) ---


@dataclass
class People:
    """User ids by what they may do in the demo spaces."""

    csrs: list  # every CSR: the generated ones and the demo operators; they read crises
    fibra: list  # CSRs in the group "Team Fibra", who post in its space
    experts: list  # experts and approvers: the experts' space and certifications
    team_lead: int


@dataclass
class Query:
    text: str
    weight: float
    no_result: float  # probability that a search finds nothing
    results: int  # typical number of results
    click_rate: float  # probability that a search with results gets a click
    articles: list  # the results in order: a click on position p opens articles[p - 1]


def batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def minutes(value):
    return datetime.timedelta(minutes=value)


def moments(rng, count, now):
    """`count` sorted aware datetimes in the YEAR_DAYS days ending `now`, mostly on weekdays in office hours."""
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    today = timezone.localdate(now)
    days = [today - datetime.timedelta(days=n) for n in range(YEAR_DAYS)]
    day_weights = [WEEKDAY_WEIGHTS[day.weekday()] for day in days]
    hours, hour_weights = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
    found = []
    while len(found) < count:  # today's hours still to come are drawn again
        missing = count - len(found)
        for day, hour in zip(rng.choices(days, day_weights, k=missing), rng.choices(hours, hour_weights, k=missing)):
            at = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone) + minutes(rng.random() * 60)
            if at <= now:
                found.append(at)
    return sorted(found)


@functools.lru_cache(maxsize=None)
def html_template(markdown_text):
    """The sanitised HTML of a text with {slots}, rendered once (Markdown leaves the braces alone)."""
    from collaboration.actions.posting import render

    return render(markdown_text)


def fill(template, values):
    """(Markdown, HTML) of `template` with its {slots} filled, the HTML ones escaped."""
    return template.format(**values), html_template(template).format(**{k: html.escape(v) for k, v in values.items()})


def slots(rng, product):
    return {"product": product, "month": rng.choice(MONTHS), "city": rng.choice(CITIES),
            "amount": f"{rng.randint(19, 180)},{rng.choice(['00', '50', '90', '99'])}"}


def make_people(rng, now):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import Team
    from collaboration.demo import TEAM_FIBRA

    User = get_user_model()
    password, joined = make_password(None), now - datetime.timedelta(days=YEAR_DAYS + 90)
    users = User.objects.bulk_create([
        User(username=f"{first}.{last}.{n:03d}".lower(), first_name=first, last_name=last, password=password,
             email=f"{first}.{last}.{n:03d}@sportello.example".lower(), date_joined=joined)
        for n, first, last in ((n, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for n in range(1, CSR_COUNT + 1))
    ])
    names = rng.choices(list(TEAMS), list(TEAMS.values()), k=len(users))
    teams = {name: Team.objects.get_or_create(name=name)[0].pk for name in TEAMS}
    Team.members.through.objects.bulk_create(
        [Team.members.through(team_id=teams[name], user_id=user.pk) for user, name in zip(users, names)]
    )
    csr, fibra = Group.objects.get(name=roles.CSR), Group.objects.get(name=TEAM_FIBRA)
    fibra_members = [user.pk for user, name in zip(users, names) if name == FIBRA_TEAM]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=csr.pk) for user in users]
        + [User.groups.through(user_id=pk, group_id=fibra.pk) for pk in fibra_members]
    )
    demo = dict(User.objects.filter(username__in=["operatore", "operatore2", "esperto", "approvatore", "teamleader"])
                .values_list("username", "pk"))
    return People(
        csrs=[user.pk for user in users] + [demo["operatore"], demo["operatore2"]],
        fibra=fibra_members + [demo["operatore"]],
        experts=[demo["esperto"], demo["approvatore"]],
        team_lead=demo["teamleader"],
    )


def make_crises(rng, now):
    """Crises earlier in the year besides the demo ones; each published shortly after it started.
    Returns [(crisis id, live revision id, published at)]."""
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify
    from wagtail.models import Page

    from kb.models import CrisisPage, CrisisStatus
    from kb.site_tree import section_for_type

    section = section_for_type("crisis")
    owner, approver = (get_user_model().objects.get(username=name) for name in ("redazione.crisi", "approvatore"))
    for title, severity, regions, services, days_ago, hours in EXTRA_CRISES:
        started = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
        page = CrisisPage(
            title=title, slug=slugify(title), summary=f"{services}: disservizio in {regions}, ora risolto.",
            review_by=(now + datetime.timedelta(days=180)).date(), severity=severity, status=CrisisStatus.RESOLVED,
            started_at=started, ended_at=started + datetime.timedelta(hours=hours), affected_regions=regions,
            affected_services=services, content_owner=owner, do_not_say="- Non promettere indennizzi.",
            holding_statement="Il servizio è stato ripristinato. Ci scusiamo per il disagio.",
        )
        section.add_child(instance=page)
        page.save_revision(user=owner).publish(user=approver)
    crises = list(CrisisPage.objects.live().values_list("pk", "live_revision_id", "started_at"))
    published = []
    for pk, revision, started in crises:
        at = min(started + minutes(rng.randint(10, 40)), now)
        Page.objects.filter(pk=pk).update(first_published_at=at, last_published_at=at)
        published.append((pk, revision, at))
    return published


def query_catalogue(rng, article_ids):
    """The distinct queries with their Zipf weights, calibrated to NO_RESULT_SHARE and CLICK_SHARE overall."""
    texts = rng.sample(QUERIES, len(QUERIES))
    for gap in GAP_QUERIES:  # gaps are rarer searches, never among the most frequent
        texts.insert(rng.randint(GAP_FIRST_RANK, len(texts)), gap)
    weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(texts))]
    gaps = set(GAP_QUERIES)
    gap_share = sum(w for text, w in zip(texts, weights) if text in gaps) / sum(weights)
    other_no_result = max(0.0, (NO_RESULT_SHARE - GAP_NO_RESULT * gap_share) / (1 - gap_share))
    catalogue = [
        Query(text, weight, GAP_NO_RESULT if text in gaps else other_no_result, rng.randint(1, 60),
              0.03 if rng.random() < UNOPENED_SHARE else rng.uniform(0.15, 0.65),
              rng.sample(article_ids, len(POSITION_WEIGHTS)))
        for text, weight in zip(texts, weights)
    ]
    clicked = sum(q.weight * (1 - q.no_result) * q.click_rate for q in catalogue)
    scale = CLICK_SHARE * sum(weights) / clicked
    for query in catalogue:
        query.click_rate = min(0.95, query.click_rate * scale)
    return catalogue


def search_row(rng, query, user_id, at):
    from search.models import SearchLog, search_term

    found = 0 if rng.random() < query.no_result else max(1, round(query.results * rng.uniform(0.7, 1.3)))
    typed = rng.choice([query.text.capitalize(), f" {query.text} "]) if rng.random() < 0.08 else query.text
    return SearchLog(
        user_id=user_id, role="CSR", query=typed, term=search_term(typed), filters=rng.choices(FILTERS, FILTER_WEIGHTS)[0], result_count=found,
        latency_ms=round(rng.lognormvariate(3.5, 0.5)), engine="elasticsearch",
        source=rng.choices(SOURCES, SOURCE_WEIGHTS)[0], created_at=at,
    )


def click_row(rng, search, query, now):
    from search.models import SearchClick

    position = min(rng.choices(range(1, len(POSITION_WEIGHTS) + 1), POSITION_WEIGHTS)[0], search.result_count)
    at = min(search.created_at + datetime.timedelta(seconds=rng.uniform(2, 45)), now)
    return SearchClick(
        search=search, result_type="article", result_id=query.articles[position - 1], position=position, created_at=at
    )


def make_searches(rng, people, article_ids, count, now):
    from search.models import SearchClick, SearchLog

    catalogue = query_catalogue(rng, article_ids)
    weights = [query.weight for query in catalogue]
    activity = [rng.lognormvariate(0, 0.6) for _ in people.csrs]  # some operators search much more than others
    for chunk in batches(moments(rng, count, now)):
        queries = rng.choices(catalogue, weights, k=len(chunk))
        users = rng.choices(people.csrs, activity, k=len(chunk))
        logs = SearchLog.objects.bulk_create([search_row(rng, *row) for row in zip(queries, users, chunk)])
        clicks = SearchClick.objects.bulk_create([
            click_row(rng, log, query, now) for log, query in zip(logs, queries)
            if log.result_count and rng.random() < query.click_rate
        ])
        for click in clicks:  # as search.views.result_click records the first result opened
            click.search.first_click_position = click.position
        SearchLog.objects.bulk_update([click.search for click in clicks], ["first_click_position"], batch_size=BATCH)


def pick(rng, pool, other_than):
    while True:
        chosen = rng.choice(pool)
        if chosen != other_than:
            return chosen


def question_row(rng, people, at, ids):
    """A question as asked and routed by the impact table (without its answers yet)."""
    from collaboration.models import Priority, Question

    topic = rng.choices(list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values()))[0]
    products, templates = QUESTION_TEMPLATES[topic]
    product = rng.choice(products)
    title, body = rng.choice(templates)
    values = slots(rng, product)
    space = rng.choices(list(SPACE_WEIGHTS), list(SPACE_WEIGHTS.values()))[0]
    authors = {"team-fibra": people.fibra, "esperti-back-office": people.experts}.get(space, people.csrs)
    body, body_html = fill(body, values)
    rule = ids["rule"](ids["products"][product], ids["topics"][topic])
    question = Question(
        space_id=ids["spaces"][space], author_id=rng.choice(authors), title=title.format(**values), body=body,
        body_html=body_html, product_id=ids["products"][product], topic_id=ids["topics"][topic], created_at=at,
        updated_at=at, priority=rule.priority if rule else Priority.NORMAL,
    )
    if rule:
        question.impact_rule, question.responsible_group_id = rule, rule.responsible_group_id
        question.first_response_due = at + minutes(rule.first_response_minutes)
        question.resolution_due = at + minutes(rule.resolution_minutes)
    return question


def first_response(rng, question):
    """When the first answer comes, or None: routed questions are answered faster, some still late."""
    if rng.random() >= ANSWERED_SHARE:
        return None
    if question.first_response_due:
        allowed = (question.first_response_due - question.created_at).total_seconds() / 60
        return question.created_at + minutes(rng.lognormvariate(math.log(allowed * 0.35), 0.7))
    return question.created_at + minutes(rng.lognormvariate(math.log(25), 1.0))


def answer_plan(rng, people, question, ids, now):
    """Decide how `question` went: sets its first response, escalation, resolution and status; returns its
    answers in order as [(author id, created at, certified by, certified at)] and the index of the accepted one."""
    plan, at = [], first_response(rng, question)
    if at:
        for _ in range(rng.choices(ANSWER_COUNTS, ANSWER_COUNT_WEIGHTS)[0]):
            if at > now:
                break
            plan.append((pick(rng, ids["responders"][question.space_id], question.author_id), at, None, None))
            at += minutes(rng.lognormvariate(math.log(90), 1.0))
    accepted = None
    due = question.first_response_due
    if due and due < now and (not plan or plan[0][1] > due):
        accepted = escalate(rng, people, question, plan, now)
    elif plan and rng.random() < CERTIFIED_SHARE:
        author, at, _certifier, _certified_at = plan[0]
        certified_at = min(at + minutes(rng.lognormvariate(math.log(120), 1.0)), now)
        plan[0] = (author, at, rng.choice(people.experts), certified_at)
    if plan and accepted is None and rng.random() < ACCEPTED_SHARE:
        accepted = 0
    certified = [answer[3] for answer in plan if answer[3]]
    question.resolved_at = min(certified) if certified else None  # certifying an answer resolves the question
    question.first_response_at = plan[0][1] if plan else None
    question.first_response_minutes = round((plan[0][1] - question.created_at).total_seconds() / 60) if plan else None
    question.status = status(rng, question, plan, now)
    return plan, accepted


def escalate(rng, people, question, plan, now):
    """The worker escalates a question unanswered past its first-response SLA to the responsible group; most
    are resolved by an expert's certified answer, which is accepted. Returns that answer's index or None."""
    question.escalated_at = min(question.first_response_due + minutes(rng.uniform(0, 5)), now)
    question.assigned_group_id = question.responsible_group_id
    allowed = (question.resolution_due - question.created_at).total_seconds() / 60
    resolved = question.escalated_at + minutes(rng.lognormvariate(math.log(allowed * 0.6), 0.7))
    if resolved > now or rng.random() >= RESOLVED_ESCALATIONS:
        return None
    expert = pick(rng, people.experts, question.author_id)
    plan.append((expert, resolved, expert, resolved))
    plan.sort(key=lambda answer: answer[1])
    return next(index for index, answer in enumerate(plan) if answer[3] == resolved)


def status(rng, question, plan, now):
    from collaboration.models import Question

    if plan and question.created_at < now - datetime.timedelta(days=14) and rng.random() < CLOSED_SHARE:
        return Question.Status.CLOSED
    return Question.Status.ANSWERED if plan else Question.Status.OPEN


def answer_rows(rng, question, plan, product):
    from collaboration.models import Answer

    rows = []
    for author, at, certifier, certified_at in plan:
        body, body_html = fill(rng.choice(EXPERT_ANSWERS if author == certifier else ANSWERS), slots(rng, product))
        rows.append(Answer(question=question, author_id=author, body=body, body_html=body_html, created_at=at,
                           updated_at=at, certified_at=certified_at, certified_by_id=certifier))
    return rows


def make_questions(rng, people, count, now):
    from collaboration.actions.routing import matching_rule
    from collaboration.models import Answer, Question, Space
    from kb.models import Product, Topic

    ids = {
        "spaces": dict(Space.objects.values_list("slug", "pk")),
        "products": dict(Product.objects.values_list("name", "pk")),
        "topics": dict(Topic.objects.values_list("name", "pk")),
        "rule": functools.lru_cache(maxsize=None)(lambda product, topic: matching_rule(product, topic, ())),
    }
    ids["responders"] = {  # who may answer in each space
        ids["spaces"]["tutti-gli-operatori"]: people.csrs + [people.team_lead] + people.experts,
        ids["spaces"]["team-fibra"]: people.fibra + [people.team_lead],
        ids["spaces"]["esperti-back-office"]: people.experts,
    }
    product_names = {pk: name for name, pk in ids["products"].items()}
    for chunk in batches(moments(rng, count, now)):
        questions = [question_row(rng, people, at, ids) for at in chunk]
        plans = [answer_plan(rng, people, question, ids, now) for question in questions]
        Question.objects.bulk_create(questions)
        answers = [answer_rows(rng, q, plan, product_names[q.product_id]) for q, (plan, _) in zip(questions, plans)]
        Answer.objects.bulk_create([answer for rows in answers for answer in rows])
        for question, rows, (_plan, accepted) in zip(questions, answers, plans):
            question.accepted_answer = rows[accepted] if accepted is not None else None
        Question.objects.bulk_update([q for q in questions if q.accepted_answer], ["accepted_answer"], batch_size=1000)


def status_changes(rng, need, changer, now):
    """The path an older need took through the business owners' decisions, as status-change rows."""
    from collaboration.models import MarketNeedStatusChange

    changes, at = [], need.created_at
    for status_name in rng.choices(list(NEED_PATHS), list(NEED_PATHS.values()))[0]:
        at += datetime.timedelta(days=rng.uniform(3, 20))
        if at > now:
            break
        changes.append(MarketNeedStatusChange(need=need, status=status_name, comment=STATUS_COMMENTS[status_name],
                                              changed_by_id=changer, created_at=at))
    return changes


def need_plan(rng, people, at, ids, now):
    """(need, its +1s, its status changes), the need's counters and status in step with them."""
    from collaboration.models import MarketNeed, MarketNeedSupport

    title, ask = rng.choice(NEED_TEMPLATES)
    product = rng.choice(list(ids["products"]))
    space = "team-fibra" if rng.random() < 0.15 else "tutti-gli-operatori"
    pool = people.fibra if space == "team-fibra" else people.csrs
    author = rng.choice(pool)
    ask, ask_html = fill(ask, slots(rng, product))
    need = MarketNeed(
        space_id=ids["spaces"][space], author_id=author, title=title.format(product=product),
        product_id=ids["products"][product], customers_ask=ask, customers_ask_html=ask_html,
        frequency=rng.choice(MarketNeed.Frequency.values), customers_affected=rng.randint(1, 20),
        channel=rng.choice(MarketNeed.Channel.values), created_at=at,
    )
    supporters = [user for user in rng.sample(pool, min(len(pool), int(rng.paretovariate(1.3)) - 1)) if user != author]
    supports = [
        MarketNeedSupport(need=need, user_id=user, note=rng.choice(SUPPORT_NOTES), customers=rng.randint(1, 5),
                          created_at=min(at + datetime.timedelta(days=rng.expovariate(1 / 10)), now))
        for user in supporters
    ]
    need.customers_affected += sum(support.customers for support in supports)
    # The author's own row, as do_flag_need adds it (collaboration.supporters).
    supports.append(MarketNeedSupport(need=need, user_id=author, customers=0, created_at=at))
    changes = status_changes(rng, need, people.experts[0], now)
    need.status = changes[-1].status if changes else MarketNeed.Status.NEW
    return need, supports, changes


def make_needs(rng, people, count, now):
    from collaboration.models import MarketNeed, MarketNeedStatusChange, MarketNeedSupport, Space
    from kb.models import Product

    ids = {
        "spaces": dict(Space.objects.values_list("slug", "pk")),
        "products": dict(Product.objects.values_list("name", "pk")),
    }
    for chunk in batches(moments(rng, count, now)):
        planned = [need_plan(rng, people, at, ids, now) for at in chunk]
        MarketNeed.objects.bulk_create([need for need, _supports, _changes in planned])
        MarketNeedSupport.objects.bulk_create([s for _, supports, _ in planned for s in supports], batch_size=BATCH)
        MarketNeedStatusChange.objects.bulk_create([c for _, _, changes in planned for c in changes], batch_size=BATCH)


def make_reports(rng, people, articles, count, now):
    """Flags on articles, a few articles flagged much more than others; most closed by the article's owner."""
    from collaboration.models import ArticleReport

    weights = [rng.paretovariate(1.2) for _ in articles]
    rows = []
    for at in moments(rng, count, now):
        article, owner = rng.choices(articles, weights)[0]
        kind = rng.choice(list(REPORT_NOTES))
        closed = at + datetime.timedelta(days=rng.lognormvariate(math.log(3), 1.0))
        closed = closed if closed <= now and rng.random() < 0.8 else None
        rows.append(ArticleReport(
            article_id=article, reporter_id=rng.choice(people.csrs), kind=kind, note=rng.choice(REPORT_NOTES[kind]),
            created_at=at, closed_at=closed, closed_by_id=(owner or people.experts[-1]) if closed else None,
            reply=REPORT_REPLY if closed else "",
        ))
    ArticleReport.objects.bulk_create(rows, batch_size=BATCH)


def make_acknowledgements(rng, people, crises, now):
    """'Ho letto': one row per CSR per crisis, most within the hour of publication, some never."""
    from kb.models import CrisisAcknowledgement

    rows = []
    for crisis, revision, published in crises:
        for user in people.csrs:
            at = published + minutes(rng.lognormvariate(math.log(45), 1.3))
            if at <= now and rng.random() < ACK_SHARE:
                rows.append(CrisisAcknowledgement(crisis_id=crisis, user_id=user, revision_id=revision,
                                                  first_acknowledged_at=at, acknowledged_at=at))
    CrisisAcknowledgement.objects.bulk_create(rows, batch_size=BATCH)


def row_counts():
    from django.contrib.auth import get_user_model

    from accounts.models import Team
    from collaboration.models import Answer, ArticleReport, MarketNeed, MarketNeedSupport, Question
    from kb.models import CrisisAcknowledgement, CrisisPage
    from search.models import SearchClick, SearchLog

    return {
        "CSRs": get_user_model().objects.filter(groups__name="CSR").count(),
        "teams": Team.objects.count(),
        "searches": SearchLog.objects.count(),
        "  without results": SearchLog.objects.filter(result_count=0).count(),
        "  typed (page, api)": SearchLog.objects.filter(source__in=["page", "api"]).count(),
        "search clicks": SearchClick.objects.count(),
        "questions": Question.objects.count(),
        "  answered": Question.objects.filter(first_response_at__isnull=False).count(),
        "  with SLA": Question.objects.filter(first_response_due__isnull=False).count(),
        "  escalated": Question.objects.filter(escalated_at__isnull=False).count(),
        "  resolved": Question.objects.filter(resolved_at__isnull=False).count(),
        "answers": Answer.objects.count(),
        "  certified": Answer.objects.filter(certified_at__isnull=False).count(),
        "market needs": MarketNeed.objects.count(),
        "market need +1s": MarketNeedSupport.objects.count(),
        "article reports": ArticleReport.objects.count(),
        "crises": CrisisPage.objects.live().count(),
        "crisis acknowledgements": CrisisAcknowledgement.objects.count(),
    }


def child_generate(searches, questions):
    """Generate the year of activity in one transaction; print the seconds it took and the row counts."""
    from django.db import transaction
    from django.utils import timezone

    from kb.models import ArticlePage

    started = time.perf_counter()
    rng, now = random.Random(SEED), timezone.now()
    with transaction.atomic():
        people = make_people(rng, now)
        crises = make_crises(rng, now)
        articles = list(ArticlePage.objects.live().values_list("pk", "content_owner_id"))
        make_searches(rng, people, [pk for pk, _owner in articles], int(searches), now)
        make_questions(rng, people, int(questions), now)
        make_needs(rng, people, NEEDS, now)
        make_reports(rng, people, articles, REPORTS, now)
        make_acknowledgements(rng, people, crises, now)
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "rows": row_counts()}))

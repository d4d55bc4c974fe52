"""Which language a query or a short text is in: Italian, English, or no telling.

A CSR's query is two or three words, often the trade's loanwords, which Italian uses as they are (sim, modem,
password, account, mobile, card, login, business); a word an Italian desk types is no sign of English. So the
evidence is only what one language has and the other has not:

- function words ("the", "my", "how" / "il", "della", "perché"), which every sentence carries;
- English-only forms: -ing, -ed, a negation or a possessive with an apostrophe ("can't", "customer's");
- Italian-only forms: a final accented vowel (velocità, perché), Italian derivational endings (-zione,
  -mente), and a content word ending in -a, -i or -o, which English words almost never do (the few that
  do, and are typed at a telco desk, are listed: data, promo, video…);
- the everyday words of the trade that the other language does not use (bill, refund / bolletta, rimborso).

A word that both languages use counts for neither; a query with no evidence either way has no language, and
the caller decides (the reader's language).
"""

import re

from search.analysis import ELISION, normalise

MAX_WORDS = 200

# Function words of one language that are not words of the other ("a", "in", "no", "come", "do", "me",
# "so", "se", "per", "ad", "era", "dove" are words of both and are left out).
ENGLISH_FUNCTION = set("""
the and is my to of how what can you your it with for on at from not does did why when where this that
these those have has had was were will would be been being am are there here please hi hello thanks thank
we our us they them their he she his her him its than then if or but about after before still just get got
want need an by into out off over all any some which who whom whose should could may might must only more
too very also because while until since again every each own same other than such both few most much
i'm i've i'd i'll you're it's don't doesn't didn't can't cannot won't isn't aren't wasn't haven't hasn't
""".split())
ITALIAN_FUNCTION = set("""
il lo la gli le di che non un una uno mi ho hai ha si del della dei delle dello degli al alla allo ai
agli alle con da dal dalla dai dagli dalle nel nella nei negli nelle sul sulla sui sugli sulle ma anche
perché perche cosa quando sono è ci vi ne più piu già gia questo questa questi queste quello quella
quelli quelle mio mia miei mie tuo tua suo sua nostro nostra vostro vostra loro chi cui quale quali quanto
quanta quanti quante mai ancora dopo prima senza sempre tutto tutti tutta tutte niente nulla poi
ed od io tu lui lei noi voi essere avere sia ero fa fatto stato stata sto sta stanno hanno abbiamo
avete devo deve posso può puo vorrei voglio volevo
""".split())

# The trade's everyday words that only one of the two languages uses.
ENGLISH_WORDS = set("""
bill bills billing charge charged charges refund refunds cancel cancelled canceled cancelling cancellation
cancelation contract contracts move moving moved house flat phone phones landline number numbers credit
balance plan plans price prices cost costs fee fees pay paid paying payment payments bank code codes slow
outage broken working works work keep keeps stopped stop light lights red green orange blinking flashing
signal coverage abroad travel travelling traveling trip holiday lost stolen blocked locked unlock new old
change changed changing transfer port porting withdrawal cooling deal deals cheaper cheap expensive
discount student offer offers channels sports help evening evenings night morning speed invoice invoices
copy letter text texts message messages call calls called calling line lines fibre fiber engineer
technician appointment address tenant holder month months monthly week weeks day days year years
remaining left back twice wrong missing failed declined received receive recieve got get sent send
forgot forget forgotten reset buy bought sign signed open close closed closing leave leaving switch
switching watch screen setting settings language english italian italy tourist visitor resident
documents passport card's customer customers account's upgrade find found lose dial tone ring ringing
voice rain wind storm weather still stuck error errors issue issues problem problems fault faulty request
complaint claim question questions answer support service services network connection connected
disconnected broadband fast drop drops dropping repair fix fixed replace replacement return returning
deliver delivery order ordered activate activated activation install installed installation visit
available availability cover update username verification verify identity fraud scam fake suspicious
keep keeping country countries europe world international minutes gigabytes allowance bundle add adding
remove removing option options package subscription yearly annual rise increase increased higher high
low lower less agreed promised quoted last next end ended expired expire expiry renew renewal terms
conditions notice penalty penalties early late overdue unpaid suspended reconnect reconnected reconnection
restore restored debit direct instalment instalments installment installments split paper statement home
up down
""".split())
ITALIAN_WORDS = set("""
bolletta bollette fattura fatture addebito addebiti rimborso rimborsi disdetta recesso linea telefono
cellulare numero ricarica credito offerta costo prezzo pagamento carta conto codice lenta lento guasto rete
casa trasloco estero scheda
""".split())

# English words that end like Italian ones (-a, -i, -o) and are typed at a telco desk.
ENGLISH_VOWEL_ENDINGS = set("""
data area extra media visa via camera video radio audio info promo hello logo demo photo zero auto turbo
micro macro ratio studio memo taxi mini multi wifi hifi sci fi hi ok also into onto who two too go no so
do to piano cargo euro euros
""".split())

# The trade's English loanwords in -ing, which Italian uses as they are: no sign of English.
ITALIAN_LOANWORDS = set("""
roaming streaming phishing smishing vishing spoofing tethering marketing booking parking shopping banking
hosting ticketing trading
""".split())

ITALIAN_ENDING = re.compile(r"(?:[àèéìòù]|zione|zioni|sione|sioni|mente)$")
ITALIAN_VOWEL_ENDING = re.compile(r"^[a-zàèéìòù]{3,}[aio]$")
ENGLISH_ENDING = re.compile(r"^[a-z]{2,}(?:ing|ings|ed)$|n't$|'s$|'re$|'ve$|'ll$")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def words(text):
    """The lower-case words of `text`; a code or a price (PAY-302, e201, 29.90) is no word of either language."""
    found = []
    for chunk in normalise(text).lower().split()[:MAX_WORDS]:
        if not any(ch.isdigit() for ch in chunk):
            found += WORD.findall(chunk)
    return found


def word_language(word):
    """"en", "it" or None for one lower-case word."""
    if ELISION.match(word):
        return "it"  # l'offerta, dell'app
    if word in ITALIAN_LOANWORDS:
        return None
    if word in ENGLISH_FUNCTION or word in ENGLISH_WORDS:
        return "en"
    if word in ITALIAN_FUNCTION or word in ITALIAN_WORDS:
        return "it"
    if ITALIAN_ENDING.search(word):
        return "it"
    if ENGLISH_ENDING.search(word):
        return "en"
    if ITALIAN_VOWEL_ENDING.match(word) and word not in ENGLISH_VOWEL_ENDINGS:
        return "it"
    return None


def guess_language(text, default="it"):
    """"en" when English evidence outweighs Italian, "it" when Italian does, else `default`."""
    votes = [word_language(word) for word in words(text)]
    english, italian = votes.count("en"), votes.count("it")
    if english == italian:
        return default
    return "en" if english > italian else "it"

"""The synthetic spinner's own substitution tables.

Written from the field guide (docs/spinner-field-guide.md) and general knowledge of how
these spinners mangle English; deliberately independent of the engine's lexicon so the
bench does not grade the engine against a copy of itself.

Each row is `source | probability | choice / choice / ...`: the source phrase (matched
case-insensitively unless the table says otherwise), the chance the spinner rewrites it at
rate 1.0, and the spun forms it picks from uniformly (repeat a choice to weight it).
"""

from __future__ import annotations

Row = tuple[float, tuple[str, ...]]


def _table(spec: str) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in spec.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        source, prob, choices = (part.strip() for part in line.split("|"))
        rows[source] = (float(prob), tuple(c.strip() for c in choices.split(" / ")))
    return rows


# Function words inflated into phrases, and the spinner's stock rewrites of other
# closed-class words. The bulk of real spun word errors.
PADDING = _table("""
and            | .33 | and you can / and you will / and you may / and you can
to             | .18 | so you're able to / so you can / to help you / in order to / so you're able to
the            | .14 | the brand new / this new / the new / the fresh new / the latest / new / brand new / the newest
a              | .12 | a good / a great / an effective / a beneficial
an             | .20 | a keen / an enthusiastic / a
in the         | .40 | when you look at the / inside the / from inside the / in the newest / into the
in             | .45 | within / inside / into / during the / for the
as             | .35 | due to the fact / since the / as the / because
with           | .40 | that have / which have / having
for            | .40 | to own / to possess / getting / for the
of the         | .25 | of one's / of your / of the newest / of brand new
of             | .42 | out-of / regarding / off / away from / of your / from
said           | .40 | told you / told you / stated
says           | .40 | states / claims
has            | .45 | keeps / provides / has actually / possess
have           | .45 | enjoys / has actually / possess / keeps
is             | .22 | is actually / try / was
are            | .20 | is actually / was
was            | .25 | is / try
after          | .40 | immediately following / shortly after / once / after the
first          | .45 | very first / earliest / basic
by the         | .40 | because of the / from the / by the newest
by             | .30 | from the / because of the / because of
with her       | .50 | along with her / together with her
together       | .35 | with her / along with her
year-old       | .50 | year dated / year-dated / season-old
on             | .35 | towards / towards the / into / on the / for the
at             | .30 | during the / within / in the
from           | .35 | off / out of / regarding / away from
that           | .22 | you to definitely / one to / which / that it
one            | .30 | you to definitely / that / one to
also           | .35 | along with / together with / as well as / and additionally
but            | .28 | however, / but not / however
however        | .45 | not / although not / yet not / but
this           | .30 | which / it / so it / that it
these          | .45 | these types of / such / this type of
those          | .30 | people / men and women / the individuals
while          | .40 | when you are / whenever you are / if you are / even though
when           | .30 | whenever / when you are / if
more           | .33 | far more / significantly more / a whole lot more / way more
many           | .30 | of several / of many / lots of / a lot of
some           | .30 | specific / certain / particular
before         | .35 | prior to / ahead of / in advance of
about          | .30 | regarding the / in the / from the / on the
over           | .22 | more than / more / across
because        | .28 | as / due to the fact / given that
if             | .18 | in the event that / in case / when the
can            | .28 | can also be / is also / will / normally
will           | .33 | tend to / commonly / often / will likely
would          | .35 | manage / create / perform
could          | .25 | you can expect to / you certainly will / might
should         | .35 | need / is to / need to
must           | .28 | need to / have to
may            | .28 | will get / can get / could possibly get / get
not            | .12 | perhaps not / maybe not
there          | .18 | truth be told there / indeed there / around
even           | .22 | actually / also
just           | .35 | merely / only / simply
so             | .25 | very / therefore / thus
than           | .35 | than simply / compared to / versus
such as        | .50 | such as for example / eg / instance
like           | .28 | such as / instance / particularly
who            | .12 | exactly who / just who
which          | .25 | and that / hence / that
what           | .18 | exactly what / just what
where          | .18 | in which / where in fact the
into           | .28 | to your / into the / towards
since          | .30 | as / once the / due to the fact
although       | .35 | regardless if / even though / though
during         | .28 | throughout the / while in the / through the
between        | .20 | ranging from / anywhere between / between the
against        | .20 | facing / up against / against the
through        | .20 | as a result of / courtesy / by way of
under          | .20 | not as much as / around / below
last           | .22 | past / history / history
according to   | .30 | predicated on / centered on / according to the
as well as     | .30 | including / and / plus
each           | .20 | per / for each and every / for every single
every          | .22 | all the / each and every / the
most           | .18 | really / extremely / very
other          | .20 | most other / almost every other
another        | .22 | various other / other / an alternative
own            | .20 | very own / individual
now            | .22 | today / already
then           | .18 | upcoming / after that / next
still          | .22 | nevertheless / however / nonetheless
already        | .22 | currently / currently
including      | .28 | along with / plus / also
without        | .20 | in the place of / rather than / as opposed to
often          | .28 | tend to / usually / will
its            | .25 | their / the / the
were           | .12 | was / had been
been           | .15 | already been / started
be             | .30 | getting / feel / become / end up being
being          | .25 | are / becoming / getting
had            | .25 | got / had been / was
do             | .25 | would / create / carry out
did            | .20 | performed / did actually
no             | .30 | zero / no / zero
both           | .35 | each other / one another / both of
whose          | .35 | whoever / whoever
how            | .20 | just how / exactly how
all            | .25 | every / every / all of the
only           | .20 | just / simply / just
""")

# Pronouns changing person or gender.
PRONOUN = _table("""
her            | .35 | their / their own / their unique / the lady
him            | .25 | your / him or her / him
his            | .15 | his or her / their
he             | .10 | the guy / he or she
he's           | .40 | he or she is / he could be / he is
she            | .08 | she / this woman
i              | .12 | we
my             | .25 | my personal / my own
me             | .20 | me personally
they           | .12 | it / they
them           | .15 | him or her / all of them
we             | .10 | i / i
our            | .20 | all of our / our very own
us             | .25 | united states / you / all of us
your           | .15 | your own / your
""")

# Stock content-word swaps the spinner makes again and again (often rarer or odd).
SYNONYM = _table("""
people         | .45 | individuals / somebody / anybody / someone / anyone
women          | .45 | female / feminine / girls / ladies
woman          | .40 | lady / girl / female
men            | .45 | guys / dudes / males / boys
man            | .35 | guy / child / son / people
time           | .45 | big date / go out / date / day
year           | .35 | season / season / 12 months
years          | .35 | decades / many years / age
week           | .25 | times / few days
day            | .25 | time / go out
new            | .25 | the fresh / newest / latest / brand new
old            | .45 | dated / aged / old-fashioned
leader         | .45 | frontrunner / commander / chief
leaders        | .45 | frontrunners / management / leadership
met            | .45 | fulfilled / satisfied / came across
married        | .45 | hitched / partnered / wed
marriage       | .40 | relationship / matrimony / wedding
wedding        | .35 | relationship / marriage
film           | .40 | motion picture / flick / movie
movie          | .40 | motion picture / flick / film
hides          | .40 | covers / conceals
go             | .30 | embark / wade / come
teacher        | .40 | instructor / professor / professor
forest         | .40 | woodland / tree
country        | .30 | nation / nation / nation-state
countries      | .35 | places / regions / nations
government     | .30 | authorities / regulators / bodies
officials      | .35 | authorities / officials / authorities
report         | .35 | declaration / statement / statement
statement      | .35 | declaration / report
called         | .35 | named / titled / entitled
told           | .35 | advised / informed / told you
asked          | .35 | expected / requested / questioned
help           | .30 | assist / let / let
want           | .30 | require / wanted / need
use            | .30 | fool around with / play with / explore / have fun with
used           | .35 | utilized / made use of / put
make           | .30 | create / build / generate
made           | .30 | produced / generated / created
get            | .30 | score / rating / get hold of
take           | .25 | bring / capture / simply take
give           | .25 | offer / promote / render
show           | .28 | tell you / reveal / inform you
shows          | .30 | suggests / reveals / tells
find           | .28 | see / discover / select
found          | .30 | discovered / located / receive
think          | .28 | imagine / envision / consider
know           | .25 | understand / learn / discover
life           | .35 | lifestyle / existence / existence
love           | .35 | like / fascination / like
family         | .35 | relatives / household / members of the family
home           | .30 | house / domestic / family
child          | .35 | boy / kid / man
children       | .35 | kids / youngsters / students
world          | .30 | globe / community / business
work           | .30 | functions / really works / performs
job            | .30 | employment / business / efforts
company        | .30 | organization / team / providers
market         | .28 | field / markets / sector
deal           | .35 | bargain / package / offer
price          | .28 | rate / rates / speed
important      | .35 | crucial / very important / essential
big            | .30 | large / huge / larger
small          | .30 | quick / brief / small-scale
high           | .25 | higher / large / large
great          | .30 | higher / high / grand
best           | .35 | most readily useful / top / most useful
better         | .30 | most readily useful / ideal / greatest
really         | .28 | extremely / most / really
very           | .28 | really / extremely / extremely
number         | .28 | amount / count / matter
part           | .28 | area / element / part of
area           | .28 | urban area / region / city
city           | .28 | urban area / area / town
group          | .28 | class / category / classification
war            | .30 | combat / battle / conflict
attack         | .35 | assault / physical violence / violence
invasion       | .35 | intrusion / attack / incursion
troops         | .30 | soldiers / soldiers
policy         | .28 | rules / coverage / plan
energy         | .25 | time / opportunity / power
water          | .25 | h2o / liquid
school         | .28 | university / college / college
students       | .30 | college students / pupils / children
study          | .30 | research / analysis / data
research       | .30 | look / look for / lookup
problem        | .30 | disease / matter / condition
issue          | .30 | material / procedure / matter
change         | .28 | transform / changes / alter
early          | .28 | very early / early / initial
young          | .35 | younger / more youthful / little
older          | .35 | earlier / more mature / elderly
age            | .28 | years / many years / ages
meeting        | .35 | conference / appointment / fulfilling
hope           | .30 | pledge / promise / hope
difficult      | .30 | hard / tough / tough
relationship   | .35 | dating / dating / relationship
relationships  | .35 | relationships / relationship / dating
dating         | .25 | relationships / matchmaking / relationship
partner        | .35 | companion / partner / spouse
""")

# The wrong sense of a polysemous word.
SENSE = _table("""
virus          | .55 | herpes / malware / trojan
gas            | .45 | gasoline / energy / fuel
sport          | .40 | football / recreation / athletics
sports         | .35 | activities / recreations / football
pipeline       | .40 | tube / pipe / pipe
pipe           | .30 | tubing / tube
metres         | .35 | yards / m
security       | .40 | shelter / coverage / safeguards / cover
bank           | .30 | financial / lender
fine           | .30 | good / okay / great
rights         | .35 | legal rights / liberties / rights
interest       | .30 | attract / focus / notice
fire           | .30 | flame / shoot / flames
press          | .35 | drive / force / push
party          | .28 | cluster / team / people
race           | .30 | competition / battle / battle
case           | .28 | circumstances / instance / situation
light          | .30 | white / white / white
bill           | .30 | costs / expenses / expenses
court          | .30 | judge / legal / courtroom
charges        | .30 | costs / fees / fees
post           | .30 | blog post / blog post / article
record         | .28 | checklist / list / list
cold           | .35 | cooler / cool / chill
term           | .30 | label / name / identity
left           | .30 | kept / remaining / leftover
state          | .30 | county / condition / condition
states         | .28 | claims / says / says
power          | .30 | energy / fuel / strength
leave          | .25 | exit / get-off / hop out
site           | .25 | webpages / website / website
sites          | .25 | websites / web sites / internet sites
date           | .25 | big date / go out / day
hand           | .25 | give / give / hands
figure         | .25 | contour / shape / profile
figures        | .30 | numbers / data / rates
deal           | .20 | package / bargain
measures       | .30 | methods / actions / procedures
plant          | .30 | bush / herb / bush
""")

# Fixed phrases that lose one word (or a stock phrase reworded). Case-insensitive.
IDIOM = _table("""
cold war          | .70 | cooler war / cool combat / cold combat
shuttle diplomacy | .70 | bus diplomacy / shuttle diplomacy
car park          | .60 | recreation area / parking area / car playground
good books        | .60 | good courses / a good courses / a beneficial books
human rights      | .60 | peoples legal rights / person liberties / human legal rights
long-term         | .60 | a lot of time-label / long-identity / long-name
short-term        | .60 | short-label / quick-name / small-identity
face-to-face      | .60 | face-to-deal with / deal with-to-deal with
soft power        | .60 | delicate power / softer energy / smooth fuel
soft-power        | .60 | delicate-fuel / softer-power / mellow-energy
state-run         | .60 | state-work on / condition-focus on / state-manage
climate change    | .55 | environment alter / weather changes / climate alter
social media      | .55 | social networking / social network / social network sites
press conference  | .55 | news conference / push appointment / drive conference
prime minister    | .50 | perfect minister / finest minister / best minister
foreign minister  | .50 | international minister / overseas minister / foreign-language minister
head of state     | .55 | lead off county / direct out of condition
real estate       | .55 | a residential property / home / a home
high school       | .55 | twelfth grade / senior school / senior high school
best friend       | .55 | companion / closest friend / best friend
online dating     | .50 | dating online / internet dating / online relationships
dating site       | .50 | dating internet site / dating website / relationship webpages
dating sites      | .50 | dating sites / online dating sites / relationship websites
dating app        | .50 | relationships application / dating software / relationship app
first date        | .55 | first big date / earliest time / very first date
interest rates    | .55 | rates of interest / interest levels / rates
stock market      | .50 | stock exchange / stock-exchange / stock-market
supply chain      | .50 | have strings / likewise have chain / also provide chain
mental health     | .50 | psychological state / mental fitness / psychological health
public health     | .50 | societal wellness / personal fitness / social wellness
health care       | .50 | medical care / healthcare / medical
world war         | .45 | community combat / business war / industry battle
middle class      | .45 | middle income group / middle-class / center group
breaking news     | .50 | cracking development / cracking news
point of view     | .50 | views / perspective / position
at the same time  | .45 | meanwhile / concurrently / at the same time
on the other hand | .45 | as well / additionally / at the same time
in addition       | .45 | at exactly the same time / while doing so / and additionally
for example       | .45 | including / such as for instance / particularly
of course         | .45 | naturally / definitely / without a doubt
in fact           | .40 | indeed / actually / in reality
at least          | .40 | no less than / at the least / about
so far            | .40 | yet / up until now / to date
no longer         | .40 | not any longer / no more / don't
a lot of          | .40 | a great deal of / plenty of / a number of
a number of       | .40 | enough / several / numerous
as a result       | .40 | thus / this means that / consequently
take place        | .45 | occur / result / take lay
take part         | .45 | participate / engage / be involved
set up            | .40 | created / put up / developed
carry out         | .40 | would / create / manage
find out          | .40 | discover / understand / know
break out         | .45 | break out / episode / outbreak
outbreak          | .35 | episode / break out / break-out
heart attack      | .50 | cardiac arrest / heart attack / center assault
weight loss       | .50 | weight reduction / losing weight / fat loss
police officer    | .50 | officer / cop / police
""")

# Names of places, outlets and products "synonymised". Case-sensitive: these are names.
ENTITY = _table("""
China             | .45 | Asia
India             | .45 | Asia / Asia / Asia
New Delhi         | .60 | Brand new Delhi / The Delhi / This new Delhi
Guardian          | .60 | Protector / Protector / Guardian angel
Associated Press  | .60 | Relevant Force / Related Push / Associated Drive
Hinge             | .60 | Depend / Count
Power of Siberia  | .60 | Energy away from Siberia / Strength of Siberia / Electricity regarding Siberia
United States     | .50 | All of us / You / Us
US                | .30 | You / All of us
United Kingdom    | .50 | United kingdom / Uk / British
UK                | .30 | Uk / United kingdom
White House       | .55 | Light House / White Household / White Domestic
New York          | .45 | Nyc / New york / Ny
New Zealand       | .50 | The fresh new Zealand / The newest Zealand
Wall Street       | .50 | Wall structure Road / Wall surface Street
European Union    | .50 | Western european Connection / Eu / European union
Soviet Union      | .55 | Soviet Partnership / Soviet Relationship
Middle East       | .50 | Middle east / Middle eastern countries
South Africa      | .50 | Southern area Africa / Southern Africa
North Korea       | .45 | Northern Korea / North Korea
South Korea       | .45 | Southern Korea / Southern area Korea
Facebook          | .45 | Myspace / Fb / Twitter
Twitter           | .45 | Myspace / Fb
Google            | .40 | Bing / Yahoo
Apple             | .40 | Fruit / Fruit
Amazon            | .40 | Auction web sites / Craigs list
England           | .35 | The united kingdomt / The uk
Britain           | .35 | The uk / Great britain / Great britain
Japan             | .35 | The japanese
Europe            | .35 | European countries
European          | .35 | Western european / Western european
American          | .40 | Western / Western / Us
Americans         | .40 | People in america / Americans' / Us americans
Supreme Court     | .50 | Ultimate Courtroom / Best Court / Best Legal
Olympics          | .25 | Olympic games / Olympic
Asia              | .15 | China
Monday            | .12 | Friday / Saturday / Tuesday
Tuesday           | .12 | Saturday / Friday
Wednesday         | .12 | Tuesday / Thursday
Thursday          | .12 | Friday / Monday
Friday            | .12 | Saturday / Monday / Tuesday
""")

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# Spinner spellings of leading digits ("1,000" -> "step one,000", "$2.2bn" -> "$dos.2bn").
DIGIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "1": ("step one", "step 1"),
    "2": ("dos", "2"),
    "3": ("step three", "step 3", "about three"),
    "4": ("cuatro", "cuatro"),
    "5": ("5", "four"),
}

# Number words the spinner rewrites as digits, sometimes off by one (eight -> 7).
NUMBER_WORD_REWRITES = _table("""
two            | .30 | 2 / a couple of / several
three          | .30 | around three / 3 / about three
four           | .25 | five / 4 / four
five           | .25 | four / 5
six            | .25 | half a dozen / 6
seven          | .25 | eight / 7
eight          | .25 | seven / 8 / 7
nine           | .25 | 9 / 10
ten           | .25 | 10 / 11
""")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Words never treated as content words (no thesaurus swap). Function words, auxiliaries,
# pronouns and a few very common adverbs.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "for",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "about",
        "above",
        "below",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "not",
        "only",
        "own",
        "same",
        "than",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "would",
        "could",
        "might",
        "must",
        "shall",
        "may",
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "that",
        "these",
        "those",
        "am",
        "as",
        "until",
        "while",
        "because",
        "if",
        "though",
        "although",
        "since",
        "unless",
        "whether",
        "after",
        "before",
        "during",
        "through",
        "between",
        "against",
        "among",
        "within",
        "without",
        "across",
        "along",
        "around",
        "behind",
        "beyond",
        "toward",
        "towards",
        "also",
        "even",
        "still",
        "already",
        "however",
        "therefore",
        "thus",
        "hence",
        "per",
        "via",
        "like",
        "unlike",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "first",
        "second",
        "third",
        "last",
        "next",
        "much",
        "many",
        "lot",
        "lots",
        "said",
        "says",
        "say",
        "told",
        "tell",
    ]
)

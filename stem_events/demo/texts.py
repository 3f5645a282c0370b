"""Dutch words for the demo data: organisation names, titles, summaries, descriptions."""

from __future__ import annotations

import random
from dataclasses import dataclass

from stem_events.events.models import EventStatus
from stem_events.reference.models import EventKind, HelixPillar, Theme

ORG_PATTERNS = {
    HelixPillar.GOVERNMENT: [
        "Gemeente {m}", "Stad {m}", "Bibliotheek {m}", "Jeugddienst {m}",
        "STEM-academie {m}", "Dienst Onderwijs {m}",
    ],
    HelixPillar.KNOWLEDGE: [
        "Basisschool De Regenboog {m}", "Sint-Jozefscollege {m}", "GO! atheneum {m}",
        "Hogeschool campus {m}", "Kenniscentrum Techniek {m}", "Technische school {m}",
        "CVO {m}", "Onderzoekslabo {m}",
    ],
    HelixPillar.COMPANY: [
        "{m} Engineering", "Datalab {m}", "Windenergie {m}", "Chemiepark {m}",
        "Robotica Atelier {m}", "Zorgtech {m}", "Drukkerij 3D {m}", "Softwarehuis {m}",
    ],
    HelixPillar.CITIZEN: [
        "STEM-academie {m}", "Codeerclub {m}", "Jeugdbeweging Techniek {m}",
        "Fablab {m}", "Sterrenwacht {m}", "Natuurpunt {m}", "Repair Café {m}",
        "Jonge Onderzoekers {m}",
    ],
}

ORG_DESCRIPTIONS = {
    HelixPillar.GOVERNMENT: "Lokaal bestuur dat STEM-activiteiten in {m} mee mogelijk maakt.",
    HelixPillar.KNOWLEDGE: "Onderwijs- en kennisinstelling uit {m} die haar labo's openstelt.",
    HelixPillar.COMPANY: "Bedrijf uit {m} dat jongeren laat proeven van techniek in de praktijk.",
    HelixPillar.CITIZEN: "Vrijwilligers uit {m} die kinderen en volwassenen laten knutselen, "
    "programmeren en onderzoeken.",
}

# (title pattern, summary, venue) per kind; {theme} and {m} are filled in.
KIND_TEXTS = {
    EventKind.ACADEMY_ACTIVITY: [
        ("Robotica-academie: bouw en programmeer je eigen robot",
         "Elke week bouwen we verder aan een robot die rijdt, ziet en beslist.", "Fablab"),
        ("Codeerclub voor jonge programmeurs",
         "Van Scratch naar Python: spelletjes en apps maken in kleine groepjes.", "Bibliotheek"),
        ("Jonge onderzoekers: proefjes met {theme}",
         "Wekelijks experimenteren, meten en ontdekken zoals echte wetenschappers.",
         "Gemeenteschool"),
        ("Technieklab: solderen, bouwen en uitvinden",
         "Kinderen maken met echte gereedschappen hun eigen uitvinding.", "Technieklokaal"),
        ("Meisjes en techniek: maakatelier",
         "Een reeks voor meisjes die willen bouwen, programmeren en ontwerpen.", "Maakplaats"),
        ("Sterrenkundeclub: het heelal van dichtbij",
         "Sterrenbeelden, planeten en raketten: elke week een nieuwe ontdekking.",
         "Volkssterrenwacht"),
    ],
    EventKind.WORKSHOP: [
        ("Workshop 3D-printen voor beginners",
         "Ontwerp een sleutelhanger en print hem meteen uit.", "Fablab"),
        ("Solderen en elektronica: maak een knipperlicht",
         "Leer veilig solderen en neem je eigen schakeling mee naar huis.", "Repair Café"),
        ("AI ontdekken: hoe leert een computer?",
         "Met eenvoudige spelletjes ontdek je hoe artificiële intelligentie werkt.",
         "Bibliotheek"),
        ("Zonne-energie: bouw een zonnewagentje",
         "Hoe zet je zonlicht om in beweging? Je bouwt het zelf.", "Ontmoetingscentrum"),
        ("Cybersecurity voor ouders en tieners",
         "Sterke wachtwoorden, phishing herkennen en veilig online gamen.", "Bibliotheek"),
        ("Escape room wiskunde",
         "Los samen de raadsels op en ontsnap uit het klaslokaal.", "Cultuurcentrum"),
        ("Microbit-workshop: van idee tot prototype",
         "Programmeer een micro:bit en maak een slim apparaatje.", "Maakplaats"),
    ],
    EventKind.LECTURE: [
        ("Lezing: quantumcomputers helder uitgelegd",
         "Wat kan een quantumcomputer wel en niet? Een onderzoeker vertelt.", "Aula"),
        ("Lezing: de energietransitie in {m}",
         "Warmtenetten, zonnepanelen en batterijen: wat betekent dat voor onze gemeente?",
         "Cultuurcentrum"),
        ("Lezing: artificiële intelligentie in de zorg",
         "Hoe AI artsen en verpleegkundigen helpt, en waar de grenzen liggen.", "Auditorium"),
        ("Lezing: leven op Mars?", "Een ruimtevaartexpert over de zoektocht naar leven.",
         "Volkssterrenwacht"),
    ],
    EventKind.COMPANY_VISIT: [
        ("Bedrijfsbezoek: hoe werkt een windpark?",
         "Een kijkje achter de schermen bij de ingenieurs van de windturbines.", "Bedrijfssite"),
        ("Bedrijfsbezoek: van code tot product",
         "Ontwikkelaars tonen hoe software gebouwd, getest en geleverd wordt.", "Kantoor"),
        ("Open bedrijf: de chemie van alledag",
         "Ontdek welke STEM-beroepen achter zeep, verf en plastic zitten.", "Productiesite"),
        ("Bedrijfsbezoek: robots aan de productielijn",
         "Zie hoe robots en mensen samenwerken in een moderne fabriek.", "Fabriekshal"),
    ],
    EventKind.INFO_SESSION: [
        ("Infosessie: kiezen voor een STEM-opleiding",
         "Voor leerlingen en ouders: welke STEM-richtingen zijn er en waar leiden ze naartoe?",
         "Aula"),
        ("Infosessie: omscholen naar een job in de techniek",
         "Voor werkzoekenden en werkenden die een STEM-opleiding overwegen.", "Opleidingscentrum"),
        ("Infosessie STEM-academie: aanbod voor het nieuwe semester",
         "Ontdek het aanbod en stel je vragen aan de begeleiders.", "Gemeentehuis"),
    ],
    EventKind.ROADSHOW: [
        ("STEM-roadshow: de wetenschapstruck in {m}",
         "Een vrachtwagen vol proefjes, robots en virtual reality op het marktplein.",
         "Marktplein"),
        ("Techniek op tour: doe-dag voor scholen",
         "Een dag lang workshops voor klassen uit de regio.", "Sporthal"),
    ],
    EventKind.NETWORK_MOMENT: [
        ("Netwerkmoment STEM-regio {m}",
         "Scholen, bedrijven, overheden en verenigingen delen hun STEM-initiatieven.",
         "Gemeentehuis"),
        ("Netwerkmoment: samen sterker in {theme}",
         "Leer elkaars aanbod kennen en zoek partners voor nieuwe projecten.", "Vergaderzaal"),
        ("STEM-café: quadruple helix in de praktijk",
         "Korte pitches van initiatieven en tijd om te netwerken.", "Ontmoetingscentrum"),
    ],
    EventKind.AWARD_EVENT: [
        ("Uitreiking STEM-label aan lokale initiatieven",
         "De beste STEM-praktijken van de regio in de kijker.", "Cultuurcentrum"),
    ],
    EventKind.OTHER: [
        ("Dag van de techniek in {m}",
         "Open ateliers, demonstraties en doe-activiteiten voor het hele gezin.", "Stadspark"),
        ("Wetenschapsquiz voor gezinnen",
         "Test je kennis van wetenschap en techniek in teams.", "Parochiezaal"),
        ("Sterrenkijkavond", "Door de telescoop naar de maan en de planeten.",
         "Volkssterrenwacht"),
        ("Maakfestival {m}", "Makers tonen hun uitvindingen; iedereen mag meedoen.",
         "Evenementenhal"),
    ],
}

DESCRIPTION = """{summary}

**Wat doen we?** {what}

**Wat breng je mee?** {bring}

Deze activiteit past in de STEM-Agenda 2030 van Vlaanderen en wordt georganiseerd in
{m}. Heb je een vraag over toegankelijkheid? Laat het ons weten, dan zoeken we samen een
oplossing.
"""

WHAT = [
    "We werken in kleine groepjes met een begeleider die stap voor stap helpt.",
    "Na een korte uitleg ga je zelf aan de slag; we sluiten af met een demonstratie.",
    "Je ontdekt hoe STEM in het dagelijks leven zit en probeert alles zelf uit.",
    "Je werkt samen aan een opdracht en stelt het resultaat voor aan de groep.",
]
BRING = [
    "Niets, al het materiaal is voorzien.",
    "Een drinkbus en kleren die vuil mogen worden.",
    "Een laptop als je er een hebt; anders lenen we er een uit.",
    "Nieuwsgierigheid en zin om te experimenteren.",
]
STREETS = [
    "Kerkstraat", "Stationsstraat", "Schoolstraat", "Dorpsstraat", "Molenstraat",
    "Nieuwstraat", "Markt", "Kapelstraat", "Beekstraat", "Industrieweg", "Wetenschapspark",
]
REASONS = {
    EventStatus.CANCELLED: [
        "Wegens ziekte van de begeleider.", "Te weinig inschrijvingen.",
        "De zaal is onverwacht niet beschikbaar.",
    ],
    EventStatus.POSTPONED: ["Nieuwe data volgen zo snel mogelijk."],
}


@dataclass(frozen=True)
class EventContent:
    title: str
    summary: str
    description: str
    venue: str
    themes: list[Theme]


def organisation_name(rng: random.Random, pillar: HelixPillar, municipality: str):
    pattern = rng.choice(ORG_PATTERNS[pillar])
    return pattern.format(m=municipality), pattern.startswith("STEM-academie")


def organisation_description(pillar: HelixPillar, municipality: str) -> str:
    return ORG_DESCRIPTIONS[pillar].format(m=municipality)


def event_content(rng: random.Random, kind: EventKind, municipality: str,
                  themes: list[Theme]) -> EventContent:
    title, summary, venue = rng.choice(KIND_TEXTS[kind])
    chosen = rng.sample(themes, k=rng.choice((1, 1, 2, 3)))
    theme_name = chosen[0].name.lower()
    title = title.format(m=municipality, theme=theme_name)
    summary = summary.format(m=municipality, theme=theme_name)
    description = DESCRIPTION.format(
        summary=summary, what=rng.choice(WHAT), bring=rng.choice(BRING), m=municipality
    )
    return EventContent(title, summary, description, f"{venue} {municipality}", chosen)


def state_of_the_stem(year: int) -> EventContent:
    summary = (
        "Om de twee jaar komt het hele STEM-ecosysteem samen: sessies, een markt van "
        "initiatieven en de uitreiking van de STEM-labels."
    )
    description = (
        f"{summary}\n\n**Programma**: plenaire opening, sessies in drie tracks "
        "(onderwijs, vrije tijd, arbeidsmarkt), een markt met stands van initiatieven en de "
        "award-uitreiking.\n\nDe lokale netwerkmomenten van de voorbije twee jaar brengen hier "
        "hun resultaten samen."
    )
    return EventContent(f"State-of-the-STEM {year}", summary, description, "", [])


def age_range(rng: random.Random, kind: EventKind) -> tuple[int | None, int | None]:
    if kind in (EventKind.ACADEMY_ACTIVITY, EventKind.WORKSHOP):
        return rng.choice(((6, 9), (8, 12), (10, 14), (12, 16), (6, 12), (14, 18), (9, 12)))
    if kind in (EventKind.NETWORK_MOMENT, EventKind.AWARD_EVENT, EventKind.STATE_OF_THE_STEM):
        return (18, None)
    if kind == EventKind.INFO_SESSION:
        return rng.choice(((12, None), (18, None), (None, None)))
    if kind == EventKind.COMPANY_VISIT:
        return rng.choice(((12, 18), (14, None), (None, None)))
    return rng.choice(((None, None), (None, None), (8, None), (12, None)))


def street(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 180)}"


def status_reason(rng: random.Random, status: EventStatus) -> str:
    reasons = REASONS.get(status)
    return rng.choice(reasons) if reasons else ""


# People who register (demo registrations): common Flemish names.
ADULT_FIRST_NAMES = [
    "An", "Annelies", "Bart", "Bram", "Caroline", "Dirk", "Els", "Evelien", "Filip", "Frederik",
    "Geert", "Hanne", "Inge", "Jan", "Jeroen", "Joke", "Karen", "Katrien", "Koen", "Kristof",
    "Liesbeth", "Lieven", "Marijke", "Nathalie", "Nele", "Peter", "Pieter", "Sarah", "Sofie",
    "Stijn", "Tine", "Tom", "Veerle", "Wim", "Wouter", "Yasmina", "Mohamed", "Fatima", "Ayse",
    "Samir",
]
CHILD_FIRST_NAMES = [
    "Noah", "Louise", "Arthur", "Olivia", "Jules", "Mila", "Lucas", "Marie", "Finn", "Nina",
    "Liam", "Elena", "Louis", "Lina", "Vic", "Ella", "Mats", "Fien", "Warre", "Noor", "Rune",
    "Lotte", "Seppe", "Juliette", "Lars", "Amir", "Yara", "Adam", "Sara", "Ilias", "Zoë",
    "Wout", "Febe", "Stan", "Hajar",
]
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Michiels", "Desmet", "Vermeulen",
    "De Clercq", "Verhoeven", "Pauwels", "Van Damme", "Claeys", "Lambrechts", "Van den Broeck",
    "De Backer", "Martens", "Segers", "Vandenberghe", "Coppens", "Smets", "Van Dyck",
    "El Amrani", "Yilmaz", "Bogaert", "Verstraete", "De Wilde",
]
MAIL_DOMAINS = ["telenet.be", "skynet.be", "gmail.com", "outlook.be", "proximus.be",
                "hotmail.com"]

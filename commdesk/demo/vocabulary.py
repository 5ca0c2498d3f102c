"""The words the demo world is made of: names, places, job titles, organisation names, topics.

Plain data only. Lists are indexed by position from numpy arrays, so their order is part of the
demo's determinism: append, don't reorder.
"""

from __future__ import annotations

import unicodedata

# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "Zoë", "Łukasz", "Søren", "Ngozi", "Amara", "Oliver", "Sophie", "Mateo", "Priya", "Kwame",
    "Ingrid", "José", "Chloé", "Björn", "Małgorzata", "Jürgen", "Aoife", "Siobhán", "Ólafur",
    "Zoltán", "Aarav", "Mei", "Hiroshi", "Yuki", "Fatima", "Omar", "Leila", "Lucía", "Inés",
    "François", "Renée", "Håkon", "Åsa", "Jiří", "Tomás", "Chidi", "Thandiwe", "Emeka", "Adaeze",
    "Kofi", "Abena", "Hannah", "James", "Emily", "Daniel", "Grace", "Samuel", "Charlotte", "Noah",
    "Isla", "Liam", "Freya", "Jack", "Ava", "Ethan", "Maya", "Lars", "Astrid", "Magnus", "Sigrid",
    "Anna", "Piotr", "Katarzyna", "Tomasz", "Agnieszka", "Marek", "Ewa", "Klaus", "Greta",
    "Felix", "Lena", "Jonas", "Mia", "Paul", "Clara", "Luca", "Giulia", "Marco", "Sofia",
    "Alessandro", "Chiara", "Pierre", "Camille", "Antoine", "Manon", "Hugo", "Élodie", "Diego",
    "Carmen", "Pablo", "Elena", "Javier", "Marta", "Rafael", "Beatriz", "João", "Mariana",
    "Rui", "Leonor", "Arjun", "Ananya", "Rohan", "Kavya", "Wei", "Li", "Jun", "Hana", "Minh",
    "Linh", "Seo-yeon", "Ji-ho", "Aylin", "Emre", "Zeynep", "Mehmet", "Yasmin", "Karim", "Nadia",
    "Youssef", "Sara", "David", "Miriam", "Eitan", "Olga", "Dmitri", "Nikos", "Eleni", "Dragan",
    "Milica", "Ivana", "Petra", "Matej", "Eszter", "Bence", "Aino", "Eero", "Niamh", "Cillian",
    "Rhys", "Seren", "Tariq", "Ayesha", "Kemi", "Tunde", "Wanjiru", "Otieno", "Nomvula", "Sipho",
    "Isabella", "Gabriel", "Valentina", "Thiago", "Camila", "Sebastián", "Renata", "Andrés",
)

LAST_NAMES: tuple[str, ...] = (
    "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Lewandowski", "Müller", "Schmidt", "Schäfer",
    "Weber", "Becker", "Hoffmann", "Wagner", "Jensen", "Nielsen", "Sørensen", "Kristensen",
    "Andersson", "Lindqvist", "Håkansson", "Berg", "Haugen", "Virtanen", "Mäkinen", "Korhonen",
    "Okafor", "Adeyemi", "Okonkwo", "Eze", "Mensah", "Boateng", "Asante", "Mwangi", "Otieno",
    "Dlamini", "Ndlovu", "Smith", "Taylor", "Brown", "Wilson", "Evans", "Hughes", "Clarke",
    "Walker", "Robinson", "Wright", "Thompson", "Murphy", "O'Brien", "Walsh", "Byrne", "Kelly",
    "Jones", "Davies", "Williams", "García", "Fernández", "López", "Martínez", "Sánchez",
    "Rodríguez", "Pérez", "Gómez", "Silva", "Santos", "Costa", "Ferreira", "Oliveira", "Pereira",
    "Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Esposito", "Dubois", "Lefèvre", "Moreau",
    "Laurent", "Girard", "Bernard", "Martin", "Petit", "Yılmaz", "Öztürk", "Kaya", "Demir",
    "Nguyen", "Tran", "Pham", "Tanaka", "Sato", "Suzuki", "Takahashi", "Kim", "Park", "Lee",
    "Chen", "Wang", "Zhang", "Liu", "Patel", "Sharma", "Gupta", "Singh", "Iyer", "Reddy",
    "Khan", "Hussain", "Haddad", "Nasser", "Cohen", "Levi", "Ivanova", "Petrov", "Popescu",
    "Ionescu", "Kovács", "Nagy", "Novák", "Dvořák", "Horvat", "Papadopoulos", "van der Berg",
    "de Vries", "Janssen", "Peeters", "Bakker", "Visser", "Dijkstra",
)

# (location, phone prefix). The first ones are the home company's offices.
LOCATIONS: tuple[tuple[str, str], ...] = (
    ("Manchester, United Kingdom", "+44 161"),
    ("Berlin, Germany", "+49 30"),
    ("Kraków, Poland", "+48 12"),
    ("Copenhagen, Denmark", "+45 3"),
    ("Lagos, Nigeria", "+234 1"),
    ("Toronto, Canada", "+1 416"),
    ("Lisbon, Portugal", "+351 21"),
    ("London, United Kingdom", "+44 20"),
    ("Leeds, United Kingdom", "+44 113"),
    ("Dublin, Ireland", "+353 1"),
    ("Hamburg, Germany", "+49 40"),
    ("Munich, Germany", "+49 89"),
    ("Warsaw, Poland", "+48 22"),
    ("Aarhus, Denmark", "+45 8"),
    ("Stockholm, Sweden", "+46 8"),
    ("Oslo, Norway", "+47 2"),
    ("Helsinki, Finland", "+358 9"),
    ("Amsterdam, Netherlands", "+31 20"),
    ("Rotterdam, Netherlands", "+31 10"),
    ("Paris, France", "+33 1"),
    ("Lyon, France", "+33 4"),
    ("Madrid, Spain", "+34 91"),
    ("Barcelona, Spain", "+34 93"),
    ("Milan, Italy", "+39 02"),
    ("Porto, Portugal", "+351 22"),
    ("Istanbul, Türkiye", "+90 212"),
    ("Nairobi, Kenya", "+254 20"),
    ("Accra, Ghana", "+233 30"),
    ("Johannesburg, South Africa", "+27 11"),
    ("Abuja, Nigeria", "+234 9"),
    ("New York, United States", "+1 212"),
    ("Austin, United States", "+1 512"),
    ("Vancouver, Canada", "+1 604"),
    ("São Paulo, Brazil", "+55 11"),
    ("Bengaluru, India", "+91 80"),
    ("Singapore", "+65 6"),
    ("Tokyo, Japan", "+81 3"),
    ("Seoul, South Korea", "+82 2"),
    ("Sydney, Australia", "+61 2"),
)
OFFICE_COUNT = 7
OFFICE_WEIGHTS = (0.34, 0.18, 0.16, 0.1, 0.09, 0.08, 0.05)

HOME_NAME = "Northwind Collective"
HOME_DOMAIN = "northwind-collective.example"
HOME_DOMAINS = (HOME_DOMAIN, "northwind.example")

# The home company's departments: (name, share of employees, job titles, title weights).
DEPARTMENTS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Engineering", 0.30, (
        "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
        "QA Engineer", "Site Reliability Engineer", "Data Engineer", "Developer Advocate",
    )),
    ("Marketing", 0.10, (
        "Marketing Manager", "Content Strategist", "Community Manager", "Brand Designer",
        "Social Media Lead", "Events Coordinator", "Head of Marketing",
    )),
    ("Sales", 0.15, (
        "Account Executive", "Sales Development Representative", "Key Account Manager",
        "Sales Engineer", "Partner Manager", "Head of Sales",
    )),
    ("Operations", 0.18, (
        "Operations Analyst", "Supply Chain Analyst", "Logistics Coordinator", "Procurement Lead",
        "Sustainability Officer", "Facilities Manager", "Head of Operations",
    )),
    ("Support", 0.14, (
        "Support Specialist", "Technical Support Engineer", "Customer Success Manager",
        "Knowledge Base Editor", "Support Team Lead",
    )),
    ("Finance", 0.06, (
        "Financial Analyst", "Accounts Payable Specialist", "Controller",
        "Investor Relations Manager", "Chief Financial Officer",
    )),
    ("People & Culture", 0.07, (
        "People Partner", "Recruiter", "Learning & Development Lead",
        "Internal Communications Manager", "Chief People Officer",
    )),
)

# Departments of people outside the company, with titles; weights per stakeholder group below.
EXTERNAL_DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("IT", ("CTO", "IT Manager", "Developer", "Solutions Architect", "Data Analyst")),
    ("Procurement", ("Procurement Manager", "Buyer", "Category Manager")),
    ("Operations", ("Operations Director", "Plant Manager", "Quality Manager")),
    ("Marketing", ("Marketing Director", "Brand Manager", "Digital Marketing Specialist")),
    ("Management", ("CEO", "Managing Director", "Founder", "COO")),
    ("Sustainability", ("Sustainability Manager", "ESG Analyst")),
    ("Sales", ("Sales Director", "Account Manager", "Channel Manager")),
    ("Research", ("Researcher", "PhD Student", "Lecturer", "Journalist", "Consultant")),
)

# Organisation names: every prefix × sector pair is a distinct company.
ORG_PREFIXES: tuple[str, ...] = (
    "Aurora", "Bluewater", "Copperleaf", "Driftwood", "Evergreen", "Foxglove", "Granite", "Harbour",
    "Ironbridge", "Juniper", "Kestrel", "Lighthouse", "Meridian", "Northgate", "Oakridge",
    "Pinecrest", "Quayside", "Riverstone", "Saltmarsh", "Thornbury", "Upland", "Vantage",
    "Willowbrook", "Yarrow", "Zephyr", "Alder", "Birchwood", "Cedar", "Ember", "Fjord", "Glacier",
    "Heron", "Indigo", "Jade", "Kelpie", "Lumen", "Maple", "Nimbus", "Orchid", "Pebble", "Quartz",
    "Rowan", "Sable", "Tidal", "Umber", "Velvet", "Wren", "Aspen", "Beacon", "Cobalt", "Delta",
    "Elm", "Falcon", "Garnet", "Hollow", "Iris", "Kingfisher", "Larch", "Marble", "Nettle",
    "Osprey", "Puffin", "Redwood", "Summit", "Thistle", "Ursa", "Vale", "Wharf", "Axis", "Bramble",
    "Crescent", "Dune", "Eastwind", "Fern", "Gull", "Hazel", "Ivy", "Jetty", "Kite", "Linden",
)
ORG_SECTORS: tuple[str, ...] = (
    "Logistics", "Analytics", "Foods", "Textiles", "Energy", "Robotics", "Health", "Labs",
    "Systems", "Retail", "Freight", "Pharma", "Software", "Studios", "Metals", "Packaging",
    "Ceramics", "Media", "Finance", "Insurance", "Engineering", "Components", "Materials",
    "Consulting", "Networks", "Foundry", "Outfitters", "Brewing", "Furniture", "Mobility",
    "Solar", "Hydro", "Biotech", "Paper", "Plastics", "Printing", "Security", "Telecom", "Farms",
    "Marine", "Aerospace", "Design", "Devices", "Chemicals", "Water", "Timber", "Glass", "Cloud",
    "Apparel", "Instruments",
)
ORG_SUFFIXES: tuple[str, ...] = (
    "Ltd", "GmbH", "S.A.", "B.V.", "AB", "Oy", "sp. z o.o.", "plc", "Inc.", "ApS", "", "", "",
)

# (name, kind, domain) of the organisations that are neither companies we trade with nor rivals.
OTHER_ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("University of Eastfield", "education", "eastfield.ac.example"),
    ("Baltic Institute of Technology", "education", "bit.edu.example"),
    ("Westbrook City Council", "public_body", "westbrook.gov.example"),
    ("Agency for Circular Economy", "public_body", "circular.gov.example"),
    ("Open Data Alliance", "nonprofit", "opendata-alliance.example"),
    ("GreenLedger Foundation", "nonprofit", "greenledger.example"),
    ("Manchester Tech Collective", "community", "mcrtech.example"),
    ("Lagos Innovation Hub", "community", "lagoshub.example"),
    ("Nordic Design Guild", "community", "nordicdesign.example"),
    ("The Daily Ledger", "company", "dailyledger.example"),
    ("Supply Chain Weekly", "company", "scweekly.example"),
    ("Fairwork Cooperative", "other", "fairwork.example"),
)
PERSONAL_DOMAINS: tuple[str, ...] = (
    "mailbox.example", "posteo.example", "inbox.example", "fastpost.example",
)
MASTODON_INSTANCES: tuple[str, ...] = (
    "mastodon.social", "fosstodon.org", "hachyderm.io", "mastodon.online", "social.coop",
)

CONSENT_SOURCES: tuple[str, ...] = (
    "Employment contract", "Customer Forum sign-up", "Newsletter sign-up", "Event registration",
    "Supplier agreement", "Partner agreement", "Business card", "Web form",
)

NOTES: tuple[str, ...] = (
    "Met at the Manchester meetup; keen on the API beta.",
    "Prefers email over calls. Based part-time in Lisbon.",
    "Spoke at our spring webinar — ask again for the autumn one.",
    "Decision-maker for the 2027 renewal.",
    "Runs a popular newsletter on supply-chain transparency.",
    "Introduced by the Partner Programme; follow up on co-marketing.",
    "Asked to be kept out of marketing campaigns.",
    "Volunteered to moderate the forum's integrations category.",
)

TAGS: tuple[str, ...] = (
    "vip", "speaker", "beta-tester", "press", "ambassador", "decision-maker", "newsletter",
    "at-risk", "sustainability", "open-source", "event-host", "quick-win", "needs-budget",
    "legal-review", "flagship", "early-adopter",
)

# Topics for titles of posts, comments, shares and emails; internal and external ones.
INTERNAL_TOPICS: tuple[str, ...] = (
    "Q3 all-hands recap", "New expense policy", "Incident review: checkout latency",
    "Hackathon ideas", "Office move in Kraków", "Mentoring programme sign-up",
    "Quarterly OKRs", "Wellbeing week", "Onboarding checklist update", "Green commuting scheme",
    "Release train schedule", "Lunch & learn: accessibility", "Pay transparency FAQ",
    "Holiday rota", "Security awareness training", "Sustainability report draft",
)
EXTERNAL_TOPICS: tuple[str, ...] = (
    "Release 4.2 feedback", "API rate limits", "Pricing update 2026", "Feature request: SSO",
    "Integration with ERP systems", "Sustainability report 2026", "Roadmap Q&A",
    "How do you track Scope 3 emissions?", "Show & tell: dashboards", "Migration guide",
    "Webhook retries", "Accessibility improvements", "Data export formats", "Beta programme",
    "Case study: Bluewater Logistics", "Supplier code of conduct", "Packaging reduction",
    "Call for speakers", "Bug: CSV import encoding", "Open-source SDK 1.0",
)
MEETING_TITLES: tuple[str, ...] = (
    "Quarterly business review", "Supplier onboarding call", "1:1 catch-up",
    "Partner pipeline review", "Council working session", "Renewal discussion",
    "Product feedback session", "Sustainability audit kick-off", "Team retrospective",
)
EVENT_TITLES: tuple[str, ...] = (
    "Monthly user group meetup", "Partner Summit", "Webinar: what's new", "Community Day",
    "Supplier Council plenary", "Annual General Meeting", "Hack night", "Office hours",
)
EMAIL_SUBJECTS: tuple[str, ...] = (
    "Re: Renewal quote for 2027", "Invitation: Partner Summit", "Your forum digest",
    "Re: Invoice query", "Follow-up from our call", "Supplier questionnaire reminder",
    "Re: Case study draft", "Welcome to the Customer Forum",
)

# fmt: on

_ASCII_FOLDS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d", "ı": "i"}
)


def slug(text: str) -> str:
    """Lower-case ASCII letters only, for email addresses and handles ("Søren" -> "soren")."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLDS))
    return "".join(ch for ch in folded.lower() if "a" <= ch <= "z")

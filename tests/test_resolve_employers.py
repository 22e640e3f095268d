"""Employer strings → organizations / non-organizations (moneytrail.resolve.employers)."""

from __future__ import annotations

import csv
import functools
import re
import tomllib
from pathlib import Path

import pyarrow as pa
import pytest
from scripttools import load_script

from moneytrail.resolve.employers import (
    CONFIDENCE,
    DISCOVERED_PREFIX,
    EmployerResolver,
    Registry,
    normalize_employer,
    resolve_employer,
    resolve_employers_arrow,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "employer_labels.csv"


@pytest.fixture(scope="module")
def resolver() -> EmployerResolver:
    return EmployerResolver()


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Google Inc.", "GOOGLE"),  # case, punctuation, legal suffix
        ("  the  Vanguard   Group ", "VANGUARD GROUP"),  # spaces, leading THE
        ("PRICEWATERHOUSECOOPERS, L.L.P.", "PRICEWATERHOUSECOOPERS"),  # dotted suffix
        ("AMAZON.COM, INC.", "AMAZON"),  # .COM
        ("GUNBROKER.COM", "GUNBROKER"),
        ("NORTHWELL.EDU", "NORTHWELL"),  # oth12's: any web address's ending
        ("ACADEMYART.EDU", "ACADEMYART"),
        ("AMAZON WEB SVCS", "AMAZON WEB SERVICES"),  # abbreviation
        ("INT'L ASSOC. OF MACHINISTS", "INTERNATIONAL ASSOCIATION OF MACHINISTS"),
        ("SCIENCE APPLICATIONS INTL CORP", "SCIENCE APPLICATIONS INTERNATIONAL"),
        ("SELF EMPLOYEED", "SELF EMPLOYED"),  # misspelling
        ("SIMPSON INVESTMENT COMANY", "SIMPSON INVESTMENT"),  # misspelled suffix
        ("ELI LILLY AND COMPANY", "ELI LILLY"),  # AND / & and COMPANY
        ("D.E. SHAW & CO", "DE SHAW"),
        # letters written apart are joined where they spell a state's code or a known
        # abbreviation (blind22's N Y STATE SENATE), and left apart otherwise
        ("D. E. SHAW & CO", "DE SHAW"),
        ("N Y STATE SENATE", "NEW YORK STATE SENATE"),
        ("J. D. POWER", "J D POWER"),
        ("GENERAL DYNAMICS CORPORAT", "GENERAL DYNAMICS"),  # the FEC's 38-character cut
        ("NEW YORK CITY HEALTH & HOSPITALS CORPO", "NEW YORK CITY HEALTH & HOSPITALS"),
        ("SYNCHROGENIX INFORMATION STRATEGIES IN", "SYNCHROGENIX INFORMATION STRATEGIES"),
        ("WELLS FARGO BANK, N. A.", "WELLS FARGO BANK"),
        ("MCDONALD'S", "MCDONALDS"),
        ("Nestlé USA", "NESTLE US"),
        ("INC", "INC"),  # never the last word
        ("THE SOUTHERN COMPANY", "SOUTHERN COMPANY"),  # nor COMPANY after a single word
        # nor a word after OF: a place or a noun (blind17's COMMONWEALTH OF PA)
        ("GOVERNMENT OF PA", "GOVERNMENT OF PA"),
        # a state's code after UNIVERSITY OF or COMMONWEALTH OF is the state's name, and
        # U, UN and COLL before OF are short for UNIVERSITY and COLLEGE
        ("COMMONWEALTH OF PA", "COMMONWEALTH OF PENNSYLVANIA"),
        ("UNIV OF CA", "UNIVERSITY OF CALIFORNIA"),
        ("UNIV OF CO. SCHOOL OF MEDICINE", "UNIVERSITY OF COLORADO SCHOOL OF MEDICINE"),
        ("U OF PENNSYLVANIA", "UNIVERSITY OF PENNSYLVANIA"),
        ("COLL OF WILLIAM AND MARY", "COLLEGE OF WILLIAM & MARY"),
        ("COMM OF KENTUCKY", "COMMONWEALTH OF KENTUCKY"),
        # TECH after INSTITUTE OF is TECHNOLOGY; elsewhere a name's own word (blind27)
        ("CALIFORNIA INSTITUTE OF TECH", "CALIFORNIA INSTITUTE OF TECHNOLOGY"),
        ("VIRGINIA TECH", "VIRGINIA TECH"),
        ("COMM OF PUBLIC SAFETY", "COMM OF PUBLIC SAFETY"),  # a commission, or a committee
        ("U HAUL", "U HAUL"),
        ("MS SENATE", "MISSISSIPPI SENATE"),  # a state's code before its legislature
        ("IN HOUSE COUNSEL", "IN HOUSE COUNSEL"),
        ("THE EMMES GROUP OF COMPANIES", "EMMES GROUP OF COMPANIES"),
        ("BAIN & CO.", "BAIN & COMPANY"),
        ("TEAMSTER LOCAL UNION572", "TEAMSTER LOCAL UNION 572"),  # a number run in (blind19)
        ("KB2 CONSULTING LLC", "KB2 CONSULTING"),  # not after fewer than four letters: a name
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(raw: str | None, normalized: str) -> None:
    assert normalize_employer(raw) == normalized


# ---------------------------------------------------------------- non-organizations


@pytest.mark.parametrize(
    ("raw", "category"),
    [
        ("RETIRED", "RETIRED"),
        ("retired", "RETIRED"),
        ("Retiree", "RETIRED"),
        ("RETIERD", "RETIRED"),
        ("RETIRED PARTNER", "RETIRED"),
        ("NONE - RETIRED", "RETIRED"),
        ("SELF-EMPLOYED", "SELF_EMPLOYED"),
        ("SELF EMPLOYED", "SELF_EMPLOYED"),
        ("SELF - EMPLOYED", "SELF_EMPLOYED"),
        ("SELF", "SELF_EMPLOYED"),
        ("SEL EMPLOYED", "SELF_EMPLOYED"),
        ("SELF-EMPLOYEED", "SELF_EMPLOYED"),
        ("SELF EMPLOYED/RONS STAFFING", "SELF_EMPLOYED"),
        ("CONSULTANT (SELF)", "SELF_EMPLOYED"),
        ("MYSELF", "SELF_EMPLOYED"),
        ("NOT EMPLOYED", "NOT_EMPLOYED"),
        ("NOT-EMPLOYED", "NOT_EMPLOYED"),
        ("UNEMPLOYED", "NOT_EMPLOYED"),
        ("HOMEMAKER", "HOMEMAKER"),
        ("HOUSEWIFE", "HOMEMAKER"),
        ("Stay at home mom", "HOMEMAKER"),
        ("NONE", "NONE"),
        ("NONENONE", "NONE"),
        ("N/A", "NOT_APPLICABLE"),
        ("NA", "NOT_APPLICABLE"),
        ("n.a.", "NOT_APPLICABLE"),
        ("INFORMATION REQUESTED", "INFORMATION_REQUESTED"),
        ("INFORMATION REQUESTED PER BEST EFFORTS", "INFORMATION_REQUESTED"),
        ("INFO REQUESTED", "INFORMATION_REQUESTED"),
        ("", "NOT_REPORTED"),
        (None, "NOT_REPORTED"),
    ],
)
def test_non_organizations(resolver: EmployerResolver, raw: str | None, category: str) -> None:
    m = resolver.resolve(raw)
    assert m.non_org == category
    assert m.org_id is None


@pytest.mark.parametrize(
    "raw",
    ["RETIREMENT PLAN ADVISORS", "SELF-HELP CREDIT UNION", "NATIONAL ASSOCIATION OF REALTORS"],
)
def test_organizations_that_look_like_non_orgs(resolver: EmployerResolver, raw: str) -> None:
    assert resolver.resolve(raw).non_org is None


# ---------------------------------------------------------------- organizations and parents


@pytest.mark.parametrize(
    ("raw", "org_id", "ultimate"),
    [
        ("YOUTUBE", "youtube", "alphabet"),
        ("YouTube LLC", "youtube", "alphabet"),
        ("GOOGLE INC.", "google", "alphabet"),
        ("LINKEDIN CORP", "linkedin", "microsoft"),
        ("GitHub, Inc.", "github", "microsoft"),
        ("AMAZON WEB SVCS", "aws", "amazon"),
        ("Amazon Web Services Inc", "aws", "amazon"),
        ("WHOLE FOODS MARKET", "whole-foods", "amazon"),
        ("AMAZON.COM", "amazon", "amazon"),
        ("GEICO", "geico", "berkshire-hathaway"),
        ("BNSF RAILWAY COMPANY", "bnsf", "berkshire-hathaway"),
        ("AETNA INC", "aetna", "cvs-health"),
        ("OPTUM SERVICES, INC", "optum", "unitedhealth-group"),
        ("ELECTRIC BOAT CORPORATION", "electric-boat", "general-dynamics"),
        ("FLINT HILLS RESOURCES, LC", "flint-hills-resources", "koch-industries"),
        ("FEDERAL AVIATION ADMINISTRATION", "faa", "us-federal-government"),
        ("EXELON GENERATION", "constellation-energy", "constellation-energy"),
        ("CHEVRON PHILLIPS CHEMICAL COMPANY LP", "chevron-phillips-chemical", None),
        ("CHEVRON CORPORATION", "chevron", "chevron"),
        # Registry entries for the next employers by itemized dollars (2026-12-03):
        ("GENENTECH, INC.", "genentech", "roche"),
        ("PIEDMONT NATURAL GAS COMPANY, INC.", "piedmont-natural-gas", "duke-energy"),
        ("NUSTAR ENERGY L.P.", "nustar", "energy-transfer"),
        ("R.J. REYNOLDS TOBACCO COMPANY", "reynolds-american", "bat"),
        ("G-P BUILDING PRODUCTS LLC", "georgia-pacific", "koch-industries"),
        ("HESS CORPORATION", "hess", "chevron"),
        ("SHOWTIME", "showtime-networks", "paramount"),
        ("T-MOBILE, INC.", "t-mobile", "deutsche-telekom"),
        ("MYLAN INC.", "viatris", "viatris"),
        ("NORTH TX VA MEDICAL CENTER", "us-va", "us-federal-government"),
        ("STATE OF NEW HAMPSHIRE", "state-of-new-hampshire", "state-of-new-hampshire"),
        # A state's university, a campus under its system, a university's medical school,
        # and hospitals that carry a university's name but belong to a health system.
        ("UNIV OF KENTUCKY", "university-of-kentucky", "university-of-kentucky"),
        ("UMASS MEDICAL SCHOOL", "umass-chan-medical-school", "university-of-massachusetts"),
        ("SUNY AT STONY BROOK", "stony-brook-university", "state-university-of-new-york"),
        ("U MASS MEMORIAL MEDICAL CENTER", "umass-memorial-health", "umass-memorial-health"),
        ("UNIVERSITY OF MARYLAND ST. JOSEPH MEDICAL CENTER", "umms", "umms"),
        ("STEWART & STEVENSON", "stewart-stevenson", "kirby"),
        # Federal departments and agencies have entries of their own under the government;
        # the advertising agencies roll up to their holding companies.
        ("U.S. DEPARTMENT OF LABOR, U.S. BUREAU", "us-dol", "us-federal-government"),
        ("FBI", "fbi", "us-federal-government"),
        ("USDA FOREST SERVICE", "us-forest-service", "us-federal-government"),
        ("FEDERAL RESERVE BANK OF NEW YORK", "federal-reserve", "federal-reserve"),
        ("GREER, MARGOLIS, MITCHELL & BURNS", "omnicom", "omnicom"),
        ("WEBER SHANDWICK", "interpublic", "omnicom"),
        ("LEO BURNETT", "publicis-groupe", "publicis-groupe"),
    ],
)
def test_parent_rollups(
    resolver: EmployerResolver, raw: str, org_id: str, ultimate: str | None
) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == org_id
    assert m.ultimate_parent_id == (ultimate or org_id)
    assert m.naics and m.sector


@pytest.mark.parametrize(
    ("raw", "org_id", "method"),
    [
        ("PWC", "pwc", "exact"),
        ("DELOITTE & TOUCHE LLP", "deloitte", "exact"),
        ("DELOITTE FINANCIAL ADVISORY SVCS LLP", "deloitte", "exact"),
        ("DELOITTE GOVERNMENT SERVICES", "deloitte", "rule"),  # pattern
        ("COMCAST (CC) OF WILLOW GROVE", "comcast", "rule"),
        ("VALERO SERVICES, INC.", "valero", "exact"),
        ("EXPERIAN NORTH AMERICA INC.", "experian", "exact"),
        ("BDO USA, LLP", "bdo-usa", "exact"),
        ("HEWLETT PACKARD ENTERPRISE HOLDINGS", "hpe", "rule"),  # alias + generic words
        ("HOGAN AND HARSTON", "hogan-lovells", "fuzzy"),  # a misspelling no list holds
        ("BAKER & MACKENZIE", "baker-mckenzie", "fuzzy"),  # a surname one letter off
        ("COMPASS BANK DBA BBVA COMPASS", "pnc-bbva", "rule"),  # either side of DBA,
    ],
)
def test_methods(resolver: EmployerResolver, raw: str, org_id: str, method: str) -> None:
    m = resolver.resolve(raw)
    assert (m.org_id, m.method) == (org_id, method)
    assert 0.0 < m.confidence <= 1.0


@pytest.mark.parametrize(
    ("raw", "wrong"),
    [
        # Each was once attributed wrongly in the samples; the guards that stop them:
        ("UNIVERSITY OF SOUTH CAROLINA", "university-of-north-carolina"),  # a whole word differs
        ("THE STONE GROUP", "stonex"),  # short words are not near-misses
        ("SC PARTNERS LLC", "scf-partners"),
        ("THE BERKSHIRE GROUP", "berkshire-hathaway"),  # GROUP is no generic tail
        ("THE SPECTRUM GROUP", "charter"),
        ("THE WILLIAMS GROUP", "williams"),
        ("The Williams Group", "wtw"),  # WILLIAMS is another surname than WILLIS (efile2)
        ("PRINCETON INSURANCE CO", "princeton-university"),  # a name, not initials
        ("DC DEPT OF TRANSPORTATION", "us-dot"),  # no bare state-or-federal agency names
        ("GULFSTREAM SERVICES CORP", "gulfstream"),
        ("SOUTHERN", "southern-company"),  # COMPANY is kept when one word would remain
    ],
)
def test_precision_guards(resolver: EmployerResolver, raw: str, wrong: str) -> None:
    assert resolver.resolve(raw).org_id != wrong


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("MORGANSTANLEY", "morgan-stanley"),
        ("AVALON BAY COMMUNITIES", "avalonbay"),
        ("MORRISON FOERSTER LLP", "morrison-foerster"),  # without its "&" (blind12)
        ("PROCTER GAMBLE", "procter-gamble"),
        ("A-B INBEV SERVICES LLC", "ab-inbev"),  # spaced out, then a generic tail (blind12)
        ("KELLOGG COMPANY", "kellanova"),  # its full former name (blind18); not bare KELLOGG
        ("THE SOUTHERN COMPANY", "southern-company"),
        ("The Williams Companies, Inc.", "williams"),
        ("BAIN & CO.", "bain-company"),
        ("KIRLAND & ELLIS", "kirkland-ellis"),
        ("UNIVERSITY OF ARIZON", "university-of-arizona"),
        # a site's or a local's number after a name, run in or not (blind19)
        ("NORTHROPGRUMMAN5616", "northrop-grumman"),
        ("NBC CORPORATION 83", "nbcuniversal"),
        ("TEAMSTER LOCAL UNION572", "teamsters"),
        # a union's council or local named before the union (blind22)
        ("DISTRICT COUNCIL 37, AFSCME", "afscme"),
        ("LOCAL 1199 SEIU", "seiu"),
        # ... or its state body, by the state's name (blind36)
        ("NEBRASKA STATE AFL-CIO", "afl-cio"),
        ("TEXAS AFL CIO", "afl-cio"),
        ("USWA INTL", "usw"),  # the union's old initials (blind37)
        # a university's name of two words takes unit words after it (blind20)
        ("UC DAVIS CT SURGERY", "university-of-california"),
    ],
)
def test_spacing_and_near_misses(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # a short word one letter off beside a word of the name's own (blind25)
        ("BYAN CAVE LLP", "bryan-cave"),
        ("BURLINGTON NORTHERN SANTE FE", "bnsf"),
        # a near-miss of a name the FEC's cut left short (blind24, blind28, blind22)
        ("MOUNT SANAI HEALTH SYST", "mount-sinai"),
        ("FARMES RICE COOP", "farmers-rice-cooperative"),
        ("DEPT OF VETERAN AFFA", "us-va"),
    ],
)
def test_near_misses_of_short_words_and_cut_names(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    m = resolver.resolve(raw)
    assert (m.org_id, m.method) == (org_id, "fuzzy"), m.explanation


@pytest.mark.parametrize(
    ("raw", "other"),
    [
        # one letter off beside shared words or people's names only: other names
        ("THE RICH COMPANY", "ricoh"),
        ("THE STONE GROUP", "stonex"),
        ("EDDIE BAER", "catalyst-brands"),  # a person's name, not Eddie Bauer
        # the start of one name written right is not a near-miss of another's
        ("JACOBI MEDICAL CEN", "university-of-california"),
        ("INDEPENDENCE COMMUNITY BA", "icba"),
        ("POUDRE VALLEY REA, INC.", "uchealth"),  # an electric co-op, not the hospital
    ],
)
def test_no_near_miss_of_another_name(resolver: EmployerResolver, raw: str, other: str) -> None:
    assert resolver.resolve(raw).org_id != other


@pytest.mark.parametrize(
    ("raw", "own_id"),
    [
        ("KOCH LOGISTICS, LLC", "n:koch-logistics"),  # not Koch Industries
        ("LOCAL 12 ACME CORP", "n:local-12-acme"),  # a local's number before no union
        ("PROGRESSIVE RESTAURANTS, INC.", "n:progressive-restaurants"),  # not Progressive
        ("SUNSHINE DESIGNS", "n:sunshine-designs"),
        ("Sunshine Designs, L.L.C.", "n:sunshine-designs"),  # one organization, two spellings
    ],
)
def test_unknown_business_is_its_own_organization(
    resolver: EmployerResolver, raw: str, own_id: str
) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == own_id and m.ultimate_parent_id == own_id
    assert m.method == "normalized" and m.confidence < CONFIDENCE["prefix_rule"]


NO_SIGN = [
    # Real strings of the samples that name no single organization (discovery.toml):
    ("GEORGIA UNIVERSITY", "only trade, place and shared words"),
    ("MASS HOSPITAL", "only trade, place and shared words"),
    ("MIDWEST RESOURCES LP", "only trade, place and shared words"),  # even with LP
    ("REALTY INVESTMENT COMPANY", "only trade, place and shared words"),
    ("HERITAGE REAL ESTATE GROUP", "only trade, place and shared words"),
    ("ALTA PARTNERS", "only trade, place and shared words"),
    ("OS MANAGEMENT", "only trade, place and shared words"),  # two letters, no legal form
    ("INVESTMENT MANAGER", "an occupation"),
    ("JOSEPH RING", "a person's name"),  # a given name first
    ("ARTURO FUENTE", "no sign of an organization"),
    ("LESLIE WILLIAMS", "a person's name"),
    ("DEER OAKS", "no sign of an organization"),
    ("SIGMA", "only trade, place and shared words"),  # a word many firms use
    ("CORP OSRS", "names no particular employer"),
    ("REGIONAL PHYSICAL THERAPY", "only trade, place and shared words"),
    ("JOE AND MARIA OLIVEIRA", "people's names joined by '&'"),  # blind8
    # A hospital named by a saint or a faith alone: dozens share each name (blind10, 12).
    ("GOOD SAMARITAN HOSPITAL", "names no particular employer"),
    ("ST. MARYS MEDICAL GR", "names no particular employer"),
    ("ST. LUKE'S MED CTR", "names no particular employer"),
    ("MERCY HEALTH", "names no particular employer"),
    ("MEMORIAL HOSPITAL", "names no particular employer"),  # or as a memorial (blind19)
    ("MEMORIAL HEALTH SYSTEM", "names no particular employer"),
    ("APPAREL INC", "only trade, place and shared words"),  # a trade with its legal form
    # 20 characters ending in a whole word: not read as cut (FAMILY HEALTH CENTERS OF ...)
    ("FAMILY HEALTH CENTER", "only trade, place and shared words"),
    # An everyday English word alone (everyday_words.toml): oth16's, oth15's, oth11's.
    ("EVERGREEN", "an everyday word alone"),
    ("INTERSTATE", "an everyday word alone"),
    ("SUNSHINE", "an everyday word alone"),
]


@pytest.mark.parametrize(
    ("raw", "own_id"),
    [
        ("HASCOR GROUP", "n:hascor-group"),  # a distinguishing word and a trade word
        ("BAUPORT GROUP L.L.C.", "n:bauport-group"),
        ("HERMAN, HERMAN & KATZ, LLC", "n:herman-herman-&-katz"),  # names joined by &
        ("FRIEDBERGMILSTEIN", "n:friedbergmilstein"),  # one coined word of 8+ letters
        ("NOVINIUM", "n:novinium"),  # a coined word, no everyday one
        ("RESOLUTE, INC.", "n:resolute"),  # an everyday word with its legal form
        ("R2 LOGISTICS INC.", "n:r2-logistics"),  # initials with a legal form
        ("P. I. HOLDINGS INC.", "n:p-i-holdings"),  # initials with a legal form
        ("DELAWARE ELECTRIC COOPERATIVE, INC.", "n:delaware-electric-cooperative"),
        ("NATIONAL MINING ASSOCIATION", "n:national-mining-association"),  # one national body
        ("BROWN UNIVERSITY", "n:brown-university"),  # a surname, but one university
        ("BROOKS PIERCE", "n:brooks-pierce"),  # a firm named after its partners
        ("REGAN ZAMBRI LONG", "n:regan-zambri-long"),
        ("HOWARD AND HOWARD", "n:howard-&-howard"),  # one partner's name twice: a firm
        ("KELLER WILLIAMS COASTAL REALTY", "n:keller-williams-coastal-realty"),  # one office
        ("TEALWOOD SENIOR LIVING", "n:tealwood-senior-living"),
        ("GOULD PROPERTY COMPANY", "n:gould-property"),  # a surname with a legal form
        # A common surname with a trade word: one local firm, as the labels read most.
        ("HILL DEVELOPMENT", "n:hill-development"),
        ("JOHNSON DEVELOPMENT", "n:johnson-development"),
        ("DODD & ASSOCIATES", "n:dodd-&-associates"),
        # A saint's hospital with a place in its name, or named after a city, is one.
        ("MEMORIAL HOSPITAL OF GULFPORT", "n:memorial-hospital-of-gulfport"),
        ("ST. CROIX REGIONAL MEDICAL CENTER", "n:st-croix-regional-medical-center"),
        ("GREEN ROCK LLC", "n:green-rock"),
    ],
)
def test_discovery_with_a_sign(resolver: EmployerResolver, raw: str, own_id: str) -> None:
    assert resolver.resolve(raw).org_id == own_id


def test_a_surname_with_a_trade_word_is_no_alias_of_a_registry_org(
    resolver: EmployerResolver,
) -> None:
    # Discovered, JOHNSON DEVELOPMENT is one local firm; as a GLEIF or subsidiaries.toml
    # name given to a registry organization it could be several firms, so it is refused.
    why = resolver.discovery.why_not("JOHNSON DEVELOPMENT", legal_form=False, registered=True)
    assert why is not None and "common surname" in why
    assert resolver.discovery.why_not("BROWN UNIVERSITY", legal_form=False, registered=True) is None


INCORPORATED_NAMES = [
    # Rule 4 (discovery.toml): a legal form after three or more name words names one
    # organization whatever its words; real strings of the samples.
    ("CORNERSTONE HOME LENDING, INC.", "n:cornerstone-home-lending"),
    ("AMERICAN PACIFIC MORTGAGE CORPORATION", "n:american-pacific-mortgage"),
    ("NORTH STAR MUTUAL INSURANCE COMPANY", "n:north-star-mutual-insurance"),
    ("EASTERN PROPANE GAS, INC.", "n:eastern-propane-gas"),
    ("AMERICAN MORTGAGE SERVICE COMPANY", "n:american-mortgage-service"),
    ("NORTHWESTERN ELECTRIC COOPERATIVE, INC", "n:northwestern-electric-cooperative"),
]


INCORPORATED_REJECTS = [
    # Two name words with a legal form: labeled names many firms use.
    ("ELECTRIC SUPPLY CO.", "only trade, place and shared words"),
    ("CENTRAL BANCSHARES, INC.", "only trade, place and shared words"),
    ("LANDMARK RESIDENTIAL, INC.", "only trade, place and shared words"),
    # Only generic words, with or without a legal form.
    ("UNION BANK & TRUST COMPANY", "a name many unrelated organizations share"),
    ("FIRST FINANCIAL BANK", "a name many unrelated organizations share"),
    # The same words without the legal form.
    ("NORTH STAR MUTUAL INSURANCE", "only trade, place and shared words"),
    # Generic words only, a connector between them.
    ("FIRST FEDERAL BANK, A FSB", "only trade, place and shared words"),
    ("SERVICES GROUP OF AMERICA, INC", "only trade, place and shared words"),
    # CO. for Colorado inside the string is no legal form ending an incorporated name.
    ("WESTERN CO. MEDICAL GROUP", "only trade, place and shared words"),
]


CAR_DEALERSHIPS = [
    # Rule 5 (discovery.toml): a name and then car brands is a dealership, even where
    # the name is a common surname, a shared word or a place; real strings.
    ("WILLIS CHEVROLET BUICK", "n:willis-chevrolet-buick"),
    ("VICTORY TOYOTA", "n:victory-toyota"),
    ("VICTORY TOYOTA SCION", "n:victory-toyota-scion"),
    ("HOFFMAN PORSCHE", "n:hoffman-porsche"),
    ("CENTER BMW", "n:center-bmw"),
    ("COBB COUNTY TOYOTA", "n:cobb-county-toyota"),
    ("STUART NISSAN", "n:stuart-nissan"),  # a given name, but NISSAN is no surname
    ("DAVID CHEVROLET BUICK", "n:david-chevrolet-buick"),
]


@pytest.mark.parametrize(
    "raw",
    [
        "TOYOTA",  # a brand alone: the maker or any dealer (real string)
        "CHRYSLER",
        "HENRY FORD",  # a given name and a brand that is a surname: a person
    ],
)
def test_car_brand_without_a_dealers_name(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert m.method != "normalized", m.explanation


KIND_WORD_NAMES = [
    # Rule 2c (discovery.toml): a kind word with another distinguishing word; real
    # strings of the samples, labeled one firm each where labeled.
    ("WAVE BROADBAND", "n:wave-broadband"),
    ("WEATHER CHANNEL", "n:weather-channel"),
    ("SPORT GRAPHICS", "n:sport-graphics"),
    ("MANHATTAN OTOLARYNGOLOGY", "n:manhattan-otolaryngology"),
    ("REZNIK ORTHODONTICS", "n:reznik-orthodontics"),
    ("ANCHOR SEMICONDUCTOR", "n:anchor-semiconductor"),
]


@pytest.mark.parametrize(
    "raw",
    [
        # A kind word after place or shared words only, or a name with no sign (real).
        "GULF COAST PODIATRY",
        "COASTAL MASONRY",
        "DAKOTA WHOLESALE",
        "EMPIRE GRAPHICS",
        "MID-VALLEY CARDIOLOGY",
        "NINESTAR CONNECT",  # CONNECT is no kind word: two unlisted words are not enough
        # A kind word beside trade words only: many practices (real strings).
        "PODIATRY ASSOCIATES",
        "CARDIOVASCULAR CLINIC",
        "DEER OAKS",
        "ATLAS PLAZA",
    ],
)
def test_kind_word_needs_a_distinguishing_name(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert not m.resolved, m.explanation


STATE_BODIES = [
    # Rule 6 (discovery.toml): a state, a trade word and three or more name words name
    # one state's body; real strings, labeled one organization where labeled.
    ("ARIZONA SKIN CANCER SURGERY CENTER", "n:arizona-skin-cancer-surgery-center"),
    ("WASHINGTON LAWYERS' COMMITTEE", "n:washington-lawyers-committee"),
    ("TENNESSEE BANKERS ASSOCIATION", "n:tennessee-bankers-association"),
    ("FARM CREDIT SERVICES OF NORTH DAKOTA,", "n:farm-credit-services-of-north-dakota"),
    ("UTAH VALLEY UNIVERSITY", "n:utah-valley-university"),
    ("SKIN SURGERY CENTER OF OKLAHOMA", "n:skin-surgery-center-of-oklahoma"),
]


SIGN_WORD_NAMES = [
    # Rule 2d: a kind of organization that still tells one apart (real strings).
    ("KEMBA CU", "n:kemba-cu"),  # a credit union
    ("COWETA-FAYETTE EMC", "n:coweta-fayette-emc"),  # an electric membership corporation
    ("ALAIN PINEL REALTORS", "n:alain-pinel-realtors"),
    ("PACIFIC BIODIESEL TECHNOLOGIES", "n:pacific-biodiesel-technologies"),  # as before
    ("FARM CREDIT ILLINOIS, ACA", "n:farm-credit-illinois"),  # ACA: a Farm Credit form
]

LOCAL_GOVERNMENTS = [
    # Rule 7 (discovery.toml): a local government, or its fire or police department, named
    # by a place only one US place of 1,000 people or more carries (GeoNames, in
    # us_places.toml), by a place and its state, or by a city much the largest of its name.
    # Real strings of the samples. A city's department is the city's government, under
    # one name however the strings write it; a county's stays apart (often a district).
    ("INDIANAPOLIS FIRE DEPT.", "n:city-of-indianapolis"),
    ("CITY OF INDIANAPOLIS FIRE DEPARTMENT", "n:city-of-indianapolis"),
    ("CITY OF INDIANAPOLIS", "n:city-of-indianapolis"),
    ("BROWARD COUNTY FIRE DEPT.", "n:broward-county-fire-department"),  # a county
    ("CITY OF CORONADO", "n:city-of-coronado"),
    ("CITY OF CORONADO, CALIFORNIA", "n:city-of-coronado"),  # one Coronado: no state
    ("CITY OF BERKELEY, CA", "n:city-of-berkeley-ca"),  # Berkeley MO too: the state says
    ("CITY OF BERKELEY CALIFORNIA", "n:city-of-berkeley-ca"),
    ("CITY OF PHILADELPHIA", "n:city-of-philadelphia"),  # Philadelphia MS has 7,000 people
    ("SAINT PAUL FIRE DEPT.", "n:city-of-saint-paul"),
    ("FT WORTH POLICE DEPT", "n:city-of-fort-worth"),  # FORT written short
    ("CITY OF FORT WORTH", "n:city-of-fort-worth"),
]


@pytest.mark.parametrize(
    ("raw", "own_id"),
    [
        *INCORPORATED_NAMES,
        *CAR_DEALERSHIPS,
        *KIND_WORD_NAMES,
        *STATE_BODIES,
        *SIGN_WORD_NAMES,
        *LOCAL_GOVERNMENTS,
    ],
)
def test_discovery_rule_names_one_organization(
    resolver: EmployerResolver, raw: str, own_id: str
) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == own_id and m.method == "normalized"


@pytest.mark.parametrize(
    "raw",
    [
        "MASS HOSPITAL",  # a state and an institution type: two words say too little
        "GEORGIA UNIVERSITY",
        "NEW YORK MET LIFE",  # no trade word: not a state's body
        "TILCON NEW YORK",
        "KANSAS CITY FIRE DEPT.",  # a city's fire department named by the place alone
        "UNIVERSITY OF MICHIGAN HOSPITALS",  # a unit of a registered organization
    ],
)
def test_state_rule_leaves(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert m.method != "normalized", m.explanation


def test_channel_units_of_known_organizations(resolver: EmployerResolver) -> None:
    # Registry aliases, so that rule 2c does not make them organizations of their own.
    assert resolver.resolve("SCI FI CHANNEL").org_id == "nbcuniversal"
    assert resolver.resolve("HUBBARD RADIO GROUP").org_id == "hubbard-broadcasting"
    assert resolver.resolve("FORD GLOBAL TECHNOLOGIES, INC.").org_id == "ford"  # not rule 4


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Classes of error the blind draw of 2026-12-03 (split blind3) showed, fixed after it:
        ("PLIOT TRAVEL CENTERS LLC", "pilot-company"),  # two neighbouring letters swapped
        ("L & F DISTRIBUTORS - LAREDO", "l-f-distributors"),  # a place after " - "
        ("SUNOCO, INC. (R&M)", "sunoco-lp"),  # a unit in parentheses
        ("IUPAT  DISTRICT COUNCIL 21", "iupat"),  # a union's council rolls up to the union
        ("LEGG MASON INTERNATIONAL EQUITIES LTD.", "legg-mason"),  # a family of unit names
    ],
)
def test_units_places_and_swapped_letters(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "wrong"),
    [
        ("KOCH LOGISTICS - MINNEAPOLIS", "koch-industries"),  # KOCH LOGISTICS is no alias
        ("KOCH LOCAL 5", "koch-industries"),  # union tails only after a union's name
        ("PILOT TRAVLE CENTRES", "pilot-company"),  # two swaps are no near-miss
    ],
)
def test_no_unit_rule_without_a_known_name(
    resolver: EmployerResolver, raw: str, wrong: str
) -> None:
    assert resolver.resolve(raw).org_id != wrong


def test_two_organizations_named(resolver: EmployerResolver) -> None:
    m = resolver.resolve("SUNSHINE DESIGN LLC/IUCG INC.")  # which one employs the donor?
    assert not m.resolved and "two organizations named" in m.explanation
    m = resolver.resolve("HOMESOUTH LLC GREEN ROCK LLC")
    assert not m.resolved and "two organizations named" in m.explanation


@pytest.mark.parametrize(
    "raw",
    [
        # A legal form inside the name with only trade words or a co-op's OP after it is one
        # organization, not two (real strings).
        "MOHAVE ELECTRIC CO-OP INC.",
        "EFH CORP SERVICES CO",
        "FRAZIER OIL & LP GAS CO.",
        "COUNTRYMARK CO-OP HOLDING CORP",
    ],
)
def test_inner_legal_form_without_a_second_name(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert m.method == "normalized", m.explanation


def test_several_employers_joined_by_a_slash(resolver: EmployerResolver) -> None:
    m = resolver.resolve("ALUMINUM ASSOC/SLOAN CORP")
    assert not m.resolved and "several employers named" in m.explanation
    # or by a semicolon (blind40's)
    m = resolver.resolve("UNIV OF NO. COLORADO; AIMS COMMUNITY C")
    assert not m.resolved and "several employers named" in m.explanation
    # but a semicolon closing an HTML character reference joins nothing
    assert resolver.resolve("CHEWNING &AMP; WILMER INC").org_id == "n:chewning-&-wilmer"
    # One organization twice, or a lone word that may be the other part's unit or brand.
    assert resolver.resolve("AMAZON/WHOLE FOODS").org_id == "amazon"
    assert resolver.resolve("PACIFIC RIM CORP./CHECKMATE").method == "normalized"


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # A unit beside its organization, either way round; the most specific of a group.
        ("WRTI-FM/TEMPLE UNIVERSITY", "temple-university"),  # its radio station
        ("JPL/CALTECH", "caltech"),  # (CALTECH JPL is a name of the registry)
        ("LANCASTER GENERAL/PENN MEDICINE", "university-of-pennsylvania"),
        ("USPHS/NIH", "nih"),  # the NIH is HHS's
        # Nothing of their own beside the name: unit words.
        ("RADIOLOGY/MAYO CLINIC", "mayo-clinic"),
    ],
)
def test_parts_naming_one_organization(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == org_id and m.method == "rule", m.explanation


@pytest.mark.parametrize(
    "raw",
    [
        "YALE UNIVERSITY/HHMI",  # a lone word, an institute of its own
        "ACEC/ILLINOIS",  # a state's own council
        "CAPITAL FINANCIAL GROUP LLC/MASS MUTUA",  # a firm of its own: a legal form
        "WEILL CORNELL MEDICINE/NEWYORK-PRESBYT",  # two organizations
        "SELF/IBM",  # a status
    ],
)
def test_parts_naming_more_than_one_organization(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert m.method != "rule" or "its parts name one organization" not in m.explanation


SHARED_PLACES = [
    # Rule 7: several US places carry the name, so which government is not said.
    ("ROCKFORD FIRE DEPT.", "several US places share"),  # Illinois and Michigan
    ("LOUISVILLE FIRE DEPT.", "several US places share"),  # Kentucky and Colorado
    ("KANSAS CITY FIRE DEPT.", "several US places share"),  # Missouri and Kansas
    ("CITY OF BERKELEY", "several US places share"),  # California and Missouri
    ("TOWN OF DARIEN", "several US places share"),  # Connecticut, Illinois, Georgia
    # Not a known place: the other rules decide, as before.
    ("NORTH METRO FIRE DEPT.", "names no particular employer"),
    ("CITY AND COUNTY CU", "only trade, place and shared words"),  # a sign, but no name
]

BLIND4_REJECTS = [
    # Classes of error the blind draw blind4 showed, fixed after it:
    ("ENTERPRISE", "only trade, place and shared words"),  # ENTERPRISES, singular
    ("NEW HORIZONS HEALTH", "only trade, place and shared words"),  # HORIZON, plural
    ("POLICE FOUNDATION", "only trade, place and shared words"),
    ("THE SKIN SURGERY CENTER", "only trade, place and shared words"),
    ("HOMESOUTH LLC GREEN ROCK LLC", "two organizations named"),
]


@pytest.mark.parametrize(
    ("raw", "why"), [*NO_SIGN, *INCORPORATED_REJECTS, *BLIND4_REJECTS, *SHARED_PLACES]
)
def test_discovery_needs_a_sign_of_one_organization(
    resolver: EmployerResolver, raw: str, why: str
) -> None:
    m = resolver.resolve(raw)
    assert not m.resolved, m.explanation
    assert why in m.explanation
    assert why in resolver.resolve(raw).explanation  # the verdict survives the cache


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("HERMAN, HERMAN & KATZ, LLC", "n:herman-herman-&-katz"),  # & joins partners' names
        ("COULSON OIL COMPANY DBA ROAD RUNNER", "n:coulson-oil-company-dba-road-runner"),
        ("CLERAC, LLC", "enterprise-holdings"),  # an Enterprise operating company
        ("MCLEAN HOSPITAL", "mass-general-brigham"),
        ("PHILIP MORRIS CAPITAL CORPORATION", "altria"),
        ("PHILIP MORRIS INTERNATIONAL", "philip-morris-international"),  # not Altria's
        ("IORA PRIMARY CARE", "one-medical"),
        ("HALL. ENERGY SRVC. INC.", "halliburton"),
    ],
)
def test_blind4_units_of_known_organizations(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    assert resolver.resolve(raw).org_id == org_id


def test_sold_units_do_not_roll_up_to_the_seller(resolver: EmployerResolver) -> None:
    # Units sold or spun off since the samples' cycles are their 2025 owners': Alcon,
    # spun off from Novartis in 2019; Speedway, Marathon Petroleum's until 7-Eleven
    # bought it in 2021. (USAA REAL ESTATE, once held here to be sold, is USAA's: renamed
    # Affinius Capital in 2023, still its real-estate investment arm, as blind17's label
    # says.)
    assert resolver.resolve("ALCON LABORATORIES INC.").org_id == "alcon"
    assert resolver.resolve("SPEEDWAY LLC").org_id == "7-eleven"
    assert resolver.resolve("IORA PRIMARY CARE").ultimate_parent_id == "amazon"


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # The unit rule (units.toml): a specific name, then only unit words. Strings from
        # the samples, each once discovered as an organization of its own.
        ("EXXONMOBIL FUELS MARKETING CO", "exxonmobil"),  # blind5, labeled exxonmobil
        ("EXXONMOBIL LUBES & SPECIALTIES", "exxonmobil"),
        # a one-word name listed as distinctive (TAKEDA ONCOLOGY, the samples' own, is a
        # registry name since the sixteenth session's names of companies' units)
        ("TAKEDA ONCOLOGY SALES", "takeda"),
        ("BON SECOURS CARDIOLOGY", "bon-secours-mercy"),
        ("CEDARS=SINAI IMAGING", "cedars-sinai"),
        ("VALERO REFINING - TEXAS, L.P.", "valero"),  # a state
        ("NUCOR STEEL MARION", "nucor"),  # a mill's town (GALLATIN's is a registry name now)
        ("MOLINA HEALTHCARE OF TX", "molina"),  # a postal code
        ("STANFORD UNIVERSITY DEPARTMENT OF PEDIATRICS", "stanford-university"),
        # Two made up: the samples' own units of these are aliases now (subsidiaries.toml).
        ("UNIVERSITY OF MICHIGAN DEPT OF SURGERY", "university-of-michigan"),
        ("VANDERBILT UNIVERSITY DEPT OF RADIOLOG", "vanderbilt-university"),  # cut at 38
        ("US ARMY RESEARCH LAB", "us-army"),
        ("NOVA SOUTHEASTERN UNIVERSITY COLLEGE O", "nova-southeastern-university"),  # blind8, cut
    ],
)
def test_units_of_registry_organizations_roll_up(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == org_id and m.method == "rule"
    assert m.confidence < resolver.resolve(m.matched.split(" + ")[0]).confidence
    assert "a unit of a known organization" in m.explanation


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Unit words before the name, as after it (twenty-fifth session).
        ("DEPT OF MEDICINE UCSF", "university-of-california"),
        ("PEDIATRICS, KAISER PERMANENTE", "kaiser-permanente"),
        ("SCHOOL OF MEDICINE, YALE UNIVERSITY", "yale-university"),
        ("DEPT. OF THE USAF", "us-air-force"),  # oth14's, left open before
        ("Administration -Merck & Co Inc", "merck"),  # efile's, its own firm before
    ],
)
def test_unit_words_before_a_known_name(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    m = resolver.resolve(raw)
    assert m.org_id == org_id and m.method == "rule"
    assert "preceded only by unit words" in m.explanation


def test_unit_words_before_a_name_of_the_shape_university_of() -> None:
    # The words before "UNIVERSITY OF X" may be its own: another university, not a unit.
    resolver = EmployerResolver()
    assert resolver.resolve("UNIVERSITY OF SOUTH CAROLINA").org_id == "university-of-south-carolina"
    musc = resolver.resolve("MEDICAL UNIVERSITY OF SOUTH CAROLINA")
    assert musc.org_id == "n:medical-university-of-south-carolina"
    # A place or a connector alone names no unit.
    assert resolver.units.names_a_unit(["DEPARTMENT", "OF", "SURGERY"])
    assert not resolver.units.names_a_unit(["TEXAS"])
    assert not resolver.units.names_a_unit(["OF"])


def test_unit_cut_short_only_when_the_fec_cut_it() -> None:
    # The same normalized form, cut at 38 characters or written short by the donor: only
    # the cut one may end in the start of a unit word (the other is taken as a line of the
    # university's business, a weaker rule); the cache keeps them apart.
    res = EmployerResolver()
    cut = res.resolve("VANDERBILT UNIVERSITY DEPT OF RADIOLOG")
    short = res.resolve("VANDERBILT UNIV DEPT OF RADIOLOG")
    assert cut.org_id == short.org_id == "vanderbilt-university"
    assert "a unit of a known organization" in cut.explanation
    assert "a line of a known organization's business" in short.explanation
    assert short.confidence < cut.confidence


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Government abbreviations (patterns and aliases of the registry entries).
        ("DEPT. OF THE NAVY", "us-navy"),  # blind5
        ("DEPT OF NAVY", "us-navy"),
        ("U S DEPT OF DEF", "us-dod"),  # blind5
        ("DEPT DEFENSE", "us-dod"),
        ("DEFENSE DEPARTMENT", "us-dod"),
        ("DEPT OF THE ARMY", "us-army"),
        ("DEPT. OF THE AIR FORCE", "us-air-force"),
        ("US ARMY CORPS OF ENG", "us-army"),
        # Units the registry names (aliases, patterns).
        ("RADCLIFFE INSTITUTE FOR ADVANCED STUDY", "harvard-university"),  # blind5
        ("MEDICAL CITY DALLAS HOSPITAL", "hca"),  # blind5
        # A state's departments, legislature and "STATE OF <postal code>" (patterns).
        ("NC DEPT OF PUBLIC SAFETY", "state-of-north-carolina"),  # blind8
        ("STATE OF CALIFORNIA - DEPT OF JUSTICE", "state-of-california"),
        ("WEST VIRGINIA DEPT OF HEALTH", "state-of-west-virginia"),
        ("ARKANSAS DEPT OF HEALTH", "state-of-arkansas"),
        ("STATE OF MT", "state-of-montana"),
        ("OREGON STATE LEGISLATURE", "state-of-oregon"),
        ("US BANKRUPTCY COURT", "us-courts"),
        ("TEXAS SUPREME COURT", "state-of-texas"),
        ("DEPT OF HOUSING AND URBAN DEVELOPMENT", "us-hud"),  # only the federal one
        # Union locals, councils and lodges as the samples write them (labor unions' patterns).
        ("LABORERS' LOCAL NO. 4", "liuna"),  # blind9
        ("CHICAGO LABORERS' DISTRICT COUNCIL", "liuna"),
        ("IUOE LOCAL  L0098", "iuoe"),
        ("CHICAGO REGIONAL COUNCIL OF CARPENTERS", "carpenters-union"),
        # blind12's: a council's name the FEC cut at 38 characters
        ("METROPOLITAN REGIONAL COUNCIL OF CARPE", "carpenters-union"),
        ("NEW YORK CITY & VICINITY DISTRICT COUN", "carpenters-union"),
        ("TEAMSTERS LOCAL UNION 636", "teamsters"),
        ("UA LOCAL 32", "ua-plumbers-pipefitters"),
        ("SHEET METAL WORKERS LOCAL #105", "smart-union"),
        ("AFSCME OH LOC 11", "afscme"),
        # the four commonwealths by their official names
        ("COMMONWEALTH OF PA", "state-of-pennsylvania"),
        ("COMMONWEALTH OF MASSACHUSETTS", "state-of-massachusetts"),
        ("COMM OF KENTUCKY", "state-of-kentucky"),  # blind16
        # universities by a state's code or U OF (the seventh session)
        ("UNIV OF CA", "university-of-california"),  # blind16
        ("UNIVERSITY OF CA DAVIS", "university-of-california"),
        ("U OF PENNSYLVANIA", "university-of-pennsylvania"),  # blind15
        ("UN OF NORTH CAROLINA AT CHAPEL HILL", "university-of-north-carolina"),  # blind9
        ("UNIVERSITY OF WI SCHOOL OF MEDICINE AN", "university-of-wisconsin-madison"),  # blind6
        ("COLL OF WILLIAM AND", "william-mary"),  # blind13
        ("STATE UNIV OF NY DOWNSTATE MEDICAL CTR", "suny-downstate"),  # blind16
        # the military's bases, yards and Guard, the VA's centers by place (seventh session)
        ("OFFUTT AIR FORCE BASE FIRE DEPT.", "us-air-force"),  # blind17
        ("PHILADELPHIA NAVAL SHIPYARD FIRE DEPT.", "us-navy"),  # blind14
        ("NAVAL SURFACE WARFAR", "us-navy"),
        ("NATIONAL GUARD", "us-dod"),  # blind15
        ("MAINE AIR NATIONAL GUARD", "us-dod"),
        ("CENTRAL TEXAS VETERANS HEALTHCARE SYST", "us-va"),  # blind17
        ("VA PALO ALTO HCS", "us-va"),
        ("ANCHORAGE VA CLINIC", "us-va"),
        ("US VETERANS ADMINISTATION", "us-va"),
        ("TEXAS DEPARTMENT OF VETERANS AFFAIRS", "state-of-texas"),  # a state's, not the VA
        # legislatures: a state's by its code, the House cut short, a member by title
        ("MS SENATE", "state-of-mississippi"),  # blind11
        ("WV HOUSE OF DELEGATES", "state-of-west-virginia"),
        ("VA GENERAL ASSEMBLY", "state-of-virginia"),
        ("US HOUSE OF REP", "us-house"),  # blind17
        ("CONGRESSMAN RUBEN GALLEGO", "us-house"),
    ],
)
def test_government_abbreviations_and_named_units(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    assert resolver.resolve(raw).org_id == org_id


LINE = "a line of a known organization's business"
START = "the start of"
UNIT = "a unit of a known organization"


@pytest.mark.parametrize(
    ("raw", "org_id", "rule"),
    [
        # A specific name, then words of a line of its business (the business-line rule).
        ("POET BIOREFINING GLE", "poet", LINE),  # blind9
        ("CLEAR CHANNEL BROADCASTING INC", "iheartmedia", LINE),  # blind9
        ("FIRST NIAGARA RISK MANAGEMENT, INC.", "keycorp", LINE),
        ("CHICAGO TITLE INSURANCE COMPANY", "fidelity-national-financial", LINE),
        ("PECO ENERGY, AN EXELON COMPANY", "exelon", LINE),
        # one-word names listed as coined (units.toml's [distinctive])
        ("PEPSICO UNITED STATES", "pepsico", LINE),
        # one-word names that dominate their name (the third review, sixth session)
        # (made up: FLUOR FEDERAL SERVICES, the samples' own, is a registry name now)
        ("FLUOR FEDERAL OPERATIONS, INC.", "fluor", UNIT),
        ("GEISINGER SPECIALTY CLINIC", "geisinger", LINE),
        # "&" and a line of business is one too; "&" and a partner's name is not (below)
        ("PACIFIC LIFE AND ANNUITY COMPANY", "pacific-life", LINE),
        ("KEYBANK COMMERCIAL REAL ESTATE", "keycorp", LINE),  # (made up, as FLUOR's)
        ("IUPAT DC 51", "iupat", LINE),
        # The start of a known name. Real strings: a firm's name short of its last
        # partners, a union's of its "& ALLIED TRADES", a name short of a word of no
        # consequence, the FEC's cut.
        ("NELSON MULLINS RILEY", "nelson-mullins", START),
        ("INTERNATIONAL UNION OF PAINTERS", "iupat", START),
        ("HALLIBURTON ENERGY", "halliburton", START),
        ("UNIVERSITY OF NORTH CAROLINA AT CHAPEL", "university-of-north-carolina", START),
        # the FEC's cut inside a word (38 characters): blind10's and blind11's
        # (a unit, cut unit words after it, since the flagship's own name is an alias)
        ("UNIV HOSPITALS CLEVELAND MEDICAL CENTE", "university-hospitals-cleveland", UNIT),
        ("NATIONAL INSTITUTE OF STANDARDS AND TE", "nist", START),
        ("ICAHN SCHOOL OF MEDICINE AT MOUNT SINA", "mount-sinai", START),
        # a filer's cut at 20 characters inside a word (blind18's, blind13's)
        ("GEORGIA STATE UNIVER", "georgia-state-university", START),
        ("NEW YORK STATE DEPAR", "state-of-new-york", START),
        ("NEWPORT NEWS SHIPBUI", "newport-news-shipbuilding", START),
        # a filer's cut at 30 characters (the .fec filings': Merck's PAC's, a club's)
        ("UT Southwestern Med Ctr/Neuros", "university-of-texas", UNIT),
        ("Northwestern Univ./Neurosurger", "northwestern-university", UNIT),  # efile2
        # a university's initials and unit words (efile3's, blind22's)
        ("WVU Dept. of Neurosurgery", "west-virginia-university", UNIT),
        ("USC SCHOOL OF MEDICINE", "usc", UNIT),
        ("UNC AT CHAPEL HILL", "university-of-north-carolina", UNIT),
        ("AMERICAN FOREST & PAPER ASSOCI", "american-forest-paper-association", START),
        # a word cut inside at another length, a part no registry name has as a word
        ("Nelson, Mullins, Riley & Scarbo", "nelson-mullins", START),  # 31 characters
        ("FARMERS RICE COOP", "farmers-rice-cooperative", START),
    ],
)
def test_names_roll_up_by_rule(
    resolver: EmployerResolver, raw: str, org_id: str, rule: str
) -> None:
    m = resolver.resolve(raw)
    assert (m.org_id, m.method) == (org_id, "rule")
    assert rule in m.explanation


@pytest.mark.parametrize(
    ("raw", "wrong"),
    [
        # Names that open with a registry name but are other organizations.
        ("AMERICAN AIRLINES CENTER", "american-airlines"),  # the arena (not specific, listed)
        ("CUMMINS & WHITE, LLP", "cummins"),  # a law firm of partners
        ("CORNELL & CO", "cornell-university"),
        ("GENERAL ELECTRIC CREDIT UNION", "ge"),  # not specific; CREDIT UNION no unit
        ("SOUTHWEST AIRLINES FEDERAL CREDIT UNION", "southwest-airlines"),
        ("FIRST AMERICAN BANK", "first-american"),  # only common words
        ("KOCH LOGISTICS, LLC", "koch-industries"),  # a surname: not distinctive
        # 20 characters, cut: the start of Northwell's hospital's and NorthShore's names
        ("NORTH SHORE UNIVERSI", "northwell-health"),
        ("G.E. MATHIS COMPANY", "ge"),  # initials: not distinctive
        ("THE BERKSHIRE GROUP", "berkshire-hathaway"),
        ("NATIONAL GUARD ASSOCIATION OF THE US", "us-dod"),  # a trade group, not the Guard
        ("VA ELECTRIC & POWER CO.", "us-va"),  # VA for Virginia
        ("PROGRESSIVE RESTAURANTS, INC.", "progressive"),
        ("DOW AGROSCIENCES LLC", "dow"),  # now Corteva
        ("BON SECOURS CHARITY HEALTH SYSTEM", "bon-secours-mercy"),  # CHARITY: a name
        ("GEORGETOWN UNIVERSITY HOSPITAL", "georgetown-university"),  # MedStar's
        ("VANDERBILT UNIVERSITY MED", "vanderbilt-university"),  # the medical center's name
        ("UNITE HERE HEALTH", "unite-here"),  # the union's health fund
        ("THE UNIVERSITY OF VERMONT MEDICAL CENT", "university-of-vermont"),  # UVM Health
        ("BIG I NEW JERSEY", "big-i"),  # a state association
        ("CALTECH EMPLOYEES FEDERAL CREDIT UNION", "caltech"),
        # Not lines of their business (the business-line rule's exceptions).
        ("THE AMERICAN UNIVERSITY OF ROME", "american-university"),  # OF: another body
        ("BERKSHIRE HATHAWAY-ANDERSON", "berkshire-hathaway"),  # a franchise office's place
        ("PEPSI-COLA BOTTLING CO", "pepsico"),  # bottlers are their own companies
        ("STANFORD UNIVERSITY FEDERAL CREDIT UNION", "stanford-university"),
        ("YALE UNIVERSITY/HHMI", "yale-university"),  # two employers
        ("VANDERBILT UNIVERSITY MEDICAL CENTER", "vanderbilt-university"),  # VUMC
        ("USAA ASSET MANAGEMENT COMPANY", "usaa"),  # sold to Victory Capital in 2019
        ("USAF RET", "us-air-force"),  # retired from it
        ("GENCORP INSURANCE GROUP, INC.", "l3harris"),  # another firm of the old name
        # A union member's employer or occupation, not the union.
        ("LABORERS", "liuna"),  # an occupation
        ("CARPENTERS", "carpenters-union"),
        ("FIRE FIGHTERS LOCAL 1186 FIRE DEPT.", "iaff"),  # the member's fire department
        ("IAFF LOCAL 2 FIRE DEPT.", "iaff"),
        ("AFSCME MN CN 5/STATE OF MN", "afscme"),  # the member's employer after the slash
        ("NEW YORK CITY DEPT OF EDUCATION", "state-of-new-york"),  # the city's
        ("WEST VIRGINIA DEPT OF HEALTH", "state-of-virginia"),
        ("ARKANSAS DEPT OF HEALTH", "state-of-kansas"),
        ("WASHINGTON DC DEPT OF HEALTH", "state-of-washington"),
        ("SSA MARINE", "ssa"),  # a port operator, not Social Security
        ("PNC PARK", "pnc"),  # the ballpark: PARK is no unit word
    ],
)
def test_units_rule_does_not_swallow_other_organizations(
    resolver: EmployerResolver, raw: str, wrong: str
) -> None:
    assert resolver.resolve(raw).org_id != wrong


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # An occupation's word beside a name still names the firm or body.
        ("COLLEGE OF AMERICAN PATHOLOGISTS", "n:college-of-american-pathologists"),
        ("CLINICAL RADIOLOGISTS SC", "n:clinical-radiologists-sc"),
        ("KATZ TELLER", "n:katz-teller"),
        # Foreign-parented multinationals' US units (organizations.toml, twelfth session).
        ("FCA US LLC", "stellantis"),
        ("TOYOTA MOTOR NORTH AMERICA", "toyota"),
        ("SHELL OIL COMPANY", "shell"),
        ("FOOD LION, LLC", "ahold-delhaize"),
        ("EMD SERONO INC.", "merck-kgaa"),  # not Merck & Co.
        ("MERCK KGAA", "merck-kgaa"),
        ("ROLLS ROYCE MOTOR CARS", "bmw"),  # not Rolls-Royce plc
        # Health systems' member hospitals under names without the system's.
        ("SOUTHSIDE HOSPITAL", "northwell-health"),
        ("FAUQUIER HOSPITAL INC", "lifepoint-health"),
        ("SWEDISH MEDICAL CENTER", "providence"),  # Seattle's; Englewood's by its place
        ("SWEDISH MEDICAL CENTER ENGLEWOOD", "hca"),
        ("DAVIS HOSPITAL AND MEDICAL CENTER", "commonspirit"),  # not HCA's: the FTC sued
        ("HENRY FORD MEDICAL CENTER-COLUMBUS", "henry-ford-health"),
    ],
)
def test_twelfth_sessions_names(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Bought companies, former names, named units and state agencies (subsidiaries.toml,
        # thirteenth session).
        ("COUNTRYWIDE FINANCIAL", "bank-of-america"),
        ("NORWEST BANK", "wells-fargo"),
        ("SIEBEL SYSTEMS", "oracle"),
        ("PENNDOT", "state-of-pennsylvania"),
        ("VA MUSEUM OF NATURAL HISTORY", "state-of-virginia"),
        ("WBUR", "boston-university"),
        ("ELMIRA PSYCHIATRIC CENTER", "state-of-new-york"),  # a facility the state runs
        # An exact name over a pattern or rule that placed it with its former owner, or
        # with another body whose name it starts with.
        ("METLIFE INVESTORS", "brighthouse"),
        ("AEP ENERGY", "nextera-energy"),  # the retail supplier AEP sold in 2023
        ("AEP ENERGY PARTNERS", "aep"),  # its trading unit, still AEP's
        ("NC STATE HIGHWAY PATROL", "state-of-north-carolina"),  # not NC State University
        ("SANFORD SCHOOL OF MEDICINE", "university-of-south-dakota"),  # no near-miss of Stanford
        ("ST VINCENTS EAST", "university-of-alabama-at-birmingham"),  # UAB's since 2024
        # Left out: a franchised brand, a person's name, initials other bodies share.
        ("HOLIDAY INN", "n:holiday-inn"),
        ("ALEX BROWN", None),
        ("TUFTS MEDICAL CENTER", "n:tufts-medical-center"),  # not Tufts University's
    ],
)
def test_thirteenth_sessions_names(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # The health systems' hospitals, clinics and medical groups (subsidiaries.toml,
        # fourteenth session).
        ("WESLEY MEDICAL CENTER", "hca"),
        ("CREIGHTON UNIVERSITY MEDICAL CENTER", "commonspirit"),  # CHI Health's
        ("TPMG", "kaiser-permanente"),  # The Permanente Medical Group
        ("TENNOVA HEALTHCARE HARTON", "vanderbilt-umc"),  # bought from CHS, over its pattern
        ("AUGUSTA UNIVERSITY MEDICAL CENTER", "wellstar"),  # not the university's own
        ("ST VINCENTS BLOUNT", "university-of-alabama-at-birmingham"),  # UAB's since 2024
        # The start of one of a system's names, though a shorter one is another's start:
        # SUNRISE HOSPITAL & MEDICAL CENTER, beside SUNRISE HOSPITAL LAS VEGAS.
        ("SUNRISE HOSPITAL", "hca"),
        # Read off blind29's misses after it was scored: a company bought, over the
        # seller's pattern; a chain of purchases.
        ("ASSURANT BENEFITS", "sun-life"),
        ("SPARQL CITY INC", "siemens"),
        # A university by its place without OF, when that names one (blind31, blind29).
        ("UNIV LOUISVILLE", "university-of-louisville"),
        ("UNIVERSITY CALIF DAV", "university-of-california"),
        ("UNIVERSITY TEXAS", "university-of-texas"),
        ("UNIVERSITY HOSPITALS", None),  # no UNIVERSITY OF HOSPITALS
        # Businesses sold or spun off under their seller's name, read before its pattern.
        ("PFIZER UPJOHN", "viatris"),
        ("SIEMENS WIND POWER", "siemens-energy"),
        ("AETNA FINANCIAL SERVICES", "voya-financial"),
        ("TRAVEL GUARD", "zurich"),  # AIG's travel business, Zurich's since 2024
        ("U.S. CELLULAR", "t-mobile"),  # its wireless business, T-Mobile's since 2025
        ("PFIZER", "pfizer"),  # the seller keeps its own name
        # Left out: a name several hospitals carry, and a hospital the system no longer runs.
        ("DALLAS MEDICAL CENTER", "n:dallas-medical-center"),
        ("FAIRBANKS MEMORIAL HOSPITAL", "n:fairbanks-memorial-hospital"),
    ],
)
def test_fourteenth_sessions_names(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # The one-word names the registry gained after the third review, judged coined or
        # dominant by two reviewers apart (units.toml, fifteenth session), take unit words
        # and lines of business.
        ("BWXT NUCLEAR OPER GRP INC", "bwx-technologies"),
        ("KRON-TV", "nexstar"),  # a station's call letters
        ("SPAWAR SYSTEMS CENTER PACIFIC", "us-navy"),
        ("MSPB NEUROLOGY", "n:mspb-neurology"),  # letters a practice carries too
        ("1199SEIU FUNDS", "n:1199seiu-funds"),  # the benefit funds, trusts of their own
        ("BANCORPSOUTH INSURANCE SERVICES, INC.", "gallagher"),  # sold 2023
        ("POLARIS CONSULTING", "n:polaris-consulting"),  # a word: left out
        # Names of several words none of which tells them apart, judged one organization's
        # the same way: SANFORD HEALTH, NORTHERN TRUST; not FIRST AMERICAN or ST PAUL.
        ("SANFORD HEALTH BISMARCK", "sanford-health"),
        ("NORTHERN TRUST BANK", "northern-trust"),
        ("FIRST AMERICAN BANK", None),
        ("ST PAUL AREA ASSOC OF REALTORS", "n:st-paul-area-association-of-realtors"),
        # A separate body's word cut short at the end is still one (not Southwest's own).
        ("SOUTHWEST AIRLINES FEDERAL CREDIT UNIO", "n:southwest-airlines-federal-credit-unio"),
        ("LENOVO UNITED STA", "lenovo"),  # STA: too short to be a cut STADIUM
        # A name with an "&" its alias leaves out, before unit words; not run together.
        ("REECE & NICHOLS SOUTHGATE", "berkshire-hathaway-homeservices"),
        ("WEST LAW FIRM LC", "n:west-law-firm"),  # no WESTLAW's
        # Read off blind32's misses after it was scored.
        ("KAPLAN UNIVERSITY", "purdue-university"),  # Purdue Global since 2018
        ("J. SMITH LANIER & CO., INC.", "marsh-mclennan"),
        # UNIVERSITY written as a last U or UNI, or cut short before OF, read in full when
        # that names a known organization (read off blind33's misses).
        ("OHIO STATE U", "ohio-state-university"),
        ("STANFORD UNI.", "stanford-university"),
        ("JOHN Q U", None),  # an initial
        ("UNIVE OF CONNECTICUT HEALTH CENTER, DI", "university-of-connecticut"),
        ("CONGRESS", "us-federal-government"),
        ("STANDARD BANK, PASB", "dollar-bank"),  # merged into Dollar Bank 2021
        # A department by its field without OF (read off blind34's misses), and names read
        # off blind34's and blind35's.
        ("DEPT VETERANS AFFAIR", "us-va"),
        ("DEPARTMENT STORES", None),  # no DEPARTMENT OF STORES
        ("EINSTEIN MEDICAL CENTER", "thomas-jefferson-university"),  # Jefferson's since 2021
        ("BOSTON UNIVERSITY MEDICAL GROUP", "boston-medical-center-health-system"),
        ("HARVARD VANGUARD MEDICAL ASSOCIATES", "optum"),  # Atrius Health's, Optum's
        ("ROSS UNIVERSITY", "adtalem"),
        # A string whose last word was cut is not a unit of one organization when, that
        # word whole, it is another's name, and it is the name it completes.
        ("TOSHIBA MEDICAL SYST", "canon"),  # TOSHIBA MEDICAL SYSTEMS, sold to Canon
        ("UNIVERSITY OF PITTSBURGH MEDICAL CEN", "upmc"),
        ("TEXAS TECH UNIVERS", "texas-tech-university"),
        ("MD ANDERSON CANCER CEN", "university-of-texas"),  # not the Orlando affiliate
        ("HEWLETT PACKARD ENTERPR", "hpe"),  # not also DXC's HEWLETT PACKARD ENTERPRISE ...
    ],
)
def test_fifteenth_sessions_names(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


def test_self_beside_a_known_organization(resolver: EmployerResolver) -> None:
    both = resolver.resolve("UNIVERSITY OF IOWA/SELF-EMPLOYED")
    assert not both.resolved and "several employers" in both.explanation
    assert resolver.resolve("ARTERY GROUP/SELF EMPLOYED").non_org == "SELF_EMPLOYED"
    assert resolver.resolve("SELF/MOFIN").non_org == "SELF_EMPLOYED"


@pytest.mark.parametrize(
    ("raw", "org_id", "how"),
    [
        ("KAISER PERMENANTE", "kaiser-permanente", "misspelled"),  # two letters off, a long word
        ("VIVANT SOLAR INC.", "sunrun", "misspelled"),  # Vivint Solar's, Sunrun's since 2020
        ("NEW HANOVER REG MED CTR", "novant-health", "written short"),
        ("FRISBIE MEM HOSPITAL", "hca", "written short"),
        ("NORTHERN IND PUBLIC SERVICE CO", "nisource", "written short"),
        # Contracted: the word's first and last letters and some between, in order.
        ("SIU SCHL OF MEDICINE", "southern-illinois-university-carbondale", "written short"),
        ("UNIVERSITY OF PENNA HEALTH SYSTEM", "university-of-pennsylvania", "written short"),
    ],
)
def test_a_name_with_words_misspelled_or_written_short(
    resolver: EmployerResolver, raw: str, org_id: str, how: str
) -> None:
    match = resolver.resolve(raw)
    assert match.org_id == org_id
    assert any(step.startswith(how) for step in match.steps)


@pytest.mark.parametrize(
    ("raw", "org_id", "code"),
    [
        ("N.Y. STOCK EXCHANGE INC.", "intercontinental-exchange", "NY"),  # blind37
        ("VA ELECTRIC & POWER CO.", "dominion-energy", "VA"),
        ("TX SOUTHERN UNIVERSITY", "texas-southern-university", "TX"),
        # ... and inside a name or last (blind8's, blind33's, blind35's, blind49's, blind50's,
        # blind51's, oth3's, read after blind51 was scored).
        ("SOUTHERN CA EDISON", "edison-international", "CA"),
        ("EAST TN STATE UNIVERSITY", "east-tennessee-state-university", "TN"),
        ("WESTERN CT HEALTH NETWORK", "northwell-health", "CT"),
        ("PRUDENTIAL CA REALTY", "berkshire-hathaway-homeservices", "CA"),
        ("STEEL OF WV", "steel-dynamics", "WV"),
        ("UT HEALTH EAST TX", "ardent-health", "TX"),
    ],
)
def test_a_states_code_read_in_full(
    resolver: EmployerResolver, raw: str, org_id: str, code: str
) -> None:
    match = resolver.resolve(raw)
    assert match.org_id == org_id
    assert any(step.startswith(f"{code} for ") for step in match.steps)


def test_a_states_code_first_names_nothing_new(resolver: EmployerResolver) -> None:
    # VA beside YALE U stays two employers' initials, not VIRGINIA & YALE UNIVERSITY.
    match = resolver.resolve("VA AND YALE U")
    assert not any(step.startswith("VA for ") for step in match.steps)
    # A code whose name makes no registry name is left as written (SMITH PA: a firm's
    # professional association, not Pennsylvania's).
    match = resolver.resolve("SMITH PA")
    assert match.org_id is None or match.org_id.startswith(DISCOVERED_PREFIX)


@pytest.mark.parametrize(
    "raw",
    [
        "ALTAR ENGINEERING",  # a word of its own, one letter off ALTAIR ENGINEERING
        "RAN TECHNOLOGIES INC.",  # a first word is not written short: not RANDSTAD's
        "THE VINCA GROUP L.L.C.",  # nor is VINCAM's
        "NORTHWESTERN MUTAL",  # MUTUAL, five letters written: too short to call misspelled
        "SIU SHCL OF MEDICINE",  # letters out of order: no contraction of SCHOOL
        "SIU SCHT OF MEDICINE",  # nor one ending in another letter
    ],
)
def test_words_off_a_name_that_say_another(resolver: EmployerResolver, raw: str) -> None:
    match = resolver.resolve(raw)
    assert not any(step.startswith(("misspelled", "written short")) for step in match.steps)


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # The last word a word of other names (FOUND, ADM: Archer-Daniels-Midland's) but
        # the start of the one name's word in its place.
        ("NATIONAL SCIENCE FOUND", "nsf"),
        ("SOCIAL SECURITY ADM", "ssa"),  # blind39's
        # An inner word written short that is another name's word (INST).
        ("GEORGIA INST OF TECHNOLOGY", "georgia-tech"),
    ],
)
def test_a_known_word_written_short(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


def test_a_known_word_written_short_needs_three_words(resolver: EmployerResolver) -> None:
    # AMERICAN AIR says too little to be AMERICAN AIRLINES; FIRST NATIONAL BAN starts many
    # banks' names.
    for raw in ("AMERICAN AIR", "FIRST NATIONAL BAN"):
        org_id = resolver.resolve(raw).org_id
        assert org_id is None or org_id.startswith(DISCOVERED_PREFIX)


def test_having_a_job_names_no_employer(resolver: EmployerResolver) -> None:
    for raw in ("EMPLOYED", "EMPLOYEE", "Employer"):
        match = resolver.resolve(raw)
        assert not match.resolved and "names no particular employer" in match.explanation
    assert resolver.resolve("SELF EMPLOYED").non_org == "SELF_EMPLOYED"


def test_owning_a_business_is_self_employment(resolver: EmployerResolver) -> None:
    for raw in ("SMALL BUSINESS OWNER", "SPA OWNER", "Studio Owner"):
        assert resolver.resolve(raw).non_org == "SELF_EMPLOYED", raw
    # a firm's name ending in the letters is a firm's
    assert resolver.resolve("TOWNER & TOWNER").org_id == "n:towner-&-towner"


def test_an_everyday_word_that_is_a_known_name_is_that_organization(
    resolver: EmployerResolver,
) -> None:
    # Known names are matched before the discovery rules: AMAZON and ANTHEM are everyday
    # words and registry names both.
    assert {"AMAZON", "ANTHEM"} <= resolver.discovery.everyday_words
    assert resolver.resolve("AMAZON").org_id == "amazon"
    assert resolver.resolve("ANTHEM").org_id == "elevance-health"


def test_an_occupation_alone_names_no_employer(resolver: EmployerResolver) -> None:
    assert not resolver.resolve("CAREGIVER").resolved
    # but a firm of them is a firm
    assert resolver.resolve("CAREGIVER SERVICES LLC").method == "normalized"


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("US DEPT LABOR", "us-dol"),  # blind43's
        ("VA. DEPT. LABOR & INDUSTRY", "state-of-virginia"),  # blind42's
        ("DEPT VETERANS AFFAIR", "us-va"),  # first, as before
        ("YALE UNIVERSITY/HHMI", None),  # UNIVERSITY after a name is not read so
        ("DILLARDS DEPARTMENT STORES", "dillards"),
        ("DEPT DEFENSE", "us-dod"),  # a name only the federal government has
    ],
)
def test_a_department_after_its_governments_name_without_of(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id if match.method != "normalized" else None) == org_id


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("WARNER BROS.ENTERTAINMENT,INC.", "WARNER BROTHERS ENTERTAINMENT"),  # efile5's
        ("UNIV.TEXAS AT DALLAS", "UNIVERSITY TEXAS AT DALLAS"),  # then read with OF
        ("J.P.MORGAN", "JPMORGAN"),  # initials stay together
        ("ACADEMYART.EDU", "ACADEMYART"),  # a web address: its ending dropped
        ("ZACRE.LLC", "ZACRELLC"),  # a legal form run on, as before
    ],
)
def test_a_period_between_two_words_parts_them(
    resolver: EmployerResolver, raw: str, normalized: str
) -> None:
    assert resolver.resolve(raw).normalized == normalized


def test_two_known_organizations_apart_are_several_before_a_pattern(
    resolver: EmployerResolver,
) -> None:
    match = resolver.resolve("UNIVERSITY OF COLORADO/NASA")  # blind43's
    assert not match.resolved and "several employers" in match.explanation
    # a part of no known organization is the known one's unit, as before
    assert resolver.resolve("USDA/RURAL DEVELOPMENT").org_id == "usda"


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("ALAMEDA COUNTY SUPERIOR COURT", "state-of-california"),  # efile4's
        ("SUPERIOR COURTS CA,ALAMEDA COUNTY", "state-of-california"),  # blind39's
        ("LOS ANGELES SUPERIOR COURT", "state-of-california"),
        ("WAKE COUNTY SUPERIOR COURT", "state-of-north-carolina"),
        ("ORANGE COUNTY SUPERIOR COURT", None),  # California's or North Carolina's
        ("MARICOPA COUNTY SUPERIOR COURT", None),  # Arizona's staff are the county's
        ("SUPERIOR COURT", None),
        ("SUPERIOR COURT REPORTERS INC", None),  # a firm
    ],
)
def test_a_states_own_superior_court(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id if match.method == "rule" else None) == org_id


def test_a_government_alone_names_no_employer(resolver: EmployerResolver) -> None:
    for raw in ("GOVT", "LOCAL GOVERNMENT", "Government"):
        match = resolver.resolve(raw)
        assert not match.resolved and "names no particular employer" in match.explanation
    assert resolver.resolve("US GOVERNMENT").org_id == "us-federal-government"


def test_a_former_employer_then_retired_is_retirement(resolver: EmployerResolver) -> None:
    assert resolver.resolve("USCG (Retired)").non_org == "RETIRED"  # efile5's
    assert resolver.resolve("SELF (SEMI-RETIRED)").non_org == "SELF_EMPLOYED"
    assert resolver.resolve("NONE - RETIRED").non_org == "RETIRED"
    # ... of up to four words, and RETIREE or RET as well (blind48's)
    assert resolver.resolve("FORD MOTOR COMPANY- RETIREE").non_org == "RETIRED"
    assert resolver.resolve("USAF-RET").non_org == "RETIRED"
    assert resolver.resolve("RETIREMENT PLAN ADVISORS").non_org is None  # a firm


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("CAREMOUNT MEDICAL", "optum"),  # Optum's, as the registry places its groups
        ("VEHMA INTERNATIONAL", "magna"),  # oth7's
        ("RAMSAY YOUTH SERVICES", "universal-health-services"),  # efile5's
        # Read off blind44's and oth8's misses after they were scored.
        ("FACEY MEDICAL GROUP", "providence"),
        ("ALTAPACIFIC BANK", "banner-corporation"),
        ("IU OF BRICKLAYERS AND ALLIED CRAFTWORK", "bricklayers-union"),  # IU OF: a union's
        # The health systems' physician groups and institutes, written without the labels.
        ("SIBLEY HEART CENTER", "childrens-healthcare-of-atlanta"),
        ("NORTON THORACIC INSTITUTE", "commonspirit"),
        ("ATLANTIC MEDICAL GROUP", None),  # left out: words many names share
    ],
)
def test_nineteenth_sessions_names(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Read off the labels' misses (twentieth session), each checked apart.
        ("FOX ENTERTAINMENT GROUP, LLC", "walt-disney"),  # 21st Century Fox's, Disney's
        ("FOX ENTERTAINMENT", "fox-corporation"),  # Fox Corporation's unit, as before
        ("N.Y.U. DOWNTOWN HOSPITAL", "newyork-presbyterian"),  # its name in its NYU years
        ("ENDEAVOR ENERGY", "diamondback"),
        ("BAY EQUITY HOME LOANS", "rocket-companies"),
        ("NEACE LUKENS HOLDING COMPANY, INC.", "gallagher"),  # by AssuredPartners
        ("CALIFORNIA STATE ATHLETIC COMMISSION", "state-of-california"),
    ],
)
def test_twentieth_sessions_names(resolver: EmployerResolver, raw: str, org_id: str) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("HOOVER INSTITUTION STANFORD", "stanford-university"),  # one organization's names
        ("USAF WRIGHT-PATTERSON", "us-air-force"),  # oth9's
        ("DOD Army", "us-army"),  # efile4's: the department's, then its unit's: the unit
        ("STANFORD HARVARD", None),  # two organizations' names: not by this rule
    ],
)
def test_two_names_of_one_group_are_the_more_specific(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id if match.method == "rule" else None) == org_id


@pytest.mark.parametrize(
    ("raw", "several"),
    [
        ("HAVAS MEDIA / MOTIVE-US", True),  # blind46's: two employers set apart
        ("GPR VENTURES/ DCCO", True),
        ("ABUNDANT VENTURE PARTNER / FQ540", True),
        ("THE CENTER FOR COGNITIVE EDUCATION/ TC", False),  # initials after it
        ("WINDERMERE REAL ESTATE / YAKIMA", False),  # a place after it
        ("RE/MAX UNITED", False),  # no space beside the "/"
    ],
)
def test_names_a_spaced_slash_sets_apart_are_several(
    resolver: EmployerResolver, raw: str, several: bool
) -> None:
    match = resolver.resolve(raw)
    assert ("several employers named" in match.explanation) == several
    assert match.resolved != several


def test_twenty_first_sessions_names(resolver: EmployerResolver) -> None:
    # Read off blind48's and oth12's misses after they were scored.
    assert resolver.resolve("FOLEY CELLULOSE LLC").org_id == "georgia-pacific"  # under Koch
    assert resolver.resolve("NEPHILA ADVISORS LLC").org_id == "markel"
    # ... then off blind49's and oth13's.
    assert resolver.resolve("RILEY HOSPITAL FOR CHILDREN").org_id == "indiana-university"
    assert resolver.resolve("N.Y.C. PUBLIC SCHOOLS").org_id == "city-of-new-york"
    # ... then off blind50's and oth14's.
    assert resolver.resolve("THE LITTLE CLINIC (KROGER)").org_id == "kroger"
    assert resolver.resolve("PMA COMPANIES").org_id == "old-republic"


def test_twenty_second_sessions_names(resolver: EmployerResolver) -> None:
    # Read off blind51's and oth15's misses after they were scored.
    assert resolver.resolve("STONES RIVER HOSPITAL").org_id == "ascension"
    assert resolver.resolve("SUPERBA INC").org_id == "pvh"
    assert resolver.resolve("LONG REALTY COMPANY").org_id == "berkshire-hathaway-homeservices"
    assert resolver.resolve("GERONIMO ENERGY").org_id == "brookfield"


def test_twenty_third_sessions_names(resolver: EmployerResolver) -> None:
    # Read off oth20's misses after it was scored.
    assert resolver.resolve("FROSCH TRAVEL").org_id == "jpmorgan-chase"
    assert resolver.resolve("SHAMBAUGH").org_id == "emcor"
    # Not Guidant the device maker (Boston Scientific's), whose line of business it was read as
    assert resolver.resolve("GUIDANT GLOBAL").org_id == "guidant-global"
    assert resolver.resolve("GUIDANT CORPORATION").org_id == "boston-scientific"
    # ... then off oth19's.
    assert resolver.resolve("HEALTHNOW").org_id == "highmark-health"
    # MEDIACOM alone is two companies' name: the cable operator's and WPP's former agency's.
    assert not resolver.resolve("MEDIACOM").resolved
    assert resolver.resolve("MEDIACOM COMMUNICATIONS").org_id == "mediacom-communications"
    assert resolver.resolve("MEDIACOM WORLDWIDE").org_id == "wpp"
    # ... then off oth21's: Mittal Steel's US mills are Cleveland-Cliffs' since 2020.
    assert resolver.resolve("MITTAL STEEL").org_id == "cleveland-cliffs"
    assert resolver.resolve("ARCELORMITTAL").org_id == "arcelormittal"
    assert resolver.resolve("BOWLING GREEN METALFORMING").org_id == "magna"


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # A university system's bare name is its flagship's (oth19's, blind23's, blind30's,
        # blind39's), the system's own name says SYSTEM.
        ("UNIVERSITY OF ILLINOIS", "university-of-illinois-urbana-champaign"),
        ("U OF ILLINOIS", "university-of-illinois-urbana-champaign"),
        ("UNIVERSITY OF ILLINOIS SYSTEM", "university-of-illinois-system"),
        ("UNIVERSITY OF ILLINOIS AT CHICAGO", "university-of-illinois-chicago"),
        ("UNIVERSITY OF TENNESSEE", "university-of-tennessee-knoxville"),
        ("UNIVERSITY OF TENNESSEE SYSTEM", "university-of-tennessee-system"),
        ("UNIVERSITY OF TENNESSEE AT CHATTANOOGA", "university-of-tennessee-system"),
        ("UNIVERSITY OF WISCONSIN", "university-of-wisconsin-madison"),
        ("UW SYSTEM", "university-of-wisconsin"),
        ("UW MILWAUKEE", "university-of-wisconsin-milwaukee"),
        # A campus's name after the bare name is the campus's, not the flagship's.
        ("UNIVERSITY OF WISCONSIN-RF", "university-of-wisconsin"),  # River Falls
        ("UNIVERSITY OF WISCONSIN OSHKOSH", "university-of-wisconsin"),
        ("UNIVERSITY OF ILLINOIS PEORIA", "university-of-illinois-chicago"),
    ],
)
def test_a_university_systems_bare_name_is_its_flagships(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    assert resolver.resolve(raw).org_id == org_id


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # A franchise brand alone is an outlet, its franchisee's or operator's business
        # (oth17's, oth18's and oth20's misses): which one is not said.
        ("CHICK-FIL-A", None),
        ("CHICK FIL A", None),
        ("THE MEDICINE SHOPPE", None),
        ("HOME INSTEAD SENIOR CARE", None),
        ("K.F.C.", None),
        ("ACE HARDWARE", None),
        # With the franchisor's legal form, the franchisor.
        ("CHICK-FIL-A, INC.", "chick-fil-a"),
        ("ACE HARDWARE CORPORATION", "ace-hardware"),
        # A brand's franchisor by its own name, or one outlet by its own.
        ("MEDICINE SHOPPE INTERNATIONAL", "cardinal-health"),
        ("KFC OF VALDOSTA INC.", "n:kfc-of-valdosta"),
        # Chains that run many outlets of their own, or whose staff of their own is large.
        ("MCDONALDS", "mcdonalds"),
        ("STARBUCKS", "starbucks"),
    ],
)
def test_a_franchise_brand_alone_names_no_one_outlet(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    match = resolver.resolve(raw)
    assert match.org_id == org_id
    if org_id is None:
        assert "franchise brand" in match.steps[-1]


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        # Texas's district courts by number, past 100 (blind27's, blind34's, blind51's).
        ("342ND DISTRICT COURT", "state-of-texas"),
        ("112TH DISTRICT COURT - STATE OF TEXAS", "state-of-texas"),
        # Under 100, other states' too: Detroit's 36th District Court is Michigan's.
        ("36TH DISTRICT COURT", None),
    ],
)
def test_a_texas_district_court_by_its_number(
    resolver: EmployerResolver, raw: str, org_id: str | None
) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id if match.method != "normalized" else None) == org_id


@pytest.mark.parametrize(
    ("raw", "org_id", "method"),
    [
        ("US GOVERNMENT SSA", "ssa", "rule"),  # oth10's: the government's own unit
        ("US GOVT NSA", "nsa", "rule"),
        ("INDIANA UNIVERSITY DEPT OF PSYCHIATRY", "indiana-university", "rule"),  # unit words
    ],
)
def test_a_known_name_then_one_of_its_units_is_that_unit(
    resolver: EmployerResolver, raw: str, org_id: str, method: str
) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id, match.method) == (org_id, method)


@pytest.mark.parametrize(
    ("raw", "org_id"),
    [
        ("ALBERT EINSTEIN COLLEGE OF MED", "montefiore"),  # blind40's
        ("UNIV OF MIAMI SCHOOL OF MED", "university-of-miami"),
    ],
)
def test_med_after_a_college_or_school_of_is_medicine(
    resolver: EmployerResolver, raw: str, org_id: str
) -> None:
    match = resolver.resolve(raw)
    assert match.org_id == org_id and match.normalized.endswith(" OF MEDICINE")
    # MED elsewhere is MEDICAL, as before
    assert resolver.resolve("MED CTR OF LOUISIANA").normalized == "MEDICAL CENTER OF LOUISIANA"


@pytest.mark.parametrize(
    ("raw", "target"),
    [
        ("NEBRASKA STATE GOVERMENT", "state-of-nebraska"),  # a letter left out
        ("WYOMING STATE GOVENRMENT", "state-of-wyoming"),  # two letters swapped (oth2)
        ("ENTRPRENEUR", "SELF_EMPLOYED"),  # a non-organization's word
        ("RETIERED", "RETIRED"),  # RETIRED or RETIREED: both say retired
    ],
)
def test_a_word_names_share_misspelled(resolver: EmployerResolver, raw: str, target: str) -> None:
    match = resolver.resolve(raw)
    assert (match.org_id or match.non_org) == target
    assert any(step.startswith("a word many names share, misspelled") for step in match.steps)


@pytest.mark.parametrize(
    "raw",
    [
        "INFINITE INC",  # a word of its own, one letter off INFINITI, a word of few names
        "MANAGMENT SOLUTIONS GROUP",  # spelled right it names no registry organization
        "ASSEST PARTNERS",  # ASSET or ASSIST: which is not said
    ],
)
def test_a_word_names_share_misspelled_only_when_it_names_one(
    resolver: EmployerResolver, raw: str
) -> None:
    match = resolver.resolve(raw)
    assert match.org_id == DISCOVERED_PREFIX + match.normalized.lower().replace(" ", "-")
    assert not any("misspelled" in step for step in match.steps)


def test_a_health_care_name_read_without_its_endings(resolver: EmployerResolver) -> None:
    # SHAWNEE MISSION MEDICAL CENTER and SHAWNEE MISSION HEALTH are AdventHealth's names.
    assert resolver.resolve("SHAWNEE MISSION HOSPITAL").org_id == "adventhealth"
    # Several endings at once, none, or run together, and MT and ST written short (blind50's
    # misses, and blind39's): the name's core is the registry name's.
    for raw, org_id in (
        ("MONTEFIORE MEDICAL HEALTH SYSTEM", "montefiore"),  # MONTEFIORE MEDICAL CENTER
        ("BAY CARE HEALTH", "baycare"),  # BAYCARE HEALTH SYSTEM
        ("MT. SINAI ST. LUKE'S HOSPITAL", "mount-sinai"),  # MOUNT SINAI ST LUKES
        ("ATRIUM HEALTHCARE SYSTEM", "advocate-health"),  # ATRIUM HEALTH
    ):
        match = resolver.resolve(raw)
        assert match.org_id == org_id, raw
        assert any("read without its endings" in step for step in match.steps), raw
    # Not a head several places' hospitals share, a city's name, a saint's or a faith's; not
    # a physicians' group or a clinic (VANGUARD MEDICAL GROUP, a practice, is no hospital of
    # Vanguard Health Systems'), and not a firm with its own legal form (RED RIVER HEALTH
    # CARE SYSTEMS INC., a Texas company, is no UHS's RED RIVER HOSPITAL).
    for raw in (
        "NORTH SHORE MEDICAL CENTER",
        "CORPUS CHRISTI HOSPITAL",
        "ST JOSEPH HOSPITAL",
        "ADVENTIST MEDICAL CENTER",
        "VANGUARD MEDICAL GROUP",
        "RED RIVER HEALTH CARE SYSTEMS INC.",
    ):
        match = resolver.resolve(raw)
        assert not any("read without its endings" in step for step in match.steps), raw
        assert match.org_id is None or match.org_id.startswith(DISCOVERED_PREFIX), raw


def _subsidiary_entries() -> list[dict[str, str]]:
    """subsidiaries.toml's names, as the file holds them."""
    return tomllib.loads((ROOT / "src/moneytrail/resolve/data/subsidiaries.toml").read_text())[
        "alias"
    ]


def test_every_subsidiary_alias_resolves_to_its_organization(resolver: EmployerResolver) -> None:
    # A name written for an organization is read as that organization (or a unit of it
    # the registry holds), not taken by another's pattern or near-miss first. A franchise
    # brand alone is an outlet, no organization; its franchisor writes its legal form.
    entries = _subsidiary_entries()
    registry = resolver.registry

    def written(alias: str) -> str:
        return f"{alias}, INC." if resolver.discovery.is_franchise_brand(alias) else alias

    astray = [
        (e["alias"], e["org"], m.org_id)
        for e in entries
        if (m := resolver.resolve(written(e["alias"]))).org_id is None
        or e["org"] not in registry.ancestry(m.org_id)
    ]
    assert astray == []
    assert resolver.resolve("KENTUCKY FRIED CHICKEN").org_id is None  # a franchised outlet


def test_sales_is_no_occupation_head(resolver: EmployerResolver) -> None:
    # REGAL INDUSTRIAL SALES names a firm, not a job; INVESTMENT MANAGER names a job.
    assert "an occupation" not in resolver.resolve("REGAL INDUSTRIAL SALES").explanation
    assert "an occupation" in resolver.resolve("INVESTMENT MANAGER").explanation


def test_legal_form_is_kept_apart_in_the_cache() -> None:
    res = EmployerResolver()
    assert res.resolve("DEER OAKS LLC").org_id == "n:deer-oaks"
    assert res.resolve("DEER OAKS").org_id is None  # same normalized form, no legal form
    assert res.resolve("Deer Oaks, L.L.C.").org_id == "n:deer-oaks"


@pytest.mark.parametrize(
    "raw",
    [
        "ATTORNEY",  # a job title in the employer box
        "BINGO PLAYER",
        "SR VICE PRESIDENT",
        "FIRST FINANCIAL BANK",  # several unrelated banks share the name
        "VARIOUS SHIPPING COMPANIES",
        "AAA",  # one short word: an abbreviation many share
        "12345",
        "DEPARTMENT OF LABOR",  # the federal one or a state's
        "DEPT OF JUSTICE",
        "DEPT TREAS",  # OF left out: the federal Treasury or a state's (oth20)
        "DISTRICT LODGE 15",  # which union's lodge is not said
        "LOCAL 1234",
        "KELLER WILLIAMS REALTY",  # a franchise brand: its offices are separate firms
        "ENGEL & VOLKERS",
        "BETTER HOMES & GARDENS REAL ES",  # the brand, cut (blind22)
        "UNIVESITY OF NY",  # NYU, SUNY or CUNY: no university is called that
        "LEGISLATOR",  # a job title
        "BOARD OF EDUCATION",  # every district has one (blind21)
        "OFFICE OF THE GOVERNOR",  # every state has one (blind22)
        "Human Resources",  # every employer has one (a .fec filing's, on Merck's PAC)
        "GOVERNMENT AFFAIRS DEPARTMENT",
        "Information Services",  # efile2's, on Merck's PAC
        "DOE",  # Energy's, or a department of education's (efile's Honolulu teachers)
        "PSYCHIATRIST",  # an occupation's title alone (blind24)
        "LOBBYIST",
        "SENIOR LOBBYIST",
        "FAMILY BUSINESS",  # blind25: words many names share
    ],
)
def test_strings_naming_no_employer_stay_unresolved(resolver: EmployerResolver, raw: str) -> None:
    m = resolver.resolve(raw)
    assert not m.resolved and m.method is None and m.confidence == 0.0
    assert "no organization:" in m.explanation


def test_explanation(resolver: EmployerResolver) -> None:
    text = resolver.resolve("AMAZON WEB SVCS").explanation
    assert "abbreviation SVCS → SERVICES" in text
    assert "normalized: 'AMAZON WEB SERVICES'" in text
    assert "exact match on 'AMAZON WEB SERVICES' → aws" in text
    assert "parents: aws → amazon" in text
    assert "NAICS 518" in text
    assert "Exhibit 21" in text  # the source of the parent link
    fuzzy = resolver.resolve("HOGAN AND HARSTON").explanation
    assert "fuzzy match on 'HOGAN & HARTSON'" in fuzzy
    non = resolver.resolve("SELF - EMPLOYED").explanation
    assert "non-organization SELF_EMPLOYED" in non
    assert "discovered" in resolver.resolve("SUNSHINE DESIGNS").explanation
    assert "a job title" in resolver.resolve("EXECUTIVE").explanation


def test_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[overrides]\n"AMAZON WEB SVCS" = "microsoft"\n"SUNSHINE DESIGNS" = "walmart"\n'
        '"SELF" = "pwc"\n"Koch Logistics LLC" = "RETIRED"\n'
    )
    res = EmployerResolver(overrides=path)
    m = res.resolve("AMAZON WEB SVCS")
    assert (m.org_id, m.ultimate_parent_id, m.method, m.confidence) == (
        "microsoft",
        "microsoft",
        "manual",
        1.0,
    )
    assert "override" in m.explanation
    assert res.resolve("sunshine designs").org_id == "walmart"  # raw compared upper-cased
    assert res.resolve("Sunshine Designs, LLC").org_id == "walmart"  # and normalized
    assert res.resolve("SELF").org_id == "pwc"
    assert res.resolve("KOCH LOGISTICS, LLC").non_org == "RETIRED"
    assert res.resolve("AMAZON WEB SERVICES").org_id == "microsoft"  # same normalized form
    assert res.resolve("AWS").org_id == "aws"  # other strings untouched


def test_override_to_unknown_org_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text('[overrides]\n"ACME" = "no-such-org"\n')
    with pytest.raises(ValueError, match="no-such-org"):
        EmployerResolver(overrides=path)


def test_resolve_employer_default() -> None:
    assert resolve_employer("Microsoft Corp.").org_id == "microsoft"


# ---------------------------------------------------------------- bulk


def test_bulk_arrow(resolver: EmployerResolver) -> None:
    values = pa.chunked_array(
        [["AMAZON WEB SVCS", "RETIRED", None], ["AMAZON WEB SVCS", "SUNSHINE DESIGNS", "AWS"]]
    )
    out = resolve_employers_arrow(pa.table({"contributor_employer": values}), resolver=resolver)
    assert out.column_names == [
        "raw",
        "normalized",
        "org_id",
        "org_name",
        "ultimate_parent_id",
        "non_org",
        "method",
        "confidence",
        "matched",
    ]
    rows = {r["raw"]: r for r in out.to_pylist()}
    assert len(rows) == out.num_rows == 5  # distinct, null once
    assert rows["AMAZON WEB SVCS"]["org_id"] == "aws"
    assert rows["AWS"]["ultimate_parent_id"] == "amazon"
    assert rows["RETIRED"]["non_org"] == "RETIRED"
    assert rows[None]["non_org"] == "NOT_REPORTED"
    assert rows["SUNSHINE DESIGNS"]["method"] == "normalized"
    assert rows["SUNSHINE DESIGNS"]["org_name"] == "SUNSHINE DESIGNS"
    assert rows["AMAZON WEB SVCS"]["normalized"] == "AMAZON WEB SERVICES"


# ---------------------------------------------------------------- data files


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def test_every_parent_exists_and_no_cycles(registry: Registry) -> None:
    for org in registry.organizations.values():
        if org.parent is not None:
            assert org.parent in registry.organizations, org.id
            assert org.parent_source, f"{org.id}: a parent needs a parent_source"
        chain = registry.ancestry(org.id)  # raises on a cycle
        assert len(chain) == len(set(chain))


def test_every_org_has_naics_and_source(registry: Registry) -> None:
    for org in registry.organizations.values():
        assert re.fullmatch(r"\d{2,6}", org.naics), org.id
        assert org.naics in registry.naics, f"{org.id}: NAICS {org.naics} not in naics_sectors"
        assert org.source.strip() and org.naics_source.strip(), org.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", org.id), org.id


def test_every_subsidiary_alias_says_what_and_where(registry: Registry) -> None:
    entries = _subsidiary_entries()
    assert entries
    for e in entries:
        assert e["org"] in registry.organizations, e
        assert e["kind"] in {"subsidiary", "brand", "former-name", "abbreviation", "unit"}, e
        assert e["source"] in registry.sources and e["why"].strip(), e
        assert e["alias"] in registry.organizations[e["org"]].aliases


def test_no_alias_maps_to_two_orgs(resolver: EmployerResolver) -> None:
    assert resolver.alias_collisions == []


def test_no_alias_is_also_a_non_org_variant(resolver: EmployerResolver) -> None:
    clash = set(resolver.alias_index) & set(resolver.non_org_variants)
    assert not clash


def test_normalization_entries_have_notes() -> None:
    import tomllib
    from importlib import resources

    data = tomllib.loads(
        (resources.files("moneytrail.resolve") / "data" / "normalization.toml").read_text()
    )
    for table in ("legal_suffixes", "leading_noise", "truncated_fragments", "generic_tails"):
        assert all(isinstance(v, str) and v for v in data[table].values()), table
    for table in ("abbreviations", "misspellings"):
        assert all(v["to"] and v["note"] for v in data[table].values()), table


# The Fortune 100 (2023 list), each by its registry id: the largest US companies.
FORTUNE_100 = [
    "walmart",
    "amazon",
    "apple",
    "unitedhealth-group",
    "berkshire-hathaway",
    "cvs-health",
    "exxonmobil",
    "alphabet",
    "mckesson",
    "cencora",
    "costco",
    "jpmorgan-chase",
    "microsoft",
    "cardinal-health",
    "chevron",
    "cigna",
    "ford",
    "bank-of-america",
    "general-motors",
    "elevance-health",
    "citigroup",
    "centene",
    "home-depot",
    "marathon-petroleum",
    "kroger",
    "phillips-66",
    "fannie-mae",
    "walgreens-boots-alliance",
    "valero",
    "meta",
    "verizon",
    "att",
    "comcast",
    "wells-fargo",
    "goldman-sachs",
    "freddie-mac",
    "target",
    "humana",
    "state-farm",
    "tesla",
    "morgan-stanley",
    "johnson-johnson",
    "adm",
    "pepsico",
    "ups",
    "fedex",
    "walt-disney",
    "dell",
    "lowes",
    "procter-gamble",
    "energy-transfer",
    "boeing",
    "albertsons",
    "sysco",
    "rtx",
    "ge",
    "lockheed-martin",
    "american-express",
    "caterpillar",
    "metlife",
    "hca",
    "progressive",
    "ibm",
    "deere",
    "nvidia",
    "stonex",
    "merck",
    "conocophillips",
    "pfizer",
    "delta-air-lines",
    "td-synnex",
    "publix",
    "allstate",
    "cisco",
    "nationwide",
    "charter",
    "abbvie",
    "new-york-life",
    "intel",
    "tjx",
    "prudential-financial",
    "hp-inc",
    "united-airlines",
    "performance-food-group",
    "tyson-foods",
    "american-airlines",
    "liberty-mutual",
    "nike",
    "oracle",
    "enterprise-products",
    "capital-one",
    "plains",
    "world-kinect",
    "aig",
    "coca-cola",
    "tiaa",
    "chs",
    "bristol-myers-squibb",
    "dow",
    "best-buy",
]


def test_fortune_100_present(registry: Registry) -> None:
    assert len(FORTUNE_100) == 100
    missing = [o for o in FORTUNE_100 if o not in registry.organizations]
    assert not missing


# ---------------------------------------------------------------- measured


def _labels(path: Path = LABELS) -> list[dict[str, str]]:
    """The rows of a labels file (the samples' by default), its header's comments left out."""
    with path.open(newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _every_label() -> list[dict[str, str]]:
    """The rows of the four labels files: the samples', the filings', itoth's, the rest's."""
    bench = _bench()
    files = (bench.LABELS, bench.EFILE_LABELS, bench.OTH_LABELS, bench.REST_LABELS)
    return [row for path in files for row in _labels(path)]


def test_labeled_sample_shape() -> None:
    rows = _labels()
    assert len(rows) == 15195
    assert sum(r["split"] == "heldout" for r in rows) == 100
    assert sum(r["split"] == "extra" for r in rows) == 200
    blind = [f"blind{k}" for k in range(3, 51)]
    assert all(sum(r["split"] == s for r in rows) == 300 for s in blind)
    # blind51 holds the 295 strings the draws before it left: every string is labeled now.
    assert sum(r["split"] == "blind51" for r in rows) == 295
    assert len({r["raw"] for r in rows}) == 15195


def test_blind_labels_are_the_draws(shared_data: Path) -> None:
    # Each blind split holds its draw's strings in the draw's order: its seed's draw by
    # dollars from the strings the splits before it left (the header's description).
    bench = _bench()
    rows = bench.employer_dollars(shared_data)
    labels = _labels()
    for split, seed in bench.BLIND_SEEDS.items():
        labeled = bench.labeled_before(bench.LABELS, bench.SPLITS, split)
        drawn = [e or "" for e in bench.draw_by_dollars(rows, labeled, seed=seed)]
        assert [r["raw"] for r in labels if r["split"] == split] == drawn, split
    # The last draw took what was left: every string of the samples' dollars is labeled.
    assert {e or "" for e, dollars, _ in rows if dollars > 0} <= {r["raw"] for r in labels}


def test_labels_keep_the_firm_convention(resolver: EmployerResolver) -> None:
    # A name with only a legal form after it (KEN SINERVO MD LLC) is the donor's own firm,
    # as the instructions and both label files have it: no SELF_EMPLOYED label ends in a
    # legal form, unless the string opens with SELF ("Self-Harry M Acuna MD Inc").
    legal_forms = resolver.discovery.legal_forms
    bench = _bench()
    offenders = []
    for row in _every_label():
        words = re.findall(r"[A-Z0-9]+", row["raw"].upper().replace(".", ""))
        if (
            row["label"] == "SELF_EMPLOYED"
            and words
            and words[-1] in legal_forms
            and not words[0].startswith("SELF")
        ):
            offenders.append(row["raw"])
    assert offenders == []
    # The 24 labels set to the convention say so, and read as one business.
    rows = [r for r in _labels() if "set on 2026-12-05 to this file's convention" in r["reason"]]
    assert len(rows) == 24
    readings = {
        bench.own_organization_reading(r["label"], r["reason"], resolver.registry) for r in rows
    }
    assert readings == {"one"}


def test_labels_keep_the_self_convention() -> None:
    # A string that writes SELF beside the donor's own firm ("Self - J Israel & Associates",
    # "PEOPLES GROUP  SELF-EMPLOYED") is SELF_EMPLOYED in every label file, as the
    # instructions have it; the ten labels set to that say so.
    writes_self = re.compile(r"^SELF\b|\bSELF[- ]EMPLOY|\bSELF$")
    offenders, set_to_it = [], 0
    for row in _every_label():
        own_firm = re.search(
            r"\bown\b[^;]*\b(firm|business|practice|company|corporation|venture|office)",
            row["reason"],
        )
        written = writes_self.search(row["raw"].upper().strip())
        if written and own_firm and row["label"] != "SELF_EMPLOYED":
            offenders.append(row["raw"])
        set_to_it += "SELF written beside the donor's own firm" in row["reason"]
    assert offenders == []
    assert set_to_it == 10


@functools.cache
def _efile_lines(shared_data: Path) -> list:
    """The .fec filings' individual receipts (bench_employers.efile_lines), read once."""
    return _bench().efile_lines(shared_data)


def _assert_label_kinds(rows: list[dict[str, str]]) -> None:
    """Every label is a registry organization, a non-organization, a slug said to be
    outside the registry, or UNKNOWN with its reason."""
    registry = EmployerResolver().registry
    for r in rows:
        known = r["label"] in registry.organizations or r["label"] in registry.non_orgs
        outside = r["reason"].endswith("not in the registry")
        assert known or outside or (r["label"] == "UNKNOWN" and r["reason"]), r


def test_efile_labels_are_the_draw(shared_data: Path) -> None:
    # The file's strings are the draws its header describes, in their order, each label of
    # a kind a label may be: 300 a draw until the last, which took the 28 left, so that
    # every string of the population with dollars is labeled.
    bench = _bench()
    rows = _labels(bench.EFILE_LABELS)
    population = bench.efile_employer_dollars(_efile_lines(shared_data))
    drawn = [
        e or "" for split in bench.EFILE_SEEDS for e in bench.make_efile_sample(population, split)
    ]
    assert [r["raw"] for r in rows] == drawn
    assert len(population) == 1528 and len(rows) == 300 * (len(bench.EFILE_SEEDS) - 1) + 28
    assert set(drawn) == {e or "" for e, dollars, _ in population if dollars > 0}
    _assert_label_kinds(rows)


def test_oth_labels_are_the_draws(shared_data: Path) -> None:
    # The file's strings are the draws from itoth's individuals its header describes, in
    # their order, each label of a kind a label may be: 300 a draw until the last, which
    # took the 51 left, so that every string of the population with dollars is labeled.
    bench = _bench()
    rows = _labels(bench.OTH_LABELS)
    population = bench.oth_employer_dollars(shared_data)
    drawn = [e or "" for split in bench.OTH_SEEDS for e in bench.make_oth_sample(population, split)]
    assert [r["raw"] for r in rows] == drawn
    assert len(population) == 6653 and len(rows) == 300 * (len(bench.OTH_SEEDS) - 1) + 51
    assert set(drawn) == {e or "" for e, dollars, _ in population if dollars > 0}
    _assert_label_kinds(rows)


def test_rest_labels_are_every_string_left(shared_data: Path) -> None:
    # The rest file holds, in its draw's order, every individuals' string of the samples
    # (memo lines too) and of the two itoth files that no other labels file holds, each
    # label of a kind a label may be: with it, every such string in ../shared/data is
    # labeled.
    bench = _bench()
    rows = _labels(bench.REST_LABELS)
    assert [(r["split"], r["raw"]) for r in rows] == bench.rest_strings(shared_data)
    assert [sum(r["split"] == s for r in rows) for s in bench.REST_SPLITS] == [151, 281, 27]
    labeled = {r["raw"] for r in _every_label()}
    everyone = bench.employer_dollars(shared_data, memo=True)
    everyone += bench.oth_employer_dollars(shared_data)
    everyone += bench.oth_employer_dollars(shared_data, bench.OTH_2016)
    assert {e for e, _, _ in everyone if e} <= labeled
    _assert_label_kinds(rows)


def test_relabels_are_of_labeled_strings() -> None:
    # employer_relabels.csv: 200 strings of the labels file, each with its label as it was
    # then and two more labelers' labels, each of the kinds a label may be.
    bench = _bench()
    labeled = {(r["split"], r["raw"]) for r in _labels()}
    registry = EmployerResolver().registry
    with bench.RELABELS.open(newline="") as fh:
        rows = list(csv.DictReader(x for x in fh if not x.startswith("#")))
    assert len(rows) == 200 and len({r["raw"] for r in rows}) == 200
    for r in rows:
        assert (r["split"], r["raw"]) in labeled
        for who in ("x_", "y_"):
            label, reason = r[f"{who}label"], r[f"{who}reason"]
            known = label in registry.organizations or label in registry.non_orgs
            outside = "not in the registry" in reason
            assert known or outside or (label == "UNKNOWN" and reason), r
    # The agreement table counts every row once, by the label's reading.
    table = bench.relabel_agreement(registry)
    assert sum(table.values()) == 200
    assert sum(v for k, v in table.items() if k[0] == "none") == 98


def test_third_labels_are_of_the_draws_they_name() -> None:
    # employer_labels_third.csv: a third labeler's labels of blind24 to blind26, the same
    # strings in the same order as the labels file's, each of the kinds a label may be.
    bench = _bench()
    with bench.THIRD_LABELS.open(newline="") as fh:
        rows = list(csv.DictReader(x for x in fh if not x.startswith("#")))
    draws = ("blind24", "blind25", "blind26")
    assert [(r["split"], r["raw"]) for r in rows] == [
        (r["split"], r["raw"]) for r in _labels() if r["split"] in draws
    ]
    registry = EmployerResolver().registry
    for r in rows:
        known = r["label"] in registry.organizations or r["label"] in registry.non_orgs
        outside = "not in the registry" in r["reason"]
        assert known or outside or (r["label"] == "UNKNOWN" and r["reason"]), r


def test_a_labeler_scored_as_a_resolver() -> None:
    # A label read as an attribution: a registry organization or status as found, one
    # business as an organization of its own, no single organization as none; scored by
    # label_accepts as the resolver's attributions are.
    bench = _bench()
    resolver = EmployerResolver()
    reg = resolver.registry
    as_found = bench.label_as_attribution("UNKNOWN", "small law firm (Dallas TX)", reg)
    assert as_found.method == "normalized"
    assert not bench.label_as_attribution("UNKNOWN", "generic name", reg).resolved
    assert bench.label_as_attribution("RETIRED", "", reg).non_org == "RETIRED"
    row = {"raw": "X", "label": "sunoco-lp", "reason": ""}
    assert bench.label_accepts(row, bench.label_as_attribution("nustar", "", reg), resolver)
    # The third labeler, measured 862/872 = 0.989 (2026-12-04): a person reaches the
    # target by this scorer on the strings the resolver scored 678/718 on as first scored.
    scores = bench.third_labeler_scores(resolver)
    assert set(scores) == {"blind24", "blind25", "blind26", "all"}
    assert scores["all"].n == 900 and scores["all"].attributed >= 850
    assert scores["all"].correct / scores["all"].attributed >= 0.98


def _bench():
    return load_script("bench/bench_employers.py")


@pytest.mark.parametrize(
    ("raw", "label", "right"),
    [
        ("NUSTAR ENERGY L.P.", "nustar", True),
        # The label names the group of the organization found: the registry agrees.
        ("NUSTAR ENERGY L.P.", "sunoco-lp", True),
        ("NUSTAR ENERGY L.P.", "energy-transfer", True),
        # The other way round the answer is less specific than the label: wrong.
        ("SUNOCO LP", "nustar", False),
        ("NUSTAR ENERGY L.P.", "chevron", False),
        ("FBI", "us-doj", True),
        ("FBI", "us-dod", False),
    ],
)
def test_a_label_naming_the_group_counts_right(
    resolver: EmployerResolver, raw: str, label: str, right: bool
) -> None:
    row = {"raw": raw, "label": label, "reason": ""}
    assert _bench().label_accepts(row, resolver.resolve(raw), resolver) is right


def test_wilson_interval() -> None:
    low, high = _bench().wilson(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(0.2775, abs=1e-4)
    low, high = _bench().wilson(50, 100)
    assert low == pytest.approx(1 - high) and 0.40 < low < 0.41


def test_precision_heldout(resolver: EmployerResolver) -> None:
    # Measured 87/87 (2026-12-03; 93/95 before discovery needed a sign of one
    # organization). The discovery rules (discovery.toml) were written after reading every
    # label, held-out ones included, so this split is no longer blind.
    score = _bench().score_labels(resolver)["heldout"]
    assert score.attributed >= 85
    assert score.correct / score.attributed >= 0.97


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.98 precision is not reached on the samples' blind draws blind24 to blind51, "
        "pooled, even after the rules and names read off their misses: 6,311/6,537 = 0.965. "
        "As first scored (each draw labeled by two labelers before the resolver ran on it): "
        "blind51, the last (the 295 strings the draws before it left), 215/227 = 0.947; "
        "blind24 to blind50 0.954, 0.947, 0.932, 0.925, 0.948, 0.958, 0.945, 0.947, 0.966, "
        "0.961, 0.948, 0.919, 0.942, 0.918, 0.925, 0.928, 0.918, 0.950, 0.942, 0.967, 0.960, "
        "0.940, 0.924, 0.961, 0.968, 0.953, 0.928; a third labeler scores 0.990 by the same "
        "scorer on blind24 to blind26; see BENCHMARKS.md"
    ),
)
def test_precision_target(shared_data: Path) -> None:
    # Scored as the warehouse attributes the strings: with the sponsor's PAC rules. Pooled:
    # blind51 took the last strings of the samples, so no fresh draw is left, and its own
    # misses were read after it was scored (0.982 alone now).
    named = _named_strings(shared_data)
    scores = _bench().score_labels(EmployerResolver(), named)
    tail = [f"blind{k}" for k in range(24, 52)]
    correct = sum(scores[split].correct for split in tail)
    assert correct / sum(scores[split].attributed for split in tail) >= 0.98


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.98 precision is not reached on the strings drawn from the .fec filings, a "
        "population the resolver was not developed on (each draw labeled before the resolver "
        "ran on it, scored once): efile6 (the last 28 strings) 21/22 = 0.955, efile5 207/216 "
        "= 0.958, efile4 225/241 = 0.934, efile3 219/237 = 0.924, efile2 224/238 = 0.941, "
        "efile 215/241 = 0.892; the six draws, every string with dollars, pooled, after the "
        "changes read off their misses, 1,155/1,194 = 0.967; see BENCHMARKS.md"
    ),
)
def test_precision_target_on_the_filings(resolver: EmployerResolver) -> None:
    # Pooled: the six draws hold every string of the filings with dollars.
    score = _bench().score_labels(resolver, labels=_bench().EFILE_LABELS)["all"]
    assert score.correct / score.attributed >= 0.98


def test_precision_on_the_filings(resolver: EmployerResolver) -> None:
    # Measured after the changes read off each draw's misses (2026-12-04), the strings
    # alone: efile 225/239 (215/241 as first scored, 219/241 with four labels set to the
    # convention of employer_labels.csv), efile2 227/236 (224/238 as first scored), efile3
    # 222/237 (219/237); 223/237 after the twelfth session's registry additions. efile4,
    # drawn in the eighteenth session after its changes: 225/241 as first scored, the same
    # on its starting resolver (7 of its 16 misses a firm beside SELF, which its labelers
    # read as the firm and the earlier draws' labelers mostly as SELF_EMPLOYED; 232/241 once
    # those labels were set to that convention in the nineteenth session). efile5, drawn at
    # the nineteenth session's start from the last 328 strings: 207/216 as first scored;
    # 212/216 after the changes read off its, blind43's and oth7's misses. efile6, the last
    # 28 strings, drawn at the twenty-fourth session's start: 21/22, too few for a floor.
    scores = _bench().score_labels(resolver, labels=_bench().EFILE_LABELS)
    floors = {"efile": 0.935, "efile2": 0.955, "efile3": 0.93, "efile4": 0.95, "efile5": 0.95}
    for split, least in floors.items():
        assert scores[split].attributed >= 210
        assert scores[split].correct / scores[split].attributed >= least


def test_precision_all(resolver: EmployerResolver) -> None:
    scores = _bench().score_labels(resolver)
    # Measured 1,160/1,184 on all 1,400 labels after the loosened discovery rules 4, 5, 6
    # and 2c (1,115/1,138 before them, 2026-12-03), 450/477 on the first 500 before
    # discovery needed a sign of one organization. Blind, each draw scored: "extra"
    # 166/191 = 0.869 (2026-11-24), "blind3" 233/244 = 0.955, "blind4" 233/251 = 0.928 and
    # "blind5" 219/233 = 0.940 (2026-12-03). The loosened discovery rules were measured on
    # every split, blind5 included, so none is blind any more: now blind3 252/256, blind4
    # 250/255, blind5 236/250. After the unit rule (units.toml) and the government
    # abbreviations: 1,165/1,184 on those 1,400 labels, blind5 241/250 (five blind5 labels
    # wrong -> right, none right -> wrong). blind6 (2026-12-03), labeled before the
    # resolver ran on it and scored once on the resolver of that day: 236/252; with it, all
    # 1,700 labels 1,401/1,436 = 0.976.
    # Second session of 2026-12-03 (kind words, a second name after an inner legal form,
    # "/", the start of a known name, subsidiaries.toml, 422 largest companies; six labels
    # re-pointed at the registry entries that now hold their organizations): the first six
    # splits 1,411/1,438 (blind6 243/251, no longer blind); blind7, labeled before the
    # resolver ran on it and scored once: 220/239. All 2,000 labels: 1,631/1,677 = 0.973.
    # Third session of 2026-12-03 (237 universities, university systems and Kirby; three
    # labels re-pointed at the new entries): all 2,000 labels 1,632/1,681 = 0.971. blind8,
    # labeled before the resolver ran on it and scored once: 213/234; with it, all 2,300
    # labels 1,845/1,915 = 0.963.
    # Fourth session of 2026-12-03 (the government round; a label naming the found
    # organization's group counts right): blind8 222/233, no longer blind. blind9, each
    # string labeled twice before the resolver ran on it and scored once: 209/235; all
    # 2,600 labels 2,063/2,148 = 0.960. After the unions and the second subsidiaries pass:
    # blind9 214/235 (no longer blind); blind10, labeled like blind9 and scored once:
    # 216/235; all 2,900 labels 2,283/2,382 = 0.958. After the business-line rule and the
    # coined one-word names: blind10 219/236 (no longer blind); blind11, labeled like blind9
    # and scored once: 225/243; all 3,200 labels 2,514/2,626 = 0.957. After names cut
    # inside a word and union lodges by number: blind10 221/235, blind11 226/242 (neither
    # blind now); blind12, scored once: 213/234; all 3,500 labels 2,730/2,856 = 0.956.
    # Fifth session of 2026-12-03: discovery takes a common surname with a trade word as
    # one firm (the labels read 66 of the 77 so): all 2,796/2,933 = 0.953, extra 165/171,
    # blind4 255/263, blind6 248/259, blind12 221/242. Then a saint's or a faith's hospital
    # name alone as no particular one, names without their "&", the carpenters' councils and
    # the hospital rosters: blind6 247/259 (two PROVIDENCE labels re-pointed at the registry
    # entry Providence got after they were written; PROVIDENCE HEALTH, discovered, is now
    # wrong), blind12 225/240; blind13, labeled like blind9 and scored once: 219/236; all
    # 3,800 labels 3,019/3,164 = 0.954. After the acquisitions pass (two labels re-pointed at
    # their owner): blind14, labeled like blind9 and scored once: 238/254; all 4,100 labels
    # 3,259/3,419 = 0.953. After 163 more coined one-word names: blind15, labeled like blind9
    # and scored once: 223/239; all 4,400 labels 3,484/3,658 = 0.952.
    # Sixth session of 2026-12-03 (local governments by their places, sign words, one-word
    # names that dominate their name, hospital, university, bank and firm passes, 88
    # regional banks; PRIMELENDING re-pointed at Hilltop): the 4,400 labels before blind16
    # 3,549/3,720 = 0.954; blind16, labeled like blind9 and scored once: 214/234; all 4,700
    # labels 3,763/3,954 = 0.952. blind17, drawn and labeled after blind16 was scored and
    # scored once on the same resolver: 232/248; all 5,000 labels 3,995/4,202 = 0.951.
    # Then a word after OF is no legal suffix (COMMONWEALTH OF PA) and the four
    # commonwealths by their official names: blind17 233/248 (no longer blind).
    # Seventh session of 2026-12-03 (U OF and state codes after UNIVERSITY OF, a city's
    # department as the city, the military's bases and the VA's centers by pattern,
    # legislatures by a state's code, 863 units of the companies; two labels re-pointed at
    # new entries): blind18, drawn and labeled before any change and scored once: 224/244
    # (223/243 on the session's starting resolver); all 5,300 labels 4,239/4,458. Then
    # KELLOGG COMPANY, Kellanova's former name, an alias: blind18 225/244 (no longer blind).
    # Ninth session (2026-12-04): blind19 and blind20, each scored once as the warehouse
    # attributes the strings (the named sponsor's PAC rule), 223/239 and 213/230; by the
    # strings alone, as here, all 5,900 labels 4,683/4,931 = 0.950 (the rule's strings
    # counted, 4,701/4,936 = 0.952).
    # Tenth session (2026-12-04): blind21, drawn and labeled before any change, scored once
    # as the warehouse attributes the strings: 215/232 on the session's starting resolver,
    # 213/232 with the sponsor's PAC rule. Then units sold since the samples' cycles as
    # their 2025 owners', UCHealth apart from its university, a government body without
    # its place as no employer: by the strings alone, as here, all 6,200 labels
    # 4,900/5,163 = 0.949 (the string rules counted, 4,931/5,168 = 0.954). blind22, drawn
    # and labeled after those changes, scored once as the warehouse attributes the strings:
    # 225/242. Then letters written apart that spell a state's code joined, cut legal
    # forms, a union's council before its name, the sponsor's unit by its initials, the
    # governor's office without its state: all 6,500 labels 5,129/5,402 = 0.949 (the
    # string rules counted, 5,163/5,410 = 0.954). Then a sponsor's unit named on its PAC,
    # CRH's materials companies under Oldcastle. blind23, drawn and labeled after them,
    # scored once as the warehouse attributes the strings: 201/222 (202/222 once the
    # scorer read "occupational" as no "occupation"); by the strings alone, as here, all
    # 6,800 labels 5,326/5,624 = 0.947 (the string rules counted, 5,366/5,631 = 0.953).
    # Then 28 names read off the labeled misses (units and companies bought, WEXLER &
    # WALKER, CROWLEY LINER SERVICES), and a franchise brand cut after REAL as the brand
    # alone: all 5,350/5,622 = 0.952 (the string rules counted, 5,390/5,629 = 0.958).
    assert scores["all"].attributed >= 6050
    assert scores["all"].correct / scores["all"].attributed >= 0.945
    # 165/172 = 0.959: WATERBURY FIRE DEPT., labeled which Waterbury, is Waterbury CT's by
    # rule 7 (a city 50 times the size of its namesakes) since the sixth session. 164/172 =
    # 0.953 since the sixteenth session's names of companies bought: MEMPHIS STONE & GRAVEL
    # COMPANY, labeled a business the registry lacks, is Granite Construction's (2024).
    assert scores["extra"].correct / scores["extra"].attributed >= 0.95
    # 258/264 = 0.977: FEATURE FILMS (labeled generic words) is one firm by rule 2d.
    assert scores["blind3"].correct / scores["blind3"].attributed >= 0.975
    assert scores["blind4"].correct / scores["blind4"].attributed >= 0.965
    assert scores["blind5"].correct / scores["blind5"].attributed >= 0.96
    assert scores["blind5"].attributed >= 245
    assert scores["blind6"].correct / scores["blind6"].attributed >= 0.95
    # 220/240 = 0.917: UNIVERSITY OF MASSACHUSETTS-BAYSTATE (a UMass campus) counted right
    # as an organization of its own while its university was not in the registry.
    assert scores["blind7"].correct / scores["blind7"].attributed >= 0.915
    assert scores["blind8"].correct / scores["blind8"].attributed >= 0.94
    assert scores["blind9"].correct / scores["blind9"].attributed >= 0.905
    assert scores["blind10"].correct / scores["blind10"].attributed >= 0.935
    assert scores["blind11"].correct / scores["blind11"].attributed >= 0.93
    assert scores["blind12"].correct / scores["blind12"].attributed >= 0.93
    assert scores["blind13"].correct / scores["blind13"].attributed >= 0.925
    assert scores["blind14"].correct / scores["blind14"].attributed >= 0.935
    assert scores["blind15"].correct / scores["blind15"].attributed >= 0.93
    assert scores["blind16"].correct / scores["blind16"].attributed >= 0.915
    assert scores["blind17"].correct / scores["blind17"].attributed >= 0.945
    assert scores["blind18"].correct / scores["blind18"].attributed >= 0.92
    assert scores["blind19"].correct / scores["blind19"].attributed >= 0.94
    assert scores["blind20"].correct / scores["blind20"].attributed >= 0.92
    assert scores["blind21"].correct / scores["blind21"].attributed >= 0.93
    assert scores["blind22"].correct / scores["blind22"].attributed >= 0.945
    assert scores["blind23"].correct / scores["blind23"].attributed >= 0.88
    # Twelfth session (2026-12-04): blind24, drawn and labeled at its start, scored once as
    # the warehouse attributes the strings after the registry's multinationals and member
    # hospitals (written without reading it): 226/237, the same as on the session's
    # starting resolver. blind25, drawn after blind24's misses were read: 233/246. After
    # the names read off both draws' misses, the strings alone: blind24 228/236, blind25
    # 233/244, all 7,400 labels 5,841/6,123 = 0.954 (as the warehouse attributes them,
    # 5,888/6,133 = 0.960).
    assert scores["blind24"].correct / scores["blind24"].attributed >= 0.955
    assert scores["blind25"].correct / scores["blind25"].attributed >= 0.945
    # blind26, drawn after blind25's misses were read, scored once as the warehouse
    # attributes the strings after the federal agencies were added (written without reading
    # it): 219/235, the same as before them.
    assert scores["blind26"].correct / scores["blind26"].attributed >= 0.93
    # Thirteenth session (2026-12-04): blind27, drawn and labeled at its start, scored once
    # as the warehouse attributes the strings after the parts rule and the registry's
    # bought companies, former names, named units and state agencies (written without
    # reading it): 223/241 (221/241 on the session's starting resolver). Then TECH after
    # INSTITUTE OF read as TECHNOLOGY, and the facilities the states run: the strings alone
    # 221/241, all 8,000 labels 6,297/6,604 = 0.954 (as the warehouse attributes them,
    # 6,351/6,614 = 0.960).
    assert scores["blind27"].correct / scores["blind27"].attributed >= 0.91
    # blind28, drawn after blind27's misses were read and the states' facilities added,
    # scored once as the warehouse attributes the strings: 219/231 (the strings alone, as
    # here, 218/230); 221/230 after four names read off its misses.
    assert scores["blind28"].correct / scores["blind28"].attributed >= 0.94
    # Fourteenth session (2026-12-05): blind29, drawn and labeled at its start, scored once
    # as the warehouse attributes the strings after the session's changes (written without
    # reading it): 229/239, the same as on the session's starting resolver; 234/239 after
    # six names read off its misses (the strings alone, as here, 231/239). blind30, drawn
    # after blind29 was scored: 208/220, the same on the starting resolver; 212/220 after
    # four names and the sponsor's unit by initials written apart (G-P CHEMICALS) read off
    # its misses (the strings alone 209/220).
    assert scores["blind29"].correct / scores["blind29"].attributed >= 0.95
    assert scores["blind30"].correct / scores["blind30"].attributed >= 0.94
    # blind31 scored once at the fourteenth session's end: 231/244 (the strings alone, as
    # here, the same). Fifteenth session (2026-12-05): blind32, drawn and labeled at its
    # start, scored once as the warehouse attributes the strings after the one-word and
    # several-word names' reviews and the cut-word rule (written without reading it):
    # 226/234, 225/234 on the starting resolver (the strings alone now, as here, 222/235).
    # blind33, drawn after blind32 was scored: 222/231, the same on the starting resolver;
    # 229/231 after the short forms of UNIVERSITY and five names read off its misses.
    assert scores["blind31"].correct / scores["blind31"].attributed >= 0.94
    assert scores["blind32"].correct / scores["blind32"].attributed >= 0.94
    assert scores["blind33"].correct / scores["blind33"].attributed >= 0.98
    # blind34, drawn after blind33 was scored and the universities' names added: 221/233,
    # the same on the starting resolver; 227/233 after the department without OF and the
    # names read off its misses (the strings alone 223/233). blind35, drawn after blind34
    # was scored, on the session's final resolver: 217/236 (216/235 on the starting one);
    # 223/236 after six names read off its misses (the strings alone 218/236).
    assert scores["blind34"].correct / scores["blind34"].attributed >= 0.95
    assert scores["blind35"].correct / scores["blind35"].attributed >= 0.92
    # blind36, drawn after blind35 was scored, on the same final resolver: 226/240 (225/240
    # on the starting one); no names were read off its misses (the strings alone 225/240).
    assert scores["blind36"].correct / scores["blind36"].attributed >= 0.93
    # Sixteenth session (2026-12-05): blind37, drawn and labeled at its start, scored once
    # after the misspelled and written-short names, the hospitals' endings, the unions'
    # state bodies and the names of 1,582 companies' purchases and units (written without
    # reading it): 223/243, the same on the starting resolver; 225/243 after the state's
    # code read in full and USWA (the strings alone 223/243). blind38, drawn after blind37
    # was scored, on the session's final resolver: 223/241 (222/240 on the starting one;
    # the strings alone 222/241).
    assert scores["blind37"].correct / scores["blind37"].attributed >= 0.91
    assert scores["blind38"].correct / scores["blind38"].attributed >= 0.91
    # Seventeenth session (2026-12-05): blind39, drawn after its shared-word rule and four
    # names were written, scored once: 206/222, the same on the starting resolver; 208/221
    # after EMPLOYED named no employer and known words written short (SOCIAL SECURITY ADM,
    # CALIFORNIA INST. OF TECHNOLOGY) were read (the strings alone 207/221).
    assert scores["blind39"].correct / scores["blind39"].attributed >= 0.93
    # Eighteenth session (2026-12-05): blind40, drawn and labeled at its start, scored once
    # after a contracted word (SCHL) was read: 213/232, the same on the starting resolver;
    # 214/231 after MED after COLLEGE OF, a semicolon joining employers, a business OWNER and
    # CAREGIVER were read off its and oth4's misses; 216/231 once the sponsor's PAC rule left
    # strings whose donors work for themselves (SOFTBEAR INC., REALTOR CONCIERGE SERVICES).
    assert scores["blind40"].correct / scores["blind40"].attributed >= 0.91
    # blind41, drawn after blind40 was scored and those changes written, scored once:
    # 227/239, the same on the starting resolver and on the final one.
    assert scores["blind41"].correct / scores["blind41"].attributed >= 0.93
    # blind42, drawn after blind41 was scored and the sponsor's PAC change written, scored
    # once on the session's final resolver: 229/243 (the same on the starting one).
    assert scores["blind42"].correct / scores["blind42"].attributed >= 0.92
    # Nineteenth session (2026-12-05): blind43, drawn and labeled at its start, scored once
    # on its starting resolver: 233/241; 235/240 after the changes read off its, oth7's and
    # efile5's misses (US DEPT LABOR, UNIVERSITY OF COLORADO/NASA, CAREMOUNT MEDICAL).
    # blind44, drawn after those changes, scored once on the session's final resolver:
    # 217/226 (the same on the starting one); 219/226 after three names read off its and
    # oth8's misses. blind45, drawn after that and the health systems' names, scored once
    # on the final resolver: 221/235 (the same on the starting one).
    assert scores["blind43"].correct / scores["blind43"].attributed >= 0.95
    assert scores["blind44"].correct / scores["blind44"].attributed >= 0.93
    assert scores["blind45"].correct / scores["blind45"].attributed >= 0.92
    # Twentieth session (2026-12-06): blind46, drawn and labeled at its start, scored once
    # on its starting resolver: 218/236; 221/236 after the names read off the labels' misses
    # (its two FOX ENTERTAINMENT GROUP strings, NEACE LUKENS). blind47, drawn after
    # those changes, scored once on the session's final resolver: 220/229 (219/229 on the
    # starting one). The strings alone, as here: 217/236 and 216/228.
    assert scores["blind46"].correct / scores["blind46"].attributed >= 0.91
    assert scores["blind47"].correct / scores["blind47"].attributed >= 0.94
    # Twenty-first session (2026-12-06): blind48, drawn and labeled at its start, scored once
    # on its starting resolver: 215/222; 218/223 after the changes read off its misses and
    # the older labels' (FOLEY CELLULOSE, FORD MOTOR COMPANY- RETIREE, USAF-RET). blind49,
    # drawn after blind48 was scored and labeled while those changes were written, scored
    # once on the final resolver: 205/215 (the same on the starting one); 207/215 after two
    # names read off its misses. blind50, drawn after blind49 was scored and the changes
    # written, scored once on the final resolver: 207/223 (the same on the starting one);
    # 208/223 after two names read off its and oth14's misses. The strings alone, as here:
    # 213/223, 201/214 and 204/222.
    assert scores["blind48"].correct / scores["blind48"].attributed >= 0.94
    assert scores["blind49"].correct / scores["blind49"].attributed >= 0.93
    assert scores["blind50"].correct / scores["blind50"].attributed >= 0.90
    # Twenty-second session (2026-12-06): blind51, drawn and labeled at its start from the
    # samples' last 295 unlabeled strings, scored once on its starting resolver: 215/227
    # (the same after the health systems' cores, written before it was read); 221/225 after
    # a state's code read anywhere, four names read off its misses and an everyday word
    # alone. The strings alone, as here: 216/225.
    assert scores["blind51"].correct / scores["blind51"].attributed >= 0.95


@functools.cache
def _settled_lines(shared_data: Path) -> list:
    """The samples' lines their context settles (bench_employers.settled_lines), once."""
    return _bench().settled_lines(shared_data, EmployerResolver())


def _named_strings(shared_data: Path) -> dict:
    """The samples' strings the sponsor's PAC rules settle on all of their lines
    (bench_employers.named_strings): scored as the warehouse attributes them."""
    return _bench().named_strings(_settled_lines(shared_data), EmployerResolver())


@functools.cache
def _dollar_shares(shared_data: Path) -> dict[tuple[bool, bool], float]:
    """The share of the samples' itemized dollars attributed to an organization or a
    non-organization, by (blank counted, lines read): by each employer string alone, plus
    the lines whose context settles a string that names nothing alone."""
    bench = _bench()
    rows = bench.employer_dollars(shared_data)
    res = EmployerResolver()
    total = sum(d for _, d, _ in rows)
    named = blank = 0.0
    for e, d, _ in rows:
        m = res.resolve(e)
        if m.non_org == "NOT_REPORTED":
            blank += d
        elif m.org_id is not None or m.non_org is not None:
            named += d
    # A discovered string's lines a sponsor's PAC names were counted already.
    lined = sum(line.dollars for line in _settled_lines(shared_data) if not line.alone_attributed)
    return {
        (blank_counts, lines_read): (named + blank * blank_counts + lined * lines_read) / total
        for blank_counts in (False, True)
        for lines_read in (False, True)
    }


def _dollar_share(
    shared_data: Path, *, blank_counts: bool = False, lines_read: bool = True
) -> float:
    return _dollar_shares(shared_data)[(blank_counts, lines_read)]


def test_dollar_share_true_bound(shared_data: Path) -> None:
    # Measured 0.914 of the samples' itemized dollars with blank employers left out, 0.952
    # counting a blank as the recognised "not reported" (eighth session of 2026-12-03: the
    # lines read, 0.008 of the dollars, and the PAC sponsors' registry entries). By the
    # strings alone 0.905 and 0.943 (0.904 and 0.942 in the sixth session: local
    # governments by their places, sign words; 0.900 and 0.938 in the fifth, a common
    # surname with a trade word discovered as one firm; 0.891 and 0.929 before it; 0.889
    # and 0.927 after the loosened discovery rules 4, 5, 6 and 2c; 0.879 and 0.917 before
    # them, 0.943 and 0.981 before discovery needed a sign of one organization); see
    # BENCHMARKS.md.
    assert _dollar_share(shared_data, lines_read=False) >= 0.90
    assert _dollar_share(shared_data, lines_read=False, blank_counts=True) >= 0.94
    assert _dollar_share(shared_data) >= 0.91
    assert _dollar_share(shared_data, blank_counts=True) >= 0.95


def test_lines_settled_as_judged(shared_data: Path) -> None:
    # Every line the context rules settle in the samples was judged by two judges apart
    # (tests/data/employer_context_labels.csv). The line rules: 514 of 524 right, 2 wrong
    # (a wife filed under her husband's name, a research professor), 7 unsure (own names
    # beside an employee's job), all in the own-name rule, and one unsure, a $2,000 gift
    # from a retired donor of a BOARD OF EDUCATION (0.980 of the dollars). The named
    # sponsor's PAC rule: 113 of 129 lines right ($49,669 of $54,079), every other one a
    # unit sold or spun off since its people gave to their owner's PAC (the registry names
    # owners as of 2025); 137 of 155 before the sixteenth session's names of companies'
    # units and purchases made 26 of its lines' strings (24 right, 2 wrong) registry names
    # read without the lines. The sponsor's PAC rule: 144 of 180 lines right (0.80 of its
    # dollars; 174 of 212 before those names and a state's code read in full took 32 lines,
    # 30 right), after the units sold
    # since the gifts went to their 2025 owners; the rest directors' own firms, family
    # members' employers, Fox's former units and two strings that name no business. A line
    # the rules settle differently from how it was judged shows as not judged and fails
    # this test until it is judged.
    judged = _bench().context_labels()
    string_rules = {"named sponsor's PAC", "sponsor's PAC"}
    for rules, share, dollar_share in (
        ({"named sponsor's PAC"}, 0.87, 0.9),
        ({"sponsor's PAC"}, 0.8, 0.78),
        (None, 0.98, 0.975),
    ):
        settled = [
            line
            for line in _settled_lines(shared_data)
            if (line.rule in rules if rules else line.rule not in string_rules)
        ]
        verdicts = [judged.get((line.key, line.decision), "not judged") for line in settled]
        assert settled and "not judged" not in verdicts
        assert verdicts.count("RIGHT") / len(verdicts) >= share
        right = sum(line.dollars for line, v in zip(settled, verdicts, strict=True) if v == "RIGHT")
        assert right / sum(line.dollars for line in settled) >= dollar_share


def test_dollar_weighted_precision(shared_data: Path) -> None:
    # The share of the samples' attributed dollars attributed right, the strings scored as
    # the warehouse attributes them. Since blind51 took the last unlabeled strings, every
    # string is labeled and the share is counted exactly: 0.992 (2026-12-06, twenty-second
    # session). Before, the strings labeled before the latest draw were counted exactly and
    # the others estimated by it: by blind50, 0.992 (95% interval 0.992-0.992), 0.998 of
    # the attributed dollars in the counted part (by blind49: 0.992, 0.992-0.992,
    # 0.997 counted; by blind48: 0.992, 0.992-0.992,
    # 0.995 counted; by blind47: 0.992, 0.992-0.992, 0.994 counted; by blind46: 0.992,
    # 0.992-0.992,
    # 0.992 counted; by blind45: 0.992, 0.991-0.992, 0.990 counted; by blind44: 0.992,
    # 0.991-0.992,
    # 0.989 counted; by blind42: 0.991, 0.991-0.992,
    # 0.985 counted; by blind41: 0.991, 0.991-0.992,
    # 0.983 counted; by blind40: 0.991, 0.990-0.992, 0.981 counted; by blind39: 0.991,
    # 0.990-0.992, 0.978 counted; by blind38: 0.991, 0.990-0.991, 0.976 counted; by
    # blind36, the fifteenth session's last draw: 0.991, 0.990-0.992, 0.971 counted;
    # estimated by blind9 to blind31 as each was scored: 0.975, 0.982, 0.984, 0.982, 0.985,
    # 0.986, 0.986, 0.984, 0.986, 0.985, 0.987, 0.987, 0.986, 0.987, 0.986, 0.990, 0.990,
    # 0.989, 0.989, 0.990; by blind29 to blind31 with the fourteenth session's final
    # resolver: 0.992, 0.992, 0.991; by blind34 with the fifteenth's before blind35 was
    # labeled: 0.992; by blind35: 0.991).
    bench = _bench()
    rows = bench.employer_dollars(shared_data)
    estimate, low, high, counted = bench.dollar_weighted_precision(
        rows, EmployerResolver(), "blind51", _named_strings(shared_data)
    )
    assert counted == 1.0 and low == estimate == high  # counted, none estimated
    assert estimate >= 0.98


def test_dollar_weighted_precision_on_the_filings(shared_data: Path) -> None:
    # The same for the .fec filings' attributed dollars, as the warehouse attributes them
    # (their filers' sponsors read from every committee master), every string counted
    # since efile6 took the last 28: 0.985, 2026-12-06 (twenty-fourth session). With the
    # strings of efile to efile5 counted exactly (0.9998 of the attributed dollars), the 28
    # others estimated by efile5: 0.985 (0.985-0.985), 2026-12-06; before the latest
    # draw's own strings were counted too, 0.984 (0.984-0.984) with efile to efile4
    # counted, 0.989 of the attributed dollars (by efile4: 0.982, 0.981-0.984, 0.957
    # counted; by efile3, with efile and efile2 counted:
    # 0.980, 0.976-0.983, 0.896 counted, after the changes the draws' misses prompted);
    # 0.953 with the session's starting resolver (efile's strings counted exactly, the rest
    # estimated by efile, the only draw then).
    bench = _bench()
    lines = _efile_lines(shared_data)
    resolver = EmployerResolver()
    named = bench.named_strings(bench.efile_settled_lines(shared_data, lines, resolver), resolver)
    estimate, low, high, counted = bench.dollar_weighted_precision(
        bench.efile_employer_dollars(lines), resolver, "efile6", named,
        labels_file=bench.EFILE_LABELS, splits=tuple(bench.EFILE_SEEDS),
    )  # fmt: skip
    assert counted == 1.0 and low == estimate == high  # counted, none estimated
    assert estimate >= 0.98


@functools.cache
def _oth_named_strings(shared_data: Path) -> dict:
    """itoth's strings its lines settle as a whole, as the warehouse attributes them."""
    bench, resolver = _bench(), EmployerResolver()
    lines = bench.settled_lines(shared_data, resolver, (bench.OTH,), memo=True)
    return bench.named_strings(lines, resolver)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.98 precision is not reached on the strings drawn from itoth's individuals, a "
        "population the resolver was not developed on (each draw labeled before the "
        "resolver ran on it, scored once): oth22 (the last 51 strings) 30/31 = 0.968, oth21 "
        "190/198 = 0.960 (192/198 after its misses were read), oth20 196/206 = 0.951, oth19 "
        "184/193 = 0.953, "
        "oth18 196/201 = 0.975, oth17 184/193 = 0.953, "
        "oth16 199/208 = 0.957, "
        "oth15 197/204 = 0.966, oth14 185/193 = 0.959, oth13 188/198 = 0.949, "
        "oth12 202/210 = 0.962, "
        "oth11 208/216 = 0.963, oth10 196/201 = 0.975, "
        "oth9 210/217 = 0.968, oth8 182/191 = 0.953, oth7 "
        "196/205 = 0.956, oth6 193/199 = 0.970, oth5 202/212 = 0.953, oth4 189/201 = 0.940, "
        "oth3 199/207 = 0.961, oth2 202/209 = 0.967, oth 248/254 = 0.976; the twenty-two "
        "draws, every string with dollars, pooled, after the changes read off their misses, "
        "4,208/4,322 = 0.974 (4,207/4,321 before the twenty-fifth session); see BENCHMARKS.md"
    ),
)
def test_precision_target_on_itoth(shared_data: Path) -> None:
    # Pooled, as the filings': the draws hold every string of itoth with dollars.
    named = _oth_named_strings(shared_data)
    score = _bench().score_labels(EmployerResolver(), named, labels=_bench().OTH_LABELS)["all"]
    assert score.correct / score.attributed >= 0.98


def test_precision_on_itoth(shared_data: Path) -> None:
    # As first scored, each on the resolver of its hour: oth 248/254 and oth2 202/209 on the
    # session's starting one, oth3 199/207 after the shared-word rule and four names read
    # off the first two's misses (the same on the starting one). After the changes read
    # off their misses: oth 252/255, oth2 206/209, oth3 200/207 (LUMINANT ENERGY). oth4,
    # drawn at the eighteenth session's start: 189/201 as first scored (the same on the
    # starting resolver), 190/200 after CAREGIVER and a business OWNER were read; oth5, drawn
    # after that, 202/212 on the final resolver (201/212 on the starting one); oth6, drawn
    # after the sponsor's PAC change, 193/199 (the same on the starting one). oth7, drawn at
    # the nineteenth session's start: 196/205 as first scored, 197/204 after the changes
    # read off the session's first draws; oth8, drawn after them, 182/191 on the final
    # resolver (the same on the starting one); oth9, drawn after the health systems' names,
    # 210/217 (the same on the starting one). oth10, drawn at the twentieth session's start:
    # 196/201 as first scored, 198/201 after the names read off the labels' misses and a
    # known name's own unit (N.Y.U. DOWNTOWN HOSPITAL, US GOVERNMENT SSA); oth11,
    # drawn after them, 208/216 on the final resolver (the same on the starting one).
    # oth12, drawn at the twenty-first session's start: 202/210 as first scored, 204/209
    # after the changes read off its misses and the older labels' (NORTHWELL.EDU, DIPLOMAT,
    # NEPHILA ADVISORS); oth13, labeled while they were written, 188/198 on the final
    # resolver (the same on the starting one), 189/198 after NYC PUBLIC SCHOOLS was read;
    # oth14, drawn after that, 185/193 on the final resolver (the same on the starting
    # one), 186/193 after THE LITTLE CLINIC was read. oth15, drawn at the twenty-second
    # session's start: 197/204 as first scored (the same with the health systems' cores,
    # written before it was read), 196/202 after the changes read off its and blind51's
    # misses; oth16, labeled while they were written, 199/208 on the resolver after them
    # (the same on the starting one), 199/205 after an everyday word alone; oth17, labeled
    # while that was written, 184/193 on the final resolver (184/194 on the starting one);
    # oth18, drawn after that, 196/201 on the final resolver (the same on the starting one).
    # oth19 and oth20, drawn at the twenty-third session's start: oth20 196/206 as first
    # scored, 199/203 after the changes read off its misses (a franchise brand alone among
    # them); oth19, scored after those, 184/193 (the same on the starting resolver), 186/192
    # after the flagships' names; oth21, drawn after oth20's changes, 190/198 on the final
    # resolver (the same on the starting one), 192/198 after two names read off its misses.
    # oth22, the last 51 strings, drawn at the twenty-fourth session's start: 30/31, too few
    # for a floor.

    named = _oth_named_strings(shared_data)
    scores = _bench().score_labels(EmployerResolver(), named, labels=_bench().OTH_LABELS)
    floors = {"oth": 0.98, "oth2": 0.98, "oth3": 0.95, "oth4": 0.93, "oth5": 0.93, "oth6": 0.95}
    floors |= {"oth7": 0.94, "oth8": 0.93, "oth9": 0.95, "oth10": 0.96, "oth11": 0.94}
    floors |= {"oth12": 0.95, "oth13": 0.93, "oth14": 0.94, "oth15": 0.95, "oth16": 0.95}
    floors |= {"oth17": 0.93, "oth18": 0.95, "oth19": 0.95, "oth20": 0.96, "oth21": 0.95}
    for split, least in floors.items():
        assert scores[split].attributed >= 185
        assert scores[split].correct / scores[split].attributed >= least


def test_dollar_weighted_precision_on_itoth(shared_data: Path) -> None:
    # The share of itoth's attributed dollars attributed right, as the warehouse attributes
    # them, every string counted since oth22 took the last 51: 0.997 (twenty-fourth
    # session). With the strings of oth to oth21 counted exactly (0.99999 of the
    # attributed dollars), the rest estimated by oth21: 0.997 (0.997-0.997); by oth18,
    # 0.996 (0.996-0.996, 0.999 counted). Before,
    # with the draws up to the one before the latest
    # counted: by oth14, 0.996 (0.996-0.996, 0.997 counted); by oth13, 0.996
    # (0.996-0.996, 0.996 counted); by oth12, 0.996
    # (0.996-0.996, 0.995 counted); by oth11, 0.996 (0.996-0.996, 0.994 counted); by oth10,
    # 0.996
    # (0.996-0.997, 0.994 counted); by oth9, 0.996 (0.995-0.996, 0.992 counted); by oth8,
    # 0.996 (0.995-0.996,
    # 0.991 counted); by oth6, 0.996 (0.995-0.996,
    # 0.987 counted); by oth5, 0.996 (0.995-0.996,
    # 0.984 counted); by oth4, 0.996 (0.995-0.996, 0.978 counted); by oth3 in the seventeenth
    # session 0.996 (0.995-0.997), 0.990 (0.989-0.991) with that session's starting
    # resolver; 0.994 (0.991-0.996) by oth and oth2 as first scored (oth counted exactly,
    # the rest estimated by oth2).
    bench = _bench()
    estimate, low, high, counted = bench.dollar_weighted_precision(
        bench.oth_employer_dollars(shared_data), EmployerResolver(), "oth22",
        _oth_named_strings(shared_data), labels_file=bench.OTH_LABELS,
        splits=tuple(bench.OTH_SEEDS),
    )  # fmt: skip
    assert counted == 1.0 and low == estimate == high  # counted, none estimated
    assert estimate >= 0.99


@functools.cache
def _rest_named_strings(shared_data: Path) -> dict:
    """The rest's strings their lines settle as a whole, as the warehouse attributes them."""
    return _bench().rest_named_strings(shared_data, EmployerResolver())


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.98 precision is not reached on the strings no draw by dollars reached (the "
        "tail of three populations, labeled before the resolver ran on them, scored once): "
        "333/350 = 0.951 as the warehouse attributes them; see BENCHMARKS.md"
    ),
)
def test_precision_target_on_the_rest(shared_data: Path) -> None:
    bench = _bench()
    named = _rest_named_strings(shared_data)
    score = bench.score_labels(EmployerResolver(), named, labels=bench.REST_LABELS)["all"]
    assert score.correct / score.attributed >= 0.98


def test_precision_on_the_rest(shared_data: Path) -> None:
    # As first scored at the twenty-fifth session's start, as the warehouse attributes
    # them: rest-samples 129/134, rest-itoth 182/194, rest-itoth-2016 22/22; the strings
    # alone 334/350. The unit words before a name, read off the session's misses, change
    # none of them.
    bench = _bench()
    named = _rest_named_strings(shared_data)
    scores = bench.score_labels(EmployerResolver(), named, labels=bench.REST_LABELS)
    floors = {"rest-samples": 0.95, "rest-itoth": 0.93, "all": 0.945}
    for split, least in floors.items():
        assert scores[split].attributed >= 130
        assert scores[split].correct / scores[split].attributed >= least
    assert scores["rest-itoth-2016"].correct == scores["rest-itoth-2016"].attributed >= 20


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.95 of dollars is not reached when blank employers do not count (0.915 with the "
        "lines read; 0.953 counting a blank as the recognised 'not reported')"
    ),
)
def test_dollar_share_target(shared_data: Path) -> None:
    assert _dollar_share(shared_data) >= 0.95


def test_subject_matter_is_a_firm(resolver: EmployerResolver) -> None:
    # The Washington government-affairs firm (LDA registrant; its donors are its partners),
    # once taken for a vague phrase (held-out label subject-matter).
    assert resolver.resolve("SUBJECT MATTER").org_id == "subject-matter"


def test_a_known_last_word_cut_only_where_it_starts_one_name(resolver: EmployerResolver) -> None:
    # Not cut at 38 characters, a last word that is a word of a registry name (TE, of TE
    # CONNECTIVITY; MAR, of COSTA DEL MAR) is read as cut when it starts the word in its
    # place of one organization's names only (since the seventeenth session; NIST's here),
    # and as written where it starts two's (the Marshals' and the Marine Corps').
    assert resolver.resolve("NATIONAL INSTITUTE OF STANDARDS AND TE").org_id == "nist"
    assert resolver.resolve("NATL INSTITUTE OF STANDARDS AND TE").org_id == "nist"
    assert resolver.resolve("UNITED STATES MAR").org_id not in {"us-marshals", "us-marine-corps"}


def test_start_of_a_name_that_is_a_body_of_its_own(resolver: EmployerResolver) -> None:
    # The university is not the start of its medical center's name; a generic bank name
    # starts many banks' names.
    assert resolver.resolve("UNIVERSITY OF PITTSBURGH").org_id != "upmc"
    assert not resolver.resolve("FIRST FINANCIAL BANK").resolved

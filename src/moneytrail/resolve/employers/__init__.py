"""Employer strings → organizations (with their ultimate parent) or recognised non-organizations.

Every fact the resolver uses (aliases, parents, industries, non-organization variants,
normalization rules) lives in the TOML files under ``data/`` so that it can be reviewed
and cited; this module only applies them, in a fixed order:

1. manual overrides (a user's TOML file), on the raw string then on its normalized form;
2. blank → NOT_REPORTED;
3. exact: the normalized string is a known alias of an organization or a known
   variant of a non-organization;
4. rule: a non-organization pattern, an organization pattern, or a known alias followed
   only by generic words ("SERVICES", "HOLDINGS", "USA", a legal suffix, ...);
   a unit: an organization's specific name followed only by unit words (departments,
   specialties, functions, places: CEDARS SINAI IMAGING, EXXONMOBIL FUELS MARKETING; see
   ``units.toml``), tried after the near-misses of step 5, with a lower confidence; a
   hospital's name with other endings for the kind of body, several or none (SHAWNEE
   MISSION HOSPITAL for SHAWNEE MISSION MEDICAL CENTER, BAY CARE HEALTH for BAYCARE;
   ``normalization.toml``);
5. fuzzy: a near-miss of one known alias (difflib ratio ≥ ``FUZZY_CUTOFF``, clearly
   ahead of any other organization's alias), for the misspellings no list foresees, or
   one known name with one word misspelled or words written short (KAISER PERMENANTE,
   NEW HANOVER REG MED CTR), tried after the cut-name rule;
6. normalized: a string that carries a sign of being one specific organization (a
   distinguishing word with a legal form, a trade word or names joined by "&"; see
   ``discovery.toml``) is an organization of its own, a "discovered" one with org_id
   ``n:`` + its normalized form (a small firm no registry lists). So is one the string
   itself identifies: an incorporated name of three or more words, a name and car brands
   (a dealership), a kind word (BROADBAND, ORTHODONTICS) with a name, a state's body of
   three or more words with a trade word. The rest stay unresolved: job titles, vague
   phrases, people's names, one short or shared word, a place with an institution type.

The modules, lowest first: ``datafiles`` reads the TOML files; ``normalize`` makes a
string comparable; ``rules`` holds the discovery and unit rules; ``registry`` the
organizations, their aliases and parents, and a user's overrides; ``match`` what a
resolved string is; ``resolver`` applies them all in the order above; ``tables`` runs the
resolver over Arrow columns and builds the organizations table.
"""

from moneytrail.resolve.employers.match import (
    DISCOVERED_PREFIX,
    NOT_REPORTED,
    EmployerMatch,
    discovered_org_id,
)
from moneytrail.resolve.employers.normalize import normalize_employer
from moneytrail.resolve.employers.registry import Registry, toml_string
from moneytrail.resolve.employers.resolver import CONFIDENCE, EmployerResolver, resolve_employer
from moneytrail.resolve.employers.tables import (
    ORGANIZATION_SCHEMA,
    RESULT_SCHEMA,
    organizations_arrow,
    resolve_employers_arrow,
)

__all__ = [
    "CONFIDENCE",
    "DISCOVERED_PREFIX",
    "EmployerMatch",
    "EmployerResolver",
    "NOT_REPORTED",
    "ORGANIZATION_SCHEMA",
    "RESULT_SCHEMA",
    "Registry",
    "discovered_org_id",
    "normalize_employer",
    "organizations_arrow",
    "resolve_employer",
    "resolve_employers_arrow",
    "toml_string",
]

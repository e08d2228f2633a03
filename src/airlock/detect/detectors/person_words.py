"""Word lists that tell a person's name from the name of a firm, a place or a street.

Keys are folded like the lexicon's (lower case, no accents): see `person_names.fold`.
"""

from __future__ import annotations


def words(text: str, sep: str | None = None) -> frozenset[str]:
    """A set of words written as one string (compact for long lists)."""
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


PARTICLES = words("de da del della der den di du dos das le la van von ten ter bin ibn al el")
# A capitalized word before a given name that makes the pair a place ("Santa Clara").
PLACE_PREFIXES = words("san santa saint st mount mt fort ft port lake cape camp")
# A word after a name that makes it the name of a place or organisation
# ("John Hopkins University", "George Washington Bridge").
ORG_WORDS = words(
    """university college school academy institute foundation hospital clinic center centre
    street avenue road boulevard drive highway bridge tunnel airport station stadium arena
    museum library memorial award awards prize fellowship scholarship lecture inc llc ltd
    corp corporation company co group bank fund trust partners associates building tower
    county city syndrome disease effect law theorem principle"""
)
# Words that make a run of capitalized words a firm ("Contoso Retail", "Acme GmbH"),
# wherever they stand in it. None is also a given name or a surname.
COMPANY_WORDS = words(
    """retail retailers traders trading logistics energy systems foods imports exports
    analytics ltd limited gmbh ag kg ug sa sas sarl srl spa bv nv plc llc llp inc pty oy
    corp corporation company companies bank holdings group gruppe services solutions
    technologies technology software consulting consultants industries enterprises
    international labs laboratories networks capital ventures investments insurance
    pharmaceuticals pharma motors airlines partners associates media digital electronics
    studios realty properties construction manufacturing bros supplies restaurants hotels
    agency marketing publishing automotive finance financial healthcare engineering"""
)
# Street types (USPS suffixes and British ones) after a street's name: "Baker Street",
# "Gail Stravenue". Those that are also surnames ("Hill", "Wells") make a street only
# after a house number; the lexicon splits them (`Lexicon.street_only`).
STREET_SUFFIXES = words(
    """alley anex arcade avenue bayou beach bend bluff bluffs bottom boulevard branch bridge
    brook brooks burg burgs bypass camp canyon cape causeway center centers circle circles
    cliff cliffs club common commons corner corners course court courts cove coves creek
    crescent crest crossing crossroad curve dale dam divide drive drives estate estates
    expressway extension extensions fall falls ferry field fields flat flats ford fords
    forest forge forges fork forks fort freeway garden gardens gateway glen glens green
    greens grove groves harbor harbors haven heights highway hill hills hollow inlet island
    islands isle junction junctions key keys knoll knolls lake lakes land landing lane light
    lights loaf lock locks lodge loop mall manor manors meadow meadows mews mill mills
    mission motorway mount mountain mountains neck orchard oval overpass park parks parkway
    parkways pass passage path pike pine pines place plain plains plaza point points port
    ports prairie radial ramp ranch rapid rapids rest ridge ridges river road roads route
    row run shoal shoals shore shores skyway spring springs spur spurs square squares
    station stravenue stream street streets summit terrace throughway trace track
    trafficway trail tunnel turnpike underpass union unions valley valleys viaduct view
    views village villages ville vista walk walks wall way ways well wells close parade
    rise wharf yard"""
)
# Street types written before the street's name, which is often a person's: "rue Simone
# Boutin", "Callejón de Juliana Salmerón", "Plaza Marc Campo". The second set are also
# English words ("via", "place", "route"): they count only capitalized.
STREET_TYPES = words(
    """rue avenue av ave boulevard bd blvd chemin allee impasse quai calle avenida avda
    callejon carrer alameda canada glorieta acceso cuesta rambla travesia pasaje carretera
    urbanizacion rua praca largo vicolo viale piazza corso strasse gasse"""
)
STREET_TYPES_CAPITALIZED = frozenset(
    {"Via", "Vial", "Place", "Route", "Cours", "Plaza", "Paseo", "Camino", "Ronda", "C"}
)
# Places and firms that read as a given name and a surname.
NOT_PERSON_PAIRS = words(
    """hong kong|victoria falls|winston salem|jackson hole|monte carlo|elizabeth line
    |albert hall|morgan stanley|charles schwab|edward jones|john deere|arthur andersen|eli lilly
    |wells fargo|grant thornton|allen overy|clifford chance|morgan lewis|davis polk|paul weiss
    |dow jones|ernst young|dolce gabbana|louis vuitton|ralph lauren|tommy hilfiger|estee lauder
    |christian dior|giorgio armani|coco chanel|pierre cardin|gianni versace|calvin klein
    |hugo boss|kate spade|tory burch|marc jacobs|vera wang|paul mitchell|johnny walker|jim beam
    |oscar mayer|betty crocker|ronald mcdonald|mary kay|aston martin|rolls royce
    |harley davidson|alfa romeo|ben jerry""",
    "|",
)

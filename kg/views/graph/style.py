"""How classes look in the view: a colour per family of classes, a shape per class in it."""

from __future__ import annotations

from collections import defaultdict

# Colour by family of classes (found through rdfs:subClassOf, so the ontology's own hierarchy
# decides), shape by class within a family.  Okabe-Ito colours: distinguishable for colour-blind
# readers, and the shapes carry the distinction too.
_FAMILIES = (  # (colour, local names of the class or any ancestor)
    ("#0072B2", {"Person", "Agent"}),
    ("#E69F00", {"Organization", "FormalOrganization", "OrganizationalUnit", "Corporation",
                 "NewsMediaOrganization", "Company", "Organisation"}),
    ("#CC79A7", {"Event", "Activity"}),
    ("#56B4E9", {"Product", "CreativeWork", "SoftwareApplication"}),
    ("#009E73", {"Post", "Role", "Position"}),
    ("#7F7F7F", {"Metric", "Concept"}),
    ("#D55E00", {"Place", "Location"}),
    ("#8C6D31", {"Intangible", "Strategy"}),
)
_PALETTE = ("#6A3D9A", "#B8A400", "#17BECF", "#E377C2", "#1B9E77", "#A6761D")
_SHAPES = ("dot", "square", "diamond", "triangle", "star", "triangleDown", "hexagon")
# an institution (kgo:Organization) is drawn apart from companies, in the organisations' colour
_PREFERRED_SHAPE = {"Person": "dot", "Company": "square", "Organization": "hexagon",
                    "Post": "triangle", "Product": "diamond", "Metric": "triangleDown",
                    "Event": "star"}
FIGURE_STYLE = ("#9E9E9E", "box")

def class_styles(class_names: list[str], ancestors) -> dict[str, tuple[str, str]]:
    """class -> (colour, vis shape): a colour per family, a distinct shape per class in it."""
    family_of: dict[str, int] = {}
    for name in class_names:
        lineage = ancestors(name)
        for depth_name in lineage:
            hit = next((k for k, (_c, names) in enumerate(_FAMILIES) if depth_name in names), None)
            if hit is not None:
                family_of[name] = hit
                break
    styles: dict[str, tuple[str, str]] = {}
    members: dict[int, list[str]] = defaultdict(list)
    for name in class_names:
        if name in family_of:
            members[family_of[name]].append(name)
    for family, names in sorted(members.items()):
        colour = _FAMILIES[family][0]
        used: set = set()
        for name in names:   # preferred shapes first
            shape = _PREFERRED_SHAPE.get(name)
            if shape and shape not in used:
                styles[name] = (colour, shape)
                used.add(shape)
        free = [s for s in _SHAPES if s not in used]
        k = 0
        for name in names:
            if name in styles:
                continue
            if k < len(free):
                styles[name] = (colour, free[k])
            else:   # more classes than shapes: vary the shade as well
                styles[name] = (_shade(colour, 0.35 if (k // len(_SHAPES)) % 2 else -0.3),
                                _SHAPES[k % len(_SHAPES)])
            k += 1
    rest = [name for name in class_names if name not in styles]
    taken = set(styles.values())
    combo = 0
    for name in rest:
        while name not in styles:
            style = (_PALETTE[combo % len(_PALETTE)], _SHAPES[combo % len(_SHAPES)])
            combo += 1
            if style not in taken or combo > len(_PALETTE) * len(_SHAPES):
                styles[name] = style
                taken.add(style)
    return styles


def _shade(hex_colour: str, amount: float) -> str:
    value = int(hex_colour[1:], 16)
    rgb = [(value >> 16) & 255, (value >> 8) & 255, value & 255]
    out = [round(c * (1 + amount)) if amount < 0 else round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{max(0, min(255, c)):02X}" for c in out)


# Relations are coloured by family.  A relation joins the family that names it or any of its
# super-properties (rdfs:subPropertyOf, local names), so a new relation declared under, say,
# org:hasUnit is coloured with the units without an edit here.  Colours differ from the class
# colours' meaning (edges are thin lines): a dark, saturated set, told apart on white.
REL_FAMILIES = (  # (key, colour, local names of the relation or any super-property)
    ("posts", "#1F78B4", {"holdsPost", "heldBy", "postIn", "holds", "hasPost", "appoints",
                          "leads", "ledBy", "employs", "worksFor"}),
    ("structure", "#8C564B", {"hasUnit", "unitOf", "hasSegment", "segmentOf", "partOf",
                              "hasPart", "isPartOf", "memberOf", "hasMember", "subsidiaryOf",
                              "hasSubsidiary", "parentOf", "mergedInto"}),
    ("competition", "#D62728", {"competesWith", "rivalOf"}),
    ("partnership", "#2CA02C", {"partnersWith", "customerOf", "hasCustomer", "collaboratesWith",
                                "clientOf", "servesCustomer"}),
    ("investment", "#9467BD", {"investsIn", "acquires", "acquiredBy", "fundedBy", "funds",
                               "ownsStakeIn", "shareholderOf"}),
    ("supply", "#E08A00", {"supplies", "suppliedBy", "offers", "offeredBy", "providesTo",
                           "uses", "usesProduct"}),
    ("events", "#E7298A", {"carriedOutBy", "wasAssociatedWith", "affects", "spares",
                           "announces", "establishes", "discontinues", "restructures",
                           "occasionOf", "launches", "anniversaryOf", "newsAbout"}),
    ("strategy", "#17A2B8", {"pursues", "shiftsFocusFrom", "shiftsFocusTo", "drives",
                             "drivenBy", "hasComponent", "componentOf", "costDrivenBy",
                             "revenueDrivenBy"}),
    ("claims", "#6B6B6B", {"reportedBy", "claimedBy", "wasAttributedTo", "writtenBy",
                           "addressedTo", "mentionOf", "hasBody", "cites", "quotes", "issuedBy"}),
)
#: The family of relations that match none of the above.
OTHER_FAMILY = ("other", "#A0A8B4")


def relation_family(lineage: list[str]) -> tuple[str, str]:
    """(family key, colour) of a relation, given its local name and its super-properties'
    (nearest first): the first name that a family lists decides."""
    for name in lineage:
        for key, colour, names in REL_FAMILIES:
            if name in names:
                return key, colour
    return OTHER_FAMILY


def families_json(used: set[str]) -> list[dict]:
    """The families in the legend order, those with a relation in the view only."""
    every = [(key, colour) for key, colour, _names in REL_FAMILIES] + [OTHER_FAMILY]
    return [{"k": key, "col": colour} for key, colour in every if key in used]


def font_size(size: float) -> int:
    """Label font size (px at zoom 1) of a node drawn ``size`` big (10..38, by PageRank): 13
    for the smallest, 21 for the hub.  app.js computes the same from the node's ``z``."""
    return round(13 + 8 * max(0.0, min(1.0, (size - 10) / 28)))

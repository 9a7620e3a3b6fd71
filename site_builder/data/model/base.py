"""The building blocks of the vendor model: records, facts with their descriptions and questions, provenance and sources."""

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from site_builder.data.values import (
    IsoDate,
    Name,
    Slug,
    Text,
    Title,
    Url,
)

SCHEMA_VERSION = 1

T = TypeVar("T")


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# A YAML list, stored as an immutable tuple (strict mode would refuse the list itself). The model's
# validators are module-level functions or methods, never lambdas or closures, so that the compiled
# schema can be kept between runs (`data/schema_cache.py`).
Seq = Annotated[tuple[T, ...], BeforeValidator(_as_tuple)]


def fact(description: str, *, question: str | None = None, unit: str | None = None, **kw: Any):
    """An optional fact: unknown (None) until a source says otherwise.

    `question` is what a buyer asks the vendor when the fact is unknown; `unit` is shown next
    to the value. Both travel in the JSON schema (`x-question`, `x-unit`) so every consumer
    reads them from this one place.
    """
    extra: dict[str, Any] = {}
    if question:
        extra["x-question"] = question
    if unit:
        extra["x-unit"] = unit
    return Field(None, description=description, json_schema_extra=extra or None, **kw)


class Record(BaseModel):
    """Base of every model: immutable, strict types, unknown keys rejected.

    Validators are built when a model first validates (`defer_build`), not when its class is
    defined: only `Vendor` validates a file, and building it builds the parts it holds, so the
    other 30-odd classes never pay for a validator of their own (a quicker `validate`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)


class Sourced(Record):
    """Provenance shared by every section: which source backs the facts, and replies to them."""

    fact_sources: dict[str, Slug] = Field(
        default_factory=dict,
        description="Per-fact source override: field name -> source id, where one fact of "
        "this section comes from a different source than `source`.",
    )
    disputed_by_vendor: dict[str, Text] = Field(
        default_factory=dict,
        description="Right of reply: field name -> the vendor's objection to that fact, shown next to it.",
    )
    inferred: dict[str, Text] = Field(
        default_factory=dict,
        description="Facts read between the lines rather than stated: field name -> the reasoning "
        "(e.g. 'the privacy notice says all data is encrypted'). Such a fact weighs as evidence kind "
        "'inferred' in the confidence figure, and a top pick resting on it says so.",
    )
    note: Text | None = fact("Free-form Markdown remarks about this section (sanitised on the site).")

    def source_for(self, name: str, inherited: str | None = None) -> str | None:
        """Id of the source backing fact `name`: its override, else this item's, else inherited."""
        return self.fact_sources.get(name) or getattr(self, "source", None) or inherited


# The keys that say where a fact comes from rather than what it is: every `Sourced` field, `source`,
# and `covers` (which products the facts apply to).
PROVENANCE: frozenset[str] = frozenset({"source", "covers", *Sourced.model_fields})


COVERS_DESCRIPTION = (
    "Ids of the entries in `products` these facts apply to; omitted: the compared product(s). Facts "
    "about a neighbouring or predecessor product are shown as context and never scored."
)


class Section(Sourced):
    """A top-level section of a profile: it must name its source."""

    source: Slug = Field(description="Id of the entry in `sources` that backs this section.")
    covers: Seq[Slug] | None = Field(None, description=COVERS_DESCRIPTION)


class Part(Sourced):
    """A nested item (an SLA tier, a component): it may name its own source, else inherits."""

    source: Slug | None = Field(
        None, description="Id of the source for this item; defaults to the section's source."
    )


# --- provenance ---------------------------------------------------------------------------

EvidenceKind = Literal[
    "contract",
    "public_terms",
    "trust_centre",
    "audit_report",
    "questionnaire",
    "vendor_documentation",
    "marketing",
    "third_party",
    "incident_database",
    "hands_on_test",
    "analyst_note",
]

# Not a kind of document: the evidence kind of a fact a section lists in its `inferred` map.
INFERRED = "inferred"


class Source(Record):
    """One piece of evidence cited by the profile."""

    id: Slug = Field(description="Short id that sections cite with `source:`.")
    title: Title = Field(description="Title of the document or page.", min_length=1)
    kind: EvidenceKind = Field(
        description="Kind of evidence: contract (signed contract or SLA document), "
        "public_terms (public SLA/terms page), trust_centre, audit_report (SOC 2/ISO report; "
        "give its date in `published`), questionnaire (vendor's answer to our questions), "
        "vendor_documentation (help centre, admin guide), marketing (vendor's claim), "
        "third_party (reseller, aggregator, forum copy), incident_database, hands_on_test, "
        "analyst_note."
    )
    retrieved: IsoDate = Field(description="Date we read the source (YYYY-MM-DD).")
    url: Url | None = fact("Where the source can be read; omit for private documents.")
    published: IsoDate | None = fact(
        "Date printed on the source ('Last updated', 'Effective', audit report date)."
    )
    publisher: Name | None = fact("Who published it, when not the vendor (e.g. a reseller).")
    copy_of: Url | None = fact(
        "Address of the original document when this source is a copy hosted elsewhere (a reseller's "
        "or aggregator's copy of the vendor's SLA)."
    )
    other_urls: Seq[Url] | None = fact(
        "Further addresses of the same document (translations, mirrors, a second page of it)."
    )
    note: Text | None = fact("What to know about this source (archived copy, partial text...).")


class Contradiction(Record):
    """Two sources that disagree about a fact; kept so readers see the conflict."""

    field: Title = Field(description="Dotted path of the fact in question, e.g. sla.tiers[0].sole_remedy.")
    summary: Text = Field(description="What the sources say, in one or two sentences.")
    sources: Seq[Slug] = Field(description="Ids of the sources that disagree.", min_length=1)

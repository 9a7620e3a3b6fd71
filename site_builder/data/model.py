"""The vendor profile: the one and only field list of vendor data.

Input: plain Python values from `load.py` (dicts, lists, str, int, float, bool, None).
Output: frozen `Vendor` records. The JSON schema, the data-format reference page, the
`site-builder new` scaffold and the "questions to ask" all derive from these classes, so a
field is declared here once, with its description, unit and the buyer's question for it.

Every fact is optional and `None` means *unknown*: never read it as "no" or 0. An empty list
means "known to be none". This module does no I/O and knows nothing about files or positions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from site_builder.data.values import (
    Availability,
    ClockTime,
    Count,
    Currency,
    Duration,
    IsoDate,
    Name,
    NonNegative,
    Percent,
    Slug,
    Text,
    Title,
    Url,
)

SCHEMA_VERSION = 1

T = TypeVar("T")
# A YAML list, stored as an immutable tuple (strict mode would refuse the list itself).
Seq = Annotated[tuple[T, ...], BeforeValidator(lambda v: tuple(v) if isinstance(v, list) else v)]


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
    """Base of every model: immutable, strict types, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


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


# --- SLA ---------------------------------------------------------------------------------

Period = Literal["month", "quarter", "year", "event", "session"]
Exclusion = Literal[
    "planned_maintenance",
    "emergency_maintenance",
    "customer_caused",
    "customer_network",
    "misconfiguration",
    "force_majeure",
    "third_party_carriers",
    "third_party_services",
    "suspension",
    "beta_features",
]
ClaimStart = Literal[
    "incident", "target_missed", "month_end", "following_month_end", "billing_cycle_end", "eligibility"
]
DowntimeMeasure = Literal["total_in_period", "single_outage", "user_minutes", "error_rate"]
CreditUnit = Literal[
    "monthly_fee_pct", "affected_service_fee_pct", "event_fee_pct", "service_days", "fixed_amount"
]
Commitment = Literal["sla", "slo", "best_effort"]


class CreditStep(Record):
    """One row of a service-credit table: availability below `below_pct` earns `credit_pct`."""

    below_pct: Availability | None = fact(
        "Availability (%) under which this step applies (strictly below).", unit="%"
    )
    min_outage: Duration | None = fact("For duration-based credits: the outage must last at least this long.")
    credit_pct: Percent | None = fact(
        "Credit as % of the credit base (monthly fee); unknown if the table cell was not seen.",
        unit="%",
    )
    credit_days: NonNegative | None = fact(
        "For credits paid as extra service time: the days of service added (the seeds' compensation in "
        "service days).",
        unit="days",
    )
    credit_amount: NonNegative | None = fact(
        "For a fixed-amount credit: the amount, in the pricing currency."
    )
    label: Name | None = fact("The step as the source names it, e.g. 'Free Month'.")


class Component(Part):
    """A component or channel with its own availability target (e.g. voice, WFO)."""

    name: Name = Field(description="Component or channel name, e.g. 'VCC Voice'.")
    availability_pct: Availability | None = fact("Availability target for this component.", unit="%")
    definition: Text | None = fact("What 'available' means for this component.")
    credits: Seq[CreditStep] | None = fact("Credit steps specific to this component.")
    credit_base: Text | None = fact("What this component's credit percentage is applied to.")
    credits_partial: bool | None = fact(
        "True if only part of this component's credit table was captured: the rows seen are not the "
        "whole table, so no level outside them reads as 'no credit'."
    )


class ClaimWindow(Record):
    """How long a customer has to claim a service credit, and from when."""

    within: Duration = Field(description="Time allowed to file the claim, e.g. '30d' or '24h'.")
    starts: ClaimStart = Field(
        description="When the clock starts: incident, target_missed (the failure to meet the "
        "target), month_end, following_month_end (the end of the month after the incident), "
        "billing_cycle_end, or eligibility (when the customer becomes eligible for the credit)."
    )


class SlaTier(Part):
    """One SLA tier or edition with its own availability commitment."""

    name: Name = Field(description="Tier or edition name, e.g. 'Enterprise'.")
    covers: Seq[Slug] | None = Field(None, description=COVERS_DESCRIPTION)
    editions: Seq[Name] | None = fact(
        "Product editions this tier applies to.",
        question="Which product editions does each SLA tier cover?",
    )
    commitment: Commitment | None = fact(
        "sla (backed by credits), slo (an objective, no credits) or best_effort.",
        question="Is the availability figure a contractual SLA with credits, or only an objective?",
    )
    availability_pct: Availability | None = fact(
        "Committed availability.",
        unit="%",
        question="What availability do you commit to in the contract, per tier?",
    )
    measurement_period: Period | None = fact(
        "Period availability is measured over: month, quarter or year, or per event or session (a "
        "webinar, a campaign); monthly and yearly allowances exist only for calendar periods.",
        question="Over what period is availability measured (month, quarter, year)?",
    )
    scope: Text | None = fact(
        "What the commitment applies to (per region, per account...).",
        question="Does the availability commitment apply per region, per account or to the whole service?",
    )
    downtime_definition: Text | None = fact(
        "What counts as unavailable, in the source's terms.",
        question="What exactly counts as downtime (which functions, how many users, how long)?",
    )
    measurement_granularity: Duration | None = fact(
        "Smallest period counted as down (e.g. continuous 5-minute periods).",
        question="What is the shortest outage that counts as downtime (for example, five minutes in a row)?",
    )
    formula: Text | None = fact(
        "Availability formula as written, e.g. '(A - B) / A'.",
        question="How exactly do you calculate the availability percentage? Please send the formula.",
    )
    exclusions: Seq[Exclusion] | None = fact(
        "What the SLA does not count as downtime.",
        question="What is excluded from the availability calculation?",
    )
    components: Seq[Component] | None = fact(
        "Per-component or per-channel targets.",
        question="Do any components or channels (voice, digital, workforce management) have their own "
        "availability target, credits or definition of downtime?",
    )
    credits: Seq[CreditStep] | None = fact(
        "Service-credit table, highest threshold first.",
        question="What service credits do you pay at each availability level?",
    )
    credits_partial: bool | None = fact(
        "True if only part of the credit table was captured (e.g. one row): the rows seen are not the "
        "whole table, so no level outside them reads as 'no credit'."
    )
    credit_base: Text | None = fact(
        "What the credit percentage is applied to (e.g. monthly recurring charges).",
        question="Which charges is the credit percentage applied to: the whole monthly bill, or one "
        "product's fees?",
    )
    credit_cap_pct: Percent | None = fact(
        "Most credit payable in a period, as % of the credit base.",
        unit="%",
        question="What is the cap on service credits in a month?",
    )
    credits_refundable: bool | None = fact(
        "True if credits can be paid out; false if only offset against future invoices.",
        question="Are service credits paid out as money, or only deducted from future invoices?",
    )
    claim_window: ClaimWindow | None = fact(
        "Deadline for claiming a credit, when this tier has its own; otherwise the SLA's `claim_window`.",
        question="How long do we have to file a credit claim, and from when is that time counted?",
    )
    claim_channel: Text | None = fact(
        "How to claim (support portal, email) and what evidence is needed.",
        question="Where do we file a credit claim, and what evidence must it include?",
    )
    eligibility: Text | None = fact(
        "Conditions for credits (payments current, recommended configuration).",
        question="What must we do to qualify for credits (for example, be up to date with payments or use a "
        "configuration you recommend)?",
    )
    sole_remedy: bool | None = fact(
        "True if credits are the customer's sole and exclusive remedy for missed availability.",
        question="Are service credits the sole remedy, or can we also claim damages or terminate?",
    )
    downtime_measure: DowntimeMeasure | None = fact(
        "How downtime is counted: total_in_period (all downtime in the period adds up), single_outage "
        "(one outage must pass a threshold), user_minutes (minutes x users affected) or error_rate (a "
        "minute counts as down above an error-rate threshold).",
        question="Is downtime the total over the period, a single outage over a threshold, user-minutes, or "
        "minutes above an error rate?",
    )
    credit_unit: CreditUnit | None = fact(
        "What a credit is paid in: monthly_fee_pct (% of the monthly fee), affected_service_fee_pct (% of the "
        "affected service's fee), event_fee_pct (% of an event's fees or registrations), service_days "
        "(extra service time) or fixed_amount.",
        question="Is a credit a share of the whole monthly fee, of the affected service's fee, extra service "
        "days, or a fixed amount?",
    )
    mtbf: Duration | None = fact(
        "Committed mean time between failures.",
        question="Do you commit to a mean time between failures (MTBF), and how is it measured?",
    )
    mttr: Duration | None = fact(
        "Committed mean time to repair.",
        question="Do you commit to a mean time to repair (MTTR), and how is it measured?",
    )
    performance_floor: Text | None = fact(
        "Performance the SLA guarantees beside availability (response times, throughput), as worded.",
        question="Does the SLA guarantee performance (response times, throughput) beside availability?",
    )
    service_limits: Text | None = fact(
        "Limits the SLA sets: service hours, scalability, request counts, as worded.",
        question="What limits does the SLA set on service hours, growth (scalability) and request counts?",
    )
    premium_available: bool | None = fact(
        "True if a premium or custom SLA level can be bought.",
        question="Do you offer a premium SLA level, and at what cost?",
    )


class Sla(Section):
    """Availability commitments, credits and claims."""

    tiers: Seq[SlaTier] = Field(description="One entry per SLA tier or edition.", min_length=1)
    effective: IsoDate | None = fact(
        "Date this version of the SLA took effect (YYYY-MM-DD, or YYYY-MM when the document gives a month).",
        question="Which version of the SLA applies to us, and from what date?",
    )
    replaces: Text | None = fact("What the previous version said where this one changed it, as worded.")
    fixed_for_term: bool | None = fact(
        "True if the version signed stays in force for the whole term (the vendor cannot change it).",
        question="Is the SLA version we sign fixed for our whole term, or can you change it?",
    )
    status_page: Url | None = fact(
        "Public status page.", question="Do you publish a public status page, and at what address?"
    )
    claim_window: ClaimWindow | None = fact(
        "Deadline for claiming a credit where the document sets one for every tier; a tier's own "
        "`claim_window` overrides it.",
    )
    claim_channel: Text | None = fact(
        "How to claim a credit, where the document says it once for every tier; a tier's own "
        "`claim_channel` overrides it."
    )
    change_notice: Duration | None = fact(
        "Notice the vendor gives before changing the SLA.",
        question="How much notice do you give before changing the SLA?",
    )


# --- Support -----------------------------------------------------------------------------

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class HoursWindow(Record):
    """Support hours: 24x7, or days with a start and end time."""

    always: bool | None = fact("True for round-the-clock (24x7x365) cover.")
    days: Seq[Weekday] | None = fact("Days covered, e.g. [mon, tue, wed, thu, fri].")
    start: ClockTime | None = fact("Opening time, HH:MM.")
    end: ClockTime | None = fact("Closing time, HH:MM.")
    timezone: Name | None = fact("Time zone of the window, e.g. 'US/Pacific' or 'customer local'.")
    holidays_excluded: Seq[Name] | None = fact(
        "Days the window does not run, e.g. ['25 December', '1 January']."
    )


class Severity(Record):
    """A support severity level with its targets."""

    level: Count = Field(description="Severity number, 1 = most severe.")
    name: Name | None = fact("Name of the level, e.g. 'Critical'.")
    definition: Text | None = fact("When an incident gets this level.")
    response: Duration | None = fact("First-response target.")
    restore: Duration | None = fact("Target time to restore service or give a workaround.")
    repair: Duration | None = fact("Target time to repair the cause, beside response and restore.")
    resolution: Duration | None = fact("Target time to a permanent fix.")
    hours: HoursWindow | None = fact("When this level is worked on.")
    update_interval: Duration | None = fact("How often the customer gets status updates.")
    commitment: Commitment | None = fact("sla (with penalties), slo (objective) or best_effort.")


Channel = Literal["phone", "email", "portal", "chat", "community"]


class SupportProgramme(Part):
    """A support programme beside the standard terms (a paid premium care plan), with its own hours
    and targets. Shown on the vendor page; scoring reads the standard terms every customer gets."""

    name: Name = Field(description="The programme as the vendor names it, e.g. 'Premium Care'.")
    hours: HoursWindow | None = fact("General hours under this programme.")
    severities: Seq[Severity] | None = fact("Severity levels with their targets under this programme.")
    named_account_manager: bool | None = fact("True if the programme assigns a named account manager.")
    price: Text | None = fact("What the programme costs, as worded.")


class Support(Section):
    """How support works: hours, channels, severity targets, account management."""

    hours: HoursWindow | None = fact(
        "General support hours.",
        question="What are your support hours (24x7, or which days and times, in which time zone)?",
    )
    channels: Seq[Channel] | None = fact(
        "Ways to reach support.",
        question="Through which channels can we reach support (phone, email, portal, chat)?",
    )
    severities: Seq[Severity] | None = fact(
        "Severity levels with response and restore targets.",
        question="What are the response and restore targets for each severity level, and when do they apply?",
    )
    named_account_manager: bool | None = fact(
        "True if the customer gets a named account or customer-success manager.",
        question="Will we have a named account manager, and is that included in the price?",
    )
    named_contacts: Count | None = fact(
        "How many customer staff may open tickets.",
        question="How many of our staff may open support tickets?",
    )
    premium_plans: Seq[Name] | None = fact(
        "Names of paid support plans.",
        question="Which paid support plans do you offer, what does each add, and what does it cost?",
    )
    programmes: Seq[SupportProgramme] | None = fact(
        "Support programmes beside the standard terms above, each with its own hours and targets (a "
        "premium care plan); the standard terms are what the comparison scores.",
        question="For each paid support plan: what hours, response, restore and repair targets does it set "
        "per severity?",
    )
    data_locality_options: Seq[Name] | None = fact(
        "Support restricted to a region (US-only, EEA-only).",
        question="Can support be limited to staff in one region (for example, inside the EEA only)?",
    )
    penalties: bool | None = fact(
        "True if missed support targets carry contractual penalties.",
        question="What penalties apply when you miss a response or fix deadline?",
    )


# --- Planned downtime ------------------------------------------------------------------------

PerPeriod = Literal["day", "week", "month", "quarter", "year"]
Cadence = Literal["continuous", "daily", "weekly", "biweekly", "monthly", "quarterly", "yearly"]


class MaintenanceWindow(Record):
    """A recurring planned-maintenance window: `count` windows of `duration` per `per`."""

    count: Count = Field(description="How many windows per period.")
    per: PerPeriod = Field(description="The period: day, week, month, quarter or year.")
    duration: Duration = Field(description="Length of each window, e.g. '1h' or '8h'.")
    notice: Duration | None = fact("Advance notice given before each window.")
    counts_against_sla: bool | None = fact("True if time in this window counts as downtime for the SLA.")
    service_unavailable: bool | None = fact(
        "True if the service is unavailable during the window (false: degraded or no impact)."
    )
    when: Text | None = fact("Usual timing, e.g. 'Wednesday and Saturday, off-peak ET'.")
    applies_to: Name | None = fact("Component the window applies to, when not the whole service.")


class Downtime(Section):
    """Planned downtime and how updates reach the customer's tenant."""

    planned_windows: Seq[MaintenanceWindow] | None = fact(
        "Recurring maintenance windows; an empty list means none are planned.",
        question="How many planned-maintenance windows do you schedule, how long is each, "
        "and is the service down during them?",
    )
    max_planned_per_month: Duration | None = fact(
        "Cap on planned downtime per month.",
        question="What is the most planned downtime you may take in a month?",
    )
    notice: Duration | None = fact(
        "Advance notice of planned maintenance.",
        question="How far in advance do you announce planned maintenance, and how?",
    )
    counts_against_sla: bool | None = fact(
        "True if planned maintenance counts as downtime in the SLA.",
        question="Does planned maintenance count against the availability commitment?",
    )
    zero_downtime_updates: bool | None = fact(
        "True if regular updates are deployed without downtime.",
        question="Are regular updates deployed without any downtime?",
    )
    release_cadence: Cadence | None = fact(
        "How often new functions and fixes ship.",
        question="How often do you ship updates and new functions?",
    )
    own_tenant_update_downtime: bool | None = fact(
        "True if updating the customer's own tenant causes downtime.",
        question="Will we have downtime when you update our tenant?",
    )
    other_tenant_update_downtime: bool | None = fact(
        "True if updating other customers' tenants can cause the customer downtime.",
        question="Can updates to other customers' tenants cause us downtime?",
    )
    emergency_maintenance_notice: Duration | None = fact(
        "Notice for emergency maintenance.",
        question="How much warning do you give before emergency maintenance?",
    )


# --- Architecture ------------------------------------------------------------------------------

TenancyModel = Literal["multi_tenant", "single_tenant", "multi_instance", "hybrid"]
IsolationLevel = Literal["logical", "separate_database", "dedicated_infrastructure"]
Region = Literal[
    "us",
    "us-gov",
    "ca",
    "br",
    "eu",
    "uk",
    "ch",
    "de",
    "fr",
    "au",
    "nz",
    "jp",
    "kr",
    "in",
    "sg",
    "za",
    "ae",
]
Hosting = Literal["aws", "gcp", "azure", "oracle", "own_data_centres", "mixed"]


class TenantIsolation(Section):
    """Tenancy, data isolation and where data lives."""

    model: TenancyModel | None = fact(
        "multi_tenant, single_tenant, multi_instance or hybrid.",
        question="Is the service multi-tenant, single-tenant or multi-instance?",
    )
    data_isolation: IsolationLevel | None = fact(
        "How the customer's data is kept apart: logical, separate_database or dedicated_infrastructure.",
        question="How is our data isolated from other tenants' data?",
    )
    noisy_neighbour_protection: Text | None = fact(
        "How one tenant's load or failure is kept from affecting others.",
        question="How do you stop another tenant's load or failure from affecting us?",
    )
    residency_regions: Seq[Region] | None = fact(
        "Regions where customer data can be kept.",
        question="In which regions can our data be stored, and does it ever leave them?",
    )
    hosting: Hosting | None = fact(
        "Where the platform runs.",
        question="Where does the platform run: in your own data centres, or on which public cloud?",
    )
    multi_region_failover: bool | None = fact(
        "True if the vendor offers failover to another region.",
        question="Can the service fail over to another region, and what does that require of us?",
    )


# --- Log4J ----------------------------------------------------------------------------------

Log4jStatus = Literal["not_affected", "affected", "fixed", "investigating", "unknown"]


class Log4j(Section):
    """The response to Log4Shell (CVE-2021-44228), a test of operational maturity."""

    affected: bool | None = fact(
        "True if the vendor's service was affected.",
        question="Was your service affected by Log4Shell (CVE-2021-44228)?",
    )
    status: Log4jStatus | None = fact("Status as last published (CISA vocabulary).")
    status_as_of: IsoDate | None = fact("Date the status was published.")
    first_response: IsoDate | None = fact(
        "Date of the vendor's first public response.",
        question="On what date did you first tell customers about Log4Shell?",
    )
    mitigated: IsoDate | None = fact(
        "Date exposed systems were mitigated.",
        question="On what date were your exposed systems protected against Log4Shell?",
    )
    remediated: IsoDate | None = fact(
        "Date all customers were fully remediated.",
        question="On what date were all customers fully remediated for Log4Shell?",
    )
    statement_url: Url | None = fact(
        "The vendor's public statement.", question="Where can we read your public statement on Log4Shell?"
    )

    @property
    def not_affected(self) -> bool:
        """Known not to have been affected (by `affected` or the published status)."""
        return self.affected is False or self.status == "not_affected"


# --- Commercials --------------------------------------------------------------------------

PricingModel = Literal[
    "named_agent",
    "concurrent_agent",
    "per_minute",
    "usage_based",
    "hourly",
    "monthly_active_user",
    "flat",
    "custom",
]
PriceUnit = Literal["per_agent_month", "per_user_month", "per_minute", "per_hour", "per_month", "per_unit"]


class ListPrice(Record):
    """A published price point."""

    name: Name = Field(description="What the price is for, e.g. 'Flex named user'.")
    covers: Seq[Slug] | None = Field(None, description=COVERS_DESCRIPTION)
    amount: NonNegative = Field(description="Price in the pricing currency.")
    approximate: bool | None = fact(
        "True if the source gives the amount only approximately ('about', 'from')."
    )
    unit: PriceUnit = Field(
        description="per_agent_month, per_user_month, per_minute, per_hour, per_month or per_unit."
    )
    model: PricingModel | None = fact("Licence model this price belongs to.")
    as_of: IsoDate | None = fact("Date the price was published.")
    source: Slug | None = Field(None, description="Source of this price, if not the section's.")


class Pricing(Section):
    """How the service is priced and what the contract commits the buyer to."""

    models: Seq[PricingModel] | None = fact(
        "Licence models offered.",
        question="Which licence models do you offer (named, concurrent, usage-based)?",
    )
    currency: Currency | None = fact(
        "ISO 4217 code of the prices.", question="In which currency will you quote and invoice?"
    )
    list_prices: Seq[ListPrice] | None = fact(
        "Public list prices; an empty list means none are published.",
        question="What are the unit prices of each function and licence we would use?",
    )
    minimum_seats: Count | None = fact(
        "Minimum number of seats.", question="What is the minimum seat commitment?"
    )
    minimum_commitment: Text | None = fact(
        "Minimum spend or commitment, as worded.",
        question="Do we commit to a minimum spend or usage, and how is that worded?",
    )
    term_months: Count | None = fact(
        "Usual contract term in months.", unit="months", question="What contract terms do you offer?"
    )
    early_termination_fee_pct: Percent | None = fact(
        "Fee for ending early, as % of the remaining contract value.",
        unit="%",
        question="What does it cost to end the contract early?",
    )
    telephony_separate: bool | None = fact(
        "True if telephony (minutes, numbers) is billed separately from the licences.",
        question="Is telephony (minutes, numbers) billed separately from the licences, and at what rates?",
    )
    taxes_included: bool | None = fact(
        "True if quotes include taxes and surcharges.",
        question="Do your quotes include all taxes, surcharges and regulatory fees?",
    )
    surcharges: Seq[Name] | None = fact(
        "Taxes and fees billed on top of the price.",
        question="Which taxes, surcharges and fees will you bill on top of the quoted price?",
    )
    price_increase_cap_pct: Percent | None = fact(
        "Largest yearly price increase allowed.",
        unit="%",
        question="Is there a cap on price increases at renewal?",
    )
    growth_surcharge: Text | None = fact(
        "Extra charges for adding seats, as worded.",
        question="What extra do you charge when we add seats during the term?",
    )
    seat_reduction_allowed: bool | None = fact(
        "True if seats can be reduced during the term.",
        question="Can we reduce seats during the term, and with what notice?",
    )
    auto_renewal: bool | None = fact(
        "True if the contract renews automatically.",
        question="Does the contract renew automatically, and how do we stop that?",
    )
    free_tier: Text | None = fact(
        "Free allowance, if any.", question="Is any usage included free of charge, and how much?"
    )


# --- Security, data protection, recovery --------------------------------------------------------

Certification = Literal[
    "soc1",
    "soc2",
    "soc3",
    "iso27001",
    "iso27017",
    "iso27018",
    "iso27701",
    "iso22301",
    "pci_dss",
    "hipaa",
    "hitrust",
    "c5",
    "fedramp",
    "irap",
    "csa_star",
    "cyber_essentials",
]


class Security(Section):
    """Security controls and attestations."""

    encryption_at_rest: bool | None = fact(
        "True if stored data is encrypted.", question="Is our data encrypted wherever you store it (at rest)?"
    )
    encryption_in_transit: bool | None = fact(
        "True if data in transit is encrypted.",
        question="Is our data encrypted whenever it travels over a network (in transit)?",
    )
    mfa: bool | None = fact(
        "True if multi-factor authentication is available.",
        question="Can our users sign in with multi-factor authentication?",
    )
    sso: bool | None = fact(
        "True if single sign-on (SAML/OIDC) is available.",
        question="Can our users sign in through our own single sign-on (SAML or OpenID Connect)?",
    )
    certifications: Seq[Certification] | None = fact(
        "Certifications and attestations held.",
        question="Which certifications and audit reports (SOC 2, ISO 27001...) can you share, with their dates?",
    )
    breach_notification: Duration | None = fact(
        "Promised time to notify the customer of a breach.",
        question="Within how many hours will you notify us of a security breach?",
    )
    security_tools_updated: Cadence | None = fact(
        "How often security tools (virus signatures, intrusion detection rules) are updated.",
        question="How often do you update your security tools (malware signatures, intrusion detection)?",
    )
    critical_patch_within: Duration | None = fact(
        "Target to patch critical vulnerabilities.",
        question="How fast do you patch critical vulnerabilities, and how often do you update security tools?",
    )
    pen_test_frequency: PerPeriod | None = fact(
        "How often third parties test the platform.",
        question="How often do independent testers try to break into the platform (penetration tests)?",
    )
    security_clause_in_contract: bool | None = fact(
        "True if security terms are part of the contract.",
        question="Are your security commitments part of the contract?",
    )


class DataProtection(Section):
    """Legal handling of personal and sensitive data."""

    dpa_available: bool | None = fact(
        "True if a data processing agreement is offered.",
        question="Will you sign our data processing agreement?",
    )
    gdpr_compliant: bool | None = fact(
        "True if the vendor commits to GDPR obligations in writing.",
        question="Will you commit in writing to meet your obligations under the GDPR?",
    )
    written_legal_assurance: bool | None = fact(
        "True if the vendor assures in writing that data handling follows the law.",
        question="Will you confirm in writing that your handling of our data complies with the law?",
    )
    customer_defines_sensitive_data: bool | None = fact(
        "True if the contract lets the customer name which data is confidential.",
        question="Can we define in the contract which data is confidential or sensitive?",
    )
    sensitive_data_classes: Seq[Name] | None = fact(
        "Classes of sensitive data supported (PII, PHI, PCI...).",
        question="Which kinds of sensitive data (personal, health, payment card) may we keep on the "
        "platform?",
    )
    subprocessors_listed: bool | None = fact(
        "True if subprocessors are published.",
        question="Do you publish the subprocessors that handle our data, and tell us when the list changes?",
    )


class Recovery(Section):
    """Backups and disaster recovery."""

    backup_frequency: Duration | None = fact(
        "Interval between backups.", question="How often do you back up our data?"
    )
    backup_retention: Duration | None = fact(
        "How long backups are kept.", question="How long do you keep each backup?"
    )
    rpo: Duration | None = fact(
        "Recovery point objective.",
        question="After a disaster, how much recent data could we lose (your recovery point objective), "
        "and is that in the contract?",
    )
    rto: Duration | None = fact(
        "Recovery time objective.",
        question="After a disaster, how long until the service is back (your recovery time objective), "
        "and is that in the contract?",
    )
    restore_on_request: Duration | None = fact(
        "Time to restore data when the customer asks.",
        question="How fast will you restore our data on request, and is that guaranteed?",
    )
    recovery_plan: bool | None = fact(
        "True if a documented disaster-recovery plan is shared.",
        question="Can we see your disaster-recovery plan and its last test results?",
    )


class Retention(Record):
    """How long one type of data is kept."""

    data: Name = Field(description="Type of data, e.g. 'call recordings'.")
    period: Duration | None = fact("How long it is kept.")
    condition: Text | None = fact("Clock or condition, e.g. 'after end of contract'.")


class Exit(Section):
    """Leaving the vendor: export, deletion, hand-over."""

    export_formats: Seq[Name] | None = fact(
        "Formats data can be exported in.",
        question="In which formats can we export all our data, and at what cost?",
    )
    deletion_after_termination: bool | None = fact(
        "True if the vendor commits to delete customer data after the contract ends.",
        question="Will you permanently delete our data after termination, and confirm it in writing?",
    )
    deletion_within: Duration | None = fact(
        "Time after termination within which data is deleted.",
        question="How soon after the contract ends will our data be deleted?",
    )
    data_types_deleted: Seq[Name] | None = fact(
        "Data types the deletion commitment names.",
        question="Which types of our data (recordings, transcripts, contact records, backups) does the "
        "deletion commitment name?",
    )
    retention: Seq[Retention] | None = fact(
        "Retention periods per data type.",
        question="How long do you keep each type of our data (recordings, transcripts, logs), and from when?",
    )
    transition_assistance: bool | None = fact(
        "True if the vendor helps hand the service to another provider.",
        question="Will you help us move to another provider at the end, and on what terms?",
    )
    termination_notice: Duration | None = fact(
        "Notice needed to terminate or not renew.",
        question="What notice do we need to give to terminate or not renew?",
    )


class Liability(Section):
    """Limits of the vendor's liability."""

    cap: Text | None = fact(
        "Liability cap as worded.", question="What is your liability cap, as the contract words it?"
    )
    cap_months_of_fees: NonNegative | None = fact(
        "Cap expressed in months of fees.",
        unit="months",
        question="How many months of our fees does the liability cap come to?",
    )
    negligence_carve_out: bool | None = fact(
        "True if gross negligence or wilful misconduct is outside the cap.",
        question="Can we claim compensation for your negligence beyond the cap?",
    )
    force_majeure_exempt: bool | None = fact(
        "True if the vendor is not liable for force majeure.",
        question="Does the contract excuse you from liability for force majeure, and how does it define "
        "force majeure?",
    )
    data_breach_carve_out: bool | None = fact(
        "True if data breaches are outside the cap.",
        question="Is your liability for a breach of our data outside the cap?",
    )


class Control(Section):
    """Who may change what, and at what cost."""

    customer_controls_seats: bool | None = fact(
        "True if the customer can change seat counts itself.",
        question="Can we add or remove seats ourselves, without asking you?",
    )
    customer_controls_access: bool | None = fact(
        "True if the customer manages access rights itself.",
        question="Can we manage our users' access rights ourselves?",
    )
    change_costs: Text | None = fact(
        "What configuration changes cost, as worded.",
        question="What do you charge for configuration changes you make for us, and who may ask for them?",
    )


Module = Literal[
    "acd",
    "ivr",
    "outbound_dialer",
    "voice",
    "chat",
    "email",
    "sms",
    "social",
    "video",
    "recording",
    "quality_management",
    "workforce_management",
    "analytics",
    "ai_assistance",
    "virtual_agent",
    "crm_integration",
    "cobrowse",
]


class Functionality(Section):
    """What the product does and how support covers it."""

    modules: Seq[Module] | None = fact(
        "Modules available.", question="Which modules are included, and which cost extra?"
    )
    single_ui: bool | None = fact(
        "True if the suite has one user interface.",
        question="Is there a single user interface for the whole suite?",
    )
    support_scope_per_function: bool | None = fact(
        "True if the contract states the support scope for each function for the whole term.",
        question="Will the contract state the support scope of each function for the whole term?",
    )
    editions: Seq[Name] | None = fact(
        "Product editions.", question="Which product editions do you sell, and what does each include?"
    )


# --- The profile ------------------------------------------------------------------------------

VendorCategory = Literal["ccaas", "wfo", "ccaas_wfo", "ucaas_cc", "cpaas"]
ProductRole = Literal["compared", "neighbour", "predecessor"]


class Product(Record):
    """A product of the vendor that facts in the profile may be about."""

    id: Slug = Field(description="Short id that facts cite with `covers:`.")
    name: Name = Field(description="Product name, e.g. 'CXone Expert'.", min_length=1)
    role: ProductRole = Field(
        "compared",
        description="compared (the contact-center or WFO product this comparison is about), neighbour "
        "(another product of the vendor: a collaboration suite, a knowledge base, a cloud platform) or "
        "predecessor (a product the compared one replaced). Facts of a neighbour or predecessor are "
        "context: shown, never scored.",
    )
    note: Text | None = fact("How this product relates to the compared one.")


# A product is a name or a record, told apart by the YAML itself (a mapping is a record), so a bad
# name reports the name's problem only; the tags are dropped from error paths (`UNION_TAGS`).
ProductEntry = Annotated[
    Annotated[Product, Tag("<record>")] | Annotated[Name, Tag("<name>")],
    Discriminator(lambda v: "<record>" if isinstance(v, (dict, Product)) else "<name>"),
]
UNION_TAGS = frozenset({"<record>", "<name>"})


class Vendor(Record):
    """A vendor profile: identity and provenance are required; every other section is optional."""

    id: Slug = Field(description="Identifier; must equal the file name without `.yaml`.")
    name: Name = Field(description="Vendor's display name.", min_length=1)
    products: Seq[ProductEntry] = Field(
        description="Products of this profile: a name (a compared product), or a record with an id that "
        "facts cite with `covers:` and its role (compared, neighbour, predecessor).",
        min_length=1,
    )
    website: Url = Field(description="Vendor's website.")
    category: VendorCategory | None = fact("ccaas, wfo, ccaas_wfo, ucaas_cc or cpaas.")
    last_reviewed: IsoDate = Field(description="Date a person last checked this profile against its sources.")
    sources: Seq[Source] = Field(description="Every piece of evidence the profile cites.", min_length=1)
    contradictions: Seq[Contradiction] | None = fact("Places where sources disagree.")
    notes: Text | None = fact("Free-form Markdown about the vendor (sanitised on the site).")

    sla: Sla | None = fact("Availability commitments, credits and claims.")
    support: Support | None = fact("Support hours, channels and severity targets.")
    downtime: Downtime | None = fact("Planned maintenance and update model.")
    tenant_isolation: TenantIsolation | None = fact("Tenancy, isolation and data residency.")
    log4j: Log4j | None = fact("Response to the Log4Shell vulnerability.")
    pricing: Pricing | None = fact("Pricing model and contract commercials.")
    security: Security | None = fact("Security controls and certifications.")
    data_protection: DataProtection | None = fact("Legal handling of personal data.")
    recovery: Recovery | None = fact("Backups and disaster recovery.")
    exit: Exit | None = fact("Export, deletion and hand-over at the end.")
    liability: Liability | None = fact("Liability caps and carve-outs.")
    control: Control | None = fact("Who controls seats, access and configuration.")
    functionality: Functionality | None = fact("Modules and support scope.")

    def product_name(self, pid: str) -> str:
        """The name of the product with id `pid` (the id itself when no product has it)."""
        return next((p.name for p in self.products if isinstance(p, Product) and p.id == pid), pid)

    def compared(self, covers: tuple[str, ...] | None) -> bool:
        """Whether facts that cover `covers` are about a compared product (None: they are)."""
        if covers is None:
            return True
        roles = {p.id: p.role for p in self.products if isinstance(p, Product)}
        return any(roles.get(pid, "compared") == "compared" for pid in covers)

    def compared_view(self) -> Vendor:
        """The profile as it stands for the compared product: sections, SLA tiers and list prices
        about another product (a neighbour, a predecessor) are left out; they are context, shown on
        the vendor page and never scored or read as answers."""
        update: dict[str, Any] = {
            name: None
            for name in SECTIONS
            if (section := getattr(self, name)) is not None and not self.compared(section.covers)
        }
        if self.sla is not None and "sla" not in update:
            tiers = tuple(t for t in self.sla.tiers if self.compared(t.covers))
            if len(tiers) != len(self.sla.tiers):
                update["sla"] = self.sla.model_copy(update={"tiers": tiers}) if tiers else None
        if self.pricing is not None and "pricing" not in update and self.pricing.list_prices:
            prices = tuple(p for p in self.pricing.list_prices if self.compared(p.covers))
            if len(prices) != len(self.pricing.list_prices):
                update["pricing"] = self.pricing.model_copy(update={"list_prices": prices})
        return self.model_copy(update=update) if update else self

    def context_sections(self) -> dict[str, str]:
        """Section name -> words for what the section's context facts are about ('Teleopti WFM
        (predecessor)'), for sections wholly or partly about another product."""
        out: dict[str, str] = {}
        for name in SECTIONS:
            section = getattr(self, name)
            if section is not None and not self.compared(section.covers):
                out[name] = self.context_of(section.covers) or ""
        if self.sla is not None and "sla" not in out:
            other = [t for t in self.sla.tiers if not self.compared(t.covers)]
            if other:
                out["sla"] = "; ".join(f"{t.name}: {self.context_of(t.covers)}" for t in other)
        return out

    @property
    def product_names(self) -> tuple[str, ...]:
        """The names of the compared products, then the others with their role."""
        compared = [
            p if isinstance(p, str) else p.name
            for p in self.products
            if isinstance(p, str) or p.role == "compared"
        ]
        others = [
            f"{p.name} ({p.role})" for p in self.products if isinstance(p, Product) and p.role != "compared"
        ]
        return tuple(compared + others)

    def context_of(self, covers: tuple[str, ...] | None) -> str | None:
        """For facts about other products only: their names and roles in words; None when compared."""
        if self.compared(covers):
            return None
        roles = {p.id: p.role for p in self.products if isinstance(p, Product)}
        return ", ".join(f"{self.product_name(pid)} ({roles.get(pid, 'compared')})" for pid in covers or ())


def _section_fields() -> Seq[str]:
    """Names of the Vendor fields that hold a `Section`, in declaration order."""
    names = []
    for name, info in Vendor.model_fields.items():
        for arg in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(arg, type) and issubclass(arg, Section):
                names.append(name)
    return tuple(names)


SECTIONS: Seq[str] = _section_fields()

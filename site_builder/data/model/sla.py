"""The service levels: SLA tiers and components, credits and claims, support, planned downtime."""

from typing import Literal

from pydantic import Field

from site_builder.data.model.base import (
    COVERS_DESCRIPTION,
    Part,
    Record,
    Section,
    Seq,
    fact,
)
from site_builder.data.values import (
    AmountFigure,
    Availability,
    AvailabilityFigure,
    ClockSpan,
    ClockTime,
    Count,
    CountFigure,
    Duration,
    IsoDate,
    Name,
    PercentFigure,
    Slug,
    Text,
    Url,
)

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
    credit_pct: PercentFigure | None = fact(
        "Credit as % of the credit base (monthly fee); unknown if the table cell was not seen.",
        unit="%",
    )
    credit_days: AmountFigure | None = fact(
        "For credits paid as extra service time: the days of service added (the seeds' compensation in "
        "service days).",
        unit="days",
    )
    credit_amount: AmountFigure | None = fact(
        "For a fixed-amount credit: the amount, in the pricing currency."
    )
    label: Name | None = fact("The step as the source names it, e.g. 'Free Month'.")


class Component(Part):
    """A component or channel with its own availability target (e.g. voice, WFO)."""

    name: Name = Field(description="Component or channel name, e.g. 'VCC Voice'.")
    availability_pct: AvailabilityFigure | None = fact("Availability target for this component.", unit="%")
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
    availability_pct: AvailabilityFigure | None = fact(
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
    credit_cap_pct: PercentFigure | None = fact(
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
    """Support hours: 24x7, or days with a start and end time (or several windows a day)."""

    always: bool | None = fact("True for round-the-clock (24x7x365) cover.")
    days: Seq[Weekday] | None = fact("Days covered, e.g. [mon, tue, wed, thu, fri].")
    start: ClockTime | None = fact("Opening time, HH:MM.")
    end: ClockTime | None = fact("Closing time, HH:MM ('23:59' for the end of the day).")
    windows: Seq[ClockSpan] | None = fact(
        "Several windows a day instead of one start and end, each HH:MM-HH:MM, e.g. ['08:00-12:00', "
        "'13:00-18:00']; a window that ends at or before its start runs past midnight."
    )
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
    named_contacts: CountFigure | None = fact(
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

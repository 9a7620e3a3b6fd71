"""What else a buyer should know before signing: tenant isolation, Log4J, pricing, security, data protection, recovery, exit, liability, control, functionality."""

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from site_builder.data.model.base import (
    COVERS_DESCRIPTION,
    Record,
    Section,
    Seq,
    fact,
)
from site_builder.data.model.sla import (
    Cadence,
    PerPeriod,
)
from site_builder.data.values import (
    AmountFigure,
    CountFigure,
    Currency,
    Duration,
    IsoDate,
    Name,
    PercentFigure,
    Slug,
    Text,
    Url,
    readable,
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
    amount: AmountFigure = Field(
        description="Price in the pricing currency (or this price's own `currency`)."
    )
    currency: Currency | None = fact(
        "ISO 4217 code of this price when it differs from the section's `currency` (a UK price list in GBP)."
    )
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
    minimum_seats: CountFigure | None = fact(
        "Minimum number of seats.", question="What is the minimum seat commitment?"
    )
    minimum_commitment: Text | None = fact(
        "Minimum spend or commitment, as worded.",
        question="Do we commit to a minimum spend or usage, and how is that worded?",
    )
    term_months: CountFigure | None = fact(
        "Usual contract term in months.", unit="months", question="What contract terms do you offer?"
    )
    early_termination_fee_pct: PercentFigure | None = fact(
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
    price_increase_cap_pct: PercentFigure | None = fact(
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


class HeldCertification(Record):
    """A certification held for some products only (a neighbour's SOC 2 report), or with a stated scope."""

    name: Certification = Field(description="The certification, e.g. soc2.")
    covers: Seq[Slug] | None = Field(None, description=COVERS_DESCRIPTION)
    scope: Name | None = fact(
        "What it covers, as worded, when narrower than the product: a region, a data centre, a report type."
    )

    @property
    def words(self) -> str:
        """'SOC 2 (Type II), for programmable-voice': the certification with its scope and products."""
        scope = f" ({self.scope})" if self.scope else ""
        covers = f", for {', '.join(self.covers)}" if self.covers else ""
        return f"{readable(self.name)}{scope}{covers}"


# A certification is a name (held for the compared product) or a record naming the products it covers,
# told apart by the YAML itself like a product (the tags are dropped from error paths: `UNION_TAGS`).
def _certification_tag(value: object) -> str:
    return "<record>" if isinstance(value, (dict, HeldCertification)) else "<name>"


CertificationEntry = Annotated[
    Annotated[HeldCertification, Tag("<record>")] | Annotated[Certification, Tag("<name>")],
    Discriminator(_certification_tag),
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
    certifications: Seq[CertificationEntry] | None = fact(
        "Certifications and attestations held: a name (held for the compared product), or a record with the "
        "products it `covers` and its `scope` as worded. One held only for another product is context: "
        "shown, never scored.",
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
    cap_months_of_fees: AmountFigure | None = fact(
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
